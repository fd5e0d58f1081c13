// Keeps a workshop's live panel current: polls the JSON endpoint every few seconds and
// swaps in the panel the server rendered. The page works without it (reload to update).
//
// Each poll names the panel it already shows (If-None-Match with the ETag the page or the
// last poll gave); while nothing changed, the server answers 304 with no body and the
// panel is left as it is. Once the workshop is closed nothing more can change, so polling
// stops.
(function () {
  "use strict";

  var panel = document.querySelector("[data-live]");
  if (!panel || !window.fetch) return;
  var url = panel.dataset.liveUrl;
  var etag = panel.dataset.liveEtag || "";
  var every = 5000;

  // Never replace the panel under the facilitator's hands (an open agreed-answer choice).
  function busy() {
    var active = document.activeElement;
    return active && panel.contains(active) && active.tagName !== "BODY";
  }

  // A polled panel's forms come without their CSRF token (a compressed poll must not carry
  // it): give them the one the page was served with.
  function fillTokens() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (!meta) return;
    panel.querySelectorAll("input[data-csrf-token]").forEach(function (input) { input.value = meta.content; });
  }

  function refresh() {
    if (document.hidden || busy()) return schedule();
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = '"' + etag + '"';
    var open = true;
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("status " + response.status);
        return response.json().then(function (body) {
          if (busy()) return null;  // keep the old ETag: the next poll brings this panel again
          panel.innerHTML = body.html;
          fillTokens();
          etag = (response.headers.get("ETag") || "").replace(/^W\//, "").replace(/"/g, "");
          return body;
        });
      })
      .then(function (body) {
        panel.dataset.updated = new Date().toISOString();
        if (body && body.status === "closed") open = false;
      })
      .catch(function () { /* keep the last figures; try again next time */ })
      .then(function () { if (open) schedule(); else panel.dataset.liveOpen = "no"; });
  }

  function schedule() {
    window.setTimeout(refresh, every);
  }

  if (panel.dataset.liveOpen !== "no") schedule();
})();
