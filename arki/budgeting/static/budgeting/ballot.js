/* Progressive enhancement for the voucher ballot: a live "used / held" counter that
   disables sending while the ballot spends more than the participant holds.
   Without JavaScript the ballot works the same; the server checks the total either way
   and gives a refused ballot back as typed. */
(function () {
  // The participant page swaps this partial in every few seconds; bind the listeners once.
  if (window.arkiBallotCounter) { return; }
  window.arkiBallotCounter = true;
  function update(ballot) {
    var held = parseInt(ballot.getAttribute("data-held"), 10);
    var used = 0;
    ballot.querySelectorAll("input[type=number]").forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (value > 0) { used += value; }
    });
    var counter = ballot.querySelector("[data-counter]");
    if (!counter) { return; }
    var over = !isNaN(held) && used > held;
    counter.querySelector("[data-used]").textContent = used;
    counter.classList.toggle("ballot__counter--over", over);
    var warning = counter.querySelector("[data-over]");
    if (warning) { warning.hidden = !over; }
    // An overspent ballot cannot be sent: the server would refuse it anyway.
    var form = ballot.closest("form");
    if (form) {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = over;
        if (over) { button.setAttribute("aria-describedby", "ballot-over-" + formId(form)); }
        else { button.removeAttribute("aria-describedby"); }
      });
    }
    if (warning) { warning.id = "ballot-over-" + formId(form); }
  }
  var forms = 0;
  function formId(form) {
    if (!form) { return "0"; }
    if (!form.dataset.ballotId) { forms += 1; form.dataset.ballotId = String(forms); }
    return form.dataset.ballotId;
  }
  function bind(root) {
    root.querySelectorAll("fieldset.ballot[data-held]").forEach(function (ballot) {
      if (ballot.dataset.bound) { return; }
      ballot.dataset.bound = "1";
      ballot.querySelector("[data-counter]").hidden = false;
      ballot.addEventListener("input", function () { update(ballot); });
      update(ballot);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { bind(document); });
  } else {
    bind(document);  // loaded by an htmx swap after the page itself
  }
  document.addEventListener("htmx:afterSwap", function (event) { bind(event.target); });
})();
