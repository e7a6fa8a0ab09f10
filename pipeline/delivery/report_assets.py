"""The report page's inline CSS and JavaScript: plain, no library, nothing loaded from the network.

The script sorts the pages table by any column, filters it by text, region and language, and
shows one region's figures in place of the least translated region's. The page reads well without
it: the table is in the HTML, sorted by path.
"""

CSS = """
:root { --bad: #d92d20; --bad-bg: #fee4e2; --warn: #dc6803; --warn-bg: #fef0c7; --good: #079455; --good-bg: #dcfae6;
  --line: #e4e7ec; --muted: #667085; --ink: #101828; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", sans-serif;
  color: var(--ink); background: #f9fafb; overflow-wrap: anywhere; }
main { max-width: 1320px; margin: 0 auto; padding: 28px 24px 64px; }
h1 { margin: 0; font-size: 26px; } h2 { font-size: 18px; margin: 0; display: inline; }
.meta { margin: 4px 0 0; color: var(--muted); }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin-top: 18px; }
section > h2 { display: block; margin-bottom: 12px; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 16px; }
.chip { padding: 4px 12px; border-radius: 999px; background: var(--bad-bg); color: var(--bad); text-decoration: none; }
.chip.zero { background: #f2f4f7; color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
.matrix { table-layout: fixed; }
.matrix th { text-align: left; padding: 8px 10px; color: var(--muted); font-weight: 600; }
.matrix thead th:first-child { width: 90px; } .matrix tbody th { font-size: 17px; color: var(--ink); }
.matrix td { padding: 12px 14px; border: 4px solid #fff; border-radius: 10px; vertical-align: top; }
.cell span { display: block; } .cell .percent { font-size: 24px; font-weight: 700; }
.cell .count { font-weight: 600; } .cell .detail, .cell .delta { font-size: 12.5px; color: var(--muted); }
.cell.bad { background: var(--bad-bg); } .cell.bad .percent { color: var(--bad); }
.cell.warn { background: var(--warn-bg); } .cell.warn .percent { color: var(--warn); }
.cell.good { background: var(--good-bg); } .cell.good .percent { color: var(--good); }
td.empty { background: repeating-linear-gradient(135deg, #f2f4f7 0 8px, #fff 8px 16px); }
.legend { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin: 0 6px 0 14px; vertical-align: -1px; }
.swatch.bad { background: var(--bad); } .swatch.warn { background: var(--warn); } .swatch.good { background: var(--good); }
.swatch.empty { background: #d0d5dd; }
.chart svg { display: block; width: 100%; height: auto; }
.chart .grid { stroke: var(--line); } .chart text { font-size: 12px; fill: var(--muted); }
.series { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13.5px; }
.series .swatch { margin-left: 0; }
.changes .figures b { font-size: 18px; }
summary { cursor: pointer; padding: 4px 0; } summary span { color: var(--muted); margin-left: 8px; }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 10px; }
.controls input { flex: 1 1 260px; font: inherit; padding: 5px 10px; border: 1px solid #d0d5dd; border-radius: 6px; }
.controls select { font: inherit; padding: 4px 6px; border: 1px solid #d0d5dd; border-radius: 6px; background: #fff; }
#page-count { color: var(--muted); }
.note { color: var(--muted); font-size: 13px; margin: 0 0 8px; }
.pt { table-layout: fixed; font-size: 13.5px; }
.pt th { color: var(--muted); font-weight: 600; text-align: left; padding: 5px 6px; border-bottom: 1px solid var(--line);
  vertical-align: bottom; }
.pt th[data-col] { cursor: pointer; user-select: none; }
.pt th[data-col]:hover { color: var(--ink); }
.pt th[aria-sort="ascending"]::after { content: " \\25B2"; font-size: 10px; }
.pt th[aria-sort="descending"]::after { content: " \\25BC"; font-size: 10px; }
.pt th.lang { text-align: center; color: var(--ink); border-bottom: 2px solid var(--line); }
.pt td { padding: 4px 6px; border-bottom: 1px solid #f2f4f7; vertical-align: top; }
.pt .num { text-align: right; font-variant-numeric: tabular-nums; }
.pt .pct { white-space: nowrap; --p: 0%; background: linear-gradient(90deg, var(--tint) var(--p), transparent var(--p)); }
.pt .pct.bad { --tint: var(--bad-bg); } .pt .pct.warn { --tint: var(--warn-bg); } .pt .pct.good { --tint: var(--good-bg); }
.pt .pct.held::after { content: " held"; color: var(--bad); font-size: 11px; }
.pt .none { color: #d0d5dd; }
.pt tbody tr:hover td { background-color: #f9fafb; }
.problems summary .n { display: inline-block; min-width: 28px; padding: 0 8px; margin-left: 6px; border-radius: 999px;
  background: #f2f4f7; color: var(--muted); font-size: 14px; text-align: center; }
.problems[data-count]:not([data-count="0"]) summary .n { background: var(--bad-bg); color: var(--bad); }
.list { margin-top: 10px; font-size: 14px; table-layout: fixed; }
.list th { text-align: left; color: var(--muted); font-weight: 600; }
.list th, .list td { padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.msgid { white-space: pre-wrap; }
code { font-size: 13px; background: #f2f4f7; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
a { color: #175cd3; } .none { color: var(--muted); margin: 8px 0 0; }
"""

SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("page-table");
  if (!table) { return; }
  var data = JSON.parse(document.getElementById("page-figures").textContent);
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var filter = document.getElementById("page-filter"), regionSelect = document.getElementById("page-region");
  var langSelect = document.getElementById("page-lang"), count = document.getElementById("page-count");
  var hiddenColumns = document.getElementById("page-hidden-columns");
  var WORDS = 2, FUZZY = 4, LANGS = 5, PER = 4;
  var sortCol = -1, sortDir = 1, shownRegion = -1, collator = new Intl.Collator(undefined, {numeric: true});

  function tone(p) { return p < data.low ? "bad" : p < data.high ? "warn" : "good"; }
  function read(cell) {
    return {text: (cell.firstElementChild || cell).textContent, v: cell.getAttribute("data-v"),
            cls: cell.className, title: cell.title, p: cell.style.getPropertyValue("--p")};
  }
  function write(cell, s) {
    (cell.firstElementChild || cell).textContent = s.text;
    cell.setAttribute("data-v", s.v);
    cell.className = s.cls;
    cell.title = s.title;
    cell.style.setProperty("--p", s.p);
  }
  function number(n, lang) {
    return {text: String(n), v: String(n), cls: "num" + (lang < 0 ? "" : " l" + lang), title: "", p: ""};
  }
  function none(lang) {
    return {text: "\\u2013", v: "", cls: "num none" + (lang < 0 ? "" : " l" + lang), title: "", p: ""};
  }
  rows.forEach(function (row) { row.all = Array.prototype.slice.call(row.cells, WORDS).map(read); });

  function regionView(row, r) {
    var f = data.rows[+row.getAttribute("data-i")][r], cells = row.cells, fuzzy = 0;
    data.langs.forEach(function (lang, l) {
      var x = f && f[1][l], at = LANGS + l * PER, k;
      if (!x) {
        for (k = 0; k < PER; k++) { write(cells[at + k], none(l)); }
        return;
      }
      fuzzy += x[1];
      write(cells[at], {text: x[0].toFixed(1) + " %", v: x[0].toFixed(1), cls: "num pct " + tone(x[0]) +
        (x[6] ? " held" : "") + " l" + l, p: Math.min(x[0], 100) + "%", title: data.regions[r] + ": " + x[5] +
        " of " + x[4] + " units translated" + (x[6] ? "; held back (min_translated)" : "")});
      for (k = 1; k < PER; k++) { write(cells[at + k], number(x[k], l)); }
    });
    write(cells[WORDS], f ? number(f[0], -1) : none(-1));
    write(cells[FUZZY], number(fuzzy, -1));
  }

  function apply() {
    var text = filter.value.trim().toLowerCase(), r = regionSelect.selectedIndex - 1;
    var l = langSelect.selectedIndex - 1, shown = 0;
    var redraw = r !== shownRegion;
    shownRegion = r;
    rows.forEach(function (row) {
      if (redraw && r < 0) { row.all.forEach(function (s, i) { write(row.cells[WORDS + i], s); }); }
      else if (redraw) { regionView(row, r); }
      var f = r < 0 ? true : data.rows[+row.getAttribute("data-i")][r];
      var ok = !!f && (l < 0 || row.cells[LANGS + l * PER].getAttribute("data-v") !== "");
      if (ok && text) {
        ok = (row.cells[0].textContent + " " + row.cells[1].textContent).toLowerCase().indexOf(text) >= 0;
      }
      row.hidden = !ok;
      shown += ok ? 1 : 0;
    });
    hiddenColumns.textContent = data.langs.map(function (lang, k) {
      return l < 0 || k === l ? "" : "#page-table .l" + k + " { display: none; }";
    }).join("\\n");
    count.textContent = shown + " of " + rows.length + " pages";
    if (sortCol >= 0 && redraw) { order(); }
  }

  function value(row, numeric) {
    var v = row.cells[sortCol].getAttribute("data-v");
    return v === "" || v === null ? null : numeric ? parseFloat(v) : v;
  }
  function order() {
    var th = table.querySelector('th[data-col="' + sortCol + '"]'), numeric = th.getAttribute("data-type") === "num";
    var keyed = rows.map(function (row) { return [value(row, numeric), +row.getAttribute("data-i"), row]; });
    keyed.sort(function (a, b) {
      if (a[0] === null || b[0] === null) { return a[0] === b[0] ? a[1] - b[1] : a[0] === null ? 1 : -1; }
      var c = numeric ? a[0] - b[0] : collator.compare(a[0], b[0]);
      return c ? c * sortDir : a[1] - b[1];
    });
    var body = table.tBodies[0];
    keyed.forEach(function (k) { body.appendChild(k[2]); });
  }
  function sortBy(th) {
    var col = +th.getAttribute("data-col");
    sortDir = col === sortCol ? -sortDir : 1;
    sortCol = col;
    Array.prototype.forEach.call(table.querySelectorAll("th[data-col]"), function (other) {
      if (other === th) { other.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending"); }
      else { other.removeAttribute("aria-sort"); }
    });
    order();
  }
  Array.prototype.forEach.call(table.querySelectorAll("th[data-col]"), function (th) {
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); } });
  });
  filter.addEventListener("input", apply);
  regionSelect.addEventListener("change", apply);
  langSelect.addEventListener("change", apply);
  apply();
})();
"""
