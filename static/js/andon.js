// Andon dashboard: after htmx swaps a flag's row, move focus to what changed, so keyboard and
// screen-reader users follow the action they just took. Every action works without this file.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSwap", (event) => {
    const row = event.detail.target && document.getElementById(event.detail.target.id);
    if (!row || !row.classList.contains("flag-rows")) {
      return;
    }
    const target = row.querySelector(".field-error textarea, .field-error select, .field-error input")
      || row.querySelector("[role=status]")
      || row.querySelector(".flag-panel textarea, .flag-panel select");
    if (target) {
      if (!target.hasAttribute("tabindex") && target.getAttribute("role") === "status") {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  });
})();
