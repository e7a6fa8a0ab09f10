"""A text read as a browser reads HTML, with Python's html.parser: its tags, their attributes,
comments and declarations, wherever they are (Markdown passes raw HTML through, and a unit inside
an HTML block is not Markdown at all).

A tag the text leaves open (`<img src=x onerror=alert(1) `) is a tag too: on the page, the
browser reads it up to the next `>`, whatever comes after the unit. The `alt` and `title` of a tag
are translated in place: their values do not count; every other attribute does, name and value.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Callable

from pipeline.validation.parts import Construct

TRANSLATABLE = frozenset({"alt", "title"})
# `<https://…>` and `<a@b.c>` are Markdown autolinks (markdown.py reports the link), not tags
AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*|[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+)>")


class _Reader(HTMLParser):
    def __init__(self, unmask: Callable[[str], str]):
        super().__init__(convert_charrefs=True)
        self.unmask, self.found = unmask, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        written = self.get_starttag_text() or f"<{tag}>"
        if not AUTOLINK.fullmatch(written):
            self.found.append(Construct("tag", _tag_key(tag, attrs), self.unmask(written)))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.found.append(Construct("end tag", tag, f"</{tag}>"))

    def handle_comment(self, data: str) -> None:
        self.found.append(Construct("comment", data, self.unmask(f"<!--{data}-->")))

    def handle_decl(self, decl: str) -> None:
        self.found.append(Construct("declaration", decl, self.unmask(f"<!{decl}>")))

    def handle_pi(self, data: str) -> None:
        self.found.append(Construct("declaration", data, self.unmask(f"<?{data}>")))

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)


def constructs(text: str, unmask: Callable[[str], str]) -> list[Construct]:
    if "<" not in text:
        return []
    reader = _Reader(unmask)
    reader.feed(text)
    rest = reader.rawdata  # what html.parser waits for more input to finish: a construct never closed
    if rest.startswith("<") and not reader.cdata_elem:
        reader.found.extend(_unfinished(rest, unmask))
    return reader.found


def _unfinished(rest: str, unmask: Callable[[str], str]) -> list[Construct]:
    if rest.startswith("<!--"):
        return [Construct("unclosed comment", "", "<!--")]
    closed = _Reader(unmask)
    closed.feed(rest.rstrip() + ">")  # as the browser will read it: up to some '>' further on
    shown = unmask(rest.rstrip())
    return [Construct("unclosed " + c.what if c.what == "tag" else c.what, c.target, shown) for c in closed.found] \
        or [Construct("declaration", rest, shown)]


def _tag_key(tag: str, attrs: list) -> str:
    """A tag as compared: its name and its attributes (values unescaped by the parser, so
    `&#106;avascript:` is `javascript:`), with the translatable values left out."""
    pairs = sorted(f"{name}=" + ("" if name in TRANSLATABLE else value or "") for name, value in attrs)
    return " ".join([tag] + pairs)
