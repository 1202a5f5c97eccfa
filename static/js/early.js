// Runs before the first paint (not deferred) so a phone never sees the header menu flash open:
// playbook.js then wires the menu button. Without JavaScript neither runs and the menu stays open.
document.documentElement.classList.add("js-menu");
