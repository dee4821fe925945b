// Loaded before the frame's content and not deferred. Until htmx has taken over the frame's
// forms and links, a form would go out natively, without the frame's header, and be refused
// (403); an htmx link would leave the frame for a page that may not be framed. Until then the
// last such press is held, and made once htmx is there. Should htmx never come (blocked, or
// failed to load), presses go out natively again once the frame has loaded: the links work.
(function () {
  "use strict";
  var root = document.documentElement;
  var held = null;
  function ready() { return root.hasAttribute("data-htmx-ready"); }

  document.addEventListener("submit", function (event) {
    if (ready()) return;
    event.preventDefault();
    var form = event.target, submitter = event.submitter;
    // Pressed again rather than submitted: htmx sends the pressed button's value (an up or a
    // down vote) only for a button it saw pressed.
    held = function () { if (submitter) submitter.click(); else form.requestSubmit(); };
  }, true);
  document.addEventListener("click", function (event) {
    if (ready()) return;
    var control = event.target.closest("a[href], button, input");
    if (!control || !(control.hasAttribute("hx-get") || control.hasAttribute("hx-post"))) return;
    event.preventDefault();
    held = function () { control.click(); };
  }, true);

  function release(replay) {
    if (ready()) return;
    root.setAttribute("data-htmx-ready", "");
    var press = held;
    held = null;
    if (replay && press) press();
  }
  document.addEventListener("htmx:load", function () { release(true); });
  window.addEventListener("load", function () { if (!window.htmx) release(false); });
})();
