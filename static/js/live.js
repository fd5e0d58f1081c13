// Keeps a workshop's live panel current: polls the JSON endpoint every few seconds and
// swaps in the panel the server rendered. The page works without it (reload to update).
//
// Each poll names the panel it already shows (If-None-Match with the ETag the page or the
// last poll gave); while nothing changed, the server answers 304 with no body and the
// panel is left as it is. Once the workshop is closed nothing more can change, so polling
// stops.
//
// What the facilitator is doing is never wiped: a unit of the panel (a question's card, the
// picker's search form: anything marked data-card) whose form has a change not yet sent, or
// which holds the focus, is kept as it is, in place, while the rest of the panel is
// replaced around it. Only the one-line summary (data-live-summary) is announced to screen
// readers. The script also narrows the picker's list as the facilitator types, and focuses
// the card a #consensus-ID address names (after Record, or when opened from the picker).
(function () {
  "use strict";

  var panel = document.querySelector("[data-live]");
  if (!panel) return;
  var summary = document.querySelector("[data-live-summary]");
  var url = panel.dataset.liveUrl;
  var etag = panel.dataset.liveEtag || "";
  var every = 5000;
  var each = Array.prototype.forEach;

  // The index of the option a select was served with (the first when none is marked).
  function servedIndex(select) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].defaultSelected) return i;
    }
    return select.multiple ? -1 : 0;
  }

  // True when a control of the unit differs from what the page was served with.
  function unsaved(unit) {
    var controls = unit.querySelectorAll("input, select, textarea");
    for (var i = 0; i < controls.length; i++) {
      var control = controls[i];
      if (control.tagName === "SELECT") {
        if (control.selectedIndex !== servedIndex(control)) return true;
      } else if (control.type === "checkbox" || control.type === "radio") {
        if (control.checked !== control.defaultChecked) return true;
      } else if (control.type !== "hidden" && control.type !== "submit" && control.value !== control.defaultValue) {
        return true;
      }
    }
    return false;
  }

  function focusedIn(element) {
    var active = document.activeElement;
    return !!active && active !== document.body && element.contains(active);
  }

  // The units to keep as they are: changed but not recorded, or in use.
  function heldUnits() {
    return Array.prototype.filter.call(panel.querySelectorAll("[data-card]"), function (unit) {
      return unsaved(unit) || focusedIn(unit);
    });
  }

  // Focus inside the panel but outside any unit (a table's scroll region, a link): replacing
  // the panel would drop it, so this poll is skipped.
  function busy(held) {
    return focusedIn(panel) && !held.some(focusedIn);
  }

  function keyOf(node) {
    if (node.nodeType !== 1) return null;
    if (node.dataset.card) return "card:" + node.dataset.card;
    if (node.dataset.cards) return "cards:" + node.dataset.cards;
    if (node.id) return "id:" + node.id;
    return null;
  }

  function holds(element, held) {
    return held.some(function (unit) { return element === unit || element.contains(unit); });
  }

  // Make `old` (in the page, holding kept units) show `fresh` (its new rendering), keeping the
  // held units and the elements around them where they are: a kept node is never removed or
  // moved, so it keeps its focus, its open choice and its typed text.
  function merge(old, fresh, held) {
    var byKey = {};
    each.call(old.children, function (child) {
      var key = keyOf(child);
      if (key) byKey[key] = child;
    });
    var wanted = [];
    Array.prototype.slice.call(fresh.childNodes).forEach(function (node) {
      var key = keyOf(node);
      var mine = key && byKey[key];
      if (mine && holds(mine, held)) {
        if (held.indexOf(mine) < 0) merge(mine, node, held);
        wanted.push(mine);
      } else {
        wanted.push(node);
      }
    });
    // A held unit the new rendering no longer has (a card that left the divergent ten) stays.
    each.call(old.children, function (child) {
      if (holds(child, held) && wanted.indexOf(child) < 0) wanted.push(child);
    });
    Array.prototype.slice.call(old.childNodes).forEach(function (node) {
      if (wanted.indexOf(node) < 0) old.removeChild(node);
    });
    wanted.forEach(function (node, index) {
      var at = old.childNodes[index];
      if (at !== node) old.insertBefore(node, at || null);
    });
  }

  function update(html) {
    var list = panel.querySelector("[data-picker-list]");
    replace(html);
    // The picker's list comes only with the page: put it back in place of the poll's stand-in.
    var standIn = panel.querySelector("[data-picker-list][data-same]");
    if (standIn && list && list !== standIn) standIn.parentNode.replaceChild(list, standIn);
  }

  function replace(html) {
    var held = heldUnits();
    if (!held.length) {
      panel.innerHTML = html;
      return;
    }
    var fresh = document.createElement("div");
    fresh.innerHTML = html;
    merge(panel, fresh, held);
    // A kept card the new rendering shows elsewhere (opened, then among the divergent): one copy.
    held.forEach(function (unit) {
      each.call(panel.querySelectorAll("[data-card]"), function (other) {
        if (other !== unit && other.dataset.card === unit.dataset.card && !holds(other, held)) {
          other.parentNode.removeChild(other);
        }
      });
    });
  }

  // A polled panel's forms come without their CSRF token (a compressed poll must not carry
  // it): give them the one the page was served with.
  function fillTokens() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (!meta) return;
    panel.querySelectorAll("input[data-csrf-token]").forEach(function (input) { input.value = meta.content; });
  }

  // The picker's list, narrowed to the questions whose words, id or dimension hold every word
  // typed; until something is typed, the list stays as the server sent it.
  function narrow() {
    var input = panel.querySelector("[data-picker-search]");
    var list = panel.querySelector("[data-picker-list]");
    var count = panel.querySelector("[data-picker-count]");
    if (!input || !list || input.value === input.defaultValue) return;
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    each.call(list.children, function (item) {
      var haystack = item.textContent.toLowerCase();  // the words, the dimension and the id
      var match = words.length > 0 && words.every(function (word) { return haystack.indexOf(word) >= 0; });
      item.hidden = !match;
      if (match) shown += 1;
    });
    if (count) {
      count.textContent = words.length
        ? shown + (shown === 1 ? " question matches." : " questions match.")
        : "Type a word to find a question.";
    }
  }

  panel.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-picker-search]")) narrow();
  });

  // A question opened from a narrowed list keeps the words typed, as a searched page would.
  panel.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-picker-list] a");
    var input = panel.querySelector("[data-picker-search]");
    if (!link || !input || !input.value.trim()) return;
    var target = new URL(link.href);
    target.searchParams.set("q", input.value);
    link.href = target.toString();
  });

  function refresh() {
    if (document.hidden || busy(heldUnits())) return schedule();
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = '"' + etag + '"';
    var open = true;
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("status " + response.status);
        return response.json().then(function (body) {
          if (busy(heldUnits())) return null;  // keep the old ETag: the next poll brings this panel again
          update(body.html);
          fillTokens();
          narrow();
          if (summary && body.summary_line && summary.textContent !== body.summary_line) {
            summary.textContent = body.summary_line;
          }
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

  // Focus the card the address names, so the next Tab goes on from there.
  var named = /^#consensus-/.test(window.location.hash) &&
    document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (named && !document.querySelector("[data-focus-on-load]")) named.focus();

  if (!window.fetch) return;
  if (panel.dataset.liveOpen !== "no") schedule();
})();
