/* Search-as-you-type for the dataset search boxes (input name="q").
 *
 * While the user types, the titles that pekalongan_suggest finds (words of the title that
 * start with the words typed) are offered in a <datalist>; picking one opens that
 * dataset. Plain JavaScript, no dependency; without JavaScript the box works as before.
 */
(function () {
  "use strict";

  // CKAN's <body data-site-root data-locale-root> are absolute URLs built from
  // ckan.site_url; only their path is used, so requests stay on the page's own origin.
  function path(attribute) {
    var value = (document.body && document.body.getAttribute(attribute)) || "/";
    return new URL(value, window.location.href).pathname.replace(/\/$/, "");
  }
  var api = path("data-site-root") + "/api/3/action/pekalongan_suggest";
  var datasetRoot = path("data-locale-root");

  function attach(input, index) {
    var list = document.createElement("datalist");
    var names = {};
    var timer = null;
    var last = "";
    list.id = "pekalongan-suggest-" + index;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);

    function show(results) {
      names = {};
      list.innerHTML = "";
      results.forEach(function (r) {
        var option = document.createElement("option");
        option.value = r.title;
        names[r.title] = r.name;
        list.appendChild(option);
      });
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2 || q === last) { return; }
      last = q;
      fetch(api + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (resp) { return resp.ok ? resp.json() : { result: [] }; })
        .then(function (body) { if (input.value.trim() === q) { show(body.result || []); } })
        .catch(function () { /* suggestions are a convenience: stay quiet */ });
    }

    input.addEventListener("input", function () {
      var name = names[input.value];
      if (name) {
        window.location.href = datasetRoot + "/dataset/" + encodeURIComponent(name);
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 200);
    });
  }

  Array.prototype.forEach.call(
    document.querySelectorAll('form input[name="q"]'), attach);
})();
