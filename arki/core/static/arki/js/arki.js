/* Small behaviours shared by every page. They live here, not in inline handlers, because the
   Content-Security-Policy allows scripts only from our own static files (script-src 'self'). */
"use strict";

/* <button data-print>: print the page (the call list is taken to the phone on paper). */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

/* The participant's page polls for the next question every few seconds. A poll must never wipe
   out an answer being typed: a form that has focus or has been changed holds the poll back.
   (htmx's own `[condition]` trigger filter would need eval, which the CSP forbids.) */
/* "input" as well as "change": a number typed and left without a blur (or filled by a phone's
   keyboard) fires only "input", and a poll must not wipe it either. */
function markDirty(event) {
  var form = event.target.closest && event.target.closest("#activities form");
  if (form) {
    form.classList.add("dirty");
  }
}
document.addEventListener("input", markDirty);
document.addEventListener("change", markDirty);
function answerStarted(event) {
  var poller = event.detail && event.detail.elt;
  return poller && poller.id === "activities" &&
    document.querySelector("#activities form :focus, #activities form.dirty");
}
document.addEventListener("htmx:beforeRequest", function (event) {
  if (answerStarted(event)) {
    event.preventDefault();
  }
});
/* A poll sent before the participant started typing may answer after: its page is dropped. */
document.addEventListener("htmx:beforeSwap", function (event) {
  if (answerStarted(event)) {
    event.detail.shouldSwap = false;
  }
});

/* The live timer: the server sends the seconds left (data-timer-left) with every refreshed
   fragment; between refreshes the clock counts down here. Without JS the refresh shows it. */
function tickTimers() {
  var now = Date.now();
  document.querySelectorAll("[data-timer-left]").forEach(function (clock) {
    if (!clock.dataset.timerStart) {
      clock.dataset.timerStart = String(now);
    }
    var left = Number(clock.dataset.timerLeft) - (now - Number(clock.dataset.timerStart)) / 1000;
    var seconds = Math.max(0, Math.ceil(left));
    var text = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    if (clock.textContent !== text) {
      clock.textContent = text;
    }
    if (seconds === 0) {
      clock.closest(".timer").classList.add("timer--done");
    }
  });
}
setInterval(tickTimers, 250);

/* The new-process picker: <select data-region-filter="ID"> shows only the chosen region's
   fieldset of municipalities inside #ID (every region when none is chosen). Municipalities
   already ticked elsewhere stay ticked: the form then says which region they belong to. */
function filterRegions(select) {
  var groups = document.getElementById(select.getAttribute("data-region-filter"));
  if (!groups) {
    return;
  }
  groups.querySelectorAll("[data-region]").forEach(function (group) {
    group.hidden = Boolean(select.value) && group.getAttribute("data-region") !== select.value;
  });
}
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("select[data-region-filter]")) {
    filterRegions(event.target);
  }
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-region-filter]").forEach(filterRegions);
});
