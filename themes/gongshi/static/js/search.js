/* The site search: Pagefind's search API over every bundle the build wrote (/pagefind/bundles.json), merged.

   A Pagefind page holds several records (gongshi/sitesearch.py, page()): its text is split at the separators,
   a record is shown when it holds every word of the query (Pagefind finds the pages that do, in any of their
   records, and a bundle without a word answers with the longest start of it that it has) and is of the kind,
   department and year chosen, and each shows its own address, title, summary, kind, department and date. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  // what a search can be narrowed to, and where a record's meta says it (sitesearch.py page())
  var filters = [["search-kind", 3], ["search-dept", 4], ["search-year", 6]].map(function (f) {
    return { select: document.getElementById(f[0]), field: f[1] };
  }).filter(function (f) { return f.select; });
  if (!form || !input || !status || !list || !more || !window.fetch || !window.Promise) { return; }
  var SEPARATOR = "\u00b6";
  var BATCH = 10; // Pagefind pages read at a time: each is one small download
  var SHOWN = 20; // records shown at a time
  var PATIENCE = 3; // batches in a row without a record to show: what is left is Pagefind's backtracking
  // a match of another length than the word typed ranks far below one of the word itself
  var RANKING = { termSimilarity: 8.0 };
  var engine = null;
  var current = null; // the search shown: {query, wanted, chosen, results, next, pending, done}
  var timer = null;
  var typing = false; // the address is that of a search still being typed

  // the words of a query as the index holds them (sitesearch.py words, spelled): full-width letters and digits
  // as ASCII, a 文号's year joined to its number however it was typed (〔2026〕21号, 2026-21号, 2026 21号),
  // brackets dropped, runs of letters and digits with a Chinese character as c and its code point's digits
  // last first, and a c more between a character and the digits after it
  function terms(query) {
    return query.normalize("NFKC").replace(/[《》“”"'〔〕【】\[\]［］()（）]/g, "")
      .replace(/(\d{4})[\s\-\u2010-\u2015\/.]*(\d+\s*号)/g, "$1$2")
      .replace(/[^0-9A-Za-z\u3400-\u9fff]+/g, " ").trim()
      .replace(/([\u3400-\u9fff])(?=[0-9])/g, "$1c")
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
  // the search is narrowed to; a word matched whole counts twice a word matched by its start; a company counts
  // for little by its names and much by its credit code, so a name finds the company's decisions first and a
  // credit code the company's page (sitesearch.py weights)
  function score(words, shown, record) {
    for (var k = 0; k < shown.chosen.length; k++) {
      if (String(record[shown.chosen[k].field]) !== shown.chosen[k].value) { return 0; }
    }
    var company = record[3] === "企业" ? record[0].split("/")[2].toLowerCase() : null;
    var total = 1;
    for (var i = 0; i < shown.wanted.length; i++) {
      var best = 0;
      for (var j = 0; j < words.length; j++) {
        if (words[j].lastIndexOf(shown.wanted[i], 0) === 0) {
          var s = words[j].length === shown.wanted[i].length ? 2 : 1;
          if (company !== null) { s *= words[j] === company ? 10 : 0.2; }
          if (s > best) { best = s; }
        }
      }
      if (!best) { return 0; }
      total += best;
    }
    return total;
  }

  function item(record) { // [address, title, summary, kind, department, date, year]
    var li = document.createElement("li");
    li.className = "search-result";
    var title = document.createElement("h2");
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

  // read Pagefind's pages, BATCH at a time, until more than SHOWN records wait to be shown (so the button shows
  // only when there is more), the pages run out, or PATIENCE batches in a row had none (then no more is read
  // for this search: the records left waiting are shown, the pages after them are not read)
  function fill(shown, idle) {
    if (shown.done || shown.pending.length > SHOWN || shown.next >= shown.results.length || idle >= PATIENCE) {
      shown.done = shown.next >= shown.results.length || idle >= PATIENCE;
      return Promise.resolve();
    }
    var batch = shown.results.slice(shown.next, shown.next + BATCH);
    shown.next += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      var found = [];
      pages.forEach(function (data) {
        var records = JSON.parse((data.meta && data.meta.records) || "[]");
        var parts = data.content.split(SEPARATOR);
        records.forEach(function (record, i) {
          var s = score((parts[i + 1] || "").split(/[\s.]+/), shown, record);
          if (s) { found.push({ record: record, score: s, order: found.length }); }
        });
      });
      found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
      found.forEach(function (f) { shown.pending.push(f.record); });
      return fill(shown, found.length ? 0 : idle + 1);
    });
  }

  function done(shown, message) {
    status.textContent = message;
    list.setAttribute("data-query", shown.query);
  }

  // show the next SHOWN records; the first added (for the keyboard to go on from)
  function next(shown) {
    return fill(shown, 0).then(function () {
      if (current !== shown) { return null; }
      var first = null;
      shown.pending.splice(0, SHOWN).forEach(function (record) {
        var li = item(record);
        first = first || li;
        list.appendChild(li);
      });
      shown.count = list.children.length;
      var rest = shown.pending.length > 0;
      if (!rest && document.activeElement === more) { status.focus(); } // (the button is going)
      more.hidden = !rest;
      var narrowed = shown.chosen.length ? "且符合所选条件的" : "";
      if (!shown.count) {
        done(shown, "没有找到与“" + shown.query + "”相符" + narrowed + "的公示信息。" +
          (narrowed ? "可以取消部分条件，" : "可以少输入几个字，") + "或换用企业名称、统一社会信用代码、文号再试。");
      } else {
        done(shown, (rest ? "已显示 " : "共 ") + shown.count + " 条结果，按相关程度排列。");
      }
      return first;
    });
  }

  function run(query) {
    var chosen = [];
    var words = [];
    filters.forEach(function (f) {
      if (f.select.value) {
        chosen.push({ field: f.field, value: f.select.value });
        words = words.concat(terms(f.select.value));
      }
    });
    var wanted = terms(query);
    var shown = { query: query.trim(), wanted: wanted, chosen: chosen, results: [], next: 0, pending: [],
                  count: 0, done: false };
    current = shown;
    list.textContent = "";
    more.hidden = true;
    if (!wanted.length && !chosen.length) {
      done(shown, query.trim() ? "请输入企业名称、统一社会信用代码、文号或法律依据（标点符号不参与搜索）。" : "");
      return;
    }
    status.textContent = "正在搜索……";
    load().then(function (pagefind) {
      // the filters narrow by the record's own fields, not through Pagefind (their words are in most records
      // and would rank the pages by them); alone, they list what is of that kind, department or year
      return pagefind.search((wanted.length ? wanted : words).join(" "));
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

  // the address says what is shown, and Back goes to the search before: a search sent (Enter, a filter) is a
  // step of its own, and so is one typed, whose address follows the typing until it is sent
  function remember(sent) {
    if (!window.history || !history.pushState) { return; }
    var address = "?" + new URLSearchParams(new FormData(form)).toString();
    if (address !== window.location.search) {
      (typing ? history.replaceState : history.pushState).call(history, null, "", address);
    }
    typing = !sent;
  }

  function later(push) {
    clearTimeout(timer);
    timer = setTimeout(function () {
      run(input.value);
      remember(push);
    }, 300);
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    filters.forEach(function (f) {
      var value = params.get(f.select.name) || "";
      f.select.value = [].some.call(f.select.options, function (o) { return o.value === value; }) ? value : "";
    });
    input.value = params.get("q") || "";
    if (input.value || filters.some(function (f) { return f.select.value; })) { run(input.value); }
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function (event) {
    if (!event.isComposing) { later(false); } // (not while a pinyin input method is still composing)
  });
  input.addEventListener("compositionend", function () { later(false); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
    remember(true);
  });
  filters.forEach(function (f) { f.select.addEventListener("change", function () { later(true); }); });
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
  window.addEventListener("popstate", function () {
    typing = false;
    restore();
  });
  restore();
})();
