// Every <select multiple> becomes a searchable checklist: a filter box and one checkbox per option.
// The original select stays in the form (hidden) and each checkbox mirrors its option, so what is
// posted and how the server validates it do not change; without this file the select still works.
(function () {
  "use strict";

  let counter = 0;

  function labelTextFor(select) {
    const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    return label ? label.textContent.trim().replace(/:$/, "") : "options";
  }

  function enhance(select) {
    if (select.dataset.checklist === "done" || select.dataset.checklist === "off") {
      return;
    }
    select.dataset.checklist = "done";
    counter += 1;
    const id = `checklist-${counter}`;
    const name = labelTextFor(select);

    const box = document.createElement("div");
    box.className = "checklist";

    const search = document.createElement("input");
    search.type = "search";
    search.className = "checklist-search";
    search.placeholder = "Type to filter";
    search.id = `${id}-search`;
    search.setAttribute("aria-controls", `${id}-options`);
    search.autocomplete = "off";

    const list = document.createElement("ul");
    list.className = "checklist-options";
    list.id = `${id}-options`;

    const none = document.createElement("p");
    none.className = "checklist-none";
    none.textContent = "Nothing matches.";
    none.hidden = true;

    const summary = document.createElement("p");
    summary.className = "checklist-summary";
    summary.setAttribute("aria-live", "polite");

    const boxes = [];
    Array.from(select.options).forEach((option, index) => {
      const item = document.createElement("li");
      const label = document.createElement("label");
      const check = document.createElement("input");
      check.type = "checkbox";
      check.id = `${id}-${index}`;
      check.checked = option.selected;
      check.disabled = option.disabled;
      check.addEventListener("change", () => {
        option.selected = check.checked;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        updateSummary();
      });
      label.append(check, document.createTextNode(option.textContent));
      item.appendChild(label);
      item.dataset.text = option.textContent.toLowerCase();
      list.appendChild(item);
      boxes.push({ item, check, option });
    });

    function updateSummary() {
      const chosen = boxes.filter((b) => b.check.checked).length;
      summary.textContent = chosen === 0 ? "None chosen" : `${chosen} chosen`;
    }

    search.addEventListener("input", () => {
      const needle = search.value.trim().toLowerCase();
      let shown = 0;
      boxes.forEach((b) => {
        const match = !needle || b.item.dataset.text.includes(needle);
        b.item.hidden = !match;
        shown += match ? 1 : 0;
      });
      none.hidden = shown !== 0;
    });
    // Enter in the filter box ticks the only match rather than submitting the form.
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        const visible = boxes.filter((b) => !b.item.hidden && !b.check.disabled);
        if (visible.length === 1) {
          visible[0].check.click();
        }
      } else if (event.key === "ArrowDown") {
        const first = boxes.find((b) => !b.item.hidden && !b.check.disabled);
        if (first) {
          event.preventDefault();
          first.check.focus();
        }
      }
    });
    list.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
        return;
      }
      const visible = boxes.filter((b) => !b.item.hidden && !b.check.disabled);
      const at = visible.findIndex((b) => b.check === document.activeElement);
      const next = event.key === "ArrowDown" ? at + 1 : at - 1;
      event.preventDefault();
      if (next < 0) {
        search.focus();
      } else if (next < visible.length) {
        visible[next].check.focus();
      }
    });

    updateSummary();
    box.append(search, list, none, summary);
    // A hidden control the browser cannot focus must not block submission; the server still checks.
    select.required = false;
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.insertAdjacentElement("afterend", box);
    // The field's <label> now names the filter box (the select it pointed at is hidden); without
    // one, the box says what it filters.
    const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    if (label) {
      label.htmlFor = search.id;
    } else {
      search.setAttribute("aria-label", `Filter ${name}`);
    }
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[multiple]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => enhanceAll());
  } else {
    enhanceAll();
  }
  // Forms that htmx swaps in get the same treatment.
  document.addEventListener("htmx:afterSettle", (event) => enhanceAll(event.target));
})();
