/* Rejoinder's embed: puts a page's discussion in an iframe served by Rejoinder.
   <div id="rejoinder-discussion" data-site="KEY"></div><script src="https://REJOINDER/embed.js" async></script>
   Optional: data-page-id, data-title, data-theme="auto|light|dark", data-sso; Rejoinder.login(token). */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src$="/embed.js"]');
  var base = new URL(script.src).origin;
  var box = document.getElementById("rejoinder-discussion");
  function say(text) { console.error("Rejoinder: " + text); }
  if (!box) { say('no element with id="rejoinder-discussion" on this page.'); return; }
  if (!box.dataset.site) { say('the element #rejoinder-discussion needs data-site="your site key".'); return; }

  function address(href) { var u = new URL(href, location.href); u.search = ""; u.hash = ""; return u.href; }
  // The canonical address keys the discussion, unless it is on another origin (not ours to vouch for).
  var canonical = document.querySelector('link[rel="canonical"]');
  var url = address(canonical && new URL(canonical.href, location.href).origin === location.origin ? canonical.href : location.href);

  function theme() {
    var wanted = box.dataset.theme || "auto";
    if (wanted === "light" || wanted === "dark") return wanted;
    var declared = getComputedStyle(document.documentElement).colorScheme;
    if (declared === "dark" || declared === "light") return declared;
    return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  var params = new URLSearchParams({ site: box.dataset.site, page: box.dataset.pageId || url, url: url,
    title: box.dataset.title || document.title, origin: location.origin, theme: theme() });
  var opened = /^#comment-(\d+)$/.exec(location.hash);
  if (opened) params.set("comment", opened[1]);
  var src = base + "/embed/frame/?" + params;

  var frame = document.createElement("iframe");
  frame.name = "rejoinder-" + Math.random().toString(36).slice(2);
  frame.title = box.dataset.frameTitle || "Discussion";
  frame.setAttribute("allow", "clipboard-write");
  frame.style.cssText = "display:block;width:100%;height:420px;border:0;overflow:hidden";
  box.appendChild(frame);

  var ready = false, check;
  // A sign-in token goes in a POST into the frame, never in its address (logs, Referer).
  function load(token) {
    ready = false;
    clearTimeout(check);  // a check of the page this one replaces would find it not ready
    if (!token) { frame.src = src; return; }
    var form = document.createElement("form");
    form.method = "post"; form.action = src; form.target = frame.name; form.hidden = true;
    var field = document.createElement("input");
    field.type = "hidden"; field.name = "sso"; field.value = token;
    form.appendChild(field); document.body.appendChild(form); form.submit(); form.remove();
  }

  frame.addEventListener("load", function () {
    // A refused frame (an origin the site does not allow) still fires load, but never says ready.
    clearTimeout(check);
    check = setTimeout(function () {
      if (ready || !frame.isConnected) return;
      frame.remove();
      say("the discussion frame was refused. Is " + location.origin + " among the allowed origins of site \"" +
        box.dataset.site + "\" in Rejoinder's admin (Embedding sites)?");
    }, 1500);
  });

  window.addEventListener("message", function (event) {
    if (event.origin !== base || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.type === "rejoinder:ready") ready = true;
    if (data.type === "rejoinder:height" && data.height > 0) frame.style.height = Math.ceil(data.height) + "px";
    if (data.type === "rejoinder:scroll") {
      window.scrollTo({ top: frame.getBoundingClientRect().top + window.scrollY + data.top - 16 });
    }
    if (data.type === "rejoinder:error") say(String(data.message));
  });

  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: "rejoinder:theme", theme: theme() }, base);
  });

  var token = box.dataset.sso;
  // A link to a comment followed on the host page opens it in the discussion.
  window.addEventListener("hashchange", function () {
    var asked = /^#comment-(\d+)$/.exec(location.hash);
    if (!asked) return;
    params.set("comment", asked[1]);
    src = base + "/embed/frame/?" + params;
    load(token);
  });
  window.Rejoinder = { login: function (signed) { token = String(signed); load(token); } };
  load(token);
})();
