"""A text read as Hugo's Markdown (goldmark) reads it, with markdown-it-py: its links, images,
reference definitions, the bare URLs goldmark's linkify turns into links, footnote and reference
links, and (for text at the start of a block) its blocks, definition lists and task checkboxes.

markdown-it-py is set up as goldmark runs on the site: CommonMark with tables, raw HTML on, and
every link target accepted (with `unsafe: true` goldmark writes `javascript:` targets too). What
markdown-it-py lacks is read here from the text of the tokens it gives: linkify (an autolink-literal
scan of text outside links, with goldmark's rule that a URL needs a host: markdown-it-py's own needs
linkify-it-py, which links more than goldmark does), definition lists and task checkboxes (the lines
goldmark starts them on). Nothing is parsed unless a character a construct needs is in the text.
"""
from __future__ import annotations

import functools
import re
from typing import Callable, Iterator

from pipeline.validation.parts import Construct

# No link, image, footnote, URL or autolink without one of these: a link's text is followed right away
# by its target (`](`) or label (`][`); a shortcut reference `[label]` links only what the page
# defines, and a definition starts a line (BLOCK_MARKUP).
INLINE_MARKUP = re.compile(r"\]\(|\]\[|\[\^|<|://|www\.|@", re.I)
BLOCK_MARKUP = re.compile(r"^(?:[ \t]|[-+*#>=_~`<:|\[]|\d{1,9}[.)])|\|", re.M)  # no block without one
# goldmark's autolink literals: a scheme or www., or an e-mail address (tried from a word's start
# only: from every position it takes quadratic time); ASCII only (a Japanese character ends a URL),
# shortcodes (private use characters, see constructs.mask) part of it.
URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[\w\-.~:/?#\[\]@!$&'()+,;=%\ue000-\uf7ff]*"
                 r"|(?<![\w.+-])[\w.+-]+@[\w\-\ue000-\uf7ff]+(?:\.[\w\-\ue000-\uf7ff]+)+", re.I | re.A)
URL_TRAILER = "?!.,:;*_~'\""  # left out of a URL's end, as goldmark does
HOST = re.compile(r"[\w\-@:%.+~#=\ue000-\uf7ff]*\.[A-Za-z\ue000-\uf7ff][\w\-@:%.+~#=\ue000-\uf7ff]*", re.A)
HOST_END = re.compile(r"[/?#]")
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
REFERENCE = re.compile(r"\[[^\[\]]*\]\[[^\[\]]*\]")  # [text][label] or [text][]: a link where the page defines it
DEFINITION = re.compile(r"^[ \t]{0,3}:[ \t]", re.M)  # goldmark's definition list: ': ' under a term
CHECKBOX = re.compile(r"^[ \t]*\[[ xX]\]")  # goldmark's task list item, at the start of an item
BLOCK_TOKENS = {"heading_open": "heading", "bullet_list_open": "list", "ordered_list_open": "numbered list",
                "list_item_open": "list item", "blockquote_open": "quote", "code_block": "code block",
                "fence": "code block", "hr": "rule", "html_block": "HTML block", "table_open": "table"}


@functools.lru_cache(maxsize=1)
def parser():
    """Made on first use: commands that check nothing do not import markdown-it-py."""
    from markdown_it import MarkdownIt
    # emphasis and strikethrough are formatting, not compared (`balance` sees to them), and links,
    # code spans and raw HTML bind tighter: off, they cost a third of the time and change nothing here
    md = MarkdownIt("commonmark", {"html": True}).enable("table").disable("emphasis")
    md.validateLink = lambda url: True  # goldmark with unsafe: true writes any target
    md.normalizeLink = md.normalizeLinkText = lambda url: url  # targets compared as written (unescaped)
    return md


def constructs(text: str, unmask: Callable[[str], str], blocks: bool, item: bool = False) -> list[Construct]:
    """The Markdown constructs of a text with its shortcodes masked (`unmask` restores them for
    messages). `blocks`: the text starts a block (a paragraph, a list item); else it is inline
    content (a heading, a cell, an attribute value) where no block can start. `item`: the text
    starts a list item, where goldmark reads `[ ]` as a checkbox."""
    has_blocks = blocks and BLOCK_MARKUP.search(text)  # a definition `[r]: …` too starts a line
    if not has_blocks and not INLINE_MARKUP.search(text):
        return []
    env: dict = {}
    tokens = parser().parse(text, env) if has_blocks else parser().parseInline(text, env)
    found = [c for token in tokens if token.type == "inline" for c in _inline(token.children or [], unmask)]
    if has_blocks:
        found.extend(_blocks(tokens, text, item))
        found.extend(_definitions(env, text, unmask))
    return found


def _inline(children: list, unmask: Callable[[str], str]) -> Iterator[Construct]:
    inside_link = 0
    for token in children:
        if token.type == "link_open":
            inside_link += 1
            yield Construct("link", token.attrs["href"], unmask(token.attrs["href"]))
        elif token.type == "link_close":
            inside_link -= 1
        elif token.type == "image":
            yield Construct("image", token.attrs["src"], unmask(token.attrs["src"]))
        elif token.type == "text" and not inside_link:
            yield from _in_text(token.content, unmask)


def _in_text(text: str, unmask: Callable[[str], str]) -> Iterator[Construct]:
    """What goldmark links in plain text that markdown-it-py leaves as text."""
    if INLINE_MARKUP.search(text):
        for m in URL.finditer(text):
            url = _trim(m.group())
            if "@" in url[:8] or _has_host(url):
                yield Construct("URL", url, unmask(url))
    if "[^" in text or "][" in text:
        for m in FOOTNOTE.finditer(text):
            yield Construct("footnote", m.group(), unmask(m.group()))
        for m in REFERENCE.finditer(text):
            yield Construct("reference", m.group(), unmask(m.group()))


def _has_host(url: str) -> bool:
    """goldmark links `https://a.b`, not `https://（name）.example.com/` nor `www.example`: after the
    scheme (or `www.`) a host with a dot, a letter after the dot."""
    rest = url.split("://", 1)[1] if "://" in url[:8] else url[4:]
    return bool(HOST.fullmatch(HOST_END.split(rest, 1)[0]))


def _trim(url: str) -> str:
    """Without the punctuation that ends a sentence, nor a ')' that closes a parenthesis around it."""
    while url:
        if url[-1] in URL_TRAILER:
            url = url[:-1]
        elif url[-1] == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        else:
            return url
    return url


def _definitions(env: dict, text: str, unmask: Callable[[str], str]) -> Iterator[Construct]:
    """Reference definitions (`[r]: url`, footnote definitions `[^1]: text` too): they hold for the
    whole page, so a msgstr must not bring any of its own."""
    lines = text.split("\n")
    for ref in env.get("references", {}).values():
        first, last = ref["map"]
        yield Construct("definition", ref["href"], unmask(" ".join(lines[first:last]).strip()))


def _blocks(tokens: list, text: str, item: bool) -> Iterator[Construct]:
    for token in tokens:
        what = BLOCK_TOKENS.get(token.type)
        if what and token.map:
            yield Construct(what, _block_key(token), _marker(token), _block_line(token))
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        if DEFINITION.match(line):
            yield Construct("definition list", ":", "': '", n)
    if item and CHECKBOX.match(lines[0]):
        yield Construct("checkbox", "[ ]", f"'{CHECKBOX.match(lines[0]).group().strip()}'", 1)


def _block_key(token) -> str:
    """What must stay the same about a block: its kind of marker (a '#' heading of another level,
    a '*' list where the msgid has a '-' list are other blocks), not its number or content."""
    if token.type in ("heading_open", "bullet_list_open", "ordered_list_open", "hr"):
        return token.markup[:1] if token.type == "hr" else token.markup
    if token.type == "fence":
        return token.markup[:1]
    return ""


def _marker(token) -> str:
    if token.type == "code_block":
        return "indentation"
    if token.type == "html_block":
        return repr(token.content.split("\n", 1)[0].strip()[:20])
    if token.type == "table_open":
        return "a row of '|' cells over a '---|---' row"
    if token.type == "heading_open" and token.markup in "=-":
        return f"a line of '{token.markup}' under it"
    if token.type == "list_item_open" and token.info:
        return repr(token.info + token.markup)
    return repr(token.markup or token.type)


def _block_line(token) -> int:
    """1-based; a setext heading is made by its underline, a table by its delimiter row."""
    first, last = token.map
    if token.type == "heading_open" and token.markup in "=-":
        return last
    return first + (2 if token.type == "table_open" else 1)
