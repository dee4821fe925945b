/* Rejoinder's comment counts for a host's listing pages, in one request:
   <a href="/posts/1/" data-rejoinder-count></a> (or data-rejoinder-count="page id")
   <script src="https://REJOINDER/counts.js" data-site="KEY" async></script> */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src$="/counts.js"]');
  var base = new URL(script.src).origin;
  var site = script.dataset.site;
  if (!site) { console.error('Rejoinder: counts.js needs data-site="your site key".'); return; }
  function address(href) { var u = new URL(href, location.href); u.search = ""; u.hash = ""; return u.href; }
  var wanted = {};
  document.querySelectorAll("[data-rejoinder-count]").forEach(function (el) {
    var id = el.getAttribute("data-rejoinder-count") || (el.href ? address(el.href) : "");
    if (id) (wanted[id] = wanted[id] || []).push(el);
  });
  var ids = Object.keys(wanted);
  if (!ids.length) return;
  var query = new URLSearchParams({ site: site });
  ids.forEach(function (id) { query.append("page", id); });
  fetch(base + "/embed/counts/?" + query, { credentials: "omit" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      if (data.error) throw new Error(data.error);
      ids.forEach(function (id) {
        var n = data.counts[id] || 0;
        wanted[id].forEach(function (el) { el.textContent = n + (n === 1 ? " comment" : " comments"); });
      });
    })
    .catch(function (error) {
      console.error("Rejoinder: no comment counts (" + error.message + "). Is " + location.origin +
        " among the allowed origins of site \"" + site + "\"?");
    });
})();
