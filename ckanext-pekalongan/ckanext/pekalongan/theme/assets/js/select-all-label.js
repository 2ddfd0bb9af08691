/* Gives CKAN's "select all" checkbox (added by the table-selectable-rows module, without a
 * label) an accessible name: data-module="table-selectable-rows pekalongan-select-all-label"
 * on the table, the name in data-module-label. CKAN initialises the modules of an element in
 * the order listed, so the checkbox exists when this one runs. */
this.ckan.module('pekalongan-select-all-label', function ($) {
  return {
    options: {label: ''},
    initialize: function () {
      var label = this.options.label;
      $('thead th:first-child input[type="checkbox"]', this.el).each(function () {
        if (!this.getAttribute('aria-label')) { this.setAttribute('aria-label', label); }
      });
    }
  };
});
