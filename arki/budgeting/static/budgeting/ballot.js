/* Progressive enhancement for the voucher ballot: a live "used / held" counter.
   Without JavaScript the ballot works the same; the server checks the total either way. */
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
    counter.querySelector("[data-used]").textContent = used;
    counter.classList.toggle("ballot__counter--over", !isNaN(held) && used > held);
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
