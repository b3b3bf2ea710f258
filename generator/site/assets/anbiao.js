/* 安标 site behaviour: copy citations, sort/filter tables, and — when the site is served by
 * `anbiao serve` — answer the search box from the clause search endpoint instead of Material's
 * in-browser index. Opened as plain static files, Material's own search stays in charge. */
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
    Array.prototype.forEach.call(heads, function (th, i) {
      th.setAttribute("role", "button");
      th.title = "点击排序";
      th.addEventListener("click", function () {
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
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
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

  function renderHits(list, meta, hits, query) {
    meta.textContent = hits.length ? "找到 " + hits.length + " 个条款" : "没有找到符合条件的条款";
    list.innerHTML = hits.map(function (h) {
      var path = Array.isArray(h.heading_path) ? h.heading_path : (h.heading ? String(h.heading).split(" / ") : []);
      var head = path.length ? path[path.length - 1] : (h.clause_id === "0" ? "序言" : h.title);
      var href = new URL(h.url, root).href;
      var cite = h.citation ? '<div class="ab-hit-doc">' + escapeHtml(h.citation) + "</div>" : "";
      return '<li><a class="ab-hit" href="' + escapeHtml(href) + '">' +
        '<div class="ab-hit-head">' + escapeHtml(head) + "</div>" +
        '<div class="ab-hit-doc">' + escapeHtml(h.title) + (path.length > 1 ? " › " + escapeHtml(path.slice(0, -1).join(" › ")) : "") + "</div>" +
        '<p class="ab-hit-text">' + markedPassage(h) + "</p>" + cite + "</a></li>";
    }).join("");
    list.setAttribute("data-query", query);
  }

  function enableServed(info) {
    var input = document.querySelector("input[data-md-component=search-query]");
    var output = document.querySelector("[data-md-component=search-result]");
    if (!input || !output) return;
    document.documentElement.classList.add("ab-served");
    var meta = document.createElement("div");
    meta.className = "ab-results-meta";
    meta.textContent = "全文条款检索（" + info.documents + " 个文件）：请输入问题";
    var list = document.createElement("ol");
    list.className = "ab-results";
    output.insertBefore(list, output.firstChild);
    output.insertBefore(meta, list);
    var timer = null;
    var seq = 0;
    function run() {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) { list.innerHTML = ""; meta.textContent = "请输入问题"; return; }
      meta.textContent = "正在检索…";
      fetch(new URL("api/search?limit=10&q=" + encodeURIComponent(q), root))
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (res) {
          if (mine !== seq) return;
          if (!res.ok) { list.innerHTML = ""; meta.textContent = res.data.error || "检索出错"; return; }
          renderHits(list, meta, res.data.hits, q);
        })
        .catch(function () { if (mine === seq) meta.textContent = "检索服务不可用"; });
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

  fetch(new URL("api/health", root), { cache: "no-store" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (info) { if (info && info.service === "anbiao") enableServed(info); })
    .catch(function () { /* static files: Material's search */ });
})();
