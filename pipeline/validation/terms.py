"""The glossary check: a translation renders every label of its msgid as the glossary does.

The labels a msgid names and what each must read in this language come from the caller (the
labels from the source's units, the translations from the language's glossary, see
`po.glossary`): this check only looks for each expected text in the msgstr, with runs of spaces
and line breaks read as one space and spacing inside shortcodes ignored, as Hugo shows them.
"""
from __future__ import annotations

import re
from typing import Iterable

from pipeline.validation.parts import Problem

SPACES = re.compile(r"\s+")
SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.S)


def check(msgid: str, msgstr: str, expected: Iterable[tuple[str, str]]) -> list[Problem]:
    """A problem for each (label as the msgid writes it, text the msgstr must hold) not held.
    An identity translation passes, as it passes every check."""
    if msgstr == msgid:
        return []
    found = _normal(msgstr)
    problems = []
    for label, text in dict.fromkeys(expected):
        if _normal(text) not in found:
            problems.append(Problem("glossary", f"{label} is '{text}' in the glossary: the msgstr does not have it"))
    return problems


def _normal(text: str) -> str:
    text = SHORTCODE.sub(lambda m: SPACES.sub("", m.group()), text) if "{{" in text else text
    return SPACES.sub(" ", text)
