/* engage inbox: keyboard triage, keeping the officer's place across polls, action errors.
   No inline script anywhere (the Content-Security-Policy forbids it); everything lives here. */
(function () {
  "use strict";

  var selectedUid = null;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#rows tr.item"));
  }

  function current() {
    var all = rows();
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-uid") === selectedUid) { return all[i]; }
    }
    return null;
  }

  /* keepFocus: the officer clicked or tapped a control in the row. Moving focus to the row then
     would blur that button before its form is submitted, and htmx would send the form without the
     pressed button's name and value (status ''). */
  function select(row, keepFocus) {
    rows().forEach(function (r) { r.classList.remove("selected"); r.removeAttribute("aria-selected"); });
    if (!row) { selectedUid = null; return; }
    row.classList.add("selected");
    row.setAttribute("aria-selected", "true");
    selectedUid = row.getAttribute("data-uid");
    if (keepFocus) { return; }
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var idx = all.indexOf(current());
    var next = idx < 0 ? 0 : Math.min(Math.max(idx + step, 0), all.length - 1);
    select(all[next]);
  }

  function press(key) {
    var row = current();
    if (!row) { return; }
    var button = row.querySelector('button[data-key="' + key + '"]');
    if (!button || button.disabled) { return; }
    /* A form still missing something (escalate asks why) shows what and takes the cursor there. */
    if (button.form && !button.form.reportValidity()) { return; }
    button.click();
  }

  function flash(message) {
    var box = document.getElementById("flash");
    if (!box) { return; }
    box.textContent = message;  /* textContent: server text is never parsed as HTML */
    box.hidden = false;
    window.setTimeout(function () { box.hidden = true; }, 6000);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) {
      if (event.key === "Escape") { target.blur(); }
      return;
    }
    if (!document.getElementById("rows")) { return; }
    /* Enter on a focused control activates that control, not the row's thread link. */
    if (event.key === "Enter" && (tag === "BUTTON" || tag === "A")) { return; }
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "r": case "n": case "e": case "a": press(event.key); break;
      case "o": case "Enter": {
        var row = current();
        var link = row && row.querySelector("a.thread-link");
        if (link) { window.location.assign(link.getAttribute("href")); }
        break;
      }
      case "/": {
        var search = document.querySelector('.filters input[name="q"]');
        if (search) { search.focus(); }
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("#rows tr.item");
    var control = event.target.closest("button, a, input, select, textarea, label");
    if (row) { select(row, Boolean(control)); }
  });

  /* Polls send the fingerprint of what is on screen; the server answers 204 when nothing changed. */
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.id === "rows") {
      event.detail.parameters.fp = elt.getAttribute("data-fp") || "";
    }
  });

  /* Keep the place: remember the selected row's position on screen before a poll replaces the rows. */
  var anchor = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "rows") {
      var row = current();
      var all = rows();
      anchor = row ? { uid: selectedUid, top: row.getBoundingClientRect().top, index: all.indexOf(row) } : null;
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail.elt;
    var tbody = document.getElementById("rows");
    var total = document.getElementById("total");
    if (tbody && total) { total.textContent = tbody.getAttribute("data-total") || total.textContent; }
    if (elt && elt.id === "rows") {
      if (!anchor) { return; }
      var all = rows();
      var found = null;
      for (var i = 0; i < all.length; i++) {
        if (all[i].getAttribute("data-uid") === anchor.uid) { found = all[i]; break; }
      }
      if (!found && all.length) { found = all[Math.min(anchor.index, all.length - 1)]; }
      if (found) {
        select(found);
        window.scrollBy(0, found.getBoundingClientRect().top - anchor.top);
      }
      anchor = null;
      return;
    }
    /* An action replaced one row: keep it selected, or move on once it is handled. */
    if (elt && elt.matches && elt.matches("tr.item")) {
      var uid = elt.getAttribute("data-uid");
      if (uid !== selectedUid) { return; }
      var handled = !(elt.classList.contains("status-new") || elt.classList.contains("status-in_progress"));
      if (handled) { move(1); } else { select(elt); }
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    flash(xhr && xhr.responseText ? xhr.responseText : "The change was not saved.");
  });

  /* The answer editor's count against the platform's limit (the server checks it again). */
  function countChars(area) {
    var out = document.getElementById("answer-count");
    if (!out) { return; }
    var n = Array.from(area.value.replace(/\r\n/g, "\n").trim()).length;
    var max = parseInt(area.getAttribute("data-max-chars"), 10);
    out.textContent = n + " / " + max;
    out.classList.toggle("over", n > max);
  }

  document.addEventListener("input", function (event) {
    var area = event.target;
    if (area && area.matches && area.matches("textarea[data-max-chars]")) { countChars(area); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var first = rows()[0];
    if (first) { select(first); }
  });
}());
