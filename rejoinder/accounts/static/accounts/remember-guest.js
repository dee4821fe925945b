// "Remember me on this browser" for guests: name, e-mail and website are kept in this
// browser's local storage when the reader ticks the box, and never sent anywhere but with
// a comment. Unticking it forgets them. Without JavaScript the box is not offered at all.
(function () {
  "use strict";
  var KEY = "rejoinder.guest";
  var FIELDS = ["name", "email", "website"];

  function saved() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }

  function enhance(form) {
    var fields = form.querySelector(".guest-fields");
    if (!fields || form.querySelector(".remember-guest")) return;
    var id = form.id + "-remember";
    var wrap = document.createElement("div");
    wrap.className = "field remember-guest";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = id;
    box.name = "remember_guest";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = fields.getAttribute("data-remember-label") || "Remember me on this browser";
    var help = document.createElement("p");
    help.className = "field-help";
    help.id = id + "-help";
    help.textContent = fields.getAttribute("data-remember-help") || "";
    box.setAttribute("aria-describedby", help.id);
    wrap.appendChild(box);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(label);
    wrap.appendChild(help);
    fields.appendChild(wrap);
    var data = saved();
    if (data) {
      box.checked = true;
      FIELDS.forEach(function (name) {
        var input = form.querySelector('[name="' + name + '"]');
        if (input && !input.value && data[name]) input.value = data[name];
      });
    }
  }

  function enhanceAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("form.comment-form").forEach(enhance);
    if (root.matches && root.matches("form.comment-form")) enhance(root);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var box = form.querySelector && form.querySelector(".remember-guest input");
    if (!box) return;
    try {
      if (box.checked) {
        var data = {};
        FIELDS.forEach(function (name) {
          var input = form.querySelector('[name="' + name + '"]');
          data[name] = input ? input.value : "";
        });
        window.localStorage.setItem(KEY, JSON.stringify(data));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) { /* storage disabled: nothing is remembered */ }
  }, true);

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
