"""The nightly report as one self-contained HTML page: inline CSS, inline script, inline SVG, nothing
fetched from the network. It draws the dict `figures.report_data` makes (and `report.json` holds).

Files are linked through `link(file)`: by default `files/<path>`, where `report_write` copies every
file the page links to, so the links work wherever the report folder goes (a CI artifact too).
"""
from __future__ import annotations

from typing import Callable, Iterator
from urllib.parse import quote

from pipeline.delivery import report_chart
from pipeline.delivery.report_assets import CSS, SCRIPT
from pipeline.delivery.report_common import (HIGH, LOW, as_percent, day, deltas, e, grid, meta_text, plural, short,
                                             tone, where, words_change)
from pipeline.delivery.report_pages import pages_pieces

__all__ = ["render_html", "tone", "files_link", "LISTS", "count"]

LIST_OPEN_UP_TO = 50  # longer lists start collapsed
EXAMPLE_CHARACTERS = 160
LISTS = (  # (key, title, columns with their widths): the lists of problems, most urgent first
    ("errors", "Source errors", (("Where", 35), ("Problem", 65))),
    ("rejected", "Rejected translations", (("Where", 28), ("Check", 12), ("Problem", 40), ("Source", 20))),
    ("dead_links", "Dead links", (("Where", 30), ("Target", 40), ("Regions", 10), ("Why", 20))),
    ("fallback_pages", "Fallbacks to the source text",
     (("Page", 28), ("Units", 8), ("Where", 24), ("For example", 40))),
    ("unpublished", "Pages held back (too little translated)",
     (("Region", 10), ("Language", 10), ("Page", 60), ("Translated", 20))),
)
CHANGED_WIDTHS = '<colgroup><col style="width:50%"><col style="width:12%"><col style="width:38%"></colgroup>'
COUNTED_BY = {"fallback_pages": "fallbacks_total"}  # the count shown is of units, not of pages


def files_link(file: str) -> str:
    """Where the page links a project file: its copy below the report's folder."""
    return "files/" + quote(file, safe="/")


def render_html(data: dict, link: Callable[[str], str | None] = files_link) -> str:
    """The whole report; `link(file)` gives the href of a project file, or None for no link."""
    return "".join(html_pieces(data, link))


def html_pieces(data: dict, link: Callable[[str], str | None] = files_link) -> Iterator[str]:
    """`render_html` a section at a time: a report of 10,000 pages is some 20 MB of HTML."""
    def linked(file: str | None, text: str) -> str:
        href = link(file) if file else None
        return f'<a href="{e(href)}">{e(text)}</a>' if href else e(text)

    yield ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f"<title>Translation report · {e(data.get('generated', ''))}</title>\n<style>{CSS}</style>\n</head>\n"
           "<body>\n<main>\n")
    yield "\n".join([_header(data), _counts_html(data), _matrix_html(data), _progress_html(data),
                     _changes_html(data)]) + "\n"
    yield from pages_pieces(data, linked)  # the long sections a row at a time
    for key, title, columns in LISTS:
        yield "\n"
        yield from _list_pieces(data, key, title, columns, linked)
    yield f"\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"


def count(data: dict, key: str) -> int:
    """How many a list's chip shows: `<key>_total` (or what COUNTED_BY names) when given."""
    total = data.get(COUNTED_BY.get(key, f"{key}_total"))
    return total if isinstance(total, int) else len(data.get(key) or [])


def _header(data: dict) -> str:
    return f'<header>\n<h1>Translation report</h1>\n<p class="meta">{e(meta_text(data))}</p>\n</header>'


def _counts_html(data: dict) -> str:
    chips = []
    for key, title, _ in LISTS:
        n = count(data, key)
        chips.append(f'<a class="chip{" zero" if not n else ""}" href="#{key}" data-count="{n}">'
                     f"<b>{n}</b> {e(title.lower())}</a>")
    return '<nav class="counts">' + "".join(chips) + "</nav>"


def _matrix_html(data: dict) -> str:
    regions, languages, rows = grid(data.get("matrix") or [])
    changed = deltas(data)
    head = "".join(f'<th scope="col">{e(lang)}</th>' for lang in languages)
    body = []
    for region in regions:
        cells = "".join(_cell_html(region, lang, rows.get((region, lang)), changed) for lang in languages)
        body.append(f'<tr><th scope="row">{e(region)}</th>{cells}</tr>')
    legend = (f'<p class="legend"><span class="swatch bad"></span>below {LOW:g} %'
              f'<span class="swatch warn"></span>{LOW:g} to {HIGH:g} %<span class="swatch good"></span>{HIGH:g} % or more'
              '<span class="swatch empty"></span>not published</p>')
    return ('<section id="matrix">\n<h2>Completeness by region and language</h2>\n'
            f'<table class="matrix">\n<thead><tr><th>Region</th>{head}</tr></thead>\n'
            f"<tbody>\n" + "\n".join(body) + f"\n</tbody>\n</table>\n{legend}\n</section>")


def _cell_html(region: str, lang: str, row: dict | None, changed: dict) -> str:
    if row is None:
        return f'<td class="empty" data-region="{e(region)}" data-lang="{e(lang)}" title="not published"></td>'
    percent = as_percent(row.get("percent"))
    attrs = " ".join(f'data-{key}="{e(row.get(key, 0))}"'
                     for key in ("units", "translated", "fuzzy", "untranslated", "fallbacks", "pages", "words"))
    detail = f"{row.get('fuzzy', 0)} fuzzy · {row.get('fallbacks', 0)} fallbacks · {row.get('pages', 0)} pages"
    delta = ""
    if (region, lang) in changed:
        delta = (f'<span class="delta" data-delta="{e(changed[(region, lang)])}">'
                 f"{e(words_change(changed[(region, lang)]))} translated words since the previous bundle</span>")
    return (f'<td class="cell {tone(percent)}" data-region="{e(region)}" data-lang="{e(lang)}" '
            f'data-percent="{percent:.1f}" {attrs}>'
            f'<span class="percent">{percent:.1f} %</span>'
            f'<span class="count">{e(row.get("translated", 0))} / {e(row.get("units", 0))} units</span>'
            f'<span class="detail">{e(detail)}</span>{delta}</td>')


def _progress_html(data: dict) -> str:
    history = data.get("history") or []
    if not history:
        return '<section id="progress">\n<h2>Progress over time</h2>\n<p class="none">No history yet.</p>\n</section>'
    since = day(history[0].get("date"))
    return ('<section id="progress" class="chart">\n<h2>Progress over time</h2>\n'
            f'<p class="note">Source words translated, per cent, one point per nightly: '
            f"{plural(len(history), 'run')}{' since ' + e(since) if since else ''}.</p>\n"
            f"{report_chart.chart_svg(history)}\n{report_chart.legend_html(history)}\n</section>")


def _changes_html(data: dict) -> str:
    changes = data.get("changes")
    head = '<section id="changes" class="changes">\n<h2>What changed since the previous bundle</h2>\n'
    if not changes:
        return head + ('<p class="none">Not compared: give the previous bundle with <code>l10n bundle --previous '
                       'DIR</code> to see the pages added, removed and changed.</p>\n</section>')
    previous = changes.get("previous") or {}
    of = ", ".join(x for x in (day(previous.get("date")), short(previous.get("commit"))) if x) or "unknown date"
    parts = [f'<p class="figures"><b>{changes["added"]}</b> {"page" if changes["added"] == 1 else "pages"} added · '
             f'<b>{changes["removed"]}</b> removed · <b>{changes["changed"]}</b> changed '
             f'<span class="note">(previous bundle: {e(of)})</span></p>']
    if changes.get("not_compared"):
        parts.append(f'<p class="note">Not in the previous bundle, not compared: {e(", ".join(changes["not_compared"]))}</p>')
    rows = "".join(f"<tr><td>{e(p['region'])}</td><td>{e(p['lang'])}</td><td>{p['added']}</td><td>{p['removed']}</td>"
                   f"<td>{p['changed']}</td><td>{e(p['translated_words'])}</td>"
                   f'<td data-delta="{e(p.get("delta"))}">{e(words_change(p.get("delta")))}</td></tr>'
                   for p in changes.get("pairs") or [])
    parts.append('<table class="list"><thead><tr><th>Region</th><th>Language</th><th>Added</th><th>Removed</th>'
                 f"<th>Changed</th><th>Translated words</th><th>Change</th></tr></thead><tbody>{rows}</tbody></table>")
    pages = changes.get("pages") or []
    if pages:
        items = "".join(f'<tr data-status="{e(p["status"])}"><td>{e(p["page"])}</td><td>{e(p["status"])}</td>'
                        f'<td>{e(", ".join(p.get("where") or []))}</td></tr>' for p in pages)
        parts.append(f'<details{" open" if len(pages) <= LIST_OPEN_UP_TO else ""}><summary>'
                     f"{plural(len(pages), 'page')}</summary><table class=\"list\">{CHANGED_WIDTHS}<thead><tr><th>Page</th>"
                     f"<th>What</th><th>Where</th></tr></thead><tbody>{items}</tbody></table></details>")
    return head + "\n".join(parts) + "\n</section>"


def _list_pieces(data: dict, key: str, title: str, columns: tuple, linked) -> Iterator[str]:
    """One list's section, a row at a time (10,000 pages can have 40,000 warnings)."""
    items = data.get(key) or []
    open_attr = " open" if 0 < len(items) <= LIST_OPEN_UP_TO else ""
    total = count(data, key)
    yield (f'<section id="{key}" class="problems" data-count="{total}">\n<details{open_attr}>'
           f"<summary><h2>{e(title)} <span class=\"n\">{total}</span></h2></summary>\n")
    if not items:
        yield '<p class="none">None.</p>'
    else:
        if key == "fallback_pages":
            yield f'<p class="note">{count(data, key)} units on {plural(len(items), "page")}, most first.</p>\n'
        widths = "".join(f'<col style="width:{width}%">' for _, width in columns)
        head = "".join(f"<th>{e(name)}</th>" for name, _ in columns)
        catalogs = {p["page"]: p.get("catalogs") or {} for p in data.get("pages") or []}
        yield f'<table class="list">\n<colgroup>{widths}</colgroup>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        for i, item in enumerate(items):
            cells = "".join(f"<td>{cell}</td>" for cell in _list_cells(key, item, catalogs, linked))
            yield ("\n" if i else "") + "<tr>" + cells + "</tr>"
        yield "\n</tbody>\n</table>"
    yield "\n</details>\n</section>"


def _list_cells(key: str, item: dict, catalogs: dict[str, dict], linked) -> list[str]:
    """The cells of one row of a list, HTML-escaped, the place linked to its file."""
    if key == "errors":
        return [linked(item.get("file"), where(item)), e(item.get("message"))]
    if key == "rejected":
        return [linked(item.get("file"), where(item)), e(item.get("check")), e(item.get("message")), e(item.get("ref"))]
    if key == "dead_links":
        return [linked(item.get("file"), where(item)), f"<code>{e(item.get('target'))}</code>",
                e(", ".join(item.get("regions") or [])), e(item.get("reason"))]
    if key == "fallback_pages":
        return [linked(item.get("source"), item.get("page") or ""), e(item.get("total")),
                e(" · ".join(f"{pair} {n}" for pair, n in (item.get("where") or {}).items())), _example(item)]
    catalog = catalogs.get(item.get("page") or "", {}).get(item.get("lang"))
    return [e(item.get("region")), e(item.get("lang")), linked(catalog, item.get("page") or ""),
            f"{as_percent(item.get('percent')):.1f} %"]


def _example(item: dict) -> str:
    example = item.get("example")
    if not example:
        return ""
    text = str(example.get("msgid") or "")
    text = text if len(text) <= EXAMPLE_CHARACTERS else text[:EXAMPLE_CHARACTERS - 1] + "…"
    line = f"line {example['line']}, " if example.get("line") else ""
    return (f'<span class="note">{e(line)}{e(example.get("region"))}/{e(example.get("lang"))}:</span> '
            f'<span class="msgid">{e(text)}</span>')
