"""Segmentation: a region's projection of a page to the units translators translate.

One function, `segment`, runs the rules in their own modules over the same text: front matter
values, Markdown blocks (markdown-it-py line maps), raw HTML, shortcode and HTML attributes.
Units are spans of the projection, so the way back (`merge`) replaces exactly those spans.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Unit
from pipeline.reading import shortcodes
from pipeline.segmentation.attributes import html_attribute_units, shortcode_units
from pipeline.reading.frontmatter import front_matter_end, front_matter_units
from pipeline.segmentation.lines import Structure
from pipeline.segmentation.markdown import markdown_units


@dataclass(frozen=True)
class Rules:
    front_matter: tuple[str, ...] = ("title",)
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    structural: frozenset[str] = frozenset()  # shortcode names that are not variables

    @property
    def translatable(self) -> dict[str, tuple[str, ...]]:
        return dict(self.attributes)


def segment(text: str, rules: Rules) -> list[Unit]:
    """The units of one projection, in the order they appear."""
    body_start = front_matter_end(text)
    tags = shortcodes.scan(text, body_start)
    structure = Structure([(t.start, t.end, ("/" if t.closing else "") + t.name)
                           for t in tags if not shortcodes.is_variable(t, rules.structural)])
    units = front_matter_units(text, rules.front_matter)
    body_units, html_spans = markdown_units(text, body_start, structure)
    units.extend(body_units)
    inside = _Coverage(body_units)
    extra = shortcode_units(text, tags, rules.translatable) + html_attribute_units(text, html_spans)
    units.extend(u for u in extra if not inside.covers(u.start))
    units.sort(key=lambda u: u.start)
    return units


class _Coverage:
    def __init__(self, units: list[Unit]):
        self.spans = sorted((u.start, u.end) for u in units)

    def covers(self, offset: int) -> bool:
        import bisect
        i = bisect.bisect_right(self.spans, (offset, float("inf"))) - 1
        return i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]
