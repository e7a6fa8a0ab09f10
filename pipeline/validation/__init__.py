"""Checks on a translation before it may reach a published page.

Translations come from outside (vendors, volunteers): a msgstr must not add a link, markup or
structure to the page, nor break the syntax it is written back into. Each check has a name, so a
config can turn it off or down to a warning (`checks: {balance: warning}`):

- placeholders: the msgstr keeps the msgid's variables, shortcodes, link and image targets (after the
  language's rewrite rules), inline code, HTML tags and character references; order may change;
- injection: the msgstr adds no link, image, bare URL Hugo would link, reference definition, HTML
  tag, attribute or comment, and no shortcode (not even the start of one) the msgid does not have;
- balance: emphasis, code spans, links and HTML tags open and close in the msgstr as in the msgid;
- structure: no block the msgid does not have (heading, list, quote, code, table, definition, HTML
  block...), no line break where the unit cannot have one, nothing that would break the syntax the
  text is written into (a pipe-table cell, a shortcode attribute, a heading's `{#id}`, a code fence);
- format: what `msgfmt -c` checks on an entry (leading and trailing newlines agree).

What is compared is what Hugo will read: the msgid and the msgstr are parsed as Markdown
(`markdown.py`) and HTML (`html.py`) and their constructs compared (`constructs.py`); the syntax of
the place a unit goes back to is in `syntax.py`; the placeholders translators see in `tokens.py`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, NamedTuple

CHECKS = ("placeholders", "injection", "balance", "structure", "format")
LEVELS = ("error", "warning", "off")
DEFAULT_LEVELS = {name: "error" for name in CHECKS}
FLOOD = 16  # see _flooded
SINGLE_LINE_KINDS = ("heading", "table", "front matter", " of ", "subtitle", "term")

Rewrite = Callable[[str], str]


@dataclass(frozen=True)
class Problem:
    check: str
    message: str


class Reading(NamedTuple):
    """How the text of a unit is read where it goes back. `syntax`: "block" (Markdown or HTML text at
    the start of a block), "list item" (the same, where a `[ ]` makes a checkbox), "heading", "cell"
    (a pipe-table cell), "shortcode value" and "value" (a quoted attribute or a front matter scalar,
    escaped by merge) or "code" (inside a code block)."""
    syntax: str
    single_line: bool


@functools.lru_cache(maxsize=256)
def reading(kind: str) -> Reading:
    """The one place that knows what the kind strings of the catalogs mean (the first line of the
    entry's comment: a code entry's note follows on the next line)."""
    kind = kind.split("\n", 1)[0].strip()
    single_line = any(k in kind for k in SINGLE_LINE_KINDS)
    if kind == "code":
        return Reading("code", False)
    if kind.startswith("front matter") or " of <" in kind:
        return Reading("value", single_line)
    if " of " in kind:
        return Reading("shortcode value", single_line)
    if kind in ("heading", "pipe table cell"):
        return Reading("heading" if kind == "heading" else "cell", single_line)
    return Reading("list item" if kind == "list item" else "block", single_line)


def check_translation(msgid: str, msgstr: str, kind: str, rewrite: Rewrite = lambda s: s) -> list[Problem]:
    """Every problem of one translated entry; an empty list means it may be published.
    Every check compares the msgstr with its msgid, so an identity translation always passes."""
    if msgstr == msgid:
        return []
    if len(msgstr) > longest(msgid) or _flooded(msgid, msgstr):
        return _unread(msgid, msgstr)
    how = reading(kind)
    problems, reported = tokens.compare(msgid, msgstr, rewrite)
    if how.syntax != "code":
        problems += constructs.compare(msgid, msgstr, how.syntax, rewrite, reported)
        problems += tokens.balance(msgid, msgstr)
    problems += syntax.check(msgid, msgstr, how)
    if msgid.startswith("\n") != msgstr.startswith("\n") or msgid.endswith("\n") != msgstr.endswith("\n"):
        problems.append(Problem("format", "msgid and msgstr must both begin and end with a newline, or neither"))
    return problems


def longest(msgid: str) -> int:
    """The longest msgstr that is read at all. Natural translations of the source stay far below
    (the longest are ~6 times a two-character msgid); reading costs up to ~30 µs a character on text
    dense with markup."""
    return 4 * len(msgid) + 2_000


def _flooded(msgid: str, msgstr: str) -> bool:
    """Many more starts of shortcodes, comments or link targets than the msgid has: each is an
    injection, and the placeholder patterns take quadratic time over starts that never end."""
    return any(msgstr.count(start) > msgid.count(start) + FLOOD for start in ("{{<", "{{%", "<!--", "]("))


def _unread(msgid: str, msgstr: str) -> list[Problem]:
    """Not read, so not used: named under both checks it escaped, so that one at 'off' lets nothing through."""
    if len(msgstr) > longest(msgid):
        message = f"{len(msgstr):,} characters for a msgid of {len(msgid):,}: too long to be read, so not used"
    else:
        message = "many more starts of shortcodes ('{{<', '{{%'), HTML comments ('<!--') or link targets ('](') " \
                  "than the msgid has: not read, not used"
    return [Problem("injection", message), Problem("structure", message)]


def level(levels: dict[str, str], check: str) -> str:
    return levels.get(check, DEFAULT_LEVELS.get(check, "error"))


from . import constructs, syntax, tokens  # noqa: E402  (they use Problem, defined above)
