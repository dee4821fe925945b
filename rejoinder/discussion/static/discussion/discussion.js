// Progressive enhancement for the discussion: everything here also works without it.
(function () {
  "use strict";
  const lang = document.documentElement.lang || undefined;
  const relative = "Intl" in window && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat(lang, { numeric: "auto" }) : null;
  const steps = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
    ["hour", 3600], ["minute", 60], ["second", 1]];

  function relativeTimes(root) {
    if (!relative) return;
    root.querySelectorAll(".discussion time[datetime]").forEach(function (el) {
      const seconds = (new Date(el.getAttribute("datetime")) - Date.now()) / 1000;
      for (const [unit, size] of steps) {
        if (Math.abs(seconds) >= size || unit === "second") {
          el.textContent = relative.format(Math.round(seconds / size), unit);
          break;
        }
      }
    });
  }

  function announce(text) {
    let region = document.getElementById("discussion-status");
    if (!region) {
      region = document.createElement("p");
      region.id = "discussion-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    region.textContent = text;
  }

  // "Link copied" beside the Share link for a few seconds; the status region says it aloud.
  function showCopied(link) {
    const text = link.dataset.copied || "Link copied";
    let note = link.nextElementSibling;
    if (!note || !note.classList.contains("share-note")) {
      note = document.createElement("span");
      note.className = "share-note";
      note.setAttribute("aria-hidden", "true");
      link.after(note);
    }
    note.textContent = text;
    clearTimeout(note.hideTimer);
    note.hideTimer = setTimeout(function () { note.remove(); }, 4000);
    announce(text);
  }

  // Each comment with replies gets a button that folds its reply chain away. The buttons are
  // made here, not in the page: without JavaScript every reply is shown and none is needed.
  function words(name, fallback) {
    const section = document.getElementById("comments");
    return (section && section.dataset[name]) || fallback;
  }

  function labelToggle(button, list) {
    const open = !list.hidden;
    const count = list.querySelectorAll("li.comment").length;
    const more = list.querySelector(".more-replies");
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? words("hideReplies", "Hide replies")
      : (more ? words("showReplies", "Show replies")
        : words("showRepliesCount", "Show replies (%s)").replace("%s", count));
  }

  function addReplyToggles(root) {
    root.querySelectorAll("li.comment > .comment-card > .comment-actions").forEach(function (actions) {
      const item = actions.closest("li.comment");
      const list = item.querySelector(":scope > ol.replies");
      if (!list || !list.querySelector("li.comment")) return;
      let button = actions.querySelector(":scope > .replies-toggle");
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "replies-toggle";
        button.setAttribute("aria-controls", list.id);
        const reply = actions.querySelector(".reply-link, .share-link");
        if (reply) reply.before(button); else actions.append(button);
      }
      labelToggle(button, list);
    });
  }

  function showChainsAround(element) {
    for (let list = element.closest("ol.replies"); list; list = list.parentElement.closest("ol.replies")) {
      if (list.hidden) {
        list.hidden = false;
        const owner = list.closest("li.comment");
        const button = owner && owner.querySelector(":scope > .comment-card .replies-toggle");
        if (button) labelToggle(button, list);
      }
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".replies-toggle");
    if (!button) return;
    const list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) return;
    list.hidden = !list.hidden;
    labelToggle(button, list);
  });

  // The comment form waits as one short box, so on a phone the comments are not a screen
  // away: the rest of it (name, e-mail, buttons) opens as soon as anything in it has focus.
  // A form with words in it, errors or a chosen passage opens at once; without JavaScript,
  // or for a reply, the whole form shows.
  function compactForm() {
    const form = document.getElementById("comment-form");
    if (!form || form.dataset.compacted) return;
    form.dataset.compacted = "1";
    const body = form.querySelector("textarea[name=body]");
    const passage = form.querySelector("[name=passage]");
    if (!body || body.value || form.querySelector(".error-summary") ||
        (passage && passage.value) || form.contains(document.activeElement)) return;
    form.classList.add("is-compact");
    // Not on a link's focus: the form growing under the pointer between press and release
    // would move the link away, and the click would be lost.
    form.addEventListener("focusin", function open(event) {
      if (event.target.closest("a")) return;
      form.classList.remove("is-compact");
      form.removeEventListener("focusin", open);
    });
  }

  // A link to #comment-N that is not on this page: ask the server which page holds it. One
  // in a folded reply chain: unfold the chain.
  function followPermalink() {
    const match = /^#comment-(\d+)$/.exec(location.hash);
    const target = match && document.getElementById("comment-" + match[1]);
    if (match && !target) {
      location.replace("/c/" + match[1] + "/");
    } else if (target && target.closest("ol.replies[hidden]")) {
      showChainsAround(target);
      target.scrollIntoView();
    }
  }

  document.addEventListener("click", function (event) {
    const share = event.target.closest("[data-share]");
    if (share && navigator.clipboard) {
      event.preventDefault();
      navigator.clipboard.writeText(share.href).then(
        function () { showCopied(share); },
        function () { location.href = share.href; });
    }
    const cancel = event.target.closest("[data-cancel-reply]");
    if (cancel && cancel.closest(".reply-slot")) {
      event.preventDefault();
      const slot = cancel.closest(".reply-slot");
      const link = slot.closest(".comment-card").querySelector(".reply-link");
      slot.replaceChildren();
      if (link) link.focus();
    }
  });

  // "Show more replies" swaps itself for the next replies: focus goes to the first of them,
  // where reading goes on, rather than to the page's start with the link gone.
  let batchAt = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    const control = event.detail.target;
    if (control && control.classList && control.classList.contains("more-replies")) {
      batchAt = { list: control.parentElement, before: control.previousElementSibling };
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    relativeTimes(event.detail.elt.ownerDocument);
    if (batchAt) {
      // A reply posted in place since the page came may come again in the batch: keep one.
      const seen = new Set();
      document.querySelectorAll("li.comment[id]").forEach(function (item) {
        if (seen.has(item.id)) item.remove(); else seen.add(item.id);
      });
      const first = batchAt.before ? batchAt.before.nextElementSibling : batchAt.list.firstElementChild;
      batchAt = null;
      if (first && first.matches("li.comment")) first.focus();
    }
    addReplyToggles(document);
    compactForm();
    const fresh = document.querySelector("[data-new-comment]");
    if (fresh) {
      fresh.removeAttribute("data-new-comment");
      showChainsAround(fresh);
      fresh.focus();
      fresh.scrollIntoView({ block: "center" });
    }
    const field = event.detail.elt.querySelector && event.detail.elt.querySelector(".reply-slot textarea");
    if (field && event.detail.elt.classList.contains("reply-slot")) field.focus();
  });

  document.addEventListener("htmx:responseError", function (event) {
    const form = event.detail.elt.closest("form") || event.detail.elt;
    const note = document.createElement("p");
    note.className = "form-errors";
    note.setAttribute("role", "alert");
    note.textContent = "Something went wrong on our side. Your text is still here; please try again.";
    form.prepend(note);
  });

  document.addEventListener("htmx:sendError", function (event) {
    announce("Could not reach the site. Check your connection and try again.");
  });

  relativeTimes(document);
  addReplyToggles(document);
  compactForm();
  followPermalink();
  window.addEventListener("hashchange", followPermalink);
})();
