// Draws the Plotly figures a page carries as JSON (Django's json_script), so pages need no inline
// script and work under a strict Content-Security-Policy. htmx swaps in fresh charts while a
// rebuild is polled; those are drawn as they arrive.
(function () {
  "use strict";

  const CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };

  function draw(root) {
    if (!window.Plotly || !root.querySelectorAll) {
      return;
    }
    const targets = Array.from(root.querySelectorAll("[data-figure]"));
    if (root.matches && root.matches("[data-figure]")) {
      targets.push(root);
    }
    targets.forEach((element) => {
      if (element.dataset.drawn) {
        return;
      }
      const source = document.getElementById(element.dataset.figure);
      if (!source) {
        return;
      }
      const figure = JSON.parse(source.textContent);
      element.dataset.drawn = "true";
      window.Plotly.newPlot(element, figure.data, figure.layout, CONFIG);
    });
  }

  document.addEventListener("DOMContentLoaded", () => draw(document));
  document.addEventListener("htmx:load", (event) => draw(event.target));
})();
