"""The report's HTML page: matrix, progress, what changed, the lists; escaped, self-contained, linked."""
from __future__ import annotations

import re

from pipeline.delivery.report import render_html, tone
from report_html import assert_matrix, matrix_cells

def test_tone_thresholds():
    assert [tone(p) for p in (0, 49.9, 50, 89.9, 90, 100)] == ["bad", "bad", "warn", "warn", "good", "good"]


def test_html_matrix_numbers_colours_and_changes(report_sample):
    html = render_html(report_sample)
    assert_matrix(html)
    cells = matrix_cells(html)
    assert [cells[p]["class"] for p in (("JP", "zh"), ("JP", "en"), ("US", "en"))] == \
        ["cell bad", "cell warn", "cell good"]
    assert "+250 translated words since the previous bundle" in cells[("JP", "en")]["text"]
    assert "-30 translated words" in cells[("US", "en")]["text"]
    assert "since the previous" not in cells[("JP", "zh")]["text"]  # no change: nothing said
    assert "since the previous" not in cells[("CN", "zh")]["text"]  # the previous figure is unknown


def test_html_escapes_every_value(report_sample):
    report_sample["generated"] = '"><script>alert(2)</script>'
    report_sample["errors"][0]["file"] = 'source/content/a"b<c>.md'
    html = render_html(report_sample)
    assert html.lower().count("<script") == 2  # the page figures (JSON) and the page's own script
    assert "alert(2)</script>" not in html and "alert(3)</script>" not in html and "alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;script&gt;alert(2)" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html  # a page title, in the table
    assert "unclosed shortcode &lt;note&gt;" in html
    assert 'href="files/source/content/a%22b%3Cc%3E.md"' in html
    assert 'href="files/source/content/a%26b/%3Ci%3E.md"' in html


def test_html_is_self_contained_with_links_into_its_own_folder(report_sample):
    html = render_html(report_sample)
    assert not re.search(r"https?:|<link|\bsrc=|@import|url\(", html)
    assert 'href="files/locales/en/login/unlock.po"' in html  # rejected entry, and the catalog of a page
    assert 'href="files/source/content/x.md"' in html
    assert "../" not in html
    linked = render_html(report_sample, link=lambda f: None if f.endswith(".po") else "here/" + f)
    assert 'href="here/source/content/x.md"' in linked and ".po\"" not in linked
    assert ">locales/en/login/unlock.po:40</td>" in linked  # the place, without a link


def test_html_progress_chart_and_legend(report_sample):
    html = render_html(report_sample)
    progress = html[html.index('<section id="progress"'):html.index('<section id="changes"')]
    assert "3 runs since 2026-11-23" in progress
    assert progress.count("<polyline") == 7 and "<svg" in progress
    assert "<b>JP/en</b> 75.0 % (+15.0 since 2026-11-23)" in progress
    assert "<b>CN/zh</b> 52.3 %</li>" in progress  # one run only: no change to show
    empty = render_html({**report_sample, "history": []})
    assert "No history yet." in empty and "<svg" not in empty


def test_html_what_changed(report_sample):
    html = render_html(report_sample)
    changes = html[html.index('<section id="changes"'):html.index('<section id="pages"')]
    assert "<b>1</b> page added · <b>1</b> removed · <b>1</b> changed" in changes
    assert "previous bundle: 2026-11-24, def4567890ab" in changes
    assert '<tr data-status="added"><td>new.md</td><td>added</td><td>JP/ja, US/ja, CN/ja</td></tr>' in changes
    assert "<td>JP</td><td>en</td><td>0</td><td>0</td><td>1</td><td>2250</td><td data-delta=\"250\">+250</td>" in changes
    assert "<td>CN</td><td>zh</td><td>0</td><td>0</td><td>0</td><td>1307</td><td data-delta=\"\">unknown</td>" in changes
    assert "Not compared" in render_html({**report_sample, "changes": None})


def test_html_lists_fallbacks_per_page_and_wraps_long_targets(report_sample):
    html = render_html(report_sample)
    fallbacks = html[html.index('<section id="fallback_pages"'):html.index('<section id="unpublished"')]
    assert fallbacks.count("<tr>") == 3  # the header and one row per page
    assert '<span class="n">269</span>' in fallbacks and "269 units on 2 pages" in fallbacks
    assert "JP/en 29 · JP/zh 37 · US/en 23" in fallbacks and "line 28, JP/en:" in fallbacks
    assert '<b>269</b> fallbacks to the source text' in html
    assert "<code>/general/ja/very_long_folder_name/" in html and "overflow-wrap: anywhere" in html


def test_html_with_nothing_to_report():
    html = render_html({"generated": "now", "tool_version": "0.1.0", "source_commit": None, "matrix": []})
    assert "source: not a git checkout" in html and html.count("None.") == 5 and "No pages." in html
    assert "No history yet." in html and "Not compared" in html
