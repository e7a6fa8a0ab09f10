"""Turning the content lines of a block into units.

A block (a paragraph, a run of HTML text, a heading) is given as the content span of each of its
lines: the indentation and list markers before, the trailing spaces after, are not content. Lines
made only of structure (a `{{< screen >}}` after a list item, a `{{% note %}}` tag) split the block;
lines without prose at either end of a run are left out; what remains is a unit whose msgid is its
lines joined by newlines and whose separators are kept verbatim for the way back.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from pipeline.model import Kind, Unit
from pipeline.reading.placeholders import has_letters


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class Structure:
    """The spans of structural shortcode tags in a text, for 'is this line only structure?'."""

    def __init__(self, tags: list[tuple[int, int, str]]):
        """tags: (start, end, name) with name '/note' for a closing tag."""
        self.names = {start: name for start, _, name in tags}
        self.spans = sorted((start, end) for start, end, _ in tags)
        self.starts = [s for s, _ in self.spans]

    def wrapper(self, text: str, span: Span) -> tuple[str, int, int] | None:
        """For a line `{{% subtitle %}}inner{{% /subtitle %}}`: (name, inner start, inner end)."""
        name = self.names.get(span.start)
        if not name or name.startswith("/"):
            return None
        inner_start = self.skip(text, span.start, span.end)
        inner_end = self.skip_back(text, span.end, inner_start)
        i = bisect.bisect_right(self.starts, inner_end) - 1
        closing = self.names.get(self.spans[i][0]) if 0 <= i < len(self.spans) and self.spans[i][0] >= inner_end else None
        if closing == "/" + name and inner_start < inner_end:
            return name, inner_start, inner_end
        return None

    def skip(self, text: str, pos: int, end: int) -> int:
        """The first offset at or after pos that is neither whitespace nor inside a tag."""
        while pos < end:
            if text[pos] in " \t":
                pos += 1
                continue
            i = bisect.bisect_right(self.starts, pos) - 1
            if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
                pos = self.spans[i][1]
                continue
            break
        return min(pos, end)

    def skip_back(self, text: str, pos: int, start: int) -> int:
        """The last offset (exclusive) at or before pos not preceded by whitespace or a tag end."""
        while pos > start:
            if text[pos - 1] in " \t":
                pos -= 1
                continue
            i = bisect.bisect_right(self.starts, pos - 1) - 1
            if i >= 0 and self.spans[i][0] < pos <= self.spans[i][1]:
                pos = self.spans[i][0]
                continue
            break
        return max(pos, start)

    def covers(self, text: str, span: Span) -> bool:
        return self.skip(text, span.start, span.end) >= span.end


def units_from_lines(text: str, lines: list[Span], structure: Structure, kind: Kind, label: str = "", *,
                     markdown: bool = True, anchor: str | None = None) -> list[Unit]:
    units, run = [], []
    for line in lines:
        wrapped = structure.wrapper(text, line)
        if wrapped or structure.covers(text, line):
            units.extend(_unit(text, run, structure, (kind, label), markdown, anchor))
            run = []
            if wrapped:  # the inner of an inline shortcode holding prose: a unit of its own
                name, start, end = wrapped
                units.extend(_unit(text, [Span(start, end)], structure, (Kind.SHORTCODE_TEXT, name), markdown, anchor))
        else:
            run.append(line)
    units.extend(_unit(text, run, structure, (kind, label), markdown, anchor))
    return units


def _unit(text: str, run: list[Span], structure: Structure, kind: tuple[Kind, str], markdown: bool,
          anchor: str | None) -> list[Unit]:
    while run and not has_letters(text[run[0].start:run[0].end]):
        run = run[1:]
    while run and not has_letters(text[run[-1].start:run[-1].end]):
        run = run[:-1]
    if not run:
        return []
    first, last = run[0], run[-1]
    start = structure.skip(text, first.start, first.end)
    end = structure.skip_back(text, last.end, start if len(run) == 1 else last.start)
    run = [Span(start, first.end)] + run[1:] if len(run) > 1 else [Span(start, end)]
    if len(run) > 1:
        run[-1] = Span(run[-1].start, end)
    contents, seps = [], []
    for i, line in enumerate(run):
        content_end = line.end
        if markdown and i < len(run) - 1:
            content_end = _before_backslash_break(text, line.start, line.end)
        contents.append(text[line.start:content_end])
        if i < len(run) - 1:
            seps.append(text[content_end:run[i + 1].start])
    msgid = "\n".join(contents)
    if not has_letters(msgid):
        return []
    return [Unit(start=run[0].start, end=run[-1].end, msgid=msgid, kind=kind[0], label=kind[1], seps=tuple(seps),
                 default_sep=_default_sep(text, run[0].start, seps, markdown), anchor=anchor)]


def _before_backslash_break(text: str, start: int, end: int) -> int:
    """A line ending in an odd number of backslashes ends in a hard break: the last one is markup."""
    n = 0
    while end - n > start and text[end - n - 1] == "\\":
        n += 1
    return end - 1 if n % 2 else end


def _default_sep(text: str, start: int, seps: list[str], markdown: bool) -> str:
    """How to join a line a translator adds: like the source's breaks, else a two-space hard break."""
    hard = [s for s in seps if s.startswith(("  ", "\\"))]
    if hard:
        return hard[0]
    if seps:
        return seps[0]
    line_start = text.rfind("\n", 0, start) + 1
    prefix = "".join(c if c in " \t>" else " " for c in text[line_start:start])
    if not markdown:
        prefix = prefix[: len(prefix) - len(prefix.lstrip())]
        return "\n" + prefix
    return "  \n" + prefix
