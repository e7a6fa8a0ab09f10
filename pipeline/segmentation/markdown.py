"""Markdown blocks to units, from markdown-it-py's token stream and its line maps.

The tokens say what each line range is (heading, paragraph, list item, table, fence, raw HTML);
the unit spans are then taken from the source lines themselves, never from re-rendered Markdown.
"""
from __future__ import annotations

import functools

from pipeline.model import Kind, Unit
from pipeline.reading.frontmatter import front_matter_end
from pipeline.segmentation.headings import split_heading
from pipeline.segmentation.html import html_units
from pipeline.segmentation.lines import Span, Structure, units_from_lines
from pipeline.reading.placeholders import has_letters

@functools.lru_cache(maxsize=1)
def block_parser():
    """markdown-it-py for the block structure and line maps only: inline parsing (most of the cost)
    is off. Made on first use, so commands that parse nothing don't import it."""
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark", {"html": True}).enable("table").disable(["inline", "text_join"])


@functools.lru_cache(maxsize=64)
def block_tokens(body: str) -> tuple:
    """The block tokens of a Markdown body, parsed once however many stages read them (segmentation,
    the links check, heading ids read the same projections). Read only: they are shared."""
    return tuple(block_parser().parse(body))


def code_blocks(text: str) -> list[tuple[int, int]]:
    """Where a projection's fenced and indented code blocks are (offsets of `text`, front matter
    skipped): nothing in them is a link or an anchor. Read from the same parse as its units."""
    body_start = front_matter_end(text)
    starts = _line_starts(text, body_start)
    return [(starts[token.map[0]], min(starts[token.map[1]], len(text)))
            for token in block_tokens(text[body_start:])
            if token.type in ("fence", "code_block") and token.map]


@functools.lru_cache(maxsize=1)
def inline_parser():
    """markdown-it-py for the inline content of one unit, set up as goldmark reads it (raw HTML,
    any link target); escapes and character references stay tokens of their own (`text_special`,
    with the text as written in `markup`), so what a reader sees maps back to what is written."""
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark", {"html": True}).disable("text_join")
    md.validateLink = lambda url: True  # goldmark with unsafe: true links any target
    return md


def inline_tokens(text: str) -> list:
    """The inline tokens of a unit's text (links, images, code, HTML, text), read only."""
    return inline_parser().parseInline(text)[0].children or []


def markdown_units(text: str, body_start: int, structure: Structure) -> tuple[list[Unit], list[Span]]:
    """Units of the Markdown body, and the spans where raw HTML may hold alt/title attributes."""
    body = text[body_start:]
    starts = _line_starts(text, body_start)
    tokens = block_tokens(body)
    units: list[Unit] = []
    html_spans: list[Span] = []
    parents: list[str] = []
    for i, token in enumerate(tokens):
        if token.nesting == 1:
            parents.append(token.type)
        elif token.nesting == -1:
            parents.pop()
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "heading_open":
            units.extend(_heading(text, starts, first, last, tokens[i + 1].content, token.markup, structure))
        elif token.type == "paragraph_open" and "table_open" not in parents:
            kind = Kind.LIST_ITEM if len(parents) > 1 and parents[-2] == "list_item_open" else Kind.PARAGRAPH
            lines = _content_lines(text, starts, first, last, tokens[i + 1].content)
            units.extend(units_from_lines(text, lines, structure, kind))
            html_spans.append(Span(starts[first], min(starts[last], len(text))))
        elif token.type == "tr_open":
            units.extend(_table_row(text, starts, first, structure))
        elif token.type in ("fence", "code_block"):
            units.extend(_code(text, starts, first, last, token))
        elif token.type == "html_block":
            end = min(starts[last], len(text))
            html_spans.append(Span(starts[first], end))
            units.extend(html_units(text, starts[first], end, structure))
    return units, html_spans


def _line_starts(text: str, body_start: int) -> list[int]:
    starts = [body_start]
    pos = text.find("\n", body_start)
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    starts.append(len(text) + 1)  # one past the end, so starts[last] is always valid
    return starts


def _line(text: str, starts: list[int], n: int) -> Span:
    end = min(starts[n + 1] - 1, len(text))
    return Span(starts[n], end)


def _content_lines(text: str, starts: list[int], first: int, last: int, content: str) -> list[Span]:
    """The content span of each source line of a paragraph, matched against markdown-it's content."""
    spans = []
    parsed = content.split("\n")
    for n in range(first, last):
        line = _line(text, starts, n)
        raw = text[line.start:line.end]
        stripped = raw.rstrip()
        piece = parsed[n - first].strip() if n - first < len(parsed) else ""
        if piece and stripped.endswith(piece):
            begin = len(stripped) - len(piece)
        else:
            begin = len(raw) - len(raw.lstrip())
        spans.append(Span(line.start + begin, line.start + len(stripped)))
    return spans


def _heading(text: str, starts: list[int], first: int, last: int, content: str, markup: str,
             structure: Structure) -> list[Unit]:
    atx = markup.startswith("#")
    if atx:
        line = _line(text, starts, first)
        raw = text[line.start:line.end]
        begin = raw.rfind(content.strip()) if content.strip() else -1
        if begin < 0:  # nothing to translate, or markdown-it normalized it beyond recognition
            return []
        lines = [Span(line.start + begin, line.start + begin + len(content.strip()))]
        rest = line.end  # goldmark reads the line to its end, closing `#`s included
    else:  # setext: the underline is not content
        lines = _content_lines(text, starts, first, last - 1, content)
        rest = lines[-1].end
    tail = lines[-1]
    split = split_heading(text[tail.start:rest], atx)  # the text ends before the attribute list
    lines[-1] = Span(tail.start, tail.start + min(split.end, tail.end - tail.start))
    return units_from_lines(text, lines, structure, "heading", anchor=split.id)


def _table_row(text: str, starts: list[int], n: int, structure: Structure) -> list[Unit]:
    line = _line(text, starts, n)
    units = []
    for cell in _cells(text, line):
        units.extend(units_from_lines(text, [cell], structure, Kind.PIPE_CELL))
    return units


def _cells(text: str, line: Span) -> list[Span]:
    """Cell spans of a pipe-table row: split at pipes that are neither escaped nor in code."""
    bounds, ticks, i = [line.start - 1], 0, line.start
    while i < line.end:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            ticks ^= 1
        elif c == "|" and not ticks:
            bounds.append(i)
        i += 1
    bounds.append(line.end)
    cells = []
    for a, b in zip(bounds, bounds[1:]):
        a += 1
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t":
            b -= 1
        if b > a:
            cells.append(Span(a, b))
    return cells


def _code(text: str, starts: list[int], first: int, last: int, token) -> list[Unit]:
    """Code is one unit, kept as it is unless a translator has a reason to change it."""
    if token.type == "fence":
        first, last = first + 1, last - 1
        fence = _line(text, starts, token.map[1] - 1)
        if not text[fence.start:fence.end].strip().startswith(token.markup):
            last += 1  # an unclosed fence runs to the end of its container
    if last <= first:
        return []
    lines = [_line(text, starts, n) for n in range(first, last)]
    # indentation common to every non-blank line belongs to the container, not to the code
    prefix = min((len(text[s.start:s.end]) - len(text[s.start:s.end].lstrip(" "))
                  for s in lines if text[s.start:s.end].strip()), default=0)
    spans = [Span(min(s.start + prefix, s.end), s.end) for s in lines]
    contents = [text[s.start:s.end] for s in spans]
    msgid = "\n".join(contents)
    if not has_letters(msgid):
        return []
    seps = tuple(text[a.end:b.start] for a, b in zip(spans, spans[1:]))
    return [Unit(start=spans[0].start, end=spans[-1].end, msgid=msgid, kind=Kind.CODE, seps=seps,
                 default_sep="\n" + " " * prefix, flags=("no-wrap",), style="code",
                 note="leave the msgstr empty to keep the code as it is")]
