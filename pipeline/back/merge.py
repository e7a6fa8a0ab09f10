"""The way back: a region's projection with each unit replaced by its translation.

Only unit spans change; everything between them (anchors, markers, indentation, shortcodes, table
markup) is the projection's own bytes. An untranslated unit, or one whose translation equals its
msgid, keeps its source bytes, so an identity translation rebuilds the projection exactly.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from typing import Callable, NamedTuple, Sequence

import yaml

from pipeline.back.variables import Resolver, Rewriter
from pipeline.model import Unit
from pipeline.reading.frontmatter import SAFE_LOADER, front_matter_end

Lookup = Callable[[str], "str | None"]
FRONT_MATTER_STYLES = ("yaml", "toml", "json")  # the styles segmentation.frontmatter gives values
# What YAML may not hold as it is (libyaml refuses it; NEL is read as a line break): escaped. YAML's
# printable set, complemented by hand: the negated class took 4 ms to compile in every build.
YAML_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
TOML_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')  # in a basic string: quotes, backslashes, controls
# in a "…" shortcode parameter without a quote: backslashes before a backtick or the closing quote
SHORTCODE_BAD_BACKSLASH = re.compile(r"\\+(?=`)|\\+$")
TOML_NOT_LITERAL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f']")  # what a literal string cannot hold


class Edit(NamedTuple):
    """A replacement the plan makes besides the translations (see Plan.edits)."""

    unit: int | None  # the index of the unit whose spliced text it edits; None: the projection's own bytes
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Plan:
    """What the way back does to one projection, decided by the run layer before anything is spliced.

    `units` are replaced by their translations (`lookup`; None keeps the source bytes). `edits` are
    (unit, start, end, text) replacements: with `unit` None, `start`/`end` are offsets of the
    projection outside every unit span (an edit at a unit's end comes after its translation); else
    they are offsets in the spliced text of `units[unit]`. Links removed and heading ids kept are
    edits (see unlink.unlink and heading_ids.keep_heading_ids)."""

    units: Sequence[Unit] = ()
    lookup: Lookup = staticmethod(lambda msgid: None)
    edits: tuple[Edit, ...] = ()


def render_page(text: str, plan: Plan, resolver: Resolver | None, rewriter: Rewriter | None) -> str:
    """The output page: the plan spliced in, then variables resolved and targets rewritten."""
    page = splice(text, plan, resolver)
    body = front_matter_end(page)
    if resolver is not None:
        page = resolver.body(page, body)
    if rewriter is not None:
        page = rewriter.apply(page, body)
    return page


def splice(text: str, plan: Plan, resolver: Resolver | None = None) -> str:
    """`text` with each unit replaced by its translation and the plan's edits made; `resolver`
    resolves the variables of front matter values (the body is `render_page`'s business)."""
    gaps: dict[int, list[Edit]] = {}
    inside: dict[int, list[Edit]] = {}
    bounds = [u.start for u in plan.units] + [len(text)]
    for edit in plan.edits:
        if edit[0] is not None:
            inside.setdefault(edit[0], []).append(edit)
        else:  # the gap before the first unit starting at or after the edit's end
            gaps.setdefault(bisect.bisect_left(bounds, edit[2]), []).append(edit)
    out, pos = [], 0
    for i, unit in enumerate(plan.units):
        out.append(_edited(text, pos, unit.start, gaps[i]) if i in gaps else text[pos:unit.start])
        rendered = render_unit(text, unit, plan.lookup(unit.msgid), resolver)
        out.append(_edited(rendered, 0, len(rendered), inside[i]) if i in inside else rendered)
        pos = unit.end
    last = len(plan.units)
    out.append(_edited(text, pos, len(text), gaps[last]) if last in gaps else text[pos:])
    return "".join(out)


def _edited(text: str, start: int, end: int, edits: list[Edit]) -> str:
    """text[start:end] with the edits (offsets of text) made."""
    out, pos = [], start
    for _, a, b, new in sorted(edits, key=lambda e: (e[1], e[2])):
        out.append(text[pos:a])
        out.append(new)
        pos = b
    out.append(text[pos:end])
    return "".join(out)


def render_unit(text: str, unit: Unit, translation: str | None, resolver: Resolver | None = None) -> str:
    source = text[unit.start:unit.end]
    if unit.style.startswith(FRONT_MATTER_STYLES):
        return _front_matter_value(source, unit, translation, resolver)
    if translation is None:
        return source
    if unit.style.startswith(("shortcode", "html")):
        return _attribute(translation, unit.style, "\n" in source)
    lines = translation.split("\n")
    if len(lines) == len(unit.seps) + 1:
        seps = unit.seps
    else:
        seps = (unit.default_sep,) * (len(lines) - 1)
    out = [lines[0]]
    for sep, line in zip(seps, lines[1:]):
        out.append(sep)
        out.append(line)
    return "".join(out)


def _attribute(value: str, style: str, multiline: bool = False) -> str:
    """A translated attribute value written so the tag it is in still ends where it did, whatever
    the value holds (the checks may be turned down: this must hold on its own). Line breaks stay
    only where the source value already spans lines, and never as a blank line."""
    if not multiline or re.search(r"\n[ \t]*\n", value):
        value = " ".join(value.split("\n"))
    quote = style[-1]
    if style.startswith("html"):
        return value.replace(quote, "&quot;" if quote == '"' else "&#39;")
    if quote == '"':
        return _shortcode_quoted(value)
    return value.replace("`", "'")  # a raw string: Hugo keeps everything in it but a backtick


def _shortcode_quoted(value: str) -> str:
    """A value for a `"…"` shortcode parameter, as Hugo's lexer reads one (checked with Hugo 0.111):
    `\\"` is a quote and makes Hugo drop every backslash of the value; without it, backslashes are
    kept, except that one before the closing quote escapes it (unterminated string: the site does
    not build) and one before a backtick is refused. There is no escape for a backslash, so: a
    value with a quote loses its backslashes (as Hugo would), one without loses only those."""
    if '"' in value:
        return value.replace("\\", "").replace('"', '\\"')
    return SHORTCODE_BAD_BACKSLASH.sub("", value)


def _front_matter_value(source: str, unit: Unit, translation: str | None, resolver: Resolver | None) -> str:
    """A front matter value written back in its own syntax, in the source's quoting where that can
    hold the value, so the front matter stays valid (and reads back as the value) whatever it holds."""
    value = unit.msgid if translation is None else translation
    if resolver is not None:
        value = resolver.raw(value)
    if value == unit.msgid:  # the source's own spelling of the value (a folded scalar, say) is kept
        return source
    if unit.style.startswith("toml"):
        return _toml_string(value, unit.style)
    if unit.style.startswith("json"):
        return json.dumps(value, ensure_ascii=False)  # escapes quotes: Hugo's brace count skips them
    return _yaml_scalar(value, unit.style)


def _yaml_scalar(value: str, style: str) -> str:
    if style == "yaml'" and "\n" not in value and not YAML_UNPRINTABLE.search(value):
        return "'" + value.replace("'", "''") + "'"
    if style == "yaml-plain" and _plain_ok(value):
        return value
    # a JSON string is a valid YAML double-quoted scalar once what YAML cannot hold raw is escaped
    return YAML_UNPRINTABLE.sub(_unicode_escape, json.dumps(value, ensure_ascii=False))


def _unicode_escape(m: re.Match) -> str:
    """`\\uXXXX`: the escape YAML, TOML and JSON strings all read."""
    return f"\\u{ord(m.group()):04x}"


def _toml_string(value: str, style: str) -> str:
    """A literal string ('…') where the source had one and the value fits, else a basic string ("…")
    on one line, every newline and control character escaped, so no `+++` line can appear."""
    if style == "toml'" and not TOML_NOT_LITERAL.search(value):
        return "'" + value + "'"
    return '"' + TOML_NEEDS_ESCAPE.sub(lambda m: TOML_ESCAPES.get(m.group()) or _unicode_escape(m), value) + '"'


def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value or ": " in value or " #" in value:
        return False
    try:
        return yaml.load("k: " + value, Loader=SAFE_LOADER) == {"k": value}
    except yaml.YAMLError:
        return False
