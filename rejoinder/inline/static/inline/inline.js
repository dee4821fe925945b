// Inline feedback: comment on a selected passage, open the comments on a marked passage,
// and find a comment's passage from the discussion. Without this file every paragraph still
// has a "Comment on this paragraph" link and each marker links to its first comment.
(function () {
  "use strict";
  const form = () => document.getElementById("comment-form");
  let floating = null;

  // Offsets are counted in code points of the block's text, as the server counts them
  // (rejoinder/inline/body.py): a Range's text is the same text nodes as textContent.
  function codePoints(text) { return Array.from(text).length; }

  function offsetIn(container, node, offset) {
    const range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  // A letter or digit, or an apostrophe or hyphen inside a word ("o'clock", "one-way").
  const LETTER = /[\p{L}\p{N}\p{M}]/u;
  function inWord(chars, at) {
    if (at < 0 || at >= chars.length) return false;
    if (LETTER.test(chars[at])) return true;
    return /['\u2019-]/.test(chars[at]) && LETTER.test(chars[at - 1] || "") && LETTER.test(chars[at + 1] || "");
  }

  // A selection that starts or ends inside a word takes the whole word, as a quote of
  // half a word says nothing; spaces at its ends are left out. Offsets are in code points.
  function snapToWords(chars, start, end) {
    while (start < end && /\s/u.test(chars[start])) start++;
    while (end > start && /\s/u.test(chars[end - 1])) end--;
    while (start > 0 && inWord(chars, start) && inWord(chars, start - 1)) start--;
    while (end < chars.length && inWord(chars, end - 1) && inWord(chars, end)) end++;
    return [start, end];
  }

  // The passage the reader has selected, if it lies within one block's text.
  function selectedPassage() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    const start = range.startContainer.parentElement && range.startContainer.parentElement.closest(".inline-text");
    const end = range.endContainer.parentElement && range.endContainer.parentElement.closest(".inline-text");
    if (!start || start !== end) return null;
    if (!range.toString().trim()) return null;
    const chars = Array.from(start.textContent);
    const [from, to] = snapToWords(chars, offsetIn(start, range.startContainer, range.startOffset),
      offsetIn(start, range.endContainer, range.endOffset));
    const block = start.closest("[data-block]");
    return {
      block: block,
      passage: block.dataset.block + ":" + from + ":" + to,
      quote: chars.slice(from, to).join(""),
    };
  }

  function hideFloating() {
    if (floating) { floating.remove(); floating = null; }
  }

  // The button goes right after the selected block's text, so the keyboard reaches it next.
  function offerComment() {
    const chosen = selectedPassage();
    if (!chosen || !form()) { hideFloating(); return; }
    if (!floating) {
      floating = document.createElement("button");
      floating.type = "button";
      floating.className = "inline-comment-button";
      floating.textContent = "Comment on this passage";
      floating.addEventListener("mousedown", function (event) { event.preventDefault(); });
      floating.addEventListener("click", function () {
        const now = selectedPassage() || floating.chosen;
        hideFloating();
        if (now) openForm(now.passage, now.quote);
      });
    }
    floating.chosen = chosen;
    const text = chosen.block.querySelector(".inline-text");
    if (floating.previousElementSibling !== text) text.after(floating);
    const rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
    const box = chosen.block.getBoundingClientRect();
    floating.style.top = Math.max(rect.bottom - box.top + 6, 0) + "px";
    floating.style.left = Math.max(rect.left - box.left, 0) + "px";
  }

  function openForm(passage, quote) {
    const target = form();
    if (!target) return;
    target.querySelector("[name=passage]").value = passage;
    target.querySelector("[name=quote]").value = quote;
    const shown = target.querySelector("[data-form-passage]");
    shown.querySelector("[data-form-quote]").textContent = quote.trim();
    shown.querySelector("[data-clear-passage]").hidden = false;
    shown.hidden = false;
    const field = target.querySelector("textarea[name=body]");
    field.scrollIntoView({ block: "center" });
    field.focus();
  }

  function clearPassage(target) {
    target.querySelector("[name=passage]").value = "";
    target.querySelector("[name=quote]").value = "";
    target.querySelector("[data-form-passage]").hidden = true;
    target.querySelector("textarea[name=body]").focus();
  }

  function highlight(key) {
    document.querySelectorAll("mark.inline-anchor.is-active").forEach(function (mark) {
      mark.classList.remove("is-active");
    });
    if (!key) return;
    document.querySelectorAll("mark.inline-anchor").forEach(function (mark) {
      if (mark.dataset.passages.split(" ").indexOf(key) !== -1) mark.classList.add("is-active");
    });
  }

  function closePanels() {
    document.querySelectorAll(".inline-marker[aria-expanded=true]").forEach(function (marker) {
      marker.setAttribute("aria-expanded", "false");
      marker.closest("[data-block]").querySelector(".inline-panel").hidden = true;
    });
    highlight(null);
  }

  function toggleMarker(marker) {
    const panel = marker.closest("[data-block]").querySelector(".inline-panel");
    const wasOpen = marker.getAttribute("aria-expanded") === "true";
    closePanels();
    if (wasOpen) return;
    marker.setAttribute("aria-expanded", "true");
    highlight(marker.dataset.passage);
    panel.hidden = false;
    panel.textContent = "…";
    fetch(marker.dataset.url)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        panel.innerHTML = html;  // our own server-rendered, sanitised fragment
      })
      .catch(function () {
        panel.textContent = "These comments could not be loaded. Please try again.";
      });
  }

  function showInArticle(commentId) {
    const marker = Array.from(document.querySelectorAll(".inline-marker")).find(function (item) {
      return item.dataset.comments.split(",").indexOf(commentId) !== -1;
    });
    if (!marker) return false;
    const block = marker.closest("[data-block]");
    closePanels();
    highlight(marker.dataset.passage);
    block.setAttribute("tabindex", "-1");
    block.scrollIntoView({ block: "center" });
    block.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("selectionchange", function () {
    // After the selection settles: touch and keyboard selections change in many steps.
    window.clearTimeout(offerComment.timer);
    offerComment.timer = window.setTimeout(offerComment, 150);
  });

  // A keyboard selection leaves focus where it was (usually the page itself), so Tab would
  // start from the top: take the reader to the button instead; Escape dismisses it.
  document.addEventListener("keydown", function (event) {
    if (!floating || document.activeElement === floating) return;
    const typing = document.activeElement && document.activeElement.closest("input, textarea, select, [contenteditable]");
    if (event.key === "Tab" && !event.shiftKey && !typing) {
      event.preventDefault();
      floating.focus();
    } else if (event.key === "Escape") {
      hideFloating();
    }
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-passage-link]");
    if (link && form()) {
      event.preventDefault();
      const block = link.closest("[data-block]");
      openForm(block.dataset.block, block.querySelector(".inline-text").textContent);
      return;
    }
    const marker = event.target.closest(".inline-marker");
    if (marker) {
      event.preventDefault();
      toggleMarker(marker);
      return;
    }
    const show = event.target.closest("[data-show-passage]");
    if (show && showInArticle(show.dataset.showPassage)) {
      event.preventDefault();
      return;
    }
    const clear = event.target.closest("[data-clear-passage]");
    if (clear) {
      event.preventDefault();
      clearPassage(clear.closest("form"));
    }
  });
})();
