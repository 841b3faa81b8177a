// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Focus the error summary so keyboard and screen-reader users hear what to correct.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // A link in the error summary moves focus to its input, not only the scroll position.
  if (summary) {
    summary.addEventListener("click", function (e) {
      var link = e.target.closest ? e.target.closest("a[href^='#']") : null;
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        e.preventDefault();
        target.focus();
        if (target.scrollIntoView) { target.scrollIntoView({ block: "center" }); }
      }
    });
  }

  // On a case that is being decided, wait for the decision and then show it.
  var status = document.querySelector("[data-poll-status]");
  if (status && window.fetch) {
    var waited = 0;
    var poll = function () {
      fetch(window.location.pathname, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          document.dispatchEvent(new CustomEvent("digikommun:activity"));
          if (data && data.status !== status.getAttribute("data-poll-status")) {
            window.location.reload();
          } else if ((waited += 1) < 60) {
            window.setTimeout(poll, 500);
          }
        })
        .catch(function () {});
    };
    window.setTimeout(poll, 300);
  }
})();
