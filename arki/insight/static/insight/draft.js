/* Diary day: keep a draft on this device while the server cannot take it.
   Progressive enhancement of the htmx autosave (the page works without it). The text is
   stored only while an autosave has failed (offline, session expired), is offered back when
   the participant returns, and is removed as soon as the server has it, when the day has been
   saved since, and when the participant leaves the diary: it is personal data on a device
   that may be shared. Storage key: arki-diary-draft:<participant>:<day>. */
(function () {
  "use strict";
  var PREFIX = "arki-diary-draft:";
  var SKIP = { csrfmiddlewaretoken: true, base: true };

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }  // blocked by settings
  }
  function read(key) {
    var store = storage();
    try { return store ? JSON.parse(store.getItem(key) || "null") : null; } catch (error) { return null; }
  }
  function write(key, value) {
    var store = storage();
    try { if (store) { store.setItem(key, JSON.stringify(value)); } } catch (error) { /* full */ }
  }
  function remove(key) {
    var store = storage();
    if (store) { store.removeItem(key); }
  }
  function keysOf(participant) {
    var store = storage(), keys = [];
    if (!store) { return keys; }
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX + (participant || "")) === 0) { keys.push(key); }
    }
    return keys;
  }

  function values(form) {
    var result = {};
    new FormData(form).forEach(function (value, name) {
      if (SKIP[name] || typeof value !== "string") { return; }
      (result[name] = result[name] || []).push(value);
    });
    return result;
  }
  function fill(form, stored) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || SKIP[field.name]) { return; }
      var list = stored[field.name] || [];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = list.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = list.indexOf(option.value) !== -1;
        });
      } else if (field.type !== "hidden" && field.type !== "submit") {
        field.value = list[0] || "";
      }
    });
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  /* A day saved after the draft was kept (its saved version changed) makes the draft old. */
  function forgetSaved(root, participant) {
    root.querySelectorAll("[data-diary-day][data-saved-version]").forEach(function (item) {
      var key = PREFIX + participant + ":" + item.getAttribute("data-diary-day");
      var kept = read(key);
      if (kept && kept.base !== item.getAttribute("data-saved-version")) { remove(key); kept = null; }
      var tag = item.querySelector("[data-local-draft-tag]");
      if (tag) { tag.hidden = !kept; }
    });
  }

  function bindForm(form) {
    var participant = form.getAttribute("data-local-drafts");
    var key = PREFIX + participant + ":" + form.getAttribute("data-day");
    var base = form.elements.base ? form.elements.base.value : "";
    var status = document.getElementById("draft-status");
    var offer = document.getElementById("local-draft");

    function keep() { write(key, { base: base, at: new Date().toISOString(), values: values(form) }); }

    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) { return; }
      if (event.detail.successful) { remove(key); return; }
      keep();
      if (status) {
        var xhr = event.detail.xhr;
        var said = xhr && xhr.status === 403 ? xhr.responseText + " " : "";
        status.textContent = said + form.getAttribute("data-offline-text");
      }
    });
    /* The save itself may also fail (session expired): keep the latest text if a draft is
       already kept; a successful save changes the saved version, which clears it. */
    form.addEventListener("submit", function () { if (read(key)) { keep(); } });

    var kept = read(key);
    if (!kept) { return; }
    if (kept.base !== base || same(kept.values, values(form))) { remove(key); return; }
    if (!offer) { return; }
    offer.hidden = false;
    offer.querySelector("[data-restore]").addEventListener("click", function () {
      fill(form, kept.values);
      offer.hidden = true;
      form.dispatchEvent(new Event("change", { bubbles: true }));  // autosave to the server
      var first = form.querySelector("textarea, input:not([type=hidden])");
      if (first) { first.focus(); }
    });
    offer.querySelector("[data-discard]").addEventListener("click", function () {
      remove(key);
      offer.hidden = true;
    });
  }

  function start() {
    document.querySelectorAll("[data-local-drafts]").forEach(function (root) {
      forgetSaved(document, root.getAttribute("data-local-drafts"));
      if (root.tagName === "FORM") { bindForm(root); }
    });
    document.querySelectorAll("form[data-forget-local-drafts]").forEach(function (form) {
      form.addEventListener("submit", function () { keysOf("").forEach(remove); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
