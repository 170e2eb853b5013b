/* The site search: Pagefind's UI over every bundle the build wrote (/pagefind/bundles.json), merged. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  if (!box || typeof PagefindUI === "undefined") { return; }
  fetch("/pagefind/bundles.json").then(function (r) { return r.json(); }).then(function (bundles) {
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: bundles[0],
      mergeIndex: bundles.slice(1).map(function (b) { return { bundlePath: b }; }),
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      // a bundle without the word a visitor typed answers with the longest start of it that it has (Pagefind
      // backtracks): a match of another length than the word typed ranks far below one of the word itself
      ranking: { termSimilarity: 8.0 },
      // the index holds runs of letters and digits spelled in ASCII (gongshi/sitesearch.py words, spelled): the
      // query is split and spelled the same way
      processTerm: function (term) {
        return term.replace(/[《》“”"'〔〕【】\[\]［］()（）]/g, "").replace(/[^0-9A-Za-z\u3400-\u9fff]+/g, " ").trim()
          .toLowerCase().replace(/[\u3400-\u9fff]/g, function (c) {
            return "c" + String(c.charCodeAt(0)).split("").reverse().join("");
          });
      },
      // a record's own address and summary (gongshi/sitesearch.py), not its file's and its indexed words
      processResult: function (result) {
        var meta = result.meta || {};
        if (meta.url) { result.url = meta.url; delete meta.url; }
        if (meta.summary) { result.excerpt = escape(meta.summary); delete meta.summary; }
        result.sub_results = [];
        return result;
      }
    });
    // a visible label for Pagefind's box, and a name that tells its search landmark from the header's
    var input = box.querySelector(".pagefind-ui__search-input");
    var form = box.querySelector("form");
    if (input) {
      input.id = "search-q";
      var label = document.createElement("label");
      label.htmlFor = "search-q";
      label.className = "search-label";
      label.textContent = "企业名称（或其中几个字）、统一社会信用代码、文号或法律依据";
      box.insertBefore(label, box.firstChild);
    }
    if (form) { form.setAttribute("aria-label", "搜索公示信息"); }
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { ui.triggerSearch(q); }
  });
})();
