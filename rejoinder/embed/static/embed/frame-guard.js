// Loaded before the frame's content and not deferred. Until htmx has taken over the frame's
// forms and links, a press would go out natively: without the frame's header, so a write is
// refused (403), and to pages that may not be framed. Until then, presses wait.
(function () {
  "use strict";
  var ready = false;
  document.addEventListener("htmx:load", function () { ready = true; });
  function hold(event) {
    if (ready) return;
    if (event.type === "submit" || event.target.closest("[hx-get], [hx-post]")) {
      event.preventDefault();
    }
  }
  document.addEventListener("submit", hold, true);
  document.addEventListener("click", hold, true);
})();
