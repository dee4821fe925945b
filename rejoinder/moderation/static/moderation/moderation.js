// The queue by keyboard: j / k move between comments, a approves, s marks spam, r removes,
// x ticks for a bulk action. Each key presses the same button a mouse would; without this
// file the buttons work as plain form submits.
(function () {
  "use strict";
  const KEYS = { a: "a", s: "s", r: "r" };

  function items() { return Array.from(document.querySelectorAll(".mod-item")); }

  function focusAt(index) {
    const list = items();
    if (!list.length) return;
    const item = list[Math.max(0, Math.min(index, list.length - 1))];
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target.closest("textarea, select, input:not([type=checkbox])");
    if (typing) return;
    const list = items();
    const item = target.closest(".mod-item");
    const index = item ? list.indexOf(item) : -1;
    if (event.key === "j") {
      focusAt(index + 1);
    } else if (event.key === "k") {
      focusAt(index <= 0 ? 0 : index - 1);
    } else if (item && KEYS[event.key]) {
      const button = item.querySelector('[data-key="' + KEYS[event.key] + '"]');
      if (!button) return;
      button.click();
    } else if (item && event.key === "x") {
      const box = item.querySelector("input[type=checkbox]");
      box.checked = !box.checked;
    } else {
      return;
    }
    event.preventDefault();
  });

  // After an action the page comes back with the next comment first: start there.
  if (items().length && !document.activeElement.closest(".mod-item")) focusAt(0);
})();
