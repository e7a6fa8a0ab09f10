"""Links to pages a region does not publish, removed by plan edits: the link goes, its text stays."""
from __future__ import annotations

from pipeline.back.links import A_ELEMENT, A_HREF, MD_LINK, DeadLink, group, mask


def unlink(text: str, targets: set[str]) -> tuple[str, int]:
    """`text` with each Markdown link `[t](x)` and `<a href="x">t</a>` whose x is in `targets`
    written as its bare text t; how many. Images stay: a picture is not a way to a 404."""
    edits, count = unlink_edits(text, targets)
    out, pos = [], 0
    for _, start, end, new in edits:
        out += [text[pos:start], new]
        pos = end
    return "".join(out) + text[pos:], count


def unlink_edits(text: str, targets: set[str], units=(), rendered=()) -> tuple[list[tuple], int]:
    """What `unlink` removes from the page that `text` (a projection) becomes once its `units` are
    replaced by `rendered` (their spliced text, merge.render_unit), as merge.Plan edits
    (unit, start, end, ""): unit None for the projection's own bytes (offsets of `text`), else
    offsets in `rendered[unit]`; and how many links. A link becomes deletions around its text (the
    text stays in place: other edits can go into it; a link across units is cut at their bounds).
    The pieces are joined only to read them as Hugo reads the page (front matter, code and comments
    are never links, and a translation may open or close them); no output is made or read again:
    merge carries the edits out."""
    pieces, pos = [], 0  # (unit or None, offset of its first byte in its own coordinates, text)
    for i, unit in enumerate(units):
        pieces += [(None, pos, text[pos:unit.start]), (i, 0, rendered[i])]
        pos = unit.end
    pieces.append((None, pos, text[pos:]))
    page = "".join(piece for _, _, piece in pieces)
    changes = _link_changes(page, targets)
    edits = []
    for start, end in _removals(page, changes):
        edits += _in_pieces(pieces, start, end)
    return edits, len(changes)


def _link_changes(text: str, targets: set[str]) -> list[tuple[int, int, int, int]]:
    """(start, end, text start, text end) of each link to one of `targets`, in the order unlink
    has always made them: the last first."""
    masked = mask(text)
    changes = []
    for m in MD_LINK.finditer(masked):
        hit = group(m, "angle", "plain")
        if hit and hit[1] in targets:
            changes.append((m.start(), m.end(), m.start("text"), m.end("text")))
    for m in A_ELEMENT.finditer(masked):
        href = A_HREF.match(m.group("open"))
        hit = href and group(href, "dq", "sq", "bare")
        if hit and hit[1] in targets:
            changes.append((m.start(), m.end(), m.start("text"), m.end("text")))
    return sorted(changes, reverse=True)


def _removals(text: str, changes) -> list[tuple[int, int]]:
    """The spans of `text` to delete so that it reads as replacing each change's span by its text,
    one after another in `changes`' order, does. Links that overlap (an `<a>` left open, say) are
    replaced in the text already changed, at their first offsets: that is kept byte for byte. Each
    replacement keeps a piece of what it replaces and later ones start before it, so what is left
    is always bytes of `text` in order: deletions are enough."""
    rope = [(0, len(text))]  # the current text as spans of `text`, in order
    for start, end, a, b in changes:
        rope = _spans(rope, 0, start) + [(a, b)] + _spans(rope, end, None)
    removed, pos = [], 0
    for a, b in rope + [(len(text), len(text))]:
        assert a >= pos, "a replacement made bytes out of order"
        if a > pos:
            removed.append((pos, a))
        pos = max(pos, b)
    return removed


def _spans(rope: list[tuple[int, int]], start: int, end: int | None) -> list[tuple[int, int]]:
    """The spans of the rope's text[start:end], as Python slices it."""
    out, at = [], 0
    for a, b in rope:
        lo, hi = max(start, at), (b - a + at) if end is None else min(end, b - a + at)
        if lo < hi:
            out.append((a + lo - at, a + hi - at))
        at += b - a
    return out


def _in_pieces(pieces, start: int, end: int) -> list[tuple]:
    """A deletion from the joined pieces as deletions from each piece it spans."""
    edits, at = [], 0
    for unit, first, piece in pieces:
        lo, hi = max(start, at), min(end, at + len(piece))
        if lo < hi:
            edits.append((unit, first + lo - at, first + hi - at, ""))
        at += len(piece)
    return edits


# ---------------------------------------------------------------------------------------------
# URLs of an uglyURLs site


def unpublished_targets(dead: list[DeadLink], path: str, region: str) -> set[str]:
    """The targets `unlink` should remove from page `path` (a DeadLink.path) in `region`."""
    return {d.target for d in dead if d.path == path and region in d.regions and d.unpublished}
