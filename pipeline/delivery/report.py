"""The nightly report: one self-contained HTML page for people, a short Markdown summary for CI.

Both renderers take the same plain dict, so the report can be made from a JSON file as well:

    {
      "generated": "2026-11-25 07:00 UTC",       # shown as it is
      "tool_version": "0.1.0",
      "source_commit": "abc123" | None,          # None outside a git checkout
      "matrix": [                                # one row per published region × language, in display order:
        {"region": "JP", "lang": "en",           #   regions become rows (first-seen order), languages columns
         "pages": 9, "units": 200, "words": 3000,
         "translated": 150, "fuzzy": 5, "untranslated": 45, "fallbacks": 50, "percent": 75.0}],
      "pages": [                                 # one row per page, region and language
        {"page": "login/unlock.md", "region": "JP", "lang": "en", "units": 20, "translated": 18,
         "fuzzy": 1, "percent": 90.0,
         "source": "source/content/login/unlock.md", "catalog": "locales/en/login/unlock.po"}],
      "fallbacks": [{"region": "JP", "lang": "en", "page": "login/unlock.md", "line": 12, "msgid": "…"}],
      "fallbacks_total": 50,                     # optional, for any list: how many in all, when it lists the first only
      "rejected": [{"file": "locales/en/login/unlock.po", "line": 40, "check": "placeholders",
                    "message": "…", "ref": "login/unlock.md:12"}],
      "errors": [{"file": "source/content/x.md", "line": 3, "message": "…"}],
      "dead_links": [{"file": "source/content/x.md", "line": 5, "target": "/general/ja/y.html",
                      "regions": ["CN"], "reason": "not published in CN"}],
      "unpublished": [{"region": "US", "lang": "en", "page": "x.md", "percent": 10.0}]
    }

Every list may be missing or empty; `line` may be None. File paths are relative to the project's
root: the HTML page links to them as `link_base/file` (it lives in build/report/, hence "../..").
Completeness colours: red below 50 %, amber below 90 %, green from 90 %.
"""
from __future__ import annotations

from html import escape
from urllib.parse import quote

LOW, HIGH = 50.0, 90.0
MARKDOWN_ITEMS = 20
LIST_OPEN_UP_TO = 50  # longer lists start collapsed
TONE_DOT = {"bad": "🔴", "warn": "🟠", "good": "🟢"}
LISTS = (  # (key, title, columns): the lists of problems, most urgent first
    ("errors", "Source errors", ("Where", "Problem")),
    ("rejected", "Rejected translations", ("Where", "Check", "Problem", "Source")),
    ("dead_links", "Dead links", ("Where", "Target", "Regions", "Why")),
    ("fallbacks", "Fallbacks to the source text", ("Region", "Language", "Where", "Source text")),
    ("unpublished", "Pages held back (too little translated)", ("Region", "Language", "Page", "Translated")),
)


def render_html(data: dict, link_base: str = "../..") -> str:
    """The whole report as one HTML page: inline CSS, no script, nothing fetched from the network."""
    sections = [_header(data), _counts_html(data), _matrix_html(data), _pages_html(data, link_base)]
    sections += [_list_html(data, key, title, columns, link_base) for key, title, columns in LISTS]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Translation report · {_e(data.get('generated', ''))}</title>\n<style>{CSS}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(sections) + "\n</main>\n</body>\n</html>\n"
    )


def render_markdown(data: dict) -> str:
    """The report, short: the matrix as a table, the counts, the first items of each list."""
    lines = ["## Translation report", "", _md(_meta_text(data)), ""]
    lines += _matrix_markdown(data)
    lines += ["", " · ".join(f"**{_count(data, key)}** {title.lower()}" for key, title, _ in LISTS), ""]
    for key, title, _ in LISTS:
        items = data.get(key) or []
        if not items:
            continue
        lines.append(f"### {title} ({len(items)})")
        lines.append("")
        lines += ["- " + _markdown_item(key, item) for item in items[:MARKDOWN_ITEMS]]
        if len(items) > MARKDOWN_ITEMS:
            lines.append(f"- … and {len(items) - MARKDOWN_ITEMS} more in the HTML report")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def tone(percent: float) -> str:
    """The colour class of a completeness: bad (red), warn (amber) or good (green)."""
    return "bad" if percent < LOW else "warn" if percent < HIGH else "good"


# ---- shared


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _percent(value: object) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _meta_text(data: dict) -> str:
    parts = [f"Generated {data.get('generated') or '?'}", f"l10n {data.get('tool_version') or '?'}"]
    parts.append(f"source {data['source_commit']}" if data.get("source_commit") else "source not in git")
    return " · ".join(parts)


def _grid(matrix: list[dict]) -> tuple[list[str], list[str], dict[tuple[str, str], dict]]:
    """Regions (rows) and languages (columns) in first-seen order, and the row of each pair."""
    regions = list(dict.fromkeys(row["region"] for row in matrix))
    languages = list(dict.fromkeys(row["lang"] for row in matrix))
    return regions, languages, {(row["region"], row["lang"]): row for row in matrix}


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _where(item: dict) -> str:
    line = item.get("line")
    return f"{item.get('file') or item.get('page') or ''}" + (f":{line}" if line else "")


# ---- HTML


def _header(data: dict) -> str:
    return f'<header>\n<h1>Translation report</h1>\n<p class="meta">{_e(_meta_text(data))}</p>\n</header>'


def _count(data: dict, key: str) -> int:
    """How many there are: `<key>_total` when the list holds only the first ones."""
    return data.get(f"{key}_total", len(data.get(key) or []))


def _counts_html(data: dict) -> str:
    chips = []
    for key, title, _ in LISTS:
        n = _count(data, key)
        chips.append(f'<a class="chip{" zero" if not n else ""}" href="#{key}" data-count="{n}">'
                     f"<b>{n}</b> {_e(title.lower())}</a>")
    return '<nav class="counts">' + "".join(chips) + "</nav>"


def _matrix_html(data: dict) -> str:
    regions, languages, rows = _grid(data.get("matrix") or [])
    head = "".join(f'<th scope="col">{_e(lang)}</th>' for lang in languages)
    body = []
    for region in regions:
        cells = "".join(_cell_html(region, lang, rows.get((region, lang))) for lang in languages)
        body.append(f'<tr><th scope="row">{_e(region)}</th>{cells}</tr>')
    legend = (f'<p class="legend"><span class="swatch bad"></span>below {LOW:g} %'
              f'<span class="swatch warn"></span>{LOW:g} to {HIGH:g} %<span class="swatch good"></span>{HIGH:g} % or more'
              '<span class="swatch empty"></span>not published</p>')
    return ('<section id="matrix">\n<h2>Completeness by region and language</h2>\n'
            f'<table class="matrix">\n<thead><tr><th>Region</th>{head}</tr></thead>\n'
            f"<tbody>\n" + "\n".join(body) + f"\n</tbody>\n</table>\n{legend}\n</section>")


def _cell_html(region: str, lang: str, row: dict | None) -> str:
    if row is None:
        return f'<td class="empty" data-region="{_e(region)}" data-lang="{_e(lang)}" title="not published"></td>'
    percent = _percent(row.get("percent"))
    attrs = " ".join(f'data-{key}="{_e(row.get(key, 0))}"'
                     for key in ("units", "translated", "fuzzy", "untranslated", "fallbacks", "pages", "words"))
    detail = f"{row.get('fuzzy', 0)} fuzzy · {row.get('fallbacks', 0)} fallbacks · {row.get('pages', 0)} pages"
    return (f'<td class="cell {tone(percent)}" data-region="{_e(region)}" data-lang="{_e(lang)}" '
            f'data-percent="{percent:.1f}" {attrs}>'
            f'<span class="percent">{percent:.1f} %</span>'
            f'<span class="count">{_e(row.get("translated", 0))} / {_e(row.get("units", 0))} units</span>'
            f'<span class="detail">{_e(detail)}</span></td>')


def _pages_html(data: dict, link_base: str) -> str:
    """Per-page progress, one collapsible group per region × language, least translated first."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for page in data.get("pages") or []:
        groups.setdefault((page["region"], page["lang"]), []).append(page)
    order = [(row["region"], row["lang"]) for row in data.get("matrix") or []]
    order += [pair for pair in groups if pair not in order]
    parts = ['<section id="pages">\n<h2>Pages</h2>']
    for region, lang in order:
        pages = sorted(groups.get((region, lang), []), key=lambda p: (_percent(p.get("percent")), p["page"]))
        if pages:
            parts.append(_page_group(region, lang, pages, link_base))
    if len(parts) == 1:
        parts.append('<p class="none">No pages.</p>')
    return "\n".join(parts) + "\n</section>"


def _page_group(region: str, lang: str, pages: list[dict], link_base: str) -> str:
    done = sum(1 for p in pages if _percent(p.get("percent")) >= 100)
    low = sum(1 for p in pages if _percent(p.get("percent")) < LOW)
    counts = f"{_plural(len(pages), 'page')} · {done} complete · {low} below {LOW:g} %"
    rows = "\n".join(_page_row(page, link_base) for page in pages)
    return (f'<details class="group" data-region="{_e(region)}" data-lang="{_e(lang)}">'
            f"<summary><b>{_e(region)} · {_e(lang)}</b> <span>{counts}</span></summary>\n"
            f'<table class="pages">\n{rows}\n</table>\n</details>')


def _page_row(page: dict, link_base: str) -> str:
    percent = _percent(page.get("percent"))
    units, translated, fuzzy = page.get("units", 0) or 0, page.get("translated", 0) or 0, page.get("fuzzy", 0) or 0
    fuzzy_width = min(100.0 - min(percent, 100.0), 100.0 * fuzzy / units if units else 0.0)
    name = _link(link_base, page.get("source"), page["page"])
    catalog = _link(link_base, page.get("catalog"), "catalog") if page.get("catalog") else ""
    return (f'<tr data-page="{_e(page["page"])}" data-percent="{percent:.1f}"><td class="name">{name}</td>'
            f'<td class="bar"><span class="track"><span class="fill {tone(percent)}" style="width:{min(percent, 100):.1f}%">'
            f'</span><span class="fuzzy" style="width:{fuzzy_width:.1f}%"></span></span></td>'
            f'<td class="num">{percent:.1f} %</td><td class="num">{_e(translated)} / {_e(units)}'
            f'{f" · {_e(fuzzy)} fuzzy" if fuzzy else ""}</td><td>{catalog}</td></tr>')


def _link(link_base: str, file: str | None, text: str) -> str:
    if not file:
        return _e(text)
    href = f"{link_base.rstrip('/')}/{quote(file, safe='/')}" if link_base else quote(file, safe="/")
    return f'<a href="{_e(href)}">{_e(text)}</a>'


def _list_html(data: dict, key: str, title: str, columns: tuple[str, ...], link_base: str) -> str:
    items = data.get(key) or []
    open_attr = " open" if 0 < len(items) <= LIST_OPEN_UP_TO else ""
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    rows = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in _list_cells(key, item, data, link_base)) + "</tr>"
                     for item in items)
    table = f'<table class="list">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>' if items \
        else '<p class="none">None.</p>'
    total = _count(data, key)
    if total > len(items):
        table += f'\n<p class="none">The first {len(items)} of {total}: the catalogs hold them all.</p>'
    return (f'<section id="{key}" class="problems" data-count="{total}">\n<details{open_attr}>'
            f"<summary><h2>{_e(title)} <span class=\"n\">{total}</span></h2></summary>\n{table}\n</details>\n</section>")


def _list_cells(key: str, item: dict, data: dict, link_base: str) -> list[str]:
    """The cells of one row of a list, HTML-escaped, the place linked to its file."""
    where = _link(link_base, item.get("file"), _where(item))
    if key == "errors":
        return [where, _e(item.get("message"))]
    if key == "rejected":
        return [where, _e(item.get("check")), _e(item.get("message")), _e(item.get("ref"))]
    if key == "dead_links":
        return [where, f"<code>{_e(item.get('target'))}</code>", _e(", ".join(item.get("regions") or [])),
                _e(item.get("reason"))]
    if key == "fallbacks":
        catalog = _catalog_of(data, item)
        return [_e(item.get("region")), _e(item.get("lang")), _link(link_base, catalog, _where(item)),
                f'<span class="msgid">{_e(item.get("msgid"))}</span>']
    return [_e(item.get("region")), _e(item.get("lang")), _link(link_base, _catalog_of(data, item), item.get("page") or ""),
            f"{_percent(item.get('percent')):.1f} %"]


def _catalog_of(data: dict, item: dict) -> str | None:
    for page in data.get("pages") or []:
        if (page.get("region"), page.get("lang"), page.get("page")) == (item.get("region"), item.get("lang"), item.get("page")):
            return page.get("catalog")
    return None


# ---- Markdown


def _md(text: object) -> str:
    """Text safe in a Markdown table cell or list item: HTML escaped, Markdown characters backslashed."""
    value = escape("" if text is None else str(text), quote=False).replace("\n", " ↵ ")
    return "".join("\\" + c if c in "\\`*_[]|#~" else c for c in value)


def _matrix_markdown(data: dict) -> list[str]:
    regions, languages, rows = _grid(data.get("matrix") or [])
    if not regions:
        return ["_No published region × language._"]
    lines = ["| Region | " + " | ".join(_md(lang) for lang in languages) + " |",
             "|---|" + "---:|" * len(languages)]
    for region in regions:
        cells = []
        for lang in languages:
            row = rows.get((region, lang))
            if row is None:
                cells.append("")
                continue
            percent = _percent(row.get("percent"))
            cells.append(f"{TONE_DOT[tone(percent)]} {percent:.1f} % ({row.get('translated', 0)}/{row.get('units', 0)})")
        lines.append(f"| {_md(region)} | " + " | ".join(cells) + " |")
    return lines


def _markdown_item(key: str, item: dict) -> str:
    where = f"`{_where(item)}`" if "`" not in _where(item) else _md(_where(item))
    if key == "errors":
        return f"{where}: {_md(item.get('message'))}"
    if key == "rejected":
        return f"{where} ({_md(item.get('check'))}): {_md(item.get('message'))} — {_md(item.get('ref'))}"
    if key == "dead_links":
        regions = ", ".join(item.get("regions") or [])
        return f"{where}: {_md(item.get('target'))} ({_md(regions)}: {_md(item.get('reason'))})"
    if key == "fallbacks":
        text = str(item.get("msgid") or "")
        text = text if len(text) <= 80 else text[:79] + "…"
        return f"{_md(item.get('region'))}/{_md(item.get('lang'))} {where}: {_md(text)}"
    return f"{_md(item.get('region'))}/{_md(item.get('lang'))} {_md(item.get('page'))}: {_percent(item.get('percent')):.1f} %"


CSS = """
:root { --bad: #d92d20; --bad-bg: #fee4e2; --warn: #dc6803; --warn-bg: #fef0c7; --good: #079455; --good-bg: #dcfae6;
  --line: #e4e7ec; --muted: #667085; --ink: #101828; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", sans-serif;
  color: var(--ink); background: #f9fafb; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 64px; }
h1 { margin: 0; font-size: 26px; } h2 { font-size: 18px; margin: 0; display: inline; }
.meta { margin: 4px 0 0; color: var(--muted); }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin-top: 18px; }
#matrix h2, #pages h2 { display: block; margin-bottom: 12px; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 16px; }
.chip { padding: 4px 12px; border-radius: 999px; background: var(--bad-bg); color: var(--bad); text-decoration: none; }
.chip.zero { background: #f2f4f7; color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
.matrix { table-layout: fixed; }
.matrix th { text-align: left; padding: 8px 10px; color: var(--muted); font-weight: 600; }
.matrix thead th:first-child { width: 90px; } .matrix tbody th { font-size: 17px; color: var(--ink); }
.matrix td { padding: 12px 14px; border: 4px solid #fff; border-radius: 10px; vertical-align: top; }
.cell span { display: block; } .cell .percent { font-size: 24px; font-weight: 700; }
.cell .count { font-weight: 600; } .cell .detail { font-size: 12.5px; color: var(--muted); }
.cell.bad { background: var(--bad-bg); } .cell.bad .percent { color: var(--bad); }
.cell.warn { background: var(--warn-bg); } .cell.warn .percent { color: var(--warn); }
.cell.good { background: var(--good-bg); } .cell.good .percent { color: var(--good); }
td.empty { background: repeating-linear-gradient(135deg, #f2f4f7 0 8px, #fff 8px 16px); }
.legend { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin: 0 6px 0 14px; vertical-align: -1px; }
.swatch.bad { background: var(--bad); } .swatch.warn { background: var(--warn); } .swatch.good { background: var(--good); }
.swatch.empty { background: #d0d5dd; }
details.group { border-top: 1px solid var(--line); padding: 6px 0; }
summary { cursor: pointer; padding: 4px 0; } summary span { color: var(--muted); margin-left: 8px; }
.pages { table-layout: fixed; } .pages td { padding: 4px 8px; border-bottom: 1px solid #f2f4f7; }
.pages td:nth-child(1) { width: 38%; word-break: break-all; } .pages td:nth-child(3) { width: 9%; }
.pages td:nth-child(4) { width: 15%; } .pages td:nth-child(5) { width: 8%; } .pages .num { text-align: right; }
.track { display: flex; height: 10px; background: #f2f4f7; border-radius: 5px; overflow: hidden; min-width: 160px; }
.fill.bad { background: var(--bad); } .fill.warn { background: var(--warn); } .fill.good { background: var(--good); }
.fuzzy { background: repeating-linear-gradient(135deg, var(--warn) 0 3px, var(--warn-bg) 3px 6px); }
.problems summary .n { display: inline-block; min-width: 28px; padding: 0 8px; margin-left: 6px; border-radius: 999px;
  background: #f2f4f7; color: var(--muted); font-size: 14px; text-align: center; }
.problems[data-count]:not([data-count="0"]) summary .n { background: var(--bad-bg); color: var(--bad); }
.list { margin-top: 10px; font-size: 14px; } .list th { text-align: left; color: var(--muted); font-weight: 600; }
.list th, .list td { padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.list td:first-child { white-space: nowrap; }
.msgid { white-space: pre-wrap; } code { font-size: 13px; background: #f2f4f7; padding: 1px 4px; border-radius: 4px; }
a { color: #175cd3; } .none { color: var(--muted); margin: 8px 0 0; }
"""
