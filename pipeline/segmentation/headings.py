"""A heading's trailing attribute list (`## 見出し {#id .class key=value}`), read as Hugo 0.111 reads it.

Why one reader, and why this one: where a heading unit's text ends (segmentation) and the id Hugo
gives the heading (links) must agree with each other and with Hugo, and regexes got the odd cases
wrong. This follows goldmark v1.5.4, Hugo 0.111.3's Markdown parser with heading attributes on:
atxHeadingParser.Open (closing sequence), parseLastLineAttributes and parser.ParseAttributes. The
cases, as observed with the real Hugo, are in tests/test_headings.py. In short:

- Only the last `{` of the line (not written `\\{`) is tried; its list must parse whole and be
  followed by nothing but spaces or tabs: `a {#x} {.c}` reads `{.c}`, `a {#x} {y}` reads nothing.
- A list is `{}` or attributes separated by spaces and optional commas: `#id` and `.class` (ASCII
  letters, digits, `_-:.` and any non-ASCII, maybe nothing: `{#}` is an empty id), `key=value`
  (key `[A-Za-z_:][A-Za-z0-9_:.-]*`; value a "string", a number, a word, an [array] or a {list}).
  Not a list: `{ }`, `{#a b}`, `key='v'`, `{#x!y}`. A list that is not read stays heading text.
- Several ids: the last wins (`{#a #b}` is `b`; `id=v` counts too, `ID=v` does not). An id that
  is no string (`{id=1}`, `{id=true}`) is given as written: Hugo 0.111 fails the build on it.
- ATX only: when the text's first ` #` starts a run of `#` followed by a list (`## foo ## {#x}`,
  `## C # {#x}`), the text ends before the `#`s.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from string import punctuation

SPACE = " \t\n\v\f\r"  # goldmark's util.IsSpace
DIGITS = "0123456789"
NAME = re.compile(r"[A-Za-z_:][A-Za-z0-9_:.-]*")  # an attribute name, and a bare word value


@dataclass(frozen=True)
class HeadingLine:
    """The last line of a heading as goldmark splits it; offsets are into the `line` given."""

    end: int  # the heading text is line[:end] (spaces before the list or closing `#`s left out)
    brace: int | None  # the `{` of the attribute list goldmark reads, None when it reads none
    id: str | None  # the id that list sets; None when it sets none


def split_heading(line: str, atx: bool = True) -> HeadingLine:
    """Split a heading's last line: `line` runs from the heading's text to the end of the source
    line (an ATX heading's closing `#`s and trailing spaces included); `atx` False for setext."""
    brace, ident, stop = None, None, None
    if atx:
        stop, brace, ident = _closing_list(line)
        if stop is None:
            stop = _closing_sequence(line)
    else:
        stop = len(line)
    if ident is None:  # goldmark reads the last line's list only when the closing one set no id
        found = _last_list(line[:stop])
        if found is not None:
            stop, brace, ident = found[0], found[0], found[1]
    end = stop
    while end and line[end - 1] in SPACE:
        end -= 1
    return HeadingLine(end, brace, ident)


def _closing_sequence(line: str) -> int:
    """Where the text ends before a closing sequence (` ##`), spaces kept, as atxHeadingParser.Open."""
    stop = len(line.rstrip(SPACE))
    i = stop - 1
    while i >= 0 and line[i] == "#":
        i -= 1
    return i + 1 if i < 0 or line[i] in SPACE else stop


def _closing_list(line: str) -> tuple[int | None, int | None, str | None]:
    """goldmark's special case `### heading ### {#id}`: the first space followed by `#` (the scan
    starts at the space before the text) must be `#`s, then a list, then nothing."""
    s = " " + line
    stop = len(s.rstrip(SPACE))
    j = 0
    while j < stop:
        if s[j] == "\\" and j + 1 < len(s) and s[j + 1] in punctuation:
            j += 2
        elif s[j] in SPACE and j < stop - 1 and s[j + 1] == "#":
            k = j + 1
            while k < stop and s[k] == "#":
                k += 1
            parsed = _list(s, k)
            if parsed is None or s[parsed[0]:].strip(SPACE):
                break
            return j, s.index("{", k) - 1, _id(parsed[1])
        else:
            j += 1
    return None, None, None


def _last_list(line: str) -> tuple[int, str | None] | None:
    """(offset of `{`, id) of the list parseLastLineAttributes reads: the last `{` decides."""
    last = None
    i = 0
    while i < len(line):
        if line[i] == "\\":
            i += 1
            if i < len(line) and line[i] == "{":
                i += 1
            continue
        if line[i] == "{":
            last = (i, _list(line, i))
        i += 1
    if last is None or last[1] is None or line[last[1][0]:].strip(SPACE):
        return None
    return last[0], _id(last[1][1])


def _id(attributes: list[tuple[str, str]]) -> str | None:
    ids = [value for name, value in attributes if name == "id"]
    return ids[-1] if ids else None


def _spaces(s: str, i: int) -> int:
    while i < len(s) and s[i] in SPACE:
        i += 1
    return i


def _list(s: str, i: int) -> tuple[int, list[tuple[str, str]]] | None:
    """parser.ParseAttributes at s[i] (spaces, then `{`): (end, [(name, value)]), or None."""
    i = _spaces(s, i)
    if i >= len(s) or s[i] != "{":
        return None
    i += 1
    attributes = []
    while True:
        if i < len(s) and s[i] == "}":
            return i + 1, attributes
        parsed = _attribute(s, i)
        if parsed is None:
            return None
        i, name, value = parsed
        attributes.append((name, value))
        i = _spaces(s, i)
        if i < len(s) and s[i] == ",":
            i = _spaces(s, i + 1)


def _attribute(s: str, i: int) -> tuple[int, str, str] | None:
    i = _spaces(s, i)
    if i < len(s) and s[i] in "#.":
        j = i + 1
        while j < len(s) and s[j] not in SPACE and (s[j] not in punctuation or s[j] in "_-:."):
            j += 1
        return j, ("id" if s[i] == "#" else "class"), s[i + 1:j]
    name = NAME.match(s, i)
    if name is None:
        return None
    i = _spaces(s, name.end())
    if i >= len(s) or s[i] != "=":
        return None
    parsed = _value(s, _spaces(s, i + 1))
    return None if parsed is None else (parsed[0], name.group(), parsed[1])


def _value(s: str, i: int) -> tuple[int, str] | None:
    i = _spaces(s, i)
    if i >= len(s):
        return None
    c = s[i]
    if c == "{":
        parsed = _list(s, i)
        return None if parsed is None else (parsed[0], s[i:parsed[0]])
    if c == "[":
        return _array(s, i)
    if c == '"':
        return _string(s, i)
    if c in "+-" or c in DIGITS:
        return _number(s, i)
    word = NAME.match(s, i)
    if word is None:
        return None
    return word.end(), word.group()


def _array(s: str, i: int) -> tuple[int, str] | None:
    start = i
    i += 1
    n = 0
    while True:
        c = s[i] if i < len(s) else ""
        comma = n > 0 and c == ","
        if comma:
            i += 1
        if c == "]":  # goldmark looks at the character before the comma: `[1,]` is no array
            return i + 1, s[start:i + 1]
        parsed = _value(s, _spaces(s, i))
        if parsed is None:
            return None
        i = _spaces(s, parsed[0])
        n += 1


def _string(s: str, i: int) -> tuple[int, str] | None:
    escapes = {'"': '"', "/": "/", "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
    out = []
    i += 1
    while i < len(s):
        c = s[i]
        if c == "\\" and i != len(s) - 1:
            if s[i + 1] in escapes:
                out.append(escapes[s[i + 1]])
                i += 2
            else:
                out.append(c)
                i += 1
            continue
        if c == '"':
            return i + 1, "".join(out)
        out.append(c)
        i += 1
    return None


def _number(s: str, i: int) -> tuple[int, str] | None:
    start = i
    if s[i] in "+-":
        i += 1
    if i >= len(s) or s[i] not in DIGITS:
        return None
    i = _digits(s, i)
    if i < len(s) and s[i] == ".":
        i = _digits(s, i + 1)
    if i < len(s) and s[i] in "eE":
        i += 1
        if i < len(s) and s[i] in "+-":
            i += 1
        if i >= len(s) or s[i] not in DIGITS:  # strconv.ParseFloat refuses `1e`
            return None
        i = _digits(s, i)
    if math.isinf(float(s[start:i])):  # and overflow: `1e999`
        return None
    return i, s[start:i]


def _digits(s: str, i: int) -> int:
    while i < len(s) and s[i] in DIGITS:
        i += 1
    return i
