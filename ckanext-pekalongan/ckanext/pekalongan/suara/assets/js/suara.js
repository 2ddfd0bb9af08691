/* Suara Masyarakat report form, progressively enhanced (without JavaScript the
 * "Cari laporan serupa" button asks the server instead):
 * - while the citizen types, public reports like the text are listed
 *   (suara_report_list, public scope, through the Action API of this origin);
 * - a second click on a submit button does not send a form twice (the server
 *   also refuses a second report from one form and a second action on a report).
 */
(function () {
  "use strict";

  function path(attribute) {
    var value = (document.body && document.body.getAttribute(attribute)) || "/";
    return new URL(value, window.location.href).pathname.replace(/\/$/, "");
  }
  var api = path("data-site-root") + "/api/3/action/suara_report_list";

  function listSimilar(box, results) {
    box.textContent = "";
    if (!results.length) { return; }
    var title = document.createElement("h2");
    title.className = "h3";
    title.textContent = box.getAttribute("data-title");
    var hint = document.createElement("p");
    hint.className = "pkl-hint";
    hint.textContent = box.getAttribute("data-hint");
    var list = document.createElement("ul");
    list.className = "pkl-list";
    var root = box.getAttribute("data-detail-root").replace(/\/$/, "");
    results.forEach(function (r) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + "/laporan/" + encodeURIComponent(r.number);
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = r.number;
      var text = (r.public_text || "");
      item.appendChild(link);
      item.appendChild(document.createTextNode(": " + (text.length > 160 ? text.slice(0, 157) + "..." : text)));
      list.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(hint);
    box.appendChild(list);
  }

  // The longest few distinct words (4 letters or more, no stop words): the
  // search of suara_report_list matches one phrase, so each word is one call
  // and the reports sharing the most words come first (as the server does
  // without JavaScript).
  function keywords(text, stopwords, count) {
    var words = [];
    text.toLowerCase().split(/\s+/).forEach(function (raw) {
      var word = raw.replace(/[^0-9a-z\u00c0-\u024f]/g, "");
      if (word.length >= 4 && !stopwords[word] && words.indexOf(word) === -1) { words.push(word); }
    });
    return words.sort(function (a, b) { return b.length - a.length; }).slice(0, count);
  }

  function similar(form) {
    var text = form.querySelector('textarea[name="text"]');
    var box = document.getElementById("suara-similar");
    if (!text || !box) { return; }
    var stopwords = {};
    (box.getAttribute("data-stopwords") || "").split(" ").forEach(function (w) { stopwords[w] = true; });
    var count = parseInt(box.getAttribute("data-keywords"), 10) || 3;
    var timer = null;
    var last = "";
    var round = 0;
    function search(word) {
      var url = api + "?scope=public&limit=5&q=" + encodeURIComponent(word);
      return fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (resp) { return resp.ok ? resp.json() : null; })
        .then(function (body) { return (body && body.result && body.result.results) || []; })
        .catch(function () { return []; });
    }
    function ask() {
      var words = keywords(text.value, stopwords, count);
      var key = words.join(" ");
      if (!words.length || key === last) { return; }
      last = key;
      var mine = ++round;
      Promise.all(words.map(search)).then(function (lists) {
        if (mine !== round) { return; }
        var found = {}, hits = {}, order = [];
        lists.forEach(function (results) {
          results.forEach(function (r) {
            if (!found[r.number]) { found[r.number] = r; hits[r.number] = 0; order.push(r.number); }
            hits[r.number] += 1;
          });
        });
        order.sort(function (a, b) { return (hits[b] - hits[a]) || (a < b ? -1 : 1); });
        listSimilar(box, order.slice(0, 5).map(function (n) { return found[n]; }));
      });
    }
    text.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 400);
    });
    var button = form.querySelector("[data-suara-similar-button]");
    if (button) { button.parentNode.hidden = true; }
  }

  function once(form) {
    var sending = false;
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute("formnovalidate")) { return; }
      if (sending) { event.preventDefault(); return; }
      sending = true;
    });
  }

  document.querySelectorAll("form[data-suara-report-form]").forEach(similar);
  document.querySelectorAll('.pkl-suara form[method="post"]').forEach(once);
})();
