// The theory pages' small enhancements: the diagram's boxes open their editor below it, by mouse or
// keyboard; htmx swaps the editor in place after each edit (refusals included) and focus returns to
// where the person was working. Every edit also works without this file, as a plain form post.
(function () {
  "use strict";

  function editorFor(node) {
    return document.getElementById("node-" + node.dataset.node);
  }

  function open(node) {
    const item = editorFor(node);
    if (!item) {
      return;
    }
    const details = item.querySelector("details");
    if (details) {
      details.open = true;
    }
    item.scrollIntoView({ block: "nearest" });
    const field =
      item.querySelector("input[type=text], textarea") || item.querySelector("select, button, summary");
    if (field) {
      field.focus();
    }
  }

  // What the box shows, line by line, in reading order: the name a button must start with
  // (axe's label-content-name-mismatch), whatever the SVG's tspans do to the spaces between lines.
  function shownText(node) {
    return Array.from(node.querySelectorAll("text"))
      .map((text) => {
        const spans = Array.from(text.querySelectorAll("tspan"));
        return spans.length ? spans.map((span) => span.textContent).join(" ") : text.textContent;
      })
      .join(" ");
  }

  function enhance(root) {
    if (!root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("svg [data-node]").forEach((node) => {
      if (node.dataset.enhanced || !editorFor(node)) {
        return;
      }
      node.dataset.enhanced = "true";
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      node.setAttribute("aria-label", shownText(node) + " (edit)");
      node.classList.add("diagram-node");
      // An image cannot hold buttons (nested-interactive): with editable boxes it is a group of them.
      const svg = node.closest("svg");
      if (svg && svg.getAttribute("role") === "img") {
        svg.setAttribute("role", "group");
      }
    });
  }

  // The story page's Print button (an inline onclick would break the Content-Security-Policy).
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });

  document.addEventListener("click", (event) => {
    const node = event.target.closest && event.target.closest("svg [data-node][data-enhanced]");
    if (node) {
      open(node);
    }
  });

  document.addEventListener("keydown", (event) => {
    const node = event.target.closest && event.target.closest("svg [data-node][data-enhanced]");
    if (node && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      open(node);
    }
  });

  // A refused edit answers 400 with the editor and the reason in it: show it like any other answer.
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The editor was replaced, and the focused field with it: go back to the form just used.
  document.addEventListener("htmx:afterSettle", () => {
    const editor = document.getElementById("theory-editor");
    if (!editor) {
      return;
    }
    const target = editor.querySelector("[data-autofocus]");
    const notice = editor.querySelector(".editor-notice");
    if (target) {
      target.focus();
    } else if (notice) {
      notice.setAttribute("tabindex", "-1");
      notice.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    enhance(document);
    // A fishbone reads from its head, the effect, at the right: a narrow screen starts there (once,
    // on arrival; after an edit the person stays where they were working).
    document.querySelectorAll("[data-scroll-end]").forEach((scroller) => {
      scroller.scrollLeft = scroller.scrollWidth;
    });
  });
  document.addEventListener("htmx:load", (event) => enhance(event.target));
})();
