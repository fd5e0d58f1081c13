// Keeps a workshop's live panel current: polls the JSON endpoint every few seconds and
// swaps in the panel the server rendered. The page works without it (reload to update).
(function () {
  "use strict";

  var panel = document.querySelector("[data-live]");
  if (!panel || !window.fetch) return;
  var url = panel.dataset.liveUrl;
  var every = 5000;

  // Never replace the panel under the facilitator's hands (an open agreed-answer choice).
  function busy() {
    var active = document.activeElement;
    return active && panel.contains(active) && active.tagName !== "BODY";
  }

  function refresh() {
    if (document.hidden || busy()) return schedule();
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (body) {
        if (!busy()) panel.innerHTML = body.html;
        panel.dataset.updated = new Date().toISOString();
      })
      .catch(function () { /* keep the last figures; try again next time */ })
      .then(schedule);
  }

  function schedule() {
    window.setTimeout(refresh, every);
  }

  schedule();
})();
