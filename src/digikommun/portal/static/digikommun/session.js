// Warns before a logged-in person is logged out for inactivity (WCAG 2.2.1), and lets them
// stay. The server ends a session after SESSION_COOKIE_AGE seconds without a request.
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-session-seconds"), 10);
  var warnBefore = parseInt(body.getAttribute("data-session-warning"), 10);
  var box = document.getElementById("session-warning");
  if (!seconds || !box) { return; }
  var form = box.querySelector("[data-session-keepalive]");
  var button = form.querySelector("button");
  var countdown = box.querySelector("[data-session-countdown]");
  var deadline = 0, warnTimer = null, endTimer = null, tick = null, returnFocus = null;

  function left() {
    var s = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  function hide() {
    if (box.hidden) { return; }
    box.hidden = true;
    window.clearInterval(tick);
    if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
  }

  function show() {
    returnFocus = document.activeElement;
    countdown.textContent = "(" + left() + ")";
    box.hidden = false;
    button.focus();
    tick = window.setInterval(function () { countdown.textContent = "(" + left() + ")"; }, 1000);
  }

  function end() {
    window.location.href = body.getAttribute("data-session-ended-url") +
      "?next=" + encodeURIComponent(window.location.pathname);
  }

  function restart() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    deadline = Date.now() + seconds * 1000;
    warnTimer = window.setTimeout(show, Math.max(0, seconds - warnBefore) * 1000);
    endTimer = window.setTimeout(end, seconds * 1000);
  }

  form.addEventListener("submit", function (e) {
    if (!window.fetch) { return; }
    e.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (r) {
        if (r.ok) { restart(); hide(); } else { end(); }
      })
      .catch(function () { /* offline: the warning stays, so the person can try again */ });
  });
  document.addEventListener("digikommun:activity", function () { restart(); hide(); });
  restart();
})();
