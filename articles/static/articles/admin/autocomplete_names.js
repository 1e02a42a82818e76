/* Name select2's autocomplete boxes by their field's label (axe: aria-input-field-name).
 *
 * select2 points the box's aria-labelledby at the text of the choice, which is empty until
 * something is chosen; this adds the field's <label> in front. select2 draws its boxes when
 * jQuery is ready, at a time we do not control, so this waits for them (briefly). A file,
 * not inline code: the CSP allows scripts from our origin only.
 */
"use strict";
(function () {
  function name() {
    var boxes = document.querySelectorAll("select.admin-autocomplete");
    var done = 0;
    boxes.forEach(function (select) {
      var box = select.parentNode.querySelector(".select2-selection");
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (!box || !label) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "-label";
      }
      var current = box.getAttribute("aria-labelledby") || "";
      if (current.split(" ").indexOf(label.id) < 0) {
        box.setAttribute("aria-labelledby", (label.id + " " + current).trim());
      }
      var rendered = box.querySelector(".select2-selection__rendered");
      if (rendered) {  // the chosen text, a read-only textbox to assistive technology
        rendered.setAttribute("aria-labelledby", label.id);
      }
      done += 1;
    });
    return boxes.length > 0 && done === boxes.length;
  }
  function start() {
    var attempts = 0;
    (function poll() {
      if (!name() && attempts++ < 100) {
        window.setTimeout(poll, 50);
      }
    })();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
