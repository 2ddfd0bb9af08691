/* The search page's result links go through the click address of the logged search
 * (/cari/buka/<token>?ke=<dataset>), which records that a result was opened (nothing
 * about who) and redirects to the dataset. Rewritten only when the link is used, so the
 * page shows and copies the datasets' own addresses. */
(function () {
  "use strict";
  var box = document.querySelector(".pekalongan-search-results[data-click-url]");
  if (!box) { return; }
  var base = box.getAttribute("data-click-url");
  function through(event) {
    var a = event.target.closest ? event.target.closest("a[href]") : null;
    if (!a || !box.contains(a) || a.getAttribute("data-pkl-click")) { return; }
    var m = a.pathname.match(/\/dataset\/([a-z0-9_-]{2,100})\/?$/);
    if (!m) { return; }
    a.setAttribute("data-pkl-click", "1");
    a.href = base + "?ke=" + encodeURIComponent(m[1]);
  }
  box.addEventListener("mousedown", through);
  box.addEventListener("keydown", function (e) { if (e.key === "Enter") { through(e); } });
  box.addEventListener("click", through);
})();
