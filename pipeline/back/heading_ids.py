"""The ids Hugo gives headings, and the `{#id}` a translated heading needs to keep its source id.

Links into a heading without an explicit id use the id Hugo derives from its source text; once
translated, the heading would get another one. Everything here reads text as Hugo 0.111 does
(goldmark, autoHeadingIDType "github"): a region's projection, variables resolved.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from pipeline.back.variables import Resolver
from pipeline.reading import shortcodes
from pipeline.reading.frontmatter import front_matter_end
from pipeline.reading.projection import LineIndex
from pipeline.segmentation.headings import split_heading
from pipeline.segmentation.markdown import block_tokens


# Block structure only, as in segmentation: headings, code blocks and their line maps.

# ---------------------------------------------------------------------------------------------
# Heading ids

def hugo_heading_id(text: str) -> str:
    """The id Hugo 0.111 (goldmark, autoHeadingIDType "github") gives a heading whose source is `text`.

    Made from the raw Markdown of the heading's (last) line, not from the rendered text: letters
    (lowercased), decimal digits and `_` stay, each space and `-` becomes `-`, everything else goes
    (so `**b**` gives `b`, `[a](/x.html)` gives `axhtml`, `&amp;` gives `amp`, a tab or U+3000 gives
    nothing). Nothing left gives `heading`. Duplicates on a page are `headings`'s business.
    """
    out = []
    for c in text.strip():
        category = unicodedata.category(c)
        if c in " -":
            out.append("-")
        elif c == "_" or category[0] == "L" or category == "Nd":
            out.append(c.lower()[0])  # Go's unicode.ToLower is one rune: İ -> i
    return "".join(out) or "heading"


@dataclass(frozen=True)
class Heading:
    """A heading as Hugo numbers it; `insert_at` is where an explicit id can be written."""

    id: str  # the id Hugo gives it on this page
    auto: str  # hugo_heading_id of its text, before duplicates get -1, -2
    explicit: str | None  # its `{#id}`
    scope: int  # headings in one `{{< >}}` container are markdownified apart: own numbering
    insert_at: int
    in_attributes: bool  # insert_at is inside an attribute list without id: `{.cls}`

    def with_id(self, anchor: str) -> str:
        return f"#{anchor} " if self.in_attributes else f" {{#{anchor}}}"


def headings(text: str) -> list[Heading]:
    """Every heading of a page (front matter skipped), in order, with the id Hugo gives it."""
    body = front_matter_end(text)
    lines = LineIndex(text)
    offset_line = lines.line(body) - 1
    scopes = _angle_containers(text, body)
    found = []
    tokens = block_tokens(text[body:])
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        n = offset_line + (token.map[0] if token.markup.startswith("#") else token.map[1] - 2)
        start = lines.starts[n]
        end = text.find("\n", start)
        found.append(_heading(text, start, len(text) if end < 0 else end,
                              tokens[i + 1].content.split("\n")[-1], _scope(scopes, start),
                              token.markup.startswith("#")))
    ids = _number([(h.scope, h.explicit, h.auto) for h in found])
    return [replace(h, id=anchor) for anchor, h in zip(ids, found)]


def _heading(text: str, start: int, end: int, content: str, scope: int, atx: bool) -> Heading:
    """One heading from its last source line and markdown-it's content of that line."""
    found = text.rfind(content, start, end)
    at = found if found >= 0 else start
    line = text[found:end] if found >= 0 else content  # to the line's end: goldmark reads closing `#`s
    split = split_heading(line, atx)
    auto = hugo_heading_id(line[:split.end])
    if split.brace is not None and split.id is None:
        return Heading("", auto, None, scope, at + split.brace + 1, True)
    return Heading("", auto, split.id, scope, at + split.end, False)


def _number(specs: list[tuple[int, str | None, str]]) -> list[str]:
    """Hugo's idFactory: explicit ids are taken as they are, auto ids get -1, -2 … when taken."""
    taken: dict[int, set[str]] = {}
    ids = []
    for scope, explicit, auto in specs:
        seen = taken.setdefault(scope, set())
        anchor, n = auto if explicit is None else explicit, 0  # `{#}` is the id ""
        while explicit is None and anchor in seen:
            n += 1
            anchor = f"{auto}-{n}"
        seen.add(anchor)
        ids.append(anchor)
    return ids


def _angle_containers(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of `{{< x >}}…{{< /x >}}`: their inner Markdown is rendered on its own (markdownify)."""
    spans, stack = [], []
    for tag in shortcodes.scan(text, start):
        if not tag.angle:
            continue
        if not tag.closing:
            stack.append(tag)
            continue
        while stack and stack[-1].name != tag.name:
            stack.pop()
        if stack:
            spans.append((stack.pop().start, tag.end))
    return spans


def _scope(spans: list[tuple[int, int]], offset: int) -> int:
    inside = [a for a, b in spans if a <= offset < b]
    return max(inside) if inside else -1


def resolved(text: str, resolver: Resolver | None) -> str:
    return text if resolver is None else resolver.body(text, front_matter_end(text))


def heading_ids(text: str, resolver: Resolver | None = None) -> list[str]:
    """The ids Hugo gives the headings of a page, in order; `resolver` first resolves its variables
    as the build does (a heading's id depends on the values: `{{%slash%}}` -> `users-amp-system`)."""
    return [h.id for h in headings(resolved(text, resolver))]


def keep_heading_ids(text: str, ids: list[str], units=(), rendered=(), shown=None,
                     hugo: Resolver | None = None, edits=()) -> list[tuple] | None:
    """The insertions of `{#id}` on each heading whose Hugo id would not be `ids[i]`: merge.Plan edits.

    Links into a heading without an explicit id use the id Hugo derives from the source text; once
    translated, the heading would get another one. `text` is a projection, `units` its units and
    `rendered` their spliced translations (links already removed), `edits` the plan's other edits;
    `ids = heading_ids(projection.text, source_resolver)` (values the links were written against).
    `shown(line)` is a heading line as the output shows it (variables resolved, targets rewritten);
    with `--keep-variables`, `hugo` is the (region, lang) resolver Hugo applies later. Each heading's
    id is computed from its own output line, so the output is never parsed. A heading that keeps its
    id gets nothing. Headings are added one at a time, first wrong first, because an explicit id
    changes the `-1` numbering of the headings after it. If the headings differ in number, nothing.
    None when a translation may change the block structure (a heading, fence, HTML block or `{{< >}}`
    container it adds or removes): then call it on the finished page (no units) instead.
    """
    found = headings(text)
    if len(found) != len(ids):
        return []
    for unit, out in zip(units, rendered):
        source = text[unit.start:unit.end]
        if _structure(out) != _structure(source) or (unit.kind == "heading" and out.count("\n") != source.count("\n")):
            return None
    shown = shown or (lambda line: line)
    specs, places = [], []
    for h in found:
        place = _heading_place(text, h, units, rendered, shown, hugo, edits)
        if place is None:
            return None
        spec, at, with_id = place
        specs.append(spec)
        places.append((at, with_id))
    added: list[int] = []
    while True:
        current = _number(specs)
        wrong = next((i for i, (got, want) in enumerate(zip(current, ids))
                      if got != want and specs[i][1] is None), None)
        if wrong is None:
            break
        specs[wrong] = (specs[wrong][0], ids[wrong], specs[wrong][2])
        added.append(wrong)
    return [(places[i][0][0], places[i][0][1], places[i][0][1], places[i][1](ids[i])) for i in sorted(added)]


# What may start or end a block or a `{{< >}}` container: a translation that changes these may change headings.
_STRUCTURE = re.compile(r"^[ \t>]*(?:#|`{3}|~{3}|=+[ \t]*$|-+[ \t]*$|[*_]{3,}|</?[\w!?]*)|\{\{<\s*/?\s*[\w-]*", re.M)
# An ATX heading line: container markers, then the `#` marker.
_ATX = re.compile(r"(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t])))*[ \t]*#{1,6}(?=[ \t]|$)")
_CONTAINER = re.compile(r"(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t])))*")


def _structure(text: str) -> list[str]:
    return [m.group() for m in _STRUCTURE.finditer(text)]


def _content(line: str) -> str:
    """markdown-it's content of a heading's last line: marker, closing `#`s and spaces left out."""
    m = _ATX.match(line)
    if not m:
        return line[_CONTAINER.match(line).end():].strip()
    rest = line[m.end():].rstrip(" \t")
    bare = rest.rstrip("#")
    if bare and bare[-1] in " \t":
        rest = bare
    return rest.strip()


def _line_heading(line: str, scope: int) -> Heading:
    return _heading(line, 0, len(line), _content(line), scope, bool(_ATX.match(line)))


def _heading_place(text: str, h: Heading, units, rendered, shown, hugo, edits):
    """((scope, explicit, auto) as Hugo sees the output heading, (unit, offset) where its id goes,
    how the id is written), from the heading's output line; None when that cannot be told."""
    a = text.rfind("\n", 0, h.insert_at) + 1
    b = text.find("\n", h.insert_at)
    b = len(text) if b < 0 else b
    line = text[a:b]
    mine = _line_heading(line, h.scope)
    if (mine.auto, mine.explicit, mine.insert_at, mine.in_attributes) != (h.auto, h.explicit, h.insert_at - a, h.in_attributes):
        return None
    near = [i for i, u in enumerate(units) if u.start <= b and u.end >= a and not (u.start == u.end)]
    lo = min([a] + [units[i].start for i in near])
    hi = max([b] + [units[i].end for i in near])
    if any(e[0] is None and e[1] <= hi and e[2] >= lo for e in edits):
        return None
    pieces, pos = [], lo  # (unit or None, offset of its first byte in its own coordinates, text)
    for i in near:
        pieces.append((None, pos, text[pos:units[i].start]))
        pieces.append((i, 0, rendered[i]))
        pos = units[i].end
    pieces.append((None, pos, text[pos:hi]))
    spliced = "".join(p[2] for p in pieces)
    last = spliced[spliced.rfind("\n") + 1:]
    out = shown(last)
    seen = _line_heading(out, h.scope)
    hugo_seen = _line_heading(hugo.fresh().body(out, 0), h.scope) if hugo is not None else seen
    tail = len(out) - seen.insert_at
    if tail > len(last) or last[len(last) - tail:] != out[len(out) - tail:]:
        return None
    at, off, where = len(spliced) - tail, 0, None  # `at`: in the spliced region
    for unit, first, piece in pieces:
        if unit is None and off <= at <= off + len(piece):
            where = (None, first + at - off)
            break
        if unit is not None and off < at < off + len(piece):
            where = (unit, at - off)
            break
        off += len(piece)
    if where is None:
        return None
    return (h.scope, hugo_seen.explicit, hugo_seen.auto), where, lambda anchor: seen.with_id(anchor)
