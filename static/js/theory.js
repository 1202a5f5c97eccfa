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

  function enhance(root) {
    if (!root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("svg [data-node]").forEach((node) => {
      if (node.dataset.enhanced || !editorFor(node)) {
        return;
      }
      const label = node.querySelector("text[data-label]");
      node.dataset.enhanced = "true";
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      node.setAttribute("aria-label", "Edit: " + (label ? label.dataset.label : node.dataset.node));
      node.classList.add("diagram-node");
    });
  }

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

  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:load", (event) => enhance(event.target));
})();
