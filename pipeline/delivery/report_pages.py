"""The report's pages table: one row per published page, sortable and filterable in the browser.

The HTML holds the rows as "all regions" shows them (per language, the least translated region);
the figures of every region ride along as compact JSON for the script (`report_assets.SCRIPT`),
which puts a chosen region's figures in place. Cells carry their sort value in `data-v`.
"""
from __future__ import annotations

import json
from typing import Callable, Iterator

from pipeline.delivery.report_common import HIGH, LOW, day, e, tone

Link = Callable[[str | None, str], str]  # (file, text) -> HTML: a link to the file, or the text alone
COLUMNS = (  # the columns every row has before the languages': (title, sort type, width %, tooltip)
    ("Page", "text", 19, "the page's path below the source folder"),
    ("Title", "text", 17, "the page's title in the source language"),
    ("Words", "num", 5.5, "source words (in the largest region, or the region chosen)"),
    ("Changed", "text", 7.5, "the date of the last commit that changed the source page"),
    ("Fuzzy", "num", 5, "fuzzy units in every language: translations of text that changed since"),
)
PER_LANGUAGE = (("%", "source words translated", 1.6), ("fuzzy", "fuzzy units", 1), ("untr.", "untranslated units", 1),
                ("rej.", "translations rejected by a check", 1))  # (title, tooltip, share of the language's width)


def pages_pieces(data: dict, link: Link) -> Iterator[str]:
    """The pages section, a row at a time: 10,000 pages are 10,000 rows, some 15 MB of HTML."""
    pages, langs = data.get("pages") or [], data.get("languages") or []
    head = '<section id="pages">\n<h2>Pages</h2>'
    if not pages:
        yield head + '\n<p class="none">No pages.</p>\n</section>'
        return
    yield head + "\n" + _controls(data) + "\n"
    yield from _table(pages, langs, link)
    yield f'\n<script type="application/json" id="page-figures">{figures_json(data)}</script>\n</section>'


def _controls(data: dict) -> str:
    regions = "".join(f"<option>{e(r)}</option>" for r in data.get("regions") or [])
    langs = "".join(f"<option>{e(lang)}</option>" for lang in data.get("languages") or [])
    n = len(data.get("pages") or [])
    return ('<div class="controls">'
            '<input type="search" id="page-filter" placeholder="Filter by path or title" aria-label="Filter pages">'
            f'<label>Region <select id="page-region"><option>All regions</option>{regions}</select></label>'
            f'<label>Language <select id="page-lang"><option>All languages</option>{langs}</select></label>'
            f'<span id="page-count">{n} of {n} pages</span></div>\n<style id="page-hidden-columns"></style>\n'
            '<p class="note">With all regions, each language shows the region where the page is least translated '
            '(point at a figure to see which). Click a column to sort it; <i>held</i>: not published, under '
            'min_translated.</p>')


def _table(pages: list[dict], langs: list[str], link: Link) -> Iterator[str]:
    first = "".join(f'<th rowspan="2" data-col="{i}" data-type="{kind}" class="{kind}" title="{e(tip)}">{e(name)}</th>'
                    for i, (name, kind, _, tip) in enumerate(COLUMNS))
    first += "".join(f'<th colspan="{len(PER_LANGUAGE)}" class="lang l{n}">{e(lang)}</th>' for n, lang in enumerate(langs))
    second = "".join(f'<th data-col="{len(COLUMNS) + n * len(PER_LANGUAGE) + k}" data-type="num" class="num l{n}" '
                     f'title="{e(lang)}: {e(tip)}">{e(name)}</th>'
                     for n, lang in enumerate(langs) for k, (name, tip, _) in enumerate(PER_LANGUAGE))
    yield (f'<table class="pt" id="page-table">\n{_widths(len(langs))}\n<thead><tr>{first}</tr><tr>{second}</tr></thead>\n'
           "<tbody>\n")
    for i, page in enumerate(pages):
        yield ("\n" if i else "") + _row(i, page, langs, link)
    yield "\n</tbody>\n</table>"


def _widths(languages: int) -> str:
    """The columns' widths: the fixed ones, and the rest shared by the languages (hidden with theirs)."""
    cols = [f'<col style="width:{width:g}%">' for _, _, width, _ in COLUMNS]
    rest = 100 - sum(width for _, _, width, _ in COLUMNS)
    shares = sum(share for _, _, share in PER_LANGUAGE)
    cols += [f'<col class="l{n}" style="width:{rest / max(languages, 1) * share / shares:.2f}%">'
             for n in range(languages) for _, _, share in PER_LANGUAGE]
    return "<colgroup>" + "".join(cols) + "</colgroup>"


def _row(i: int, page: dict, langs: list[str], link: Link) -> str:
    changed = page.get("changed")
    cells = [f'<td class="path" data-v="{e(page["page"])}">{link(page.get("source"), page["page"])}</td>',
             f'<td class="title" data-v="{e(page.get("title") or "")}">{e(page.get("title") or "")}</td>',
             f'<td class="num" data-v="{e(page.get("words", 0))}">{e(page.get("words", 0))}</td>',
             f'<td class="date" data-v="{e(changed or "")}" title="{e(changed or "no commit date")}">'
             f'{e(day(changed) or "–")}</td>',
             f'<td class="num" data-v="{e(page.get("fuzzy", 0))}">{e(page.get("fuzzy", 0))}</td>']
    for n, lang in enumerate(langs):
        figures = (page.get("langs") or {}).get(lang)
        catalog = (page.get("catalogs") or {}).get(lang)
        cells += _language_cells(n, figures, catalog, link) if figures else \
            [f'<td class="num none l{n}" data-v="">–</td>'] * len(PER_LANGUAGE)
    return f'<tr data-i="{i}">' + "".join(cells) + "</tr>"


def _language_cells(n: int, figures: dict, catalog: str | None, link: Link) -> list[str]:
    percent = float(figures.get("percent") or 0)
    held = bool(figures.get("held"))
    tip = (f"least translated in {figures.get('region')}: {figures.get('translated', 0)} of "
           f"{figures.get('units', 0)} units translated" + ("; held back (min_translated)" if held else ""))
    cells = [f'<td class="num pct {tone(percent)}{" held" if held else ""} l{n}" data-v="{percent:.1f}" '
             f'style="--p:{min(percent, 100):g}%" title="{e(tip)}">{link(catalog, f"{percent:.1f} %")}</td>']
    for key in ("fuzzy", "untranslated", "rejected"):
        cells.append(f'<td class="num l{n}" data-v="{e(figures.get(key, 0))}">{e(figures.get(key, 0))}</td>')
    return cells


def figures_json(data: dict) -> str:
    """Every region's figures for the script: rows[i][region] = null | [words, [per language: null |
    [percent, fuzzy, untranslated, rejected, units, translated, held]]], safe inside a <script>."""
    regions, langs = data.get("regions") or [], data.get("languages") or []

    def compact(f: dict | None) -> list | None:
        return None if f is None else [f["percent"], f["fuzzy"], f["untranslated"], f["rejected"], f["units"],
                                       f["translated"], 1 if f.get("held") else 0]

    rows = [[None if (info := (page.get("regions") or {}).get(region)) is None
             else [info["words"], [compact(info["langs"].get(lang)) for lang in langs]] for region in regions]
            for page in data.get("pages") or []]
    text = json.dumps({"low": LOW, "high": HIGH, "regions": regions, "langs": langs, "rows": rows},
                      ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
