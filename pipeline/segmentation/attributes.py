"""Attribute values that readers see: configured shortcode attributes and HTML alt/title.

`{{< screen src=… alt="組織とユーザーの設定画面" >}}` gives the unit `組織とユーザーの設定画面`; the tag
itself is structure. Attributes of tags inside a text unit stay part of that unit's placeholders.
"""
from __future__ import annotations

import re

from pipeline.model import Kind, Unit
from pipeline.reading import shortcodes
from pipeline.segmentation.lines import Span
from pipeline.reading.placeholders import has_letters

HTML_ATTRIBUTE = re.compile(
    r"""<(?P<tag>[A-Za-z][\w-]*)\b[^<>]*?\s(?P<name>alt|title)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""",
    re.S | re.I,
)


def shortcode_units(text: str, tags: list[shortcodes.Tag], translatable: dict[str, tuple[str, ...]]) -> list[Unit]:
    units = []
    for tag in tags:
        wanted = translatable.get(tag.name)
        if not wanted or tag.closing:
            continue
        for name, start, end, quote in shortcodes.attributes(text, tag):
            value = text[start:end]
            if name in wanted and quote in ('"', "`") and has_letters(value):
                units.append(Unit(start=start, end=end, msgid=value, kind=Kind.SHORTCODE_VALUE, label=f"{name} of {tag.name}",
                                  style="shortcode" + quote))
    return units


def html_attribute_units(text: str, spans: list[Span]) -> list[Unit]:
    units = []
    for span in spans:
        for m in HTML_ATTRIBUTE.finditer(text, span.start, span.end):
            group = "dq" if m.group("dq") is not None else "sq"
            value = m.group(group)
            if has_letters(value):
                quote = '"' if group == "dq" else "'"
                units.append(Unit(start=m.start(group), end=m.end(group), msgid=value,
                                  kind=Kind.HTML_VALUE, label=f"{m.group('name').lower()} of <{m.group('tag').lower()}>",
                                  style="html" + quote))
    return units
