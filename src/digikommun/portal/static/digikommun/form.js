// Progressive enhancement of a form step: the draft is saved as it is typed, and focus goes
// where a row was added or removed. Every step works without this file: answers are saved
// each time a button is pressed.
(function () {
  "use strict";
  var form = document.getElementById("step-form");
  if (!form || !window.fetch || !window.FormData) { return; }

  // After adding or removing a row, the page comes back with #id of where to continue.
  if (window.location.hash.length > 1) {
    var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target && !document.getElementById("error-summary")) { target.focus(); }
  }

  var url = form.getAttribute("data-autosave-url");
  var status = form.querySelector("[data-autosave-status]");
  var timer = null, dirty = false, sending = false;

  function payload() {
    var data = new FormData(form);
    var clean = new FormData();
    clean.append("_version", form.getAttribute("data-draft-version") || "");
    data.forEach(function (value, key) {
      if (key !== "action" && !(window.File && value instanceof window.File)) { clean.append(key, value); }
    });
    return clean;
  }

  function save(keepalive) {
    if (!dirty || sending) { return; }
    dirty = false;
    sending = true;
    fetch(url, {
      method: "POST", body: payload(), credentials: "same-origin", keepalive: !!keepalive,
      headers: { "X-Requested-With": "fetch" }
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        sending = false;
        if (data && data.saved) {
          form.setAttribute("data-draft-version", data.version);
          if (status) { status.textContent = data.message; }
        }
        document.dispatchEvent(new CustomEvent("digikommun:activity"));
      })
      .catch(function () { sending = false; dirty = true; });
  }

  function later() {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  form.addEventListener("input", function (e) { if (e.target.type !== "file") { later(); } });
  form.addEventListener("change", function (e) {
    if (e.target.type === "file") { return; }
    dirty = true;
    window.clearTimeout(timer);
    save();
  });
  form.addEventListener("submit", function () { window.clearTimeout(timer); dirty = false; });

  // Changing the language reloads the page: keep what was typed first.
  var language = document.querySelector("[data-language-switch]");
  if (language) {
    language.addEventListener("submit", function () { window.clearTimeout(timer); save(true); });
  }
})();
