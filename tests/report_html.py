"""Reading the report's HTML back in tests: the matrix cells and the pages table."""
from __future__ import annotations

from html.parser import HTMLParser

EXPECTED_CELLS = {  # the matrix of tests/fixtures/report.json: (percent, translated, units)
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


class Table(HTMLParser):
    """The rows of #page-table: each cell's class, data-v and text."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[dict]] = []
        self.inside = self.in_body = False
        self.cell: dict | None = None
        self.headers: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.inside = attrs.get("id") == "page-table"
        elif self.inside and tag == "tbody":
            self.in_body = True
        elif self.inside and tag == "th":
            self.headers.append(attrs)
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.cell = {**attrs, "text": ""}
            self.rows[-1].append(self.cell)

    def handle_endtag(self, tag):
        if tag == "td":
            self.cell = None
        elif tag == "table":
            self.inside = self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def table(html: str) -> Table:
    parser = Table()
    parser.feed(html)
    return parser
