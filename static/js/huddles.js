// Running notes: each contribution is posted on its own. What the server has not accepted yet stays
// in localStorage (so a flaky connection or a closed tab loses nothing) and is retried until it is;
// meanwhile the form says "Not sent yet — will retry". Other people's entries arrive by htmx polling.
// Each contribution keeps one idempotency key through all its retries, so one whose answer was lost on
// the way back is not saved twice; the form takes a new key for the next one.
// Typing fast in a live meeting: Enter posts and Shift+Enter breaks the line; the box keeps the focus and
// is emptied; what is being typed is kept as a draft (a row action reloads the page) and is never
// touched by entries arriving, which land in the list, away from the box.
(function () {
  "use strict";

  const RETRY_MS = 3000;

  function storageKey(form) {
    return "huddles:unsent:" + form.dataset.meeting;
  }

  function load(form) {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey(form)) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save(form, queue) {
    try {
      if (queue.length) {
        window.localStorage.setItem(storageKey(form), JSON.stringify(queue));
      } else {
        window.localStorage.removeItem(storageKey(form));
      }
    } catch (error) {
      // Storage may be full or blocked: the queue still lives in memory for this page.
    }
  }

  function newKey() {
    // crypto.getRandomValues works on plain HTTP too, where crypto.randomUUID does not exist.
    const bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function show(form, text) {
    const status = form.querySelector("[data-unsent]");
    if (!status) {
      return;
    }
    status.textContent = text || "";
    status.hidden = !text;
  }

  function draftKey(form) {
    return "huddles:draft:" + form.dataset.meeting;
  }

  function keepDraft(form, text) {
    try {
      if (text) {
        window.localStorage.setItem(draftKey(form), text);
      } else {
        window.localStorage.removeItem(draftKey(form));
      }
    } catch (error) {
      // No storage: the draft lives only in the box.
    }
  }

  function savedDraft(form) {
    try {
      return window.localStorage.getItem(draftKey(form)) || "";
    } catch (error) {
      return "";
    }
  }

  function setup(form) {
    let queue = load(form);
    const textarea = form.querySelector("textarea[name=text]");
    let sending = false;
    let timer = null;

    function schedule() {
      if (!timer) {
        timer = window.setTimeout(() => {
          timer = null;
          flush();
        }, RETRY_MS);
      }
    }

    function refreshEntries() {
      document.body.dispatchEvent(new CustomEvent("huddles:refresh"));
    }

    async function flush() {
      if (sending || !queue.length) {
        return;
      }
      sending = true;
      const item = queue[0];
      const body = new FormData();
      body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      Object.keys(item).forEach((name) => body.append(name, item[name]));
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" },
        });
        if (response.status === 409 && response.headers.get("Retry-After")) {
          // The same contribution is still being saved by an earlier try: ask again shortly.
          throw new Error("still being processed");
        }
        if (response.status === 201) {
          queue.shift();
          save(form, queue);
          show(form, queue.length ? "Not sent yet — will retry" : "");
          refreshEntries();
        } else if ([400, 403, 409, 422].includes(response.status)) {
          // Refused for good (closed meeting, empty text): give the text back rather than drop it.
          queue.shift();
          save(form, queue);
          if (!textarea.value) {
            textarea.value = item.text;
          }
          show(form, await response.text());
        } else {
          throw new Error("status " + response.status);
        }
      } catch (error) {
        show(form, "Not sent yet — will retry");
        schedule();
      } finally {
        sending = false;
      }
      if (queue.length) {
        flush();
      }
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const text = (data.get("text") || "").trim();
      if (!text) {
        return;
      }
      const item = { text: text, kind: data.get("kind") || "note", question: data.get("question") || "" };
      const kindNote = form.querySelector("input[name=kind][value=note]");
      if (data.get("amendment")) {
        item.amendment = "1";
      }
      const key = form.querySelector("[data-idempotency-key]");
      if (key) {
        item.idempotency_key = key.value;
        key.value = newKey();
      }
      queue.push(item);
      save(form, queue);
      textarea.value = "";
      textarea.style.height = "";
      keepDraft(form, "");
      if (kindNote) {
        kindNote.checked = true; // a decision is the exception: the next entry is a note again
      }
      textarea.focus();
      flush();
    });

    textarea.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) {
        return; // Shift+Enter (and an input method composing a word) keep their line break
      }
      event.preventDefault();
      form.requestSubmit();
    });
    function grow() {
      // The box grows with what is typed (up to the CSS max-height) instead of scrolling inside itself.
      textarea.style.height = "auto";
      textarea.style.height = textarea.scrollHeight + 2 + "px";
    }
    function underTheTopBar() {
      const bar = document.querySelector(".topbar");
      if (bar) {
        form.style.setProperty("--topbar-h", bar.offsetHeight + "px");
      }
    }
    underTheTopBar();
    window.addEventListener("resize", underTheTopBar);
    textarea.addEventListener("input", () => {
      keepDraft(form, textarea.value);
      grow();
    });
    if (!textarea.value) {
      textarea.value = savedDraft(form);
    }
    // On a wide screen the box is ready to type in; a phone would pop its keyboard over the page, and a
    // link to one entry or item (#entry-…) wants that place shown, not the box.
    if (window.matchMedia("(min-width: 56.25rem)").matches && !window.location.hash) {
      textarea.focus({ preventScroll: true });
    }

    window.addEventListener("online", flush);
    if (queue.length) {
      show(form, "Not sent yet — will retry");
      flush();
    }
  }

  // Two polls answering at once must not show an entry twice. The first entry replaces the empty state.
  function dropDuplicates() {
    const empty = document.querySelector("[data-entries-empty]");
    if (empty && document.querySelector("#entries [data-entry-id]")) {
      empty.remove();
    }
    const seen = new Set();
    document.querySelectorAll("#entries [data-entry-id]").forEach((entry) => {
      if (seen.has(entry.dataset.entryId)) {
        entry.remove();
      } else {
        seen.add(entry.dataset.entryId);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-huddle-entry-form]").forEach(setup);
  });
  document.addEventListener("htmx:afterSettle", dropDuplicates);
})();
