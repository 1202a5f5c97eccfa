// Small enhancements for the cycle pages; every page works without this file.
(function () {
  "use strict";

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-print]");
    if (button) {
      window.print();
    }
  });

  // A chart drawn inside a folded stage had no width to fit; fit it when the fold opens.
  document.addEventListener(
    "toggle",
    (event) => {
      const fold = event.target;
      if (!(fold instanceof HTMLDetailsElement) || !fold.open || !window.Plotly) {
        return;
      }
      fold.querySelectorAll(".js-plotly-plot").forEach((chart) => window.Plotly.Plots.resize(chart));
    },
    true,
  );
})();
