/* Fill the "code an exact part" form from a text selection in a diary answer.
   Offsets are counted in Unicode code points, as the server counts them. */
(function () {
  "use strict";
  function codePoints(text) { return Array.from(text).length; }
  function update() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    var box = range.commonAncestorContainer;
    if (box.nodeType !== 1) { box = box.parentElement; }
    var entry = box && box.closest(".entry-text");
    if (!entry) { return; }
    var before = document.createRange();
    before.selectNodeContents(entry);
    before.setEnd(range.startContainer, range.startOffset);
    var start = codePoints(before.toString());
    var end = start + codePoints(range.toString());
    var form = document.querySelector('form.span-coding[data-entry="' + entry.dataset.entry + '"]');
    if (!form || end <= start) { return; }
    form.querySelector('[data-role="start"]').value = start;
    form.querySelector('[data-role="end"]').value = end;
    form.querySelector('[data-role="preview"]').textContent = "“" + range.toString() + "”";
    form.closest("details").open = true;
  }
  document.addEventListener("mouseup", update);
  document.addEventListener("keyup", function (event) { if (event.shiftKey) { update(); } });
})();
