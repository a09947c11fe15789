// Wagtail's tag field (tag-it) and rich text editor (Draftail) create their own input
// without an accessible name (axe-core: "label", "aria-input-field-name"): name each
// one after its field's label (Wagtail's panel heading, "<id>-label", or a
// <label for>), also when a panel adds fields later.
(function () {
  "use strict";
  var count = 0;
  function labelOf(field) {
    var source = field.querySelector("[data-field-input] [id]");
    if (!source) return null;
    var label = document.getElementById(source.id + "-label") || document.querySelector('label[for="' + source.id + '"]');
    if (label && !label.id) label.id = "sd-field-label-" + (++count);
    return label;
  }
  function name(root) {
    root.querySelectorAll(".w-field").forEach(function (field) {
      var inputs = field.querySelectorAll('.tagit input.ui-autocomplete-input, [contenteditable="true"][role="textbox"]');
      if (!inputs.length) return;
      var label = labelOf(field);
      if (!label) return;
      inputs.forEach(function (input) {
        if (!input.getAttribute("aria-label") && !input.getAttribute("aria-labelledby")) {
          input.setAttribute("aria-labelledby", label.id);
        }
      });
    });
  }
  function start() {
    name(document);
    new MutationObserver(function () { name(document); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
