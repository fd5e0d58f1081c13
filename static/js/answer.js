// Saves each answer as it is given (kept on the device until the server has it, with its
// state shown beside the question), shows or hides questions whose scope changes, and
// copies the private link. The page works without this script: Save and Next post the
// same answers.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  var status = document.querySelector("[data-save-status]");

  // Writing the same words again would make some screen readers repeat them.
  function say(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  // The server keeps the answer with the highest sequence number, so late or repeated
  // saves never win. The page carries the server's clock (in microseconds) when it was
  // made; counting up from it with the page's own monotonic clock keeps the order right
  // even on a device whose clock is wrong. The count starts when this script runs, not
  // when the navigation started: that would add the time the page took to arrive and
  // put this page's answers ahead of answers given later on a faster page.
  var seqBase = form ? Number(form.dataset.seqBase) : 0;
  var startedAt = performance.now();
  var lastSeq = 0;
  function nextSeq() {
    var seq = seqBase + Math.round((performance.now() - startedAt) * 1000);
    lastSeq = seq > lastSeq ? seq : lastSeq + 1;
    return lastSeq;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function refreshToken() {
    return fetch(form.dataset.csrfRefresh, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        document.querySelector('meta[name="csrf-token"]').content = body.token;
        var hidden = form.querySelector('input[name="csrf_token"]');
        if (hidden) hidden.value = body.token;
      });
  }

  // sendBeacon cannot carry the CSRF header, so a page being hidden or closed sends its
  // waiting answers with fetch's keepalive, which can.
  function post(payload, retried, keepalive) {
    return fetch(form.dataset.autosave, {
      method: "POST",
      credentials: "same-origin",
      keepalive: Boolean(keepalive),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(payload)
    }).then(function (response) {
      if (response.status === 400 && !retried) {
        return response.json().then(function (body) {
          if (body.error === "csrf") return refreshToken().then(function () { return post(payload, true, keepalive); });
          var malformed = new Error(body.message || "refused");
          malformed.final = true;
          throw malformed;
        });
      }
      return response.json().then(function (body) {
        if (!response.ok) {
          var refused = new Error(body.message || "refused");
          // A refusal that will not pass by sending again (closed, invalid: any 4xx but a
          // timeout or "too many requests") is not retried; a busy or failing server is.
          refused.final = response.status >= 400 && response.status < 500 &&
            response.status !== 408 && response.status !== 429;
          throw refused;
        }
        return body;
      });
    });
  }

  function updateProgress(progress) {
    var bar = document.querySelector("[data-progress]");
    var text = document.querySelector("[data-progress-text]");
    if (!bar || !progress) return;
    bar.max = progress.total;
    bar.value = progress.answered;
    text.textContent = progress.answered + " of " + progress.total + " questions answered";
  }

  // Every answer is first written to a queue in localStorage, then sent. The queue holds
  // only the latest answer per question (question id, value, sequence number) and is keyed
  // by the respondent, so two assessments on one device never mix. An answer leaves the
  // queue when the server has stored it, has kept a newer one, or refuses it for good; a
  // network failure leaves it there, to be sent again with back-off, when the browser comes
  // back online, when the page is hidden, and when any page of the assessment loads. The
  // server keeps the answer with the highest sequence number, so a stale queued answer sent
  // late never replaces a newer one.
  var QUEUE_KEY = form ? "assessment-answers-waiting:" + form.dataset.queueKey : "";
  var SETTLE_MS = 600;
  var acked = form ? JSON.parse(form.dataset.answers || "{}") : {};
  var timers = {};
  var inFlight = {};
  var retryTimer = null;
  var retryDelay = 0;
  var savedSomething = false;
  var lastFailure = "";

  function readQueue() {
    try {
      var queue = JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "{}");
      return queue && typeof queue === "object" ? queue : {};
    } catch (error) {
      return {};
    }
  }

  function writeQueue(queue) {
    try {
      if (Object.keys(queue).length) window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
      else window.localStorage.removeItem(QUEUE_KEY);
    } catch (error) {
      // Storage full or blocked: the answer still goes out now, it just will not outlive the page.
    }
  }

  function enqueue(question, value, seq) {
    var queue = readQueue();
    if (!queue[question] || queue[question].seq < seq) queue[question] = { value: value, seq: seq };
    writeQueue(queue);
  }

  // Removes the queued answer of a question only if it is still the one that was sent.
  function dequeue(question, seq) {
    var queue = readQueue();
    if (queue[question] && queue[question].seq === seq) {
      delete queue[question];
      writeQueue(queue);
    }
  }

  var STATES = {
    saving: "Saving…",
    saved: "Saved",
    waiting: "Waiting for connection — will send when back online",
    retrying: "Not sent yet — will try again",
    superseded: "A newer answer was already saved: it is shown",
    refused: "Not saved: "
  };

  // The small line at the end of a question that says what became of its answer.
  function mark(question, state, reason) {
    var fieldset = document.getElementById("q-" + question);
    if (!fieldset) return;
    var line = fieldset.querySelector("[data-save-state]");
    if (!line) return;
    line.querySelector("[data-save-state-text]").textContent = STATES[state] + (reason || "");
    line.dataset.state = state;
    line.hidden = false;
  }

  function unsentCount() {
    return Object.keys(readQueue()).length;
  }

  // The status region speaks only when things have settled or something failed; the
  // sticky indicator shows the number of answers waiting wherever the user has scrolled.
  function settle() {
    if (!status) return;
    var busy = Object.keys(timers).length || Object.keys(inFlight).length;
    var waiting = unsentCount();
    var sticky = document.querySelector("[data-save-indicator]");
    if (waiting && !busy) {
      say(waiting === 1 ? "1 answer waiting to be sent." : waiting + " answers waiting to be sent.");
    } else if (!busy && !waiting && lastFailure) {
      say(lastFailure);
    } else if (!busy && !waiting && savedSomething) {
      say("All answers saved.");
    }
    if (sticky) sticky.dataset.state = waiting ? "waiting" : lastFailure ? "failed" : "";
  }

  // Shows `value` as the chosen answer of a question (nothing chosen when undefined).
  function show(question, value) {
    var figure = form.querySelector('[data-fact="' + question + '"]');
    if (figure) {
      var unknown = form.querySelector('[data-fact-unknown="' + question + '"]');
      unknown.checked = value === "unknown";
      figure.value = value && value !== "unknown" ? value : "";
      return;
    }
    var group = form.querySelector('[data-owners="' + question + '"]');
    if (group) {
      var chosen = value ? value.split("+") : [];
      group.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = chosen.indexOf(box.value) !== -1;
      });
      return;
    }
    form.querySelectorAll('input[type=radio][name="' + question + '"]').forEach(function (input) {
      input.checked = input.value === value;
    });
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 1000, 30000);
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      flush(false);
    }, retryDelay);
  }

  // Sends the queued answer of one question; `keepalive` lets it outlive a closing page.
  function send(question, keepalive) {
    var entry = readQueue()[question];
    if (!entry || (inFlight[question] && inFlight[question] >= entry.seq)) return;
    if (navigator.onLine === false) {
      mark(question, "waiting");
      settle();
      return;
    }
    inFlight[question] = entry.seq;
    mark(question, "saving");
    post({ question: question, value: entry.value, seq: entry.seq }, false, keepalive).then(function (body) {
      retryDelay = 0;
      dequeue(question, entry.seq);
      updateProgress(body.progress);
      var newest = !readQueue()[question];
      if (body.saved) {
        acked[question] = body.value;
        savedSomething = true;
        lastFailure = "";
        if (newest) mark(question, "saved");
      } else if (newest) {
        // The server already holds a newer answer, given elsewhere or before a reload.
        if (body.kept) acked[question] = body.kept;
        show(question, acked[question]);
        applyScope();
        mark(question, "superseded");
      }
    }).catch(function (error) {
      if (error.final) {
        dequeue(question, entry.seq);
        if (!readQueue()[question]) {
          show(question, acked[question]);
          applyScope();
          mark(question, "refused", error.message);
        }
        lastFailure = "Not saved: " + error.message;
      } else {
        mark(question, navigator.onLine === false ? "waiting" : "retrying");
        scheduleRetry();
      }
    }).then(function () {
      if (inFlight[question] === entry.seq) delete inFlight[question];
      if (readQueue()[question] && !retryTimer && readQueue()[question].seq !== entry.seq) send(question, false);
      settle();
    });
  }

  // Sends every waiting answer, those of other pages of the assessment too.
  function flush(keepalive) {
    Object.keys(readQueue()).forEach(function (question) {
      if (!timers[question]) send(question, keepalive);
    });
    settle();
  }

  // Keeps an answer at once and sends it: at once, or for a radio group or a set of tick
  // boxes once the choice has settled (arrow keys pass through every option on the way).
  function answer(question, value, settleFirst) {
    enqueue(question, value, nextSeq());
    lastFailure = "";
    window.clearTimeout(timers[question]);
    delete timers[question];
    if (!settleFirst) {
      send(question, false);
      return;
    }
    timers[question] = window.setTimeout(function () { release(question); }, SETTLE_MS);
    mark(question, "saving");
  }

  function release(question) {
    if (!timers[question]) return;
    window.clearTimeout(timers[question]);
    delete timers[question];
    send(question, false);
  }

  function currentAnswers() {
    var answers = JSON.parse(form.dataset.answers || "{}");
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      answers[input.name] = input.value;
    });
    return answers;
  }

  // Several owners may share an activity (stored as their sorted ids joined by "+"), but
  // Nobody, Don't know and Not applicable stand alone: ticking one clears the others.
  var SOLE = ["nobody", "unknown", "n/a"];
  function ownersAnswer(input) {
    var group = form.querySelector('[data-owners="' + input.name + '"]');
    var boxes = Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]"));
    if (input.checked) {
      var sole = SOLE.indexOf(input.value) !== -1;
      boxes.forEach(function (box) {
        if (box !== input && (sole || SOLE.indexOf(box.value) !== -1)) box.checked = false;
      });
    }
    var chosen = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    var most = Number(group.dataset.maxOwners);
    if (chosen.length > most) {
      input.checked = false;
      say("Choose at most " + most + " functions. If more share it, nobody really owns it: choose the one that leads.");
      return null;
    }
    if (!chosen.length) return null;
    return SOLE.indexOf(chosen[0]) !== -1 ? chosen[0] : chosen.sort().join("+");
  }

  function factAnswer(input) {
    var id = input.dataset.fact || input.dataset.factUnknown;
    var figure = form.querySelector('[data-fact="' + id + '"]');
    var unknown = form.querySelector('[data-fact-unknown="' + id + '"]');
    if (input === unknown && unknown.checked) {
      figure.value = "";
      return { question: id, value: "unknown" };
    }
    if (input === figure && figure.value.trim()) {
      unknown.checked = false;
      return { question: id, value: figure.value.trim() };
    }
    return null;
  }

  function applyScope() {
    var answers = currentAnswers();
    form.querySelectorAll("[data-applies-when]").forEach(function (fieldset) {
      var conditions = JSON.parse(fieldset.dataset.appliesWhen);
      var applies = conditions.every(function (c) { return c.any_of.indexOf(answers[c.question]) !== -1; });
      fieldset.hidden = !applies;
      fieldset.disabled = !applies;
    });
  }

  if (form) {
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.dataset.fact || input.dataset.factUnknown) {
        var fact = factAnswer(input);
        if (fact) answer(fact.question, fact.value, false);
        return;
      }
      if (input.type === "checkbox" && input.closest("[data-owners]")) {
        var owners = ownersAnswer(input);
        if (owners) answer(input.name, owners, true);
        return;
      }
      if (input.type !== "radio") return;
      answer(input.name, input.value, true);
      applyScope();
    });
    // Leaving a radio group or a set of tick boxes sends its answer without waiting.
    form.addEventListener("focusout", function (event) {
      var question = event.target.name;
      if (!question || !timers[question]) return;
      var group = event.target.closest("fieldset.question");
      if (!group || !group.contains(event.relatedTarget)) release(question);
    });
    // The page's own Save buttons post every answer on it: nothing needs to wait for them.
    form.addEventListener("submit", function () {
      Object.keys(timers).forEach(release);
    });
    window.addEventListener("online", function () {
      window.clearTimeout(retryTimer);
      retryTimer = null;
      retryDelay = 0;
      flush(false);
    });
    window.addEventListener("offline", function () {
      Object.keys(readQueue()).forEach(function (question) {
        if (!inFlight[question]) mark(question, "waiting");
      });
      settle();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        Object.keys(timers).forEach(function (question) {
          window.clearTimeout(timers[question]);
          delete timers[question];
        });
        flush(true);
      }
    });
    window.addEventListener("pagehide", function () {
      Object.keys(timers).forEach(function (question) {
        window.clearTimeout(timers[question]);
        delete timers[question];
      });
      flush(true);
    });
    // A page restored from the browser's back-forward cache has lost its timers: send now.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) flush(false);
    });
    // Answers still waiting from an earlier visit are shown as chosen, then sent.
    var waiting = readQueue();
    Object.keys(waiting).forEach(function (question) {
      show(question, waiting[question].value);
      mark(question, "waiting");
    });
    applyScope();
    flush(false);
  }

  // On a narrow screen the page list scrolls sideways: bring the current page into view.
  var current = document.querySelector('.steps [aria-current="step"]');
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest", inline: "center" });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var note = document.querySelector("[data-copy-status]");
      field.select();
      var done = function () { if (note) note.textContent = "Link copied."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
