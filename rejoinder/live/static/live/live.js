// A live discussion: new comments are announced ("3 new comments · Show") without moving
// what the reader reads, vote totals change in place, removed comments become their
// placeholder, a closed discussion loses its form. Events carry ids and numbers only; the
// comments themselves are fetched through the discussion's own views. Without JavaScript
// the page is as it was; a reload shows everything.
(function () {
  "use strict";
  const notice = document.getElementById("live-notice");
  if (!notice || !window.EventSource) return;
  const section = notice.closest(".discussion");
  // What it says, in the reader's language, from the site (then the browser's cache).
  let text = null;
  const textReady = fetch(notice.dataset.strings, { credentials: "same-origin" })
    .then(function (answer) { return answer.json(); })
    .then(function (strings) { text = strings; });
  // A stream that says nothing this long is held by a buffering proxy: poll instead.
  const READY_WITHIN_MS = 5000;
  const BURST_MS = 600; // events this close together make one announcement

  let source = null;
  let lastId = notice.dataset.after || "";
  let polling = false;
  let readyTimer = null;
  let burstTimer = null;
  const waiting = new Map(); // comment id -> holder id ("" for a top-level comment)

  function streamUrl() {
    return notice.dataset.stream + "&last=" + encodeURIComponent(lastId) + (polling ? "&poll=1" : "");
  }

  function connect() {
    source = new EventSource(streamUrl());
    readyTimer = setTimeout(fallBack, READY_WITHIN_MS);
    source.addEventListener("ready", function (event) {
      clearTimeout(readyTimer);
      if (event.lastEventId) lastId = event.lastEventId;
      try { section.dataset.live = JSON.parse(event.data).mode; } catch (error) { /* kept */ }
    });
    source.addEventListener("refetch", function () {
      textReady.then(showRefetch);
    });
    source.onmessage = function (event) {
      if (event.lastEventId) lastId = event.lastEventId;
      let data;
      try { data = JSON.parse(event.data); } catch (error) { return; }
      textReady.then(function () { handle(data); });
    };
    source.onerror = function () {
      // Refused (a full server, a proxy that does not route /live/): the browser will not
      // come back by itself; poll. A dropped stream reconnects on its own.
      if (source.readyState === EventSource.CLOSED) fallBack();
    };
  }

  function fallBack() {
    clearTimeout(readyTimer);
    if (source) source.close();
    if (polling) {
      // Polling failed too: try again later, quietly.
      setTimeout(connect, 30000);
      return;
    }
    polling = true;
    connect();
  }

  function handle(data) {
    if (data.kind === "comment") {
      if (shown(data.id)) return; // the reader's own (also while it awaited approval), or shown
      waiting.set(String(data.id), data.holder ? String(data.holder) : "");
      clearTimeout(burstTimer);
      burstTimer = setTimeout(render, BURST_MS);
    } else if (data.kind === "votes") {
      setText("[data-up='" + data.id + "']", data.up);
      setText("[data-down='" + data.id + "']", data.down);
      setText("[data-score='" + data.id + "']", data.score);
    } else if (data.kind === "gone") {
      waiting.delete(String(data.id));
      gone(data);
      render();
    } else if (data.kind === "closed" && data.closed) {
      closed();
    }
  }

  function setText(selector, value) {
    section.querySelectorAll(selector).forEach(function (el) { el.textContent = value; });
  }

  function gone(data) {
    const item = document.getElementById("comment-" + data.id);
    if (!item) return;
    if (!data.placeholder) {
      item.remove();
      return;
    }
    const card = item.querySelector(":scope > .comment-card");
    if (!card || item.classList.contains("is-tombstone")) return;
    const line = document.createElement("p");
    line.className = "tombstone";
    line.id = "comment-" + data.id + "-by";
    line.textContent = data.removed ? text.removed : text.deleted;
    card.replaceChildren(line);
    item.classList.add("is-tombstone");
  }

  function closed() {
    // The form (and what goes with it) between the heading and this notice becomes the notice.
    let node = section.querySelector("h2");
    node = node && node.nextElementSibling;
    while (node && node !== notice) {
      const next = node.nextElementSibling;
      node.remove();
      node = next;
    }
    if (!section.querySelector(".closed-notice")) {
      const note = document.createElement("p");
      note.className = "closed-notice";
      note.setAttribute("role", "note");
      note.textContent = text.closed;
      notice.before(note);
    }
    section.querySelectorAll(".reply-link, .reply-slot > *").forEach(function (el) { el.remove(); });
    section.querySelectorAll("button.vote").forEach(function (el) { el.disabled = true; });
  }

  function count(template, n) {
    return template.replace("%(count)s", n);
  }

  function shown(id) {
    return document.getElementById("comment-" + id) || section.querySelector("[data-comment='" + id + "']");
  }

  // Drop what the page has meanwhile (the reader's own comment, swapped in by htmx).
  function prune() {
    for (const id of Array.from(waiting.keys())) {
      if (shown(id)) waiting.delete(id);
    }
  }

  function render() {
    prune();
    const tops = [];
    const replies = new Map();
    waiting.forEach(function (holder, id) {
      if (!holder) tops.push(id);
      else if (document.getElementById("replies-" + holder)) {
        if (!replies.has(holder)) replies.set(holder, []);
        replies.get(holder).push(id);
      }
    });
    notice.replaceChildren();
    if (tops.length) notice.append(bar(count(tops.length === 1 ? text.commentsOne : text.commentsMany, tops.length)));
    section.querySelectorAll("li.live-replies").forEach(function (el) {
      if (!replies.has(el.dataset.holder)) el.remove();
    });
    replies.forEach(function (ids, holder) {
      const list = document.getElementById("replies-" + holder);
      let item = list.querySelector(":scope > li.live-replies");
      if (!item) {
        item = document.createElement("li");
        item.className = "live-replies";
        item.dataset.holder = holder;
        item.setAttribute("aria-live", "polite");
        list.append(item);
      }
      item.replaceChildren(bar(count(ids.length === 1 ? text.repliesOne : text.repliesMany, ids.length)));
    });
  }

  function bar(message) {
    const line = document.createElement("p");
    line.className = "live-bar";
    line.append(message + " · ");
    const show = document.createElement("button");
    show.type = "button";
    show.className = "secondary live-show";
    show.textContent = text.show;
    show.addEventListener("click", showNew);
    line.append(show);
    return line;
  }

  // The current view's first page, as htmx would fetch it (with the frame's headers).
  function fetchView() {
    const tab = section.querySelector(".sort-tabs [aria-current] a, .sort-tabs a[aria-current]");
    const url = tab ? tab.getAttribute("hx-get") : null;
    const headers = { "HX-Request": "true" };
    try { Object.assign(headers, JSON.parse(document.body.getAttribute("hx-headers") || "{}")); } catch (error) { /* none */ }
    return fetch(url || location.pathname, { headers: headers, credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer.status); })
      .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }

  function showNew() {
    const ids = Array.from(waiting.keys());
    fetchView().then(function (fetched) {
      const placed = [];
      ids.forEach(function (id) {
        waiting.delete(id);
        const item = fetched.getElementById("comment-" + id);
        if (!item || document.getElementById(item.id)) return; // not on this page: "Load more"
        const here = place(item);
        if (here) placed.push(here);
      });
      render();
      if (placed.length) {
        // Their reply, vote and report controls work in place, as the page's own do.
        if (window.htmx) placed.forEach(function (el) { htmx.process(el); });
        // The page's own script then shows their times as it shows the others' ("2 minutes ago").
        placed[0].dispatchEvent(new CustomEvent("htmx:afterSettle", { bubbles: true, detail: { elt: placed[0] } }));
        placed[0].focus({ preventScroll: true });
        notice.textContent = text.shown;
      }
    }, function () { showRefetch(); });
  }

  // Put a fetched comment where the fetched page has it: after the nearest earlier sibling
  // this page has, else first in its list.
  function place(fetchedItem) {
    const list = fetchedItem.parentElement;
    const here = list && list.id ? document.getElementById(list.id) : null;
    if (!here) return null;
    const item = document.importNode(fetchedItem, true);
    item.classList.add("live-new");
    let before = fetchedItem.previousElementSibling;
    while (before && !(before.id && document.getElementById(before.id))) before = before.previousElementSibling;
    if (before) document.getElementById(before.id).after(item);
    else here.prepend(item);
    return item;
  }

  function showRefetch() {
    const line = document.createElement("p");
    line.className = "live-bar";
    line.append(text.refetch + " ");
    const link = document.createElement("a");
    link.href = location.href.split("#")[0] + "#comments";
    link.textContent = text.reload;
    link.addEventListener("click", function (event) { event.preventDefault(); location.reload(); });
    line.append(link);
    notice.replaceChildren(line);
  }

  document.addEventListener("htmx:afterSettle", function () { if (waiting.size) render(); });
  connect();
})();
