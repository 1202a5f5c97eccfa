// Small progressive enhancements shared by every page; every page works without this file.
(function () {
  "use strict";

  // A form may ask before it submits (data-confirm="…").
  document.addEventListener("submit", (event) => {
    const form = event.target;
    const question = form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // The header menu on narrow screens. The menu starts open in the markup, so without this file
  // every link is still there; once we hold the button we close it and let the button toggle it.
  function setUpMenu() {
    const button = document.querySelector(".menu-toggle");
    const menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!button || !menu) {
      return;
    }
    const setOpen = (open) => {
      menu.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    document.documentElement.classList.add("js-menu"); // early.js has usually done this already
    button.hidden = false;
    setOpen(false);
    button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // Toasts: short confirmations read out by the polite live region in base.html.
  function toast(text, tone) {
    const region = document.getElementById("toasts");
    if (!region) {
      return;
    }
    const item = document.createElement("div");
    item.className = "toast toast-" + (tone || "info");
    item.textContent = text;
    region.appendChild(item);
    window.setTimeout(() => {
      item.classList.add("is-leaving");
      window.setTimeout(() => item.remove(), 400);
    }, 5000);
  }

  window.Playbook = Object.assign(window.Playbook || {}, { toast: toast });

  // A server response may ask for a toast with an HX-Trigger header: {"playbook:toast": {"text": …, "tone": …}}.
  document.addEventListener("playbook:toast", (event) => {
    const detail = event.detail || {};
    if (detail.text) {
      toast(detail.text, detail.tone);
    }
  });

  // Style-guide demo buttons (data-toast="text", data-toast-tone="ok").
  document.addEventListener("click", (event) => {
    const trigger = event.target.closest("[data-toast]");
    if (trigger) {
      toast(trigger.dataset.toast, trigger.dataset.toastTone);
    }
  });

  // A button that copies a read-only field (data-copy="<the field's id>"): hidden in the markup, since
  // without this file it could do nothing; the field itself can still be selected and copied by hand.
  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach((button) => {
      const field = document.getElementById(button.dataset.copy);
      if (!field || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", () => {
        navigator.clipboard.writeText(field.value).then(
          () => toast("Copied.", "ok"),
          () => field.select(),
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpMenu);
    document.addEventListener("DOMContentLoaded", setUpCopyButtons);
  } else {
    setUpMenu();
    setUpCopyButtons();
  }
})();
