/* The region picker of the dataset form (scheming/form_snippets/pekalongan_region_picker.html):
   shows the filter box and hides the areas whose name or code does not contain its text. */
(function () {
  "use strict";
  function setUp(box) {
    var filter = box.querySelector(".pkl-region-filter");
    var input = filter && filter.querySelector("input");
    if (!input) { return; }
    filter.hidden = false;
    input.addEventListener("input", function () {
      var text = input.value.trim().toLowerCase();
      box.querySelectorAll(".pkl-region-list li").forEach(function (item) {
        item.hidden = text !== "" && item.textContent.toLowerCase().indexOf(text) === -1;
      });
    });
  }
  function init() { document.querySelectorAll("[data-pkl-region-picker]").forEach(setUp); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
}());
