/* DIP and DIK (issue #15): show the "new DIK entry" fields of the decision form only when
   asked for, and "Sudah tersedia?" on the request form: while the citizen types the
   information requested, published DIP entries and datasets that match are listed (the
   text is sent in a POST body, never in an address). Without JavaScript nothing is hidden
   and the form works as before. */
(function () {
  "use strict";
  document.querySelectorAll("[data-pkl-show-when-checked]").forEach(function (el) {
    var box = document.getElementById("field-decide-" + el.getAttribute("data-pkl-show-when-checked"));
    if (!box) { return; }
    var sync = function () { el.hidden = !box.checked; };
    box.addEventListener("change", sync);
    sync();
  });

  var panel = document.getElementById("pkl-available");
  var field = document.getElementById("field-information");
  if (!panel || !field || !window.fetch) { return; }
  var list = panel.querySelector("[data-pkl-available-list]");
  var url = panel.getAttribute("data-pkl-suggest-url");
  var token = document.querySelector('input[name="_csrf_token"]');
  var timer = null, last = "";
  function item(href, text, extra) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    li.appendChild(a);
    if (extra) { li.appendChild(document.createTextNode(" (" + extra + ")")); }
    return li;
  }
  function show(data) {
    list.textContent = "";
    (data.dip || []).forEach(function (e) {
      list.appendChild(item(panel.getAttribute("data-pkl-open-dip").replace("__REF__", encodeURIComponent(e.number)),
                            e.summary || e.number, e.org && e.org.title));
    });
    (data.datasets || []).forEach(function (d) {
      list.appendChild(item(panel.getAttribute("data-pkl-open-dataset").replace("__REF__", encodeURIComponent(d.name)),
                            d.title, d.organization));
    });
    panel.hidden = !list.children.length;
  }
  function ask() {
    var text = field.value.trim();
    if (text.length < 4 || text === last) { return; }
    last = text;
    var headers = {"Content-Type": "application/json"};
    if (token) { headers["X-CSRFToken"] = token.value; }
    fetch(url, {method: "POST", headers: headers, credentials: "same-origin",
                body: JSON.stringify({q: text.slice(0, 2000)})})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body && body.success) { show(body.result); } })
      .catch(function () { /* a courtesy: the form works without it */ });
  }
  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 600);
  });
  ask();
})();
