"""The report's pages table: one row per page, every figure in its cell, every region's for the script."""
from __future__ import annotations

import json
import re

from pipeline.delivery.report import render_html
from pipeline.delivery.report_pages import COLUMNS, PER_LANGUAGE, figures_json
from report_html import table


def test_one_row_per_page_with_every_figure(report_sample):
    parsed = table(render_html(report_sample))
    assert len(parsed.rows) == 3
    assert all(len(row) == len(COLUMNS) + 2 * len(PER_LANGUAGE) for row in parsed.rows)
    by_page = {row[0]["text"]: row for row in parsed.rows}
    ts = by_page["login/troubleshoot_second.md"]
    assert [c["text"] for c in ts[:5]] == ["login/troubleshoot_second.md", "ログインできない：次に確認すること", "1956",
                                           "2026-10-02", "4"]
    assert [c["text"] for c in ts[5:]] == ["29.3 %", "4", "23", "2", "4.1 %", "0", "37", "0"]
    assert [c["data-v"] for c in ts[5:9]] == ["29.3", "4", "23", "2"]
    assert ts[5]["class"] == "num pct bad l0" and ts[9]["class"] == "num pct bad held l1"
    assert ts[9]["title"] == "least translated in CN: 2 of 39 units translated; held back (min_translated)"
    odd = by_page["a&b/<i>.md"]
    assert odd[3]["text"] == "–" and odd[3]["data-v"] == ""  # no commit date outside git
    assert [c["text"] for c in odd[9:]] == ["–"] * 4 and odd[9]["data-v"] == ""  # not published in zh


def test_sortable_headers_name_their_column(report_sample):
    parsed = table(render_html(report_sample))
    sortable = [h for h in parsed.headers if "data-col" in h]
    assert [int(h["data-col"]) for h in sortable] == list(range(len(COLUMNS) + 2 * len(PER_LANGUAGE)))
    assert [h["data-type"] for h in sortable[:5]] == ["text", "text", "num", "text", "num"]
    assert [h["title"] for h in sortable[5:9]] == ["en: source words translated", "en: fuzzy units",
                                                   "en: untranslated units", "en: translations rejected by a check"]


def test_controls_list_the_regions_and_languages(report_sample):
    html = render_html(report_sample)
    assert '<select id="page-region"><option>All regions</option><option>JP</option><option>US</option>' in html
    assert '<select id="page-lang"><option>All languages</option><option>en</option><option>zh</option></select>' in html
    assert '<span id="page-count">3 of 3 pages</span>' in html


def test_figures_json_holds_every_region_and_is_safe_in_a_script(report_sample):
    report_sample["regions"].append("</script><b>")
    text = figures_json(report_sample)
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["langs"] == ["en", "zh"] and data["regions"][-1] == "</script><b>"
    assert (data["low"], data["high"]) == (50.0, 90.0)
    ts = data["rows"][1]
    assert ts[0] == [1956, [[29.3, 4, 23, 2, 41, 12, 0], [9.8, 0, 37, 0, 41, 4, 0]]]
    assert ts[1] == [1800, [[40.0, 0, 23, 0, 38, 15, 0], None]]
    assert ts[2] == [1900, [None, [4.1, 0, 37, 0, 39, 2, 1]]]
    assert ts[3] is None  # the odd region: not published there


def test_column_widths_add_up_whatever_the_languages(report_sample):
    for langs in ([], ["en"], ["en", "zh", "ko", "fr", "de"]):
        html = render_html({**report_sample, "languages": langs})
        start = html.index('<table class="pt"')
        widths = [float(w) for w in re.findall(r"width:([\d.]+)%", html[start:html.index("</colgroup>", start)])]
        assert len(widths) == len(COLUMNS) + len(langs) * len(PER_LANGUAGE)
        assert sum(widths) <= 100.01 and (not langs or sum(widths) > 99.9)


def test_no_pages():
    html = render_html({"matrix": [], "pages": []})
    assert "No pages." in html and 'id="page-table"' not in html
