"""The product's UI a unit names, in the pages' own two conventions: `[保存]` for buttons and links,
`「ユーザー管理」` for screens, menus and settings.

Found in what a reader sees: the unit's text read by markdown-it-py's inline parser, so the brackets
of a link `[text](url)`, an image `![alt](src)`, inline code, HTML tags and shortcodes are never a
label, while a label inside a link's text is. A label is the text between a pair of brackets that
holds no other bracket and no line break, as written (variables and escapes kept): it is what the
glossary's msgid says and what a translation of the unit must render as the glossary does.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

BUTTON = "[…] button or link"  # the conventions, as the glossary's msgctxt names them
SCREEN = "「…」 screen, menu or setting"
BRACKETS = {BUTTON: ("[", "]"), SCREEN: ("「", "」")}
OPENING = {"[": BUTTON, "「": SCREEN}
CLOSING = {"]": BUTTON, "」": SCREEN}
SHORTCODE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}", re.S)
PRIVATE_USE = 0xF0000  # shortcodes are one character of a private use plane each while parsing
VISIBLE = ("text", "text_special")  # tokens of text a reader sees; any other token ends a label


class Label(NamedTuple):
    convention: str  # BUTTON or SCREEN
    text: str  # as written between the brackets

    def shown(self, text: str | None = None) -> str:
        """`text` (the label's own by default) between the convention's brackets."""
        opening, closing = BRACKETS[self.convention]
        return f"{opening}{self.text if text is None else text}{closing}"


def labels(text: str) -> tuple[Label, ...]:
    """Every label of a unit's text, in order, once per use."""
    if "[" not in text and "「" not in text:
        return ()
    return _labels(text)


@functools.lru_cache(maxsize=1 << 15)
def _labels(text: str) -> tuple[Label, ...]:
    from pipeline.segmentation.markdown import inline_tokens  # markdown-it only for text with brackets
    masked, written = _mask(text)
    found: list[Label] = []
    opened: dict[str, list[str] | None] = {BUTTON: None, SCREEN: None}  # the label's pieces so far
    for token in inline_tokens(masked):
        if token.type not in VISIBLE:
            opened = {BUTTON: None, SCREEN: None}
            continue
        pieces = [(token.content, token.markup)] if token.type == "text_special" else [(c, c) for c in token.content]
        for seen, as_written in pieces:
            if seen in OPENING or seen in CLOSING:
                closes = CLOSING.get(seen)
                if closes is not None and opened[closes] is not None and not _has_bracket(opened[closes]):
                    found.append(Label(closes, _unmask("".join(opened[closes]), written)))
                opened = {BUTTON: None, SCREEN: None}  # a label holds no other bracket
                if seen in OPENING:
                    opened[OPENING[seen]] = []
                continue
            for pieces_so_far in opened.values():
                if pieces_so_far is not None:
                    pieces_so_far.append(as_written)
    return tuple(found)


def _has_bracket(pieces: list[str]) -> bool:
    """A bracket written escaped (`\\「`: markdown-it-py keeps the backslash before a non-ASCII
    character) is still a bracket: a label holds none."""
    return any(c in OPENING or c in CLOSING for piece in pieces for c in piece)


def _mask(text: str) -> tuple[str, dict[str, str]]:
    """Shortcodes as one private-use character each: Hugo reads them before the Markdown, so their
    content is never a link or a tag (and a variable inside a label stays in it as written)."""
    if "{{" not in text:
        return text, {}
    written: dict[str, str] = {}

    def one(match: re.Match) -> str:
        char = chr(PRIVATE_USE + len(written))
        written[char] = match.group()
        return char
    return SHORTCODE.sub(one, text), written


def _unmask(text: str, written: dict[str, str]) -> str:
    return "".join(written.get(c, c) for c in text) if written else text


SPLITS = (re.compile(r"[\[\]「」\n]"), re.compile(r"\\?[\[\]「」\n]"))  # an escaped bracket, or a backslash before one


def candidates(text: str) -> set[str]:
    """Every string a label of `text` could be (a superset: the pieces between brackets, links and
    code included), cheap enough for cache keys. A PO file's text works too: its pieces are also
    taken with the quotes and backslashes its strings escape read back."""
    texts = [text, text.replace('\\"', '"').replace("\\\\", "\\")] if "\\" in text else [text]
    return {piece for variant in texts for split in SPLITS for piece in split.split(variant)}
