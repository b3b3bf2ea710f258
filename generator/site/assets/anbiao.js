/* 安标 site behaviour: copy citations, sort/filter tables, and answer the search box with clauses:
 * when the site is served by `anbiao serve`, from the clause search endpoint, with filters;
 * otherwise (plain files on any static web server) from the clause index the build wrote, scored
 * in the page by anbiao-search.js the same way. `anbiao serve` marks every page it sends with
 * <meta name="anbiao-served" content="1">; without that mark the page makes no request to /api. */
(function () {
  "use strict";

  var config = {};
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch (e) { /* not a Material page */ }
  var root = new URL((config.base || ".").replace(/\/?$/, "/"), location.href);

  /* --- copy a clause citation ------------------------------------------------------------ */
  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return ok;
  }

  /* The Clipboard API needs a secure context and permission; plain http on an intranet has
   * neither, so fall back to a selection copy. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
        function () { return copyWithSelection(text); });
    }
    return Promise.resolve(copyWithSelection(text));
  }

  Array.prototype.forEach.call(document.querySelectorAll("p.ab-cite"), function (p) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ab-copy";
    button.title = "复制引用";
    button.textContent = "复制";
    p.appendChild(button);
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest(".ab-copy");
    if (!button) return;
    var text = button.parentNode.firstChild.textContent;
    copyText(text).then(function (ok) {
      button.textContent = ok ? "已复制" : "请手动复制";
      button.classList.add("ab-done");
      setTimeout(function () { button.textContent = "复制"; button.classList.remove("ab-done"); }, 2500);
    });
  });

  /* --- sortable, filterable tables ------------------------------------------------------- */
  function cellKey(row, i) {
    var cell = row.cells[i];
    return cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
  }

  function setupTable(table) {
    var body = table.tBodies[0];
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    /* A button in each header cell, so that sorting works from the keyboard (Tab, Enter/Space);
     * the header cell says how the table is sorted (aria-sort), as screen readers expect. */
    Array.prototype.forEach.call(heads, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ab-sort";
      button.title = "按此列排序";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var r = cellKey(a, i).localeCompare(cellKey(b, i), "zh-Hans-CN");
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var box = table.parentNode.querySelector(".ab-filters") || document.querySelector(".ab-filters");
    if (!box) return;
    var controls = box.querySelectorAll("[data-filter]");
    var count = box.querySelector("[data-count]");
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var ok = true;
        Array.prototype.forEach.call(controls, function (c) {
          var v = c.value.trim();
          if (!v) return;
          var key = c.getAttribute("data-filter");
          if (key === "text") ok = ok && row.textContent.indexOf(v) >= 0;
          else ok = ok && row.getAttribute("data-" + key) === v;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = "共 " + shown + " 件";
    }
    Array.prototype.forEach.call(controls, function (c) {
      c.addEventListener("input", apply);
      c.addEventListener("change", apply);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-ab-table]"), setupTable);

  /* --- served mode: the clause search endpoint ------------------------------------------- */
  var RESULT_LIMIT = 50;
  var FILTERS = [["region", "地区", "全部地区"], ["industry", "行业", "全部行业"], ["status", "时效性", "全部时效性"]];

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Links in results only to pages of this site (the API builds them from document ids). */
  function siteUrl(url) {
    var target = new URL(url, root);
    return target.origin === root.origin ? target.href : root.href;
  }

  function markedPassage(h) {
    var text = h.passage || (h.text || "").slice(0, 240);
    var marks = h.passage ? (h.marks || []) : [];
    var out = "", last = 0;
    marks.forEach(function (m) {
      out += escapeHtml(text.slice(last, m[0])) + "<mark>" + escapeHtml(text.slice(m[0], m[1])) + "</mark>";
      last = m[1];
    });
    return out + escapeHtml(text.slice(last));
  }

  /* A result link opens the clause; `h` carries the words to mark in it (anbiao-search.js marks
   * them in that clause only, and never a single character). */
  function hitHref(h, words) {
    var target = new URL(siteUrl(h.url));
    var marked = (words || []).filter(function (w) { return w.length > 1; });
    if (marked.length) target.searchParams.set("h", marked.join(" "));
    return target.href;
  }

  /* Near-identical clauses of other documents folded into a hit (anbiao/present.py similar_line). */
  function similarText(similar) {
    var levels = Array.from(new Set(similar.map(function (s) { return s.level; })));
    var named = similar.slice(0, 3).map(function (s) { return "《" + s.title + "》（" + s.region + "）"; }).join("、");
    return "另见 " + similar.length + " 个" + (levels.length === 1 ? levels[0] : "文件") + "的同类规定：" + named +
      (similar.length > 3 ? " 等" : "");
  }

  function renderHits(list, hits, query, words) {
    list.innerHTML = hits.map(function (h) {
      var path = Array.isArray(h.heading_path) ? h.heading_path : (h.heading ? String(h.heading).split(" / ") : []);
      var head = path.length ? path[path.length - 1] : (h.clause_id === "0" ? "序言" : h.title);
      // A compilation's numbering is the editors': no citation line to copy (see status below).
      var cite = h.citation && h.kind !== "compilation" ? '<div class="ab-hit-doc">' + escapeHtml(h.citation) + "</div>" : "";
      var status = h.status_label || h.status ? " · " + escapeHtml(h.status_label || h.status) : "";
      // A compilation is the editors' summary of several texts (anbiao/present.py COMPILATION_NOTE).
      if (h.kind === "compilation") status += " · 编者整理，不是文件原文，编号不能引用";
      var similar = h.similar && h.similar.length ? '<div class="ab-hit-doc">' + escapeHtml(similarText(h.similar)) + "</div>" : "";
      return '<li><a class="ab-hit" href="' + escapeHtml(hitHref(h, words)) + '">' +
        '<div class="ab-hit-head">' + escapeHtml(head) + "</div>" +
        '<div class="ab-hit-doc">' + escapeHtml(h.title) + status +
        (path.length > 1 ? " › " + escapeHtml(path.slice(0, -1).join(" › ")) : "") + "</div>" +
        '<p class="ab-hit-text">' + markedPassage(h) + "</p>" + cite + similar + "</a></li>";
    }).join("");
    list.setAttribute("data-query", query);
  }

  /* "How many were found": the endpoint's total when it gives one; otherwise what came back,
   * said as "more than" when the page of results is full. */
  function countText(data, shown, chosen) {
    var where = chosen.length ? "（" + chosen.join("，") + "）" : "";
    if (!shown) return "没有找到符合条件的条款" + where;
    var total = typeof data.total === "number" ? data.total : null;
    if (total !== null && total > shown) return "找到 " + total + " 个条款" + where + "，显示最相关的 " + shown + " 个";
    if (total === null && shown >= RESULT_LIMIT) return "找到 " + shown + " 个以上的条款" + where + "，显示最相关的 " + shown + " 个";
    return "找到 " + shown + " 个条款" + where;
  }

  function readFacets() {
    try {
      return JSON.parse(document.getElementById("anbiao-facets").textContent);
    } catch (e) { return {}; }
  }

  /* Region / industry / status, remembered for the visit (a reader looks for their own region). */
  function filterBar(onChange) {
    var facets = readFacets();
    var saved = {};
    try { saved = JSON.parse(sessionStorage.getItem("anbiao.filters") || "{}"); } catch (e) { /* private mode */ }
    var bar = document.createElement("div");
    bar.className = "ab-search-filters";
    /* Material's search claims the arrow keys (to move through results) and sends other keys to
     * the query box; inside the filters they belong to the select that has the focus. */
    bar.addEventListener("keydown", function (ev) { if (ev.key !== "Escape") ev.stopPropagation(); });
    FILTERS.forEach(function (f) {
      var values = facets[f[0]] || [];
      if (!values.length) return;
      var label = document.createElement("label");
      label.textContent = f[1] + " ";
      var select = document.createElement("select");
      select.setAttribute("data-ab-filter", f[0]);
      select.add(new Option(f[2], ""));
      values.forEach(function (v) { select.add(new Option(v, v)); });
      if (values.indexOf(saved[f[0]]) >= 0) select.value = saved[f[0]];
      select.addEventListener("change", function () {
        var now = {};
        bar.querySelectorAll("select").forEach(function (s) { if (s.value) now[s.getAttribute("data-ab-filter")] = s.value; });
        try { sessionStorage.setItem("anbiao.filters", JSON.stringify(now)); } catch (e) { /* private mode */ }
        onChange();
      });
      label.appendChild(select);
      bar.appendChild(label);
    });
    return bar;
  }

  /* Where answers come from: the endpoint of `anbiao serve`, or the static clause index. Either
   * gives {ok, data: {hits, highlight, error?}}. */
  function servedBackend(params) {
    return fetch(new URL("api/search?" + params.toString(), root))
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); });
  }

  var staticEngine = null;
  function staticBackend(params) {
    if (!staticEngine) staticEngine = window.AnbiaoSearch.load(new URL("search/anbiao-clauses.gz", root));
    return staticEngine.then(function (engine) {
      var found = engine.search(params.get("q"), Number(params.get("limit")));
      return { ok: true, data: { hits: found.hits, highlight: found.plan.highlight } };
    }, function (e) { staticEngine = null; return { ok: false, data: { error: staticFailure(e) } }; });
  }

  /* The browser's own errors are in English ("Failed to fetch"): a reader gets what to do instead.
   * Our own messages (anbiao-search.js) are Chinese already and say it themselves. */
  function staticFailure(e) {
    var message = e && e.message ? String(e.message) : "";
    if (/[\u4e00-\u9fff]/.test(message)) return message;
    if (location.protocol === "file:") {
      return "直接打开本地文件时浏览器不允许读取检索索引：请用 anbiao serve 或任一网页服务器打开本站后再检索";
    }
    return "检索索引无法读取，请刷新页面重试；如仍不行，请联系本站维护人员";
  }

  function enableClauseSearch(backend, withFilters) {
    var input = document.querySelector("input[data-md-component=search-query]");
    var output = document.querySelector("[data-md-component=search-result]");
    if (!input || !output) return;
    document.documentElement.classList.add(withFilters ? "ab-served" : "ab-static");
    var meta = document.createElement("div");
    meta.className = "ab-results-meta";
    meta.setAttribute("role", "status");
    meta.textContent = "全文条款检索：请输入问题或文号";
    var list = document.createElement("ol");
    list.className = "ab-results";
    var timer = null;
    var seq = 0;
    var bar = withFilters ? filterBar(function () { run(); }) : null;
    output.insertBefore(list, output.firstChild);
    output.insertBefore(meta, list);
    if (bar) output.insertBefore(bar, meta);
    function run() {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) { list.innerHTML = ""; list.removeAttribute("data-query"); meta.textContent = "请输入问题或文号"; return; }
      meta.textContent = "正在检索…";
      var params = new URLSearchParams({ q: q, limit: String(RESULT_LIMIT) });
      var chosen = [];
      if (bar) bar.querySelectorAll("select").forEach(function (s) {
        if (!s.value) return;
        params.set(s.getAttribute("data-ab-filter"), s.value);
        chosen.push(s.parentNode.firstChild.textContent.trim() + "：" + s.value);
      });
      backend(params)
        .then(function (res) {
          if (mine !== seq) return;
          if (!res.ok) { list.innerHTML = ""; meta.textContent = res.data.error || "检索出错"; return; }
          var hits = res.data.hits || [];
          renderHits(list, hits, q, res.data.highlight);
          meta.textContent = countText(res.data, hits.length, chosen);
        })
        .catch(function () { if (mine === seq) meta.textContent = "检索服务不可用，请稍后再试"; });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      var first = list.querySelector("a.ab-hit");
      if (first) { ev.preventDefault(); ev.stopPropagation(); location.href = first.href; }
    }, true);
    if (input.value) run();
  }

  if (document.querySelector('meta[name="anbiao-served"][content="1"]')) enableClauseSearch(servedBackend, true);
  else if (window.AnbiaoSearch) enableClauseSearch(staticBackend, false);
  if (window.AnbiaoSearch) window.AnbiaoSearch.markClause(location);
})();
