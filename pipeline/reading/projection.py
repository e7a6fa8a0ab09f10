"""What a region shows: conditional spans resolved at the text level, before Markdown is read.

The meaning is the oracle's `project.py`: every span from `{{% enabled R… %}}` to its closing tag is
replaced by its inner text when the region is listed and by nothing otherwise (`disabled` the other
way round), nesting respected. Besides the text, a projection keeps where each of its pieces came
from, so units found in it can point at source lines.
"""
from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass

_FIRST = operator.itemgetter(0)
CONDITIONAL = re.compile(r"\{\{%\s*(/?)(enabled|disabled)\b([^%]*)%\}\}")


def region_codes(args: str) -> list[str]:
    return args.replace(",", " ").split()


@dataclass(frozen=True)
class Projection:
    text: str
    pieces: tuple[tuple[int, int], ...]  # (offset in text, offset in source) where each kept piece starts

    def source_offset(self, offset: int) -> int:
        i = bisect.bisect_right(self.pieces, offset, key=_FIRST) - 1
        at, source = self.pieces[max(i, 0)]
        return source + (offset - at)


def project(text: str, region: str) -> Projection:
    out: list[str] = []
    pieces: list[tuple[int, int]] = []
    stack: list[bool] = []
    pos, visible, length = 0, True, 0

    def keep(start: int, end: int) -> None:
        nonlocal length
        if end > start:
            pieces.append((length, start))
            out.append(text[start:end])
            length += end - start

    for m in CONDITIONAL.finditer(text):
        if visible:
            keep(pos, m.start())
        pos = m.end()
        closing, kind, regions = m.groups()
        if closing:
            visible = stack.pop() if stack else True
        else:
            listed = region in region_codes(regions)
            stack.append(visible)
            visible = visible and (listed if kind == "enabled" else not listed)
    if visible:
        keep(pos, len(text))
    return Projection("".join(out), tuple(pieces) or ((0, 0),))


class LineIndex:
    """Offset -> 1-based line number, for one text."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)
