/* The site search: Pagefind's search API over every bundle the build wrote (/pagefind/bundles.json), merged.

   A Pagefind page holds several records (gongshi/sitesearch.py, page()): its text is split at the separators,
   a record is shown when it holds every word of the query (Pagefind finds the pages that do, in any of their
   records, and a bundle without a word answers with the longest start of it that it has), and each shows its
   own address, title, summary, kind, department and date. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  // what a search can be narrowed to, and where a record says it (its meta: sitesearch.py page()); each is also
  // among the record's words, so Pagefind finds only the pages that have it
  var filters = [["search-kind", 3], ["search-dept", 4], ["search-year", 6]].map(function (f) {
    return { select: document.getElementById(f[0]), field: f[1] };
  }).filter(function (f) { return f.select; });
  var PATIENCE = 3; // batches in a row without a record to show: what is left is Pagefind's backtracking
  if (!form || !input || !status || !list || !more || !window.fetch || !window.Promise) { return; }
  var SEPARATOR = "\u00b6";
  var BATCH = 10; // Pagefind pages read at a time: each is one small download
  // a match of another length than the word typed ranks far below one of the word itself
  var RANKING = { termSimilarity: 8.0 };
  var engine = null;
  var current = null; // the search shown: {query, wanted, results, next, count}
  var timer = null;

  // the words of a query as the index holds them (sitesearch.py words, spelled): runs of letters and digits, a
  // Chinese character as c and its code point's digits last first, brackets of a 文号 or a title dropped
  function terms(query) {
    return query.replace(/[《》“”"'〔〕【】\[\]［］()（）]/g, "").replace(/[^0-9A-Za-z\u3400-\u9fff]+/g, " ").trim()
      .toLowerCase().replace(/[\u3400-\u9fff]/g, function (c) {
        return "c" + String(c.charCodeAt(0)).split("").reverse().join("");
      }).split(" ").filter(Boolean);
  }

  function load() {
    if (!engine) {
      engine = fetch("/pagefind/bundles.json").then(function (r) { return r.json(); }).then(function (bundles) {
        return import(bundles[0] + "pagefind.js").then(function (pagefind) {
          return pagefind.options({ ranking: RANKING }).then(function () {
            return Promise.all(bundles.slice(1).map(function (b) {
              return pagefind.mergeIndex(b, { ranking: RANKING });
            }));
          }).then(function () { return pagefind; });
        });
      });
      engine.catch(function () { engine = null; }); // (a failed load is tried again by the next search)
    }
    return engine;
  }

  // how well a record's words answer the query: 0 when one of its words is missing, or the record is not of what
  // the search is narrowed to; a word matched whole counts
  // twice a word matched by its start; a company counts for little by its names and much by its credit code,
  // so a name finds the company's decisions first and a credit code the company's page (sitesearch.py weights)
  function score(words, wanted, chosen, record) {
    for (var k = 0; k < chosen.length; k++) {
      if (String(record[chosen[k].field]) !== chosen[k].value) { return 0; }
    }
    var company = record[3] === "企业" ? record[0].split("/")[2].toLowerCase() : null;
    var total = 0;
    for (var i = 0; i < wanted.length; i++) {
      var best = 0;
      for (var j = 0; j < words.length; j++) {
        if (words[j].lastIndexOf(wanted[i], 0) === 0) {
          var s = words[j].length === wanted[i].length ? 2 : 1;
          if (company !== null) { s *= words[j] === company ? 10 : 0.2; }
          if (s > best) { best = s; }
        }
      }
      if (!best) { return 0; }
      total += best;
    }
    return total;
  }

  function item(record) { // [address, title, summary, kind, department, date]
    var li = document.createElement("li");
    li.className = "search-result";
    var title = document.createElement("p");
    title.className = "search-title";
    var a = document.createElement("a");
    a.href = record[0];
    a.textContent = record[1];
    title.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = [record[3], record[4], record[5]].filter(Boolean).join(" · ");
    var summary = document.createElement("p");
    summary.className = "search-summary";
    summary.textContent = record[2];
    li.appendChild(title);
    li.appendChild(meta);
    li.appendChild(summary);
    return li;
  }

  function done(shown, message) {
    status.textContent = message;
    list.setAttribute("data-query", shown.query);
  }

  // read the next BATCH of Pagefind's pages and show their records that answer the query, best first; after
  // PATIENCE batches with none, the rest is taken for pages that only match a start of a word (Pagefind answers
  // a word a bundle lacks with the longest start of it that it has) and not read
  function next(shown, tries) {
    var batch = shown.results.slice(shown.next, shown.next + BATCH);
    shown.next += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      if (current !== shown) { return; }
      var found = [];
      pages.forEach(function (data) {
        var records = JSON.parse((data.meta && data.meta.records) || "[]");
        var parts = data.content.split(SEPARATOR);
        records.forEach(function (record, i) {
          var s = score((parts[i + 1] || "").split(/[\s.]+/), shown.wanted, shown.chosen, record);
          if (s) { found.push({ record: record, score: s, order: found.length }); }
        });
      });
      found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
      var first = null;
      found.forEach(function (f) {
        var li = item(f.record);
        first = first || li;
        list.appendChild(li);
      });
      shown.count += found.length;
      var rest = shown.next < shown.results.length;
      if (!found.length && rest && (tries || 1) < PATIENCE) { return next(shown, (tries || 1) + 1); }
      rest = rest && found.length > 0;
      if (!rest && document.activeElement === more) { status.focus(); } // (the button is going)
      more.hidden = !rest;
      if (!shown.count) {
        done(shown, "没有找到与“" + shown.query + "”相符的公示信息。可以少输入几个字，或换用企业名称、统一社会信用代码、文号再试。");
      } else {
        done(shown, (rest ? "已显示 " : "共 ") + shown.count + " 条结果，按相关程度排列。");
      }
      return first;
    });
  }

  function run(query) {
    var required = [];
    var chosen = [];
    filters.forEach(function (f) {
      if (f.select.value) {
        required = required.concat(terms(f.select.value));
        chosen.push({ field: f.field, value: f.select.value });
      }
    });
    var shown = { query: query, wanted: terms(query), chosen: chosen, results: [], next: 0, count: 0 };
    current = shown;
    list.textContent = "";
    more.hidden = true;
    if (!shown.wanted.length) {
      done(shown, "");
      return;
    }
    status.textContent = "正在搜索……";
    load().then(function (pagefind) {
      return pagefind.search(shown.wanted.concat(required).join(" "));
    }).then(function (search) {
      if (current !== shown) { return; }
      shown.results = search.results;
      return next(shown);
    }).catch(function () {
      if (current === shown) {
        done(shown, "搜索暂时无法使用。请稍后再试，或在企业名录、开放数据中查找。");
      }
    });
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 300);
  });
  function submit() {
    clearTimeout(timer);
    run(input.value);
    if (window.history && history.replaceState) {
      history.replaceState(null, "", "?" + new URLSearchParams(new FormData(form)).toString());
    }
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  filters.forEach(function (f) { f.select.addEventListener("change", submit); });
  more.addEventListener("click", function () {
    var shown = current;
    if (!shown || shown.loading) { return; }
    shown.loading = true;
    next(shown).then(function (first) { // the keyboard goes on from the first result added
      shown.loading = false;
      var link = first && first.querySelector("a");
      if (link) { link.focus(); }
    }).catch(function () {
      shown.loading = false;
      if (current === shown) { status.textContent = "更多结果暂时无法读取，请稍后再试。"; }
    });
  });
  var params = new URLSearchParams(window.location.search);
  filters.forEach(function (f) {
    var value = params.get(f.select.name);
    if (value && [].some.call(f.select.options, function (o) { return o.value === value; })) { f.select.value = value; }
  });
  var q = params.get("q");
  if (q) {
    input.value = q;
    run(q);
  }
})();
