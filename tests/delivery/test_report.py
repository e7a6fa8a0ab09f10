"""The nightly report: HTML and Markdown renderers, and the HTML page in a real headless browser."""
from __future__ import annotations

import copy
import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser

import pytest

from pipeline.delivery.report import render_html, render_markdown, tone

ROW = {"pages": 9, "units": 200, "words": 3000, "fuzzy": 0, "untranslated": 0, "fallbacks": 0}
DATA = {
    "generated": "2026-11-25 07:00 UTC", "tool_version": "0.1.0", "source_commit": "abc123",
    "matrix": [
        {**ROW, "region": "JP", "lang": "en", "translated": 150, "fuzzy": 5, "untranslated": 45, "fallbacks": 50, "percent": 75.0},
        {**ROW, "region": "JP", "lang": "ja", "translated": 200, "percent": 100.0},
        {**ROW, "region": "JP", "lang": "zh", "translated": 60, "fuzzy": 10, "untranslated": 130, "fallbacks": 140, "percent": 31.5},
        {**ROW, "region": "US", "lang": "en", "units": 180, "translated": 171, "fuzzy": 2, "fallbacks": 9, "percent": 95.2},
        {**ROW, "region": "US", "lang": "ja", "units": 180, "translated": 180, "percent": 100.0},
        {**ROW, "region": "CN", "lang": "ja", "units": 150, "translated": 150, "percent": 100.0},
        {**ROW, "region": "CN", "lang": "zh", "units": 150, "translated": 80, "fuzzy": 3, "fallbacks": 70, "percent": 52.3},
    ],
    "pages": [
        {"page": "login/unlock.md", "region": "JP", "lang": "en", "units": 20, "translated": 18, "fuzzy": 1,
         "percent": 90.0, "source": "source/content/login/unlock.md", "catalog": "locales/en/login/unlock.po"},
        {"page": "login/troubleshoot_second.md", "region": "JP", "lang": "en", "units": 41, "translated": 12, "fuzzy": 4,
         "percent": 29.3, "source": "source/content/login/troubleshoot_second.md",
         "catalog": "locales/en/login/troubleshoot_second.po"},
        {"page": "login/unlock.md", "region": "CN", "lang": "zh", "units": 16, "translated": 8, "fuzzy": 1,
         "percent": 50.0, "source": "source/content/login/unlock.md", "catalog": "locales/zh/login/unlock.po"},
    ],
    "fallbacks": [
        {"region": "JP", "lang": "en", "page": "login/unlock.md", "line": 12,
         "msgid": "ロックを<script>alert(1)</script>解除します。"},
        {"region": "JP", "lang": "zh", "page": "login/unlock.md", "line": 7, "msgid": "{{%slash%}}で**変更**する | 表"},
    ],
    "rejected": [{"file": "locales/en/login/unlock.po", "line": 40, "check": "placeholders",
                  "message": "missing '{{%store%}}'", "ref": "login/unlock.md:12"}],
    "errors": [{"file": "source/content/x.md", "line": 3, "message": "unclosed shortcode <note>"}],
    "dead_links": [{"file": "source/content/x.md", "line": 5, "target": "/general/ja/y.html", "regions": ["CN"],
                    "reason": "not published in CN"}],
    "unpublished": [{"region": "US", "lang": "en", "page": "x.md", "percent": 10.0}],
}
EXPECTED_CELLS = {
    ("JP", "en"): ("75.0", "150", "200"), ("JP", "ja"): ("100.0", "200", "200"), ("JP", "zh"): ("31.5", "60", "200"),
    ("US", "en"): ("95.2", "171", "180"), ("US", "ja"): ("100.0", "180", "180"),
    ("CN", "ja"): ("100.0", "150", "150"), ("CN", "zh"): ("52.3", "80", "150"),
}


class Cells(HTMLParser):
    """The matrix cells of a page: attributes and text of every <td class="cell|empty">."""

    def __init__(self):
        super().__init__()
        self.cells: list[dict] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and set((attrs.get("class") or "").split()) & {"cell", "empty"}:
            self.cells.append({**attrs, "text": ""})
            self.depth = 1
        elif self.depth and tag not in ("br",):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.cells[-1]["text"] += data + " "


def matrix_cells(html: str) -> dict[tuple[str, str], dict]:
    parser = Cells()
    parser.feed(html)
    return {(c["data-region"], c["data-lang"]): c for c in parser.cells}


def assert_matrix(html: str) -> None:
    cells = matrix_cells(html)
    for pair, (percent, translated, units) in EXPECTED_CELLS.items():
        cell = cells[pair]
        assert (cell["data-percent"], cell["data-translated"], cell["data-units"]) == (percent, translated, units)
        assert f"{percent} %" in cell["text"] and f"{translated} / {units}" in cell["text"]
    assert {pair for pair, c in cells.items() if "empty" in c["class"]} == {("US", "zh"), ("CN", "en")}
    assert [c["data-region"] for c in cells.values()][::3] == ["JP", "US", "CN"]  # rows in data order


def test_tone_thresholds():
    assert [tone(p) for p in (0, 49.9, 50, 89.9, 90, 100)] == ["bad", "bad", "warn", "warn", "good", "good"]


def test_html_matrix_numbers_and_colours():
    html = render_html(DATA)
    assert_matrix(html)
    cells = matrix_cells(html)
    assert [cells[p]["class"] for p in (("JP", "zh"), ("JP", "en"), ("US", "en"))] == \
        ["cell bad", "cell warn", "cell good"]


def test_html_escapes_every_value():
    data = copy.deepcopy(DATA)
    data["generated"] = '"><script>alert(2)</script>'
    data["errors"][0]["file"] = 'source/content/a"b<c>.md'
    html = render_html(data)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;script&gt;alert(2)" in html
    assert "unclosed shortcode &lt;note&gt;" in html
    assert 'href="../../source/content/a%22b%3Cc%3E.md"' in html


def test_html_is_self_contained_with_relative_links():
    html = render_html(DATA)
    assert "http://" not in html and "https://" not in html and "<link" not in html and " src=" not in html
    assert 'href="../../locales/en/login/unlock.po"' in html  # rejected entry, and the catalog of a page
    assert 'href="../../source/content/x.md"' in html
    assert 'href="site/locales/en/login/unlock.po"' in render_html(DATA, link_base="site")


def test_html_pages_grouped_least_translated_first():
    html = render_html(DATA)
    assert html.count('<details class="group"') == 2
    jp_en = html[html.index('data-region="JP" data-lang="en">'):]
    assert jp_en.index("troubleshoot_second.md") < jp_en.index("login/unlock.md")
    assert 'style="width:29.3%"' in html


def test_html_with_nothing_to_report():
    html = render_html({"generated": "now", "tool_version": "0.1.0", "source_commit": None, "matrix": []})
    assert "source not in git" in html and html.count("None.") == 5 and "No pages." in html


def test_markdown_matrix_and_counts():
    text = render_markdown(DATA)
    lines = text.splitlines()
    table = lines[lines.index("| Region | en | ja | zh |"):][:5]
    assert table[1] == "|---|---:|---:|---:|"
    assert table[2] == "| JP | 🟠 75.0 % (150/200) | 🟢 100.0 % (200/200) | 🔴 31.5 % (60/200) |"
    assert table[3] == "| US | 🟢 95.2 % (171/180) | 🟢 100.0 % (180/180) |  |"
    assert table[4] == "| CN |  | 🟢 100.0 % (150/150) | 🟠 52.3 % (80/150) |"
    assert "**1** source errors · **1** rejected translations · **1** dead links · **2** fallbacks" in text
    assert "- `locales/en/login/unlock.po:40` (placeholders): missing '{{%store%}}'" in text


def test_markdown_escapes_html_and_markdown():
    text = render_markdown(DATA)
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert r"{{%slash%}}で\*\*変更\*\*する \| 表" in text
    assert "unclosed shortcode &lt;note&gt;" in text


def test_markdown_lists_only_the_first_twenty():
    data = copy.deepcopy(DATA)
    data["fallbacks"] = [{"region": "JP", "lang": "en", "page": f"p{i}.md", "line": i, "msgid": f"text {i}"}
                         for i in range(25)]
    text = render_markdown(data)
    assert "`p19.md:19`" in text and "`p20.md:20`" not in text
    assert "- … and 5 more in the HTML report" in text and "### Fallbacks to the source text (25)" in text


def test_markdown_leaves_out_empty_lists():
    text = render_markdown({**DATA, "errors": [], "dead_links": []})
    assert "### Source errors" not in text and "**0** source errors" in text and "### Dead links" not in text


# ---- a real browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


@pytest.fixture
def chromium(tmp_path):
    """Runs Debian's chromium headless on a page; skips when it is not installed."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.skip("needs chromium (apt-get install chromium)")

    def run(page, *args: str) -> subprocess.CompletedProcess:
        command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()]
        return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)

    return run


def test_browser_shows_the_matrix_numbers(chromium, tmp_path):
    page = tmp_path / "index.html"
    page.write_text(render_html(DATA), encoding="utf-8")
    dom = chromium(page, "--dump-dom").stdout
    assert "<h1>Translation report</h1>" in dom
    assert_matrix(dom)
    assert dom.count('<details class="group"') == 2


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_browser_screenshot(chromium, tmp_path):
    page = tmp_path / "index.html"
    page.write_text(render_html(DATA), encoding="utf-8")
    shot = tmp_path / "report.png"
    chromium(page, f"--screenshot={shot}", "--window-size=1280,1600")
    assert png_size(shot) == (1280, 1600)
    assert shot.stat().st_size > 30_000  # a page with colours and text, not a blank one
    keep = os.environ.get("L10N_REPORT_SCREENSHOT")  # e.g. /tmp/report-screenshot.png, to look at it
    if keep:
        shutil.copy(shot, keep)
