// The presenter screen: pages through the deck's views with the keys a keyboard or a
// presentation clicker sends, and keeps the figures current without leaving the view on
// screen. The page works without it: the Previous and Next links load the view they name.
//
// Paging: ArrowRight, PageDown and Space go forward; ArrowLeft, PageUp and Shift+Space go
// back; Home and End go to the first and the last view; F toggles full screen. The address
// names the view (?view=KEY, replaced, not pushed), so a reload stays on it.
//
// Polling: every few seconds the deck is asked for with If-None-Match naming the one shown;
// while nothing changed the server answers 304 and nothing moves. Each poll names the view
// on screen (keep=KEY), so a question the latest answers made less divisive than the ten
// shown stays in the deck. A new deck is swapped in and the view with the same key is shown
// again (or, if that view is gone, the one at the same place). Only the one-line summary is a live region, so a screen reader hears "5
// joined, 2 finished, median index 2.4." rather than the whole deck. Once the workshop is
// closed nothing more can change, so polling stops.
(function () {
  "use strict";

  var deck = document.querySelector("[data-presenter]");
  if (!deck) return;
  var summary = document.querySelector("[data-presenter-summary]");
  var position = document.querySelector("[data-position]");
  var previousLink = document.querySelector('[data-step="previous"]');
  var nextLink = document.querySelector('[data-step="next"]');
  var fullscreen = document.querySelector("[data-fullscreen]");
  var every = 5000;
  var etag = deck.dataset.liveEtag || "";

  function views() {
    return Array.prototype.slice.call(deck.querySelectorAll("[data-view]"));
  }

  function currentIndex() {
    var all = views();
    for (var i = 0; i < all.length; i++) if (!all[i].hidden) return i;
    return 0;
  }

  function addressOf(key) {
    var url = new URL(window.location.href);
    url.searchParams.set("view", key);
    url.hash = "";
    return url.pathname + url.search;
  }

  // Show the view at `index` (clamped) alone, and bring the links, the count and the address along.
  function show(index) {
    var all = views();
    if (!all.length) return;
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (view, i) { view.hidden = i !== index; });
    position.textContent = index + 1 + " / " + all.length;
    setStep(previousLink, index > 0 ? all[index - 1].dataset.view : null);
    setStep(nextLink, index < all.length - 1 ? all[index + 1].dataset.view : null);
    var address = addressOf(all[index].dataset.view);
    if (address !== window.location.pathname + window.location.search) {
      window.history.replaceState(null, "", address);
    }
    var note = document.querySelector(".presenter-note");
    if (note && index !== 0) note.remove();  // "no view named ..." no longer applies
  }

  function setStep(link, key) {
    if (key) link.setAttribute("href", addressOf(key));
    else link.removeAttribute("href");
  }

  function move(by) {
    show(currentIndex() + by);
  }

  // Keys a clicker or a keyboard sends; none while a modifier is held (browser shortcuts), and
  // Space and Enter keep their own meaning on a focused link or button.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    var target = event.target;
    var control = target && target.closest && target.closest("a[href], button, input, select, textarea");
    if (event.key === " " && control) return;
    var steps = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
    if (event.key === " ") move(event.shiftKey ? -1 : 1);
    else if (event.key in steps) move(steps[event.key]);
    else if (event.key === "Home") show(0);
    else if (event.key === "End") show(views().length - 1);
    else if ((event.key === "f" || event.key === "F") && fullscreen && !control) toggleFullscreen();
    else return;
    event.preventDefault();
  });

  [previousLink, nextLink].forEach(function (link, i) {
    link.addEventListener("click", function (event) {
      if (!link.hasAttribute("href")) return;
      event.preventDefault();
      move(i === 0 ? -1 : 1);
    });
  });

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(function () { /* refused: stay as is */ });
  }

  if (fullscreen && document.fullscreenEnabled) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", toggleFullscreen);
    document.addEventListener("fullscreenchange", function () {
      fullscreen.textContent = document.fullscreenElement ? "Leave full screen" : "Full screen";
    });
  }

  // Swap in a polled deck, keeping the view on screen by its key (or its place).
  function replace(html) {
    var all = views();
    var index = currentIndex();
    var key = all.length ? all[index].dataset.view : "";
    deck.innerHTML = html;
    var fresh = views();
    var found = -1;
    for (var i = 0; i < fresh.length; i++) if (fresh[i].dataset.view === key) found = i;
    show(found >= 0 ? found : index);
  }

  function refresh() {
    if (document.hidden) return schedule();
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = '"' + etag + '"';
    var open = true;
    // The view on screen: a question the latest answers made less divisive stays in the deck.
    var all = views();
    var keep = all.length ? "&keep=" + encodeURIComponent(all[currentIndex()].dataset.view) : "";
    fetch(deck.dataset.liveUrl + keep, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("status " + response.status);
        return response.json().then(function (body) {
          replace(body.html);
          etag = (response.headers.get("ETag") || "").replace(/^W\//, "").replace(/"/g, "");
          if (summary && body.line && summary.textContent !== body.line) summary.textContent = body.line;
          return body;
        });
      })
      .then(function (body) {
        deck.dataset.updated = new Date().toISOString();
        if (body && body.status === "closed") open = false;
      })
      .catch(function () { /* keep the last figures; try again next time */ })
      .then(function () { if (open) schedule(); else deck.dataset.liveOpen = "no"; });
  }

  function schedule() {
    window.setTimeout(refresh, every);
  }

  show(currentIndex());
  if (deck.dataset.liveOpen !== "no") schedule();
})();
