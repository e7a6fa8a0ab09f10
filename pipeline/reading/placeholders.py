"""What inside a unit is not prose: the placeholders translators keep as they are.

Variables and inline shortcodes, HTML tags and comments, link and image targets, inline code and
character references. A unit needs some prose outside them to be worth translating.
"""
from __future__ import annotations

import functools
import re
import unicodedata

PLACEHOLDER = re.compile(
    r"\{\{<.*?>\}\}|\{\{%.*?%\}\}"  # shortcodes
    r"|<!--.*?-->|</?[A-Za-z][^<>]*>"  # HTML comments and tags
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # link and image targets
    r"|(`{1,16})(?:(?!\1).)+?\1"  # inline code (a longer run backtracks in cubic time: a run of 1,000 took 13 s)
    r"|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);",  # character references
    re.S,
)


MARKUP = re.compile(r"[{<\]`&]")  # no placeholder can start without one of these
LETTER = re.compile(r"[^\W\d_]")  # a letter of any script (and a few other alphanumerics)


def prose(text: str) -> str:
    return PLACEHOLDER.sub(" ", text) if MARKUP.search(text) else text


@functools.lru_cache(maxsize=1 << 16)
def has_letters(text: str) -> bool:
    """True when something outside the placeholders is a letter (of any script).
    Asked of every unit in every region and language: remembered per text."""
    return any(unicodedata.category(m.group())[0] == "L" for m in LETTER.finditer(prose(text)))
