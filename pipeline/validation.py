"""Checks on a translation before it may reach a published page.

Translations come from outside (vendors, volunteers). Each check has a name, so a config can turn it
off or down to a warning (`checks: {balance: warning}`):

- placeholders: the msgstr keeps the msgid's variables, shortcodes, link and image targets (after the
  language's rewrite rules), inline code, HTML tags and character references; order may change;
- injection: the msgstr adds no raw HTML, shortcode, link or image target the msgid does not have;
- balance: emphasis, code spans, links and HTML tags open and close in the msgstr as in the msgid;
- structure: no line that would change the block (`#`, `>`, `-`, `1.`, indentation, blank line), no
  line break where the unit cannot have one (headings, cells, attributes, front matter);
- format: what `msgfmt -c` checks on an entry (leading and trailing newlines agree).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from .placeholders import PLACEHOLDER

CHECKS = ("placeholders", "injection", "balance", "structure", "format")
LEVELS = ("error", "warning", "off")
DEFAULT_LEVELS = {name: "error" for name in CHECKS}

SINGLE_LINE_KINDS = ("heading", "table", "front matter", " of ", "subtitle", "term")
BLOCK_START = re.compile(r"^(?:[ \t]+(?=\S)|#{1,6}(?:\s|$)|>|[-*+][ \t]|\d{1,9}[.)](?:[ \t]|$)|={3,}\s*$|-{3,}\s*$|```|~~~)")
DANGEROUS_URL = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")
VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta source track wbr".split())
TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^<>]*?(/?)>")
ALT_TITLE = re.compile(r"""(\s(?:alt|title)\s*=\s*)(?:"[^"]*"|'[^']*')""", re.I)
SPACES_IN_SHORTCODE = re.compile(r"\s+")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Problem:
    check: str
    message: str


def placeholders(text: str, rewrite: Callable[[str], str] = lambda s: s) -> tuple[Counter, dict[str, str]]:
    """The placeholders of a text as a multiset, normalized so harmless differences don't count:
    spacing inside shortcodes, the translatable alt/title values of HTML tags, rewritten targets;
    and each normalized token as the text writes it (messages quote what the translator sees)."""
    found, written = Counter(), {}
    for m in PLACEHOLDER.finditer(text):
        token = m.group()
        if token.startswith("{{"):
            token = SPACES_IN_SHORTCODE.sub("", token)
        elif token.startswith("<") and not token.startswith("<!--"):
            token = ALT_TITLE.sub(r'\1""', token)
        elif token.startswith("]("):
            token = rewrite(token)
        found[token] += 1
        written.setdefault(token, m.group())
    return found, written


def check_translation(msgid: str, msgstr: str, kind: str, rewrite: Callable[[str], str] = lambda s: s) -> list[Problem]:
    """Every problem of one translated entry; an empty list means it may be published."""
    problems = []
    (source, in_msgid), (target, in_msgstr) = placeholders(msgid, rewrite), placeholders(msgstr, rewrite)
    missing, added = source - target, target - source
    if missing:
        problems.append(Problem("placeholders", "missing " + _list(missing, in_msgid)))
    if added:
        problems.append(Problem("injection", "adds " + _list(added, in_msgstr) + " that the source does not have"))
    if DANGEROUS_URL.search(msgstr) and not DANGEROUS_URL.search(msgid):
        problems.append(Problem("injection", "adds a javascript:, vbscript: or data: URL"))
    problems.extend(_balance(msgid, msgstr))
    problems.extend(_structure(msgid, msgstr, kind))
    if msgid.startswith("\n") != msgstr.startswith("\n") or msgid.endswith("\n") != msgstr.endswith("\n"):
        problems.append(Problem("format", "msgid and msgstr must both begin and end with a newline, or neither"))
    return problems


def _list(tokens: Counter, written: dict[str, str]) -> str:
    return ", ".join(f"'{written[t]}'" + (f" ×{n}" if n > 1 else "") for t, n in sorted(tokens.items()))


def _balance(msgid: str, msgstr: str) -> list[Problem]:
    problems = []
    prose_id, prose_str = PLACEHOLDER.sub(" ", msgid), PLACEHOLDER.sub(" ", msgstr)
    for marker, name in (("**", "bold (**)"), ("__", "bold (__)"), ("`", "code span (`)")):
        if prose_str.count(marker) % 2 and not prose_id.count(marker) % 2:
            problems.append(Problem("balance", f"{name} opened and not closed"))
    if _brackets(msgstr) and not _brackets(msgid):
        problems.append(Problem("balance", "square brackets [ ] do not pair up: a link would break"))
    unclosed = _tags(msgstr)
    if unclosed and not _tags(msgid):
        problems.append(Problem("balance", unclosed))
    return problems


def _brackets(text: str) -> bool:
    depth = 0
    for c in PLACEHOLDER.sub(lambda m: "]" if m.group().startswith("](") else " ", text):
        depth += {"[": 1, "]": -1}.get(c, 0)
        if depth < 0:
            return True
    return depth != 0


def _tags(text: str) -> str | None:
    """The first HTML tag that does not close properly, as a message; None when all do."""
    stack: list[str] = []
    for m in TAG.finditer(text):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in VOID_ELEMENTS or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        else:
            return f"</{name}> closes {'<' + stack[-1] + '>' if stack else 'nothing'}"
    return f"<{stack[-1]}> is never closed" if stack else None


def _structure(msgid: str, msgstr: str, kind: str) -> list[Problem]:
    if kind == "code":
        return []
    problems = []
    if "\n" in msgstr and "\n" not in msgid and any(k in kind for k in SINGLE_LINE_KINDS):
        problems.append(Problem("structure", f"a {kind} cannot hold a line break"))
    if kind == "pipe table cell" and UNESCAPED_PIPE.search(PLACEHOLDER.sub("", msgstr)) \
            and not UNESCAPED_PIPE.search(PLACEHOLDER.sub("", msgid)):
        problems.append(Problem("structure", "a '|' would split the table cell: write it as \\|"))
    source_starts = {_block_start(line) for line in msgid.split("\n")}
    for n, line in enumerate(msgstr.split("\n"), 1):
        start = _block_start(line)
        if start and start not in source_starts:
            problems.append(Problem("structure", f"line {n} starts with {start!r}, which changes the block"))
        if not line.strip() and "\n" in msgstr and "" not in msgid.split("\n"):
            problems.append(Problem("structure", f"line {n} is blank: it would split the block"))
    return problems


def _block_start(line: str) -> str | None:
    m = BLOCK_START.match(PLACEHOLDER.sub(lambda t: "x" * len(t.group()), line))
    if not m:
        return None
    return line[:m.end()].strip() or "indentation"


def level(levels: dict[str, str], check: str) -> str:
    return levels.get(check, DEFAULT_LEVELS.get(check, "error"))
