/* tolok: offline search over window.TOLOK_SEARCH (written by the build as
   _assets/search-index.js). Works from a folder opened in the browser: no requests.
   Everything inserted is text (textContent), never HTML. */
(function () {
  "use strict";
  var data = window.TOLOK_SEARCH;
  var root = document.getElementById("search");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!data || !root || !input || !list || !status) {
    return;
  }
  var MAX = 100;

  function norm(s) {
    s = String(s || "").toLowerCase();
    if (s.normalize) {
      s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return s;
  }

  var docs = data.entries.map(function (e, i) {
    return { e: e, i: i, title: norm(e.t), all: norm([e.t, e.s, e.x].join(" ")) };
  });

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) {
      node.className = cls;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function run(query) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    var terms = norm(query).split(/\s+/).filter(function (t) { return t.length > 0; });
    if (terms.length === 0) {
      status.textContent = "";
      return;
    }
    var hits = [];
    docs.forEach(function (d) {
      var score = 0;
      for (var j = 0; j < terms.length; j++) {
        if (d.all.indexOf(terms[j]) < 0) {
          return;
        }
        score += d.title.indexOf(terms[j]) >= 0 ? 3 : 1;
        if (d.title.indexOf(terms[j]) === 0) {
          score += 1;
        }
      }
      hits.push({ d: d, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.d.i - b.d.i; });
    if (hits.length === 0) {
      status.textContent = root.getAttribute("data-none");
    } else if (hits.length > MAX) {
      status.textContent = root.getAttribute("data-more").replace("{n}", String(MAX));
    } else {
      status.textContent = root.getAttribute("data-found").replace("{n}", String(hits.length));
    }
    hits.slice(0, MAX).forEach(function (h) {
      var e = h.d.e;
      var item = el("li", "search-hit");
      item.appendChild(el("span", "search-kind", root.getAttribute("data-kind-" + e.k) || ""));
      item.appendChild(document.createTextNode(" "));
      var link = el("a", null, e.t);
      link.setAttribute("href", e.u);
      item.appendChild(link);
      if (e.s) {
        item.appendChild(el("span", "search-place", e.s));
      }
      if (e.k === "n" && e.x) {
        item.appendChild(el("span", "search-excerpt", e.x));
      }
      list.appendChild(item);
    });
  }

  var query = "";
  try {
    query = new URLSearchParams(window.location.search).get("q") || "";
  } catch (err) {
    query = "";
  }
  input.value = query;
  run(query);
  input.addEventListener("input", function () { run(input.value); });
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      run(input.value);
    });
  }
})();
