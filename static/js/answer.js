// Saves each answer as it is given, shows or hides questions whose scope changes, and
// copies the private link. The page works without this script: Save and Next post the
// same answers.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  var status = document.querySelector("[data-save-status]");

  function say(text) {
    if (status) status.textContent = text;
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

  function post(payload, retried) {
    return fetch(form.dataset.autosave, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(payload)
    }).then(function (response) {
      if (response.status === 400 && !retried) {
        return response.json().then(function (body) {
          if (body.error === "csrf") return refreshToken().then(function () { return post(payload, true); });
          throw new Error(body.message || "refused");
        });
      }
      return response.json().then(function (body) {
        if (!response.ok) {
          var refused = new Error(body.message || "refused");
          // A refusal for a reason that will not pass (closed, invalid) is not retried.
          refused.final = response.status === 409 || response.status === 422;
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

  // A refused answer is explained beside its question as well as in the status line.
  function explain(question, message) {
    var fieldset = document.getElementById("q-" + question);
    if (!fieldset) return;
    var note = fieldset.querySelector("[data-inline-error]");
    if (!message) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "field-errors";
      note.id = question + "-inline-error";
      note.setAttribute("data-inline-error", "");
      fieldset.querySelector("legend").insertAdjacentElement("afterend", note);
      var figure = fieldset.querySelector("[data-fact]");
      if (figure) figure.setAttribute("aria-describedby", note.id);
    }
    note.textContent = "Not saved: " + message;
  }

  // A retry sends the same sequence number, so it never replaces an answer given since.
  function save(payload, attempt) {
    say("Saving…");
    post(payload, false).then(function (body) {
      updateProgress(body.progress);
      explain(payload.question, "");
      say("All answers saved.");
    }).catch(function (error) {
      if (error.final) {
        explain(payload.question, error.message);
        say("Not saved: " + error.message);
      } else if (attempt < 3) {
        say("Not saved yet, trying again…");
        window.setTimeout(function () { save(payload, attempt + 1); }, 1000 * (attempt + 1));
      } else {
        say("Your last answer could not be saved (" + error.message + "). Use the Save button.");
      }
    });
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
        if (fact) save({ question: fact.question, value: fact.value, seq: nextSeq() }, 0);
        return;
      }
      if (input.type === "checkbox" && input.closest("[data-owners]")) {
        var owners = ownersAnswer(input);
        if (owners) save({ question: input.name, value: owners, seq: nextSeq() }, 0);
        return;
      }
      if (input.type !== "radio") return;
      save({ question: input.name, value: input.value, seq: nextSeq() }, 0);
      applyScope();
    });
    applyScope();
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
