// The import's progress page: ask the server how far it has got, once a second, and
// update the bar, the status and (when done) the summary, without reloading the page.
(function () {
  "use strict";
  var page = document.getElementById("import-run");
  if (!page) return;
  var url = page.getAttribute("data-state-url");
  var bar = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  var records = document.getElementById("import-records");
  var error = document.getElementById("import-error");
  var summary = document.getElementById("import-summary");

  function show(state) {
    status.textContent = state.status_label;
    bar.max = state.total || 1;
    bar.value = state.done;
    bar.textContent = state.done + " / " + state.total;
    if (state.records) records.textContent = state.records.toLocaleString() + " records read";
    if (state.error) {
      error.textContent = state.error;
      error.hidden = false;
    }
    if (state.summary.length) summary.textContent = state.summary.join("\n");
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (!state.finished) window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
