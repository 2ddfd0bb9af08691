/* The table preview (ckanext-datatablesview, in its iframe) in the portal's way:
 * - the DataStore's internal "_id" column is headed "No." (the row's number in the
 *   uploaded file), also in the sort line, so no "_id" is shown;
 * - numbers of numeric columns are written in the page's language: 1.002.581 and 1.021,5
 *   in Indonesian, 1,002,581 in English (the plugin shows them unformatted); years, codes
 *   and numbers that name things (tahun, kode_*, nik, ...) are left as they are.
 * Loaded in the page's head (datatables/datatables_view.html); jQuery and DataTables come
 * later, so the handlers are attached once the document is parsed. */
(function () {
  "use strict";
  var NUMERIC = /^(int|int2|int4|int8|integer|bigint|smallint|numeric|float|float4|float8|double precision|real)$/;
  var PLAIN = /^-?\d+(\.\d+)?$/;
  /* years, codes and numbers that name things are written as they are (2024, not 2.024) */
  var NAMES = /(^|[_\s-])(tahun|year|thn|kode|code|id|no|nomor|number|nip|nik|npsn|nib|rt|rw|bulan|month)($|[_\s-])/i;

  function dictionary() {
    /* the plugin's template defines it with `const` in a script of the page */
    try {
      return gdataDict || []; // eslint-disable-line no-undef
    } catch (e) {
      return [];
    }
  }

  function relabel() {
    var cells = document.querySelectorAll("th[data-name='_id']");
    for (var i = 0; i < cells.length; i++) {
      if (cells[i].textContent.trim() === "_id") {
        cells[i].textContent = "No.";
      }
    }
    /* the sort order line ("Urutkan: _id") */
    var lines = document.querySelectorAll(".sortinfo");
    for (var j = 0; j < lines.length; j++) {
      var walker = document.createTreeWalker(lines[j], NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (/\b_id\b/.test(node.nodeValue)) {
          node.nodeValue = node.nodeValue.replace(/\b_id\b/g, "No.");
        }
      }
    }
  }

  function setUp($) {
    $(document).on("init.dt", function (event, settings) {
      if (!settings.nTable || settings.nTable.id !== "dtprv") {
        return;
      }
      var api = new $.fn.dataTable.Api(settings);
      var lang = $(settings.nTable).data("languagecode") || document.documentElement.lang || "id";
      var format = new Intl.NumberFormat(lang, { maximumFractionDigits: 10 });
      var numeric = [];
      dictionary().forEach(function (field, index) {
        if (NUMERIC.test(String(field.type).toLowerCase()) && !NAMES.test(String(field.id))) {
          numeric.push(index + 1); /* column 0 is _id */
        }
      });

      function formatCells() {
        api.rows({ page: "current" }).every(function (row) {
          numeric.forEach(function (column) {
            var cell = api.cell(row, column);
            var node = cell.node();
            var raw = String(cell.data());
            if (!node || node.hasAttribute("data-pkl-number") || !PLAIN.test(raw)) {
              return;
            }
            var value = Number(raw);
            if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
              return;
            }
            node.textContent = format.format(value);
            node.setAttribute("data-pkl-number", raw);
          });
        });
      }

      relabel();
      formatCells();
      api.on("draw.dt order.dt", function () {
        relabel();
        formatCells();
        window.setTimeout(relabel, 0); /* after the plugin rewrites its sort line */
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    relabel();
    if (window.jQuery && window.jQuery.fn && window.jQuery.fn.dataTable) {
      setUp(window.jQuery);
    }
  });
})();
