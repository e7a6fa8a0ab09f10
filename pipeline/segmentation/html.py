"""Raw HTML blocks to units: the text between block-level tags, inline tags kept inside.

`<td>「契約状況」画面の「開始日」<sup>1</sup></td>` gives one unit with `<sup>1</sup>` in it; the table
markup, attributes and indentation stay out. Comments are the authors' notes: never units.
"""
from __future__ import annotations

import re

from pipeline.model import Kind, Unit
from pipeline.segmentation.lines import Span, Structure, units_from_lines

BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote body caption center col colgroup dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html iframe legend li "
    "link main menu nav ol optgroup option p pre section summary table tbody td tfoot th thead "
    "title tr ul script style".split()
)
LABEL = {"td": "table cell", "th": "table header", "caption": "table caption", "li": "list item",
         "dt": "term", "dd": "description", "p": "paragraph"}  # what translators read as the kind
ONE_LINE = frozenset("td th caption dt table".split())  # elements whose text stays on one line
NO_LETTER = re.compile(r"[\W\d_]*")  # not a character a letter (or another \w but a digit) could be
# a shortcode (its '<' is not a tag), a comment, or a tag
PIECE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|(?P<comment><!--.*?-->)|<(?P<close>/?)(?P<name>[A-Za-z][\w-]*)[^<>]*>", re.S)


def html_units(text: str, start: int, end: int, structure: Structure) -> list[Unit]:
    units: list[Unit] = []
    run_start, element, skipping = start, "html", None
    for m in PIECE.finditer(text, start, end):
        name = (m.group("name") or "").lower()
        if skipping:
            if m.group("close") and name == skipping:
                skipping, run_start = None, m.end()
            continue
        if not (m.group("comment") or name in BLOCK_ELEMENTS):
            continue
        units.extend(_run(text, run_start, m.start(), structure, element))
        run_start = m.end()
        if name in ("script", "style") and not m.group("close"):
            skipping = name
        elif name and not m.group("close"):
            element = name
    if not skipping:
        units.extend(_run(text, run_start, end, structure, element))
    return units


def _run(text: str, start: int, end: int, structure: Structure, element: str) -> list[Unit]:
    """The text between two block tags, one Span per line, without indentation or trailing spaces."""
    if NO_LETTER.fullmatch(text, start, end):  # most runs: the blanks between two tags; no unit
        return []                              # is made of a text without a letter
    lines, pos = [], start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop == -1 else stop
        a, b = pos, stop
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t\r":
            b -= 1
        if b > a:
            lines.append(Span(a, b))
        elif lines:  # a blank line inside the run ends it: keep units apart
            lines.append(None)
        pos = stop + 1
    units, chunk = [], []
    for line in lines + [None]:
        if line is None:
            units.extend(units_from_lines(text, chunk, structure, *_kind(element), markdown=False))
            chunk = []
        else:
            chunk.append(line)
    return units


def _kind(element: str) -> tuple[Kind, str]:
    label = LABEL.get(element, f"HTML text in <{element}>") if element != "html" else "HTML text"
    if element == "li":
        return Kind.HTML_ITEM, label
    return (Kind.HTML_LINE if element in ONE_LINE else Kind.HTML_TEXT), label
