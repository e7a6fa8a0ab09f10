"""What the checks find and say: a problem with a translation, how a unit's text is read where it
goes back, and the constructs a text holds once parsed (kept apart so every check module can use
them without importing another)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


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


@dataclass(frozen=True)
class Construct:
    what: str  # "link", "image", "URL", "definition", "footnote", "reference", "tag", "end tag", …, or a block
    target: str  # compared (a link's destination, a tag's name and attributes), shortcodes masked
    shown: str  # as the text writes it, for messages
    line: int = 0  # blocks: the line of the text where it starts
