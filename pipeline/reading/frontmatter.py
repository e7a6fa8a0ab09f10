"""Front matter in every form Hugo reads, and the values of the configured keys (`title`) as units.

Hugo takes front matter from the start of a page, after blank space and a byte order mark: YAML
between `---` lines, TOML between `+++` lines, or a JSON object (the page starts with `{`). Each
closes at the first line that starts with its delimiter (JSON: at the brace that balances the
first, braces in strings not counted); the Markdown starts after it and one newline. This module is
the one place that knows these forms: `locate` finds them, `load` reads them, `front_matter_end`
says where the body starts, `front_matter_units` finds the translatable values.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass

import yaml

from pipeline.model import Kind, Unit

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: the same values, faster

INTRO = re.compile(r"[ \t\n\ufeff]*")  # what Hugo skips before front matter
DELIMITERS = {"---": "yaml", "+++": "toml"}
CLOSING = {delimiter: re.compile("^" + re.escape(delimiter), re.M) for delimiter in DELIMITERS}
JSON_LEXEME = re.compile(r'\\.|[{}"]', re.S)  # Hugo's JSON scan: escapes skipped, quotes toggle, braces count
YAML_STYLES = {None: "yaml-plain", '"': 'yaml"', "'": "yaml'"}
TOML_STRING = re.compile(r'"""(?:[^\\]|\\.)*?"{3,5}|\'\'\'.*?\'{3,5}|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'', re.S)
TOML_LINE_END = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\n|\Z)")
TOML_TABLE = re.compile(r"^[ \t]*\[", re.M)
JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]')
TOML_ERROR_AT = re.compile(r" \(at line (\d+), column \d+\)$")


@dataclass(frozen=True)
class FrontMatter:
    format: str  # "yaml", "toml" or "json"
    start: int  # text[start:end] is what its parser reads (for JSON, the object with its braces)
    end: int
    body: int  # where the Markdown after it starts


class FrontMatterError(ValueError):
    """Front matter Hugo cannot read either; `line` is the page's line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def locate(text: str) -> FrontMatter | None:
    """The page's front matter as Hugo delimits it, None when it has none; FrontMatterError when it
    is opened and never closed. A page starting with `{{` is read as starting with a shortcode (Hugo
    takes it for JSON and fails)."""
    opening = INTRO.match(text).end()
    head = text[opening:opening + 3]
    if head in DELIMITERS:
        return _delimited(text, opening, head)
    if text.startswith("{", opening) and not text.startswith("{{", opening):
        return _json_object(text, opening)
    return None


def _delimited(text: str, opening: int, delimiter: str) -> FrontMatter:
    line_end = text.find("\n", opening)
    if line_end < 0 or text[opening + 3:line_end].strip(" \t"):
        raise FrontMatterError(line_of(text, opening), f"front matter opened here: write '{delimiter}' alone on "
                               f"this line and close the front matter with a line '{delimiter}'")
    closing = CLOSING[delimiter].search(text, line_end + 1)
    if closing is None:
        raise FrontMatterError(line_of(text, opening),
                               f"front matter opened here is never closed: add a line '{delimiter}' after it")
    body = closing.end() + text.startswith("\n", closing.end())
    end = max(line_end + 1, closing.start() - 1)  # without the newline before the delimiter, as errors count lines
    return FrontMatter(DELIMITERS[delimiter], line_end + 1, end, body)


def _json_object(text: str, opening: int) -> FrontMatter:
    depth, quoted = 0, False
    for m in JSON_LEXEME.finditer(text, opening):
        lexeme = m.group()
        if lexeme == '"':
            quoted = not quoted
        elif lexeme in "{}" and not quoted:
            depth += 1 if lexeme == "{" else -1
            if depth == 0:
                return FrontMatter("json", opening, m.end(), m.end() + text.startswith("\n", m.end()))
    raise FrontMatterError(line_of(text, opening), "JSON front matter opened here is never closed: "
                           "add the '}' that closes its '{' (a page starting with '{' is JSON front matter)")


def front_matter_end(text: str) -> int:
    """Where the Markdown of a page starts (0 without front matter, or with one never closed)."""
    try:
        found = locate(text)
    except FrontMatterError:
        return 0
    return found.body if found else 0


def load_yaml(text: str):
    """yaml.safe_load, on libyaml when it is there; a document it refuses is read again by PyYAML's
    own parser, whose error marks the line a person would point at."""
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def load(text: str, found: FrontMatter) -> dict:
    """The front matter's keys and values, as Hugo reads them: comments only or nothing is no keys.
    FrontMatterError, at the page's line, for what its parser refuses or what is not a mapping."""
    content, first = text[found.start:found.end], line_of(text, found.start)
    try:
        if found.format == "json":
            loaded = json.loads(content)
        elif found.format == "toml":
            loaded = tomllib.loads(content)
        else:
            loaded = load_yaml(content) if content.strip() else None
    except json.JSONDecodeError as err:
        raise FrontMatterError(first + err.lineno - 1, f"invalid JSON in front matter: {err.msg}") from None
    except tomllib.TOMLDecodeError as err:
        at = TOML_ERROR_AT.search(str(err))
        line = first + int(at.group(1)) - 1 if at else line_of(text, found.end)
        raise FrontMatterError(line, f"invalid TOML in front matter: {TOML_ERROR_AT.sub('', str(err))}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise FrontMatterError(first + mark.line if mark else 1,
                               f"invalid YAML in front matter: {getattr(err, 'problem', err)}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise FrontMatterError(first, "front matter must be a mapping of keys to values")
    return loaded


def front_matter_units(text: str, keys: tuple[str, ...]) -> list[Unit]:
    """Also values without prose (`title: "{{%slash_help%}}"`): their variables are resolved on the
    way back, though the catalogs leave them out. The unit spans the value's whole literal (quotes
    too) and its `style` names the syntax `merge` writes a translation back in."""
    try:
        found = locate(text)
    except FrontMatterError:
        return []  # reported by pages.read on the source; a projection cannot add front matter errors
    if found is None or not keys:
        return []
    units = {"yaml": _yaml_units, "toml": _toml_units, "json": _json_units}[found.format](text, found, keys)
    return sorted(units, key=lambda u: u.start)


def _unit(start: int, end: int, key: str, value: str, style: str) -> Unit:
    return Unit(start=start, end=end, msgid=value, kind=Kind.FRONT_MATTER, label=f"front matter: {key}",
                style=style)


def _yaml_units(text: str, found: FrontMatter, keys: tuple[str, ...]) -> list[Unit]:
    """Located with PyYAML's node marks."""
    try:
        root = yaml.compose(text[found.start:found.end], Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    units = []
    for key, value in root.value:
        style = getattr(value, "style", None) or None  # libyaml says '' for a plain scalar, PyYAML None
        if key.value in keys and isinstance(value, yaml.ScalarNode) and style in YAML_STYLES \
                and value.tag == "tag:yaml.org,2002:str" and value.value.strip():
            units.append(_unit(found.start + value.start_mark.index, found.start + value.end_mark.index,
                               key.value, value.value, YAML_STYLES[style]))
    return units


def _toml_units(text: str, found: FrontMatter, keys: tuple[str, ...]) -> list[Unit]:
    """tomllib gives no positions: the key's line is looked for in the top-level table (before the
    first `[table]`), and its string literal is taken only when it is the only such line and
    decoding the literal alone gives the value tomllib read."""
    try:
        values = tomllib.loads(text[found.start:found.end])
    except tomllib.TOMLDecodeError:
        return []
    table = TOML_TABLE.search(text, found.start, found.end)
    top_end = table.start() if table else found.end
    units = []
    for key in keys:
        value, name = values.get(key), re.escape(key)
        key_line = re.compile(rf"""^[ \t]*(?:{name}|"{name}"|'{name}')[ \t]*=[ \t]*""", re.M)
        lines = list(key_line.finditer(text, found.start, top_end))
        if not isinstance(value, str) or not value.strip() or len(lines) != 1:
            continue
        literal = TOML_STRING.match(text, lines[0].end(), found.end)
        if literal and TOML_LINE_END.match(text, literal.end(), found.end) and _toml_value(literal.group()) == value:
            units.append(_unit(literal.start(), literal.end(), key, value, "toml" + literal.group()[0]))
    return units


def _toml_value(literal: str) -> object:
    try:
        return tomllib.loads("v = " + literal)["v"]
    except tomllib.TOMLDecodeError:
        return None


def _json_units(text: str, found: FrontMatter, keys: tuple[str, ...]) -> list[Unit]:
    """json gives no positions: the object's top-level members whose value is a string literal are
    found by a token scan, and one is taken only when its key occurs once and the literal decodes to
    the value json read."""
    try:
        values = json.loads(text[found.start:found.end])
    except json.JSONDecodeError:
        return []
    tokens = list(JSON_TOKEN.finditer(text, found.start, found.end))
    members: dict[str, list[re.Match]] = {}
    depth = 0
    for i, token in enumerate(tokens):
        lexeme = token.group()
        if lexeme in ("{", "["):
            depth += 1
        elif lexeme in ("}", "]"):
            depth -= 1
        elif lexeme == ":" and depth == 1 and 0 < i < len(tokens) - 1:
            name, value = tokens[i - 1], tokens[i + 1]
            if name.group()[0] == value.group()[0] == '"' and not text[token.end():value.start()].strip():
                members.setdefault(json.loads(name.group()), []).append(value)
    units = []
    for key in keys:
        value, found_at = values.get(key), members.get(key, [])
        if isinstance(value, str) and value.strip() and len(found_at) == 1 and json.loads(found_at[0].group()) == value:
            units.append(_unit(found_at[0].start(), found_at[0].end(), key, value, 'json"'))
    return units
