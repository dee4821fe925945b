// Inside the discussion frame: talk to the host page (size, scroll, theme, errors), make
// shared links the host page's, and delete in place. Messages go to, and are taken from,
// the one host origin the server checked against the site, and the parent window only.
(function () {
  "use strict";
  var body = document.body;
  var host = body.dataset.parentOrigin;
  var pageUrl = body.dataset.pageUrl;
  var headers = JSON.parse(body.getAttribute("hx-headers"));
  if (window.parent === window) return;  // opened on its own: nothing to talk to
  function tell(message) { window.parent.postMessage(message, host); }

  function height() { tell({ type: "rejoinder:height", height: document.documentElement.scrollHeight }); }
  new ResizeObserver(height).observe(body);
  tell({ type: "rejoinder:ready" });
  height();
  if (body.dataset.signInError) tell({ type: "rejoinder:error", message: body.dataset.signInError });

  var opened = body.dataset.openComment && document.getElementById("comment-" + body.dataset.openComment);
  if (opened) {
    opened.focus({ preventScroll: true });
    tell({ type: "rejoinder:scroll", top: opened.getBoundingClientRect().top + window.scrollY });
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== host || event.source !== window.parent) return;
    var data = event.data || {};
    if (data.type === "rejoinder:theme" && (data.theme === "light" || data.theme === "dark")) {
      document.documentElement.dataset.theme = data.theme;
    }
  });

  // Capture, before discussion.js copies it: a shared comment is the host page's address.
  document.addEventListener("click", function (event) {
    var share = event.target.closest("[data-share]");
    var comment = share && share.closest("li.comment");
    if (comment) share.href = pageUrl + "#" + comment.id;
  }, true);

  function refresh() {
    return htmx.ajax("GET", "/embed/frame/comments/",
      { target: "#thread-view", swap: "outerHTML", headers: headers });
  }

  // Links to a comment ("Reply to …", an edit's Cancel) stay in the frame: its links
  // otherwise open in the host's window (<base target="_top">).
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || link.matches("[hx-get], [data-cancel-reply], [data-share]")) return;
    var to = new URL(link.href, location.href);
    var here = to.origin === location.origin && to.pathname === location.pathname;
    if (!/^#comment-\d+$/.test(to.hash) || !(here || to.href.split("#")[0] === pageUrl)) return;
    event.preventDefault();
    if (link.closest(".edit-form")) { refresh(); return; }
    var target = document.getElementById(to.hash.slice(1));
    if (target) {
      target.focus({ preventScroll: true });
      tell({ type: "rejoinder:scroll", top: target.getBoundingClientRect().top + window.scrollY });
    }
  });

  // Deleting asks on a page of its own without JavaScript; a frame cannot show it (it
  // would be framed by the host, which only the frame page is allowed to be), so here.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".delete-link");
    if (!link) return;
    event.preventDefault();
    if (!window.confirm(link.dataset.confirm || "Delete your comment? This cannot be undone.")) return;
    fetch(link.href, { method: "POST", headers: headers, redirect: "manual" }).then(function (response) {
      if (response.type !== "opaqueredirect" && !response.ok) throw new Error(response.status);
      return refresh();
    }).catch(function () {
      link.replaceWith(Object.assign(document.createElement("span"),
        { className: "form-errors", role: "alert", textContent: "This comment can no longer be deleted." }));
    });
  });
})();
