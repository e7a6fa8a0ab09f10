"""The placeholders as translators see them: the verbatim tokens of `placeholders.PLACEHOLDER`.

Their multiset must stay the same (order may change). Messages quote each token as the msgid or the
msgstr writes it; the parsed comparison (`constructs`) leaves out what is already named here.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable

from pipeline.reading.placeholders import PLACEHOLDER
from pipeline.validation.parts import Problem

DANGEROUS_URL = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")
VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta source track wbr".split())
TAG = re.compile(r"<(/?)([A-Za-z][\w-]*+)[^<>]*?(/?)>")  # possessive name: the same matches, no quadratic backtracking
ALT_TITLE = re.compile(r"""(\s(?:alt|title)\s*=\s*)(?:"[^"]*"|'[^']*')""", re.I)
SPACES_IN_SHORTCODE = re.compile(r"\s+")
BRACKET = re.compile(r"[\[\]]")


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


def compare(msgid: str, msgstr: str, rewrite: Callable[[str], str]) -> tuple[list[Problem], dict[str, str]]:
    """Problems with the placeholders, and what they named: {"missing": …, "adds": …}, the tokens as
    written, for the parsed comparison to leave out."""
    problems = []
    (source, in_msgid), (target, in_msgstr) = placeholders(msgid, rewrite), placeholders(msgstr, rewrite)
    missing, added = source - target, target - source
    if missing:
        problems.append(Problem("placeholders", "missing " + _list(missing, in_msgid)))
    if added:
        problems.append(Problem("injection", "adds " + _list(added, in_msgstr) + " that the source does not have"))
    if DANGEROUS_URL.search(msgstr) and not DANGEROUS_URL.search(msgid):
        problems.append(Problem("injection", "adds a javascript:, vbscript: or data: URL"))
    reported = {"missing": " ".join(in_msgid[t] for t in missing).lower(),
                "adds": " ".join(in_msgstr[t] for t in added).lower()}
    return problems, reported


def _list(tokens: Counter, written: dict[str, str]) -> str:
    return ", ".join(f"'{written[t]}'" + (f" ×{n}" if n > 1 else "") for t, n in sorted(tokens.items()))


def balance(msgid: str, msgstr: str) -> list[Problem]:
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
    """True when the square brackets of the prose do not pair up (a link target counts as its ']')."""
    if "[" not in text and "]" not in text:
        return False
    depth = 0
    for m in BRACKET.finditer(PLACEHOLDER.sub(lambda m: "]" if m.group().startswith("](") else " ", text)):
        depth += 1 if m.group() == "[" else -1
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
