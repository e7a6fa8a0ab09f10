"""The way back: a region's projection with each unit replaced by its translation.

Only unit spans change; everything between them (anchors, markers, indentation, shortcodes, table
markup) is the projection's own bytes. An untranslated unit, or one whose translation equals its
msgid, keeps its source bytes, so an identity translation rebuilds the projection exactly.
"""
from __future__ import annotations

import json
import re
from typing import Callable

import yaml

from . import links
from .model import Unit
from .segmentation.frontmatter import SAFE_LOADER, front_matter_end
from .variables import Resolver, Rewriter

Lookup = Callable[[str], "str | None"]
FRONT_MATTER_STYLES = ("yaml", "toml", "json")  # the styles segmentation.frontmatter gives values
# What YAML may not hold as it is (libyaml refuses it; NEL is read as a line break): escaped.
YAML_UNPRINTABLE = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
TOML_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')  # in a basic string: quotes, backslashes, controls
# in a "…" shortcode parameter without a quote: backslashes before a backtick or the closing quote
SHORTCODE_BAD_BACKSLASH = re.compile(r"\\+(?=`)|\\+$")
TOML_NOT_LITERAL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f']")  # what a literal string cannot hold


def render_page(text: str, units: list[Unit], lookup: Lookup, resolver: Resolver | None,
                rewriter: Rewriter | None, unlink: set[str] = frozenset(), heading_ids: list[str] | None = None,
                ids_resolver: Resolver | None = None) -> tuple[str, int]:
    """The output page and how many links were unlinked.

    Translations are spliced in; links to `unlink` targets lose their link; variables are resolved and
    targets rewritten; headings whose Hugo id would change get the id the untranslated page has
    (`heading_ids`, see links.keep_heading_ids; `ids_resolver` when variables are left for Hugo)."""
    out, pos = [], 0
    for unit in units:
        out.append(text[pos:unit.start])
        out.append(render_unit(text, unit, lookup(unit.msgid), resolver))
        pos = unit.end
    out.append(text[pos:])
    page = "".join(out)
    unlinked = 0
    if unlink:
        page, unlinked = links.unlink(page, set(unlink))
    body = front_matter_end(page)
    if resolver is not None:
        page = resolver.body(page, body)
    if rewriter is not None:
        page = rewriter.apply(page, body)
    if heading_ids is not None:
        page, _ = links.keep_heading_ids(page, heading_ids, ids_resolver)
    return page, unlinked


def render_unit(text: str, unit: Unit, translation: str | None, resolver: Resolver | None = None) -> str:
    source = text[unit.start:unit.end]
    if unit.style.startswith(FRONT_MATTER_STYLES):
        return _front_matter_value(source, unit, translation, resolver)
    if translation is None or translation == unit.msgid:
        return source
    if unit.style.startswith(("shortcode", "html")):
        return _attribute(translation, unit.style)
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


def _attribute(value: str, style: str) -> str:
    """A translated attribute value written so the tag it is in still ends where it did, whatever
    the value holds (the checks may be turned down: this must hold on its own)."""
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
    if value == unit.msgid:
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
