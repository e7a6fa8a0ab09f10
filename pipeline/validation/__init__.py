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
- format: what `msgfmt -c` checks on an entry (leading and trailing newlines agree);
- glossary: each label the msgid names (`[保存]`, `「ユーザー管理」`) reads as the language's glossary
  translates it (`terms.py`; a warning by default: wording, not safety).

What is compared is what Hugo will read: the msgid and the msgstr are parsed as Markdown
(`markdown.py`) and HTML (`html.py`) and their constructs compared (`constructs.py`); the syntax of
the place a unit goes back to is in `syntax.py`; the placeholders translators see in `tokens.py`.
"""
from __future__ import annotations

from typing import Callable

from pipeline.model import Kind
from pipeline.validation import constructs, syntax, tokens
from pipeline.validation.parts import Problem, Reading

CHECKS = ("placeholders", "injection", "balance", "structure", "format", "glossary")
LEVELS = ("error", "warning", "off")
DEFAULT_LEVELS = {**{name: "error" for name in CHECKS}, "glossary": "warning"}
FLOOD = 16  # see _flooded

Rewrite = Callable[[str], str]




READINGS = {
    Kind.PARAGRAPH: Reading("block", False),
    Kind.LIST_ITEM: Reading("list item", False),
    Kind.HEADING: Reading("heading", True),
    Kind.PIPE_CELL: Reading("cell", True),
    Kind.CODE: Reading("code", False),
    Kind.SHORTCODE_TEXT: Reading("block", True),  # an inline shortcode's inner: on its line
    Kind.HTML_TEXT: Reading("block", False),
    Kind.HTML_LINE: Reading("block", True),
    Kind.HTML_ITEM: Reading("list item", False),
    Kind.SHORTCODE_VALUE: Reading("shortcode value", True),
    Kind.HTML_VALUE: Reading("value", True),
    Kind.FRONT_MATTER: Reading("value", True),
}


def check_translation(msgid: str, msgstr: str, kind: Kind, rewrite: Rewrite = lambda s: s) -> list[Problem]:
    """Every problem of one translated entry; an empty list means it may be published.
    Every check compares the msgstr with its msgid, so an identity translation always passes."""
    if msgstr == msgid:
        return []
    if len(msgstr) > longest(msgid) or _flooded(msgid, msgstr):
        return _unread(msgid, msgstr)
    how = READINGS[kind]
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
