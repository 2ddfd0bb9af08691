/* Progressive enhancement of the PPID forms: show only the fields that apply.
   Without JavaScript every field stays visible with its hint. */
(function () {
  "use strict";
  function sync(form) {
    form.querySelectorAll("[data-pkl-show-when]").forEach(function (el) {
      var rule = el.getAttribute("data-pkl-show-when").split("=");
      var name = rule[0], wanted = rule[1].split("|");
      var checked = form.querySelector('input[name="' + name + '"]:checked');
      var select = form.querySelector('select[name="' + name + '"]');
      var value = checked ? checked.value : (select ? select.value : "");
      el.hidden = wanted.indexOf(value) === -1;
      // a hidden field is not sent: a NIK typed before switching to "Badan hukum" cannot
      // block the form (the server ignores it too); switching back restores what was typed
      el.querySelectorAll("input, select, textarea").forEach(function (field) {
        field.disabled = el.hidden;
      });
    });
  }
  document.querySelectorAll("form[data-pkl-conditional]").forEach(function (form) {
    form.addEventListener("change", function () { sync(form); });
    sync(form);
  });
  // after a refused form, bring its error summary into view and focus it (the forms also
  // post to "#...error-summary", so the browser scrolls there without JavaScript)
  var summary = document.querySelector(".pkl-error-summary");
  if (summary) {
    summary.scrollIntoView();
    summary.focus();
  }
  document.querySelectorAll("[data-pkl-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
