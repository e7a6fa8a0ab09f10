"""The syntax of the place a unit's text goes back to, which a msgstr must not break.

- Hugo reads `{{<` and `{{%` anywhere in a page body (code included) as the start of a shortcode:
  one that does not end as a shortcode stops the build of the whole site.
- A line of a code unit starting with ``` or ~~~ closes the code block: what follows is Markdown.
- A pipe-table cell ends at a `|` not right after a backslash (inside code spans and link targets
  too), and a backslash at its end escapes the `|` after it: the row shifts.
- A heading ending in `{…}` gets goldmark's attributes: `{#id}` changes the id links point to.
- A shortcode attribute value is read by Hugo's lexer: `\\"` is a quote, a backslash before the
  closing quote leaves the string unterminated (the site does not build), `\\`` is refused, and
  any escaped quote makes Hugo drop every backslash of the value. `merge` writes values so the page
  always builds; this check tells the translator what would not come out as written.
- Line breaks where the unit cannot have one, blank lines that would split a block.
Quoted HTML attributes and front matter scalars are escaped by `merge` whatever they hold.
"""
from __future__ import annotations

import re
from collections import Counter

from pipeline.validation.parts import Problem, Reading

SHORTCODE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}", re.S)
OPENER = re.compile(r"\{\{[<%]")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)
SPLITTING_PIPE = re.compile(r"(?<!\\)\|")
TRAILING_BACKSLASHES = re.compile(r"\\+$")
HEADING_ATTRIBUTES = re.compile(r"\{[^{}]*\}[ \t]*$")


def check(msgid: str, msgstr: str, how: Reading) -> list[Problem]:
    problems = _shortcode_starts(msgid, msgstr)
    if how.syntax == "code":
        return problems + _fences(msgid, msgstr)
    if how.single_line and "\n" in msgstr and "\n" not in msgid:
        problems.append(Problem("structure", f"a {_where(how)} cannot hold a line break"))
    problems += _blank_lines(msgid, msgstr)
    if how.syntax == "cell":
        problems += _cell(msgid, msgstr)
    elif how.syntax == "heading":
        problems += _heading(msgid, msgstr)
    elif how.syntax == "shortcode value":
        problems += _shortcode_value(msgid, msgstr)
    return problems


def _where(how: Reading) -> str:
    return {"heading": "heading", "cell": "table cell", "shortcode value": "shortcode attribute",
            "value": "attribute or front matter value"}.get(how.syntax, "unit of this kind")


def _shortcode_starts(msgid: str, msgstr: str) -> list[Problem]:
    def starts(text: str) -> int:
        return len(OPENER.findall(SHORTCODE.sub("", text))) if "{{" in text else 0
    if starts(msgstr) > starts(msgid):
        return [Problem("injection", "adds '{{<' or '{{%', which Hugo reads as the start of a shortcode: "
                                     "the site would not build")]
    return []


def _fences(msgid: str, msgstr: str) -> list[Problem]:
    if "``" not in msgstr and "~~" not in msgstr:
        return []
    added = _fence_chars(msgstr) - _fence_chars(msgid)
    if not added:
        return []
    line = next(n for n, text in enumerate(msgstr.split("\n"), 1) if _fence_chars(text) & added)
    return [Problem("structure", f"line {line} would close the code block: what follows it would be read as Markdown")]


def _fence_chars(text: str) -> Counter:
    """The lines of a text that open or close a fence, by fence character."""
    return Counter(m.group(1)[0] for m in FENCE.finditer(text))


def _blank_lines(msgid: str, msgstr: str) -> list[Problem]:
    if "\n" not in msgstr or any(not line.strip() for line in msgid.split("\n")):
        return []
    return [Problem("structure", f"line {n} is blank: it would split the block")
            for n, line in enumerate(msgstr.split("\n"), 1) if not line.strip()]


def _cell(msgid: str, msgstr: str) -> list[Problem]:
    problems = []
    if "|" in msgstr and _pipes(msgstr) > _pipes(msgid):
        problems.append(Problem("structure", "a '|' would split the table cell: write it as \\|"))
    if msgstr.endswith("\\") and len(TRAILING_BACKSLASHES.search(msgstr).group()) % 2 \
            and not (msgid.endswith("\\") and len(TRAILING_BACKSLASHES.search(msgid).group()) % 2):
        problems.append(Problem("structure", "a '\\' at the end of a table cell escapes the '|' after it: "
                                             "the row's cells would shift"))
    return problems


def _pipes(text: str) -> int:
    """The pipes that end a cell: goldmark splits a row before it reads code spans or links."""
    return len(SPLITTING_PIPE.findall(SHORTCODE.sub("", text)))


def _heading(msgid: str, msgstr: str) -> list[Problem]:
    if "{" not in msgstr:
        return []
    added = _attributes(msgstr)
    if added and added != _attributes(msgid):
        return [Problem("structure", f"'{added}' at the end of a heading sets its id or attributes: "
                                     "links to the heading would break (the id comes from the source)")]
    return []


def _attributes(text: str) -> str | None:
    m = HEADING_ATTRIBUTES.search(SHORTCODE.sub("x", text))
    return m.group().strip() if m else None


def _shortcode_value(msgid: str, msgstr: str) -> list[Problem]:
    misread = _misread(msgstr)
    if misread and misread != _misread(msgid):
        return [Problem("structure", f"a shortcode attribute that {misread}: Hugo would not read it as written")]
    return []


def _misread(value: str) -> str | None:
    """How Hugo's shortcode lexer (checked with Hugo 0.111) would misread a double-quoted value."""
    if value.endswith("\\"):
        return "ends with '\\' (it escapes the closing quote)"
    if "\\`" in value:
        return "has '\\`' (an escape Hugo refuses)"
    if "\\" in value and '"' in value:
        return "has both '\\' and '\"' (Hugo drops every backslash of a value with an escaped quote)"
    return None
