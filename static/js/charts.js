// Draws the Plotly figures a page carries as JSON (Django's json_script), so pages need no inline
// script and work under a strict Content-Security-Policy. htmx swaps in fresh charts while a
// rebuild is polled; those are drawn as they arrive.
//
// Charts in the first screen are drawn at once; the others when they come near the screen, or when
// the browser is idle, whichever is first, so a page of many charts shows its first one quickly.
(function () {
  "use strict";

  const CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  const NARROW = 560; // px: below this a chart drops its side margins and shrinks its legend

  // Only figures built by measures.charts (they carry layout.meta.marks_top) are refitted: their labels
  // were placed for these narrow margins. Other figures are drawn as their page built them.
  function fitted(element, layout) {
    if (!layout.meta || layout.meta.marks_top === undefined) {
      return layout;
    }
    const fit = Object.assign({}, layout);
    fit.margin = Object.assign({}, layout.margin);
    // Room for the window labels above the plot, even where a page set its own margins.
    if (layout.meta.marks_top > 0) {
      fit.margin.t = Math.max(fit.margin.t || 0, layout.meta.marks_top + 10);
    }
    if (element.clientWidth && element.clientWidth < NARROW) {
      fit.margin.l = Math.min(fit.margin.l === undefined ? 50 : fit.margin.l, 40);
      fit.margin.r = Math.min(fit.margin.r === undefined ? 20 : fit.margin.r, 10);
      fit.legend = Object.assign({}, layout.legend, { font: { size: 11 } });
    }
    return fit;
  }

  // On a phone, a measure's long name as the first legend entry leaves one entry a line. The one line
  // with markers needs no key (the card's heading names it), so the rest fit two or three a line.
  function fittedData(element, data, layout) {
    if (!layout.meta || layout.meta.marks_top === undefined) {
      return data;
    }
    const plotted = data.filter((trace) => trace.mode === "lines+markers");
    if (!element.clientWidth || element.clientWidth >= NARROW || plotted.length !== 1) {
      return data;
    }
    return data.map((trace) => (trace === plotted[0] ? Object.assign({}, trace, { showlegend: false }) : trace));
  }

  function drawOne(element) {
    if (element.dataset.drawn || !window.Plotly) {
      return;
    }
    const source = document.getElementById(element.dataset.figure);
    if (!source) {
      return;
    }
    const figure = JSON.parse(source.textContent);
    element.dataset.drawn = "true";
    const layout = figure.layout || {};
    window.Plotly.newPlot(element, fittedData(element, figure.data || [], layout), fitted(element, layout), CONFIG);
  }

  const whenIdle = window.requestIdleCallback || ((work) => window.setTimeout(work, 200));
  const waiting = new Set();
  let idleQueued = false;

  function drawNextWhenIdle() {
    if (idleQueued || waiting.size === 0) {
      return;
    }
    idleQueued = true;
    whenIdle(() => {
      idleQueued = false;
      const next = waiting.values().next().value;
      if (next) {
        waiting.delete(next);
        observer && observer.unobserve(next);
        drawOne(next);
      }
      drawNextWhenIdle();
    });
  }

  const observer =
    "IntersectionObserver" in window
      ? new IntersectionObserver(
          (entries) => {
            entries.forEach((entry) => {
              if (entry.isIntersecting) {
                observer.unobserve(entry.target);
                waiting.delete(entry.target);
                drawOne(entry.target);
              }
            });
          },
          { rootMargin: "200px 0px" }
        )
      : null;

  function inFirstScreen(element) {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight + 200;
  }

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
      if (!observer || inFirstScreen(element)) {
        drawOne(element);
        return;
      }
      waiting.add(element);
      observer.observe(element);
    });
    drawNextWhenIdle();
  }

  document.addEventListener("DOMContentLoaded", () => draw(document));
  document.addEventListener("htmx:load", (event) => draw(event.target));
})();
