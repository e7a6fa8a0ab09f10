"""polib's catalog objects written in GNU gettext's own layout: what `msgcat --no-wrap` writes.

polib's own writer (`str(po)`) differs from gettext's in a few places, each a diff the next save by
Poedit or a gettext tool would make: it ends a string's lines at U+0085, U+2028 and U+2029
(str.splitlines) where gettext ends them only after "\\n"; it writes flags in the order it holds
them (gettext: its own order, and no fuzzy on an untranslated entry); it writes "# " and "#. " for
empty comment lines; it leaves the BEL control character raw; it drops the #. and #: lines of
obsolete entries; it counts "#:" columns in characters (gettext: bytes). `write_po` follows
gettext 0.21 instead, checked against `msgcat --no-wrap` (tests/po/test_writer.py):

- entries: the header entry first (its translator comments are `POFile.header`), then the active
  entries, then the obsolete ones, each in model order; one empty line between entries, and the
  file ends with a newline.
- an entry: translator comments ("# text", "#" for an empty line), extracted comments ("#. text",
  "#."), references ("#: file:line", see `_references`), flags ("#, ", see `_flags`), the previous
  msgctxt, msgid and msgid_plural ("#| "), then msgctxt, msgid, msgid_plural, msgstr or msgstr[n].
  An obsolete entry keeps its comment lines as they are and puts "#~ " before its keywords and
  strings ("#~| " before the previous ones).
- a string: escapes for backslash, quote and the controls \\a \\b \\t \\n \\v \\f \\r, every other
  character as is. It is cut only after "\\n" (never at a width: --no-wrap); when that makes more
  than one piece, the keyword takes "" and each piece has a line of its own.

The one deliberate difference: msgcat drops the flags it does not know (a newer gettext's format,
another tool's flag); they are kept here, after the ones gettext knows, as written.
"""
from __future__ import annotations

import functools
import re

import polib

PAGE_WIDTH = 79  # gettext's; "#:" lines are cut to it even with --no-wrap
# The format flags gettext 0.21 knows, in the order it writes them (its format_language table).
FORMATS = ("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
           "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
           "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
           "gfc-internal", "ycp")
ESCAPED = re.compile('[\\\\"\a\b\t\n\v\f\r]')  # what gettext escapes; other characters stay as they are
RANGE = re.compile(r"range:\s*([0-9]+)\.\.([0-9]+)\Z")


def write_po(po: polib.POFile) -> str:
    """The text of `po` as `msgcat --no-wrap` writes it (UTF-8 text: the caller encodes it)."""
    return write_header(po) + write_entries(po)


def write_header(po: polib.POFile) -> str:
    """The header block of `write_po`'s text (apart: a header changed alone costs no entry)."""
    return "\n".join(_header(po)) + "\n"


def write_entries(po: polib.POFile) -> str:
    """The entry blocks of `write_po`'s text, each after a blank line."""
    blocks = [_entry(e) for e in po if not e.obsolete] + [_entry(e) for e in po if e.obsolete]
    return "".join("\n" + "\n".join(lines) + "\n" for lines in blocks)


def _header(po: polib.POFile) -> list[str]:
    """The header entry: msgid "" with the metadata, one "Key: value\\n" each, in polib's order.
    An empty `POFile.header` means no comment lines (polib writes a lone "#")."""
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.ordered_metadata())
    lines = _comments("#", po.header)
    if po.metadata_is_fuzzy and msgstr:
        lines.append("#, fuzzy")
    return lines + _string("", "msgid", "") + _string("", "msgstr", msgstr)


def _entry(entry: polib.POEntry) -> list[str]:
    lines = _comments("#", entry.tcomment) + _comments("#.", entry.comment) + _references(entry.occurrences)
    flags = _flags(tuple(entry.flags), bool(_msgstrs(entry)[0][1])) if entry.flags else ()
    if flags:
        lines.append("#, " + ", ".join(flags))
    mark, previous = ("#~ ", "#~| ") if entry.obsolete else ("", "#| ")
    for name in ("msgctxt", "msgid", "msgid_plural"):
        value = getattr(entry, "previous_" + name)
        if value is not None:
            lines += _string(previous, name, value)
    if entry.msgctxt is not None:
        lines += _string(mark, "msgctxt", entry.msgctxt)
    lines += _string(mark, "msgid", entry.msgid)
    if entry.msgid_plural:
        lines += _string(mark, "msgid_plural", entry.msgid_plural)
    for keyword, value in _msgstrs(entry):
        lines += _string(mark, keyword, value)
    return lines


def _msgstrs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(keyword, string) of the translations: msgstr, or msgstr[n] in order of n. An entry with a
    msgid_plural and no plural forms yet gets two empty ones, as xgettext writes them."""
    plurals = entry.msgstr_plural
    if not plurals and entry.msgid_plural:
        plurals = {0: "", 1: ""}
    if not plurals:
        return [("msgstr", entry.msgstr)]
    return [(f"msgstr[{n}]", plurals[n]) for n in sorted(plurals, key=int)]


def _comments(mark: str, text: str | None) -> list[str]:
    """One comment line per line of `text`: the mark, a space and the line; the mark alone for an
    empty line."""
    if not text:
        return []
    return [f"{mark} {line}" if line else mark for line in text.split("\n")]


def _references(occurrences) -> list[str]:
    """'#:' lines: "file:line" (just "file" without a line), each once, in order. gettext starts a
    new line before a reference that would end past column 79, counted in bytes of UTF-8, even with
    --no-wrap; a reference longer than that stays whole on its own line."""
    refs = list(dict.fromkeys(f"{path}:{line}" if line else str(path) for path, line in occurrences or ()))
    if not refs:
        return []
    lines, line, column = [], "#:", 2
    for ref in refs:
        width = len(ref.encode("utf-8")) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            lines.append(line)
            line, column = "#:", 2
        line += " " + ref
        column += width
    return lines + [line]


@functools.lru_cache(maxsize=256)
def _flags(flags: tuple[str, ...], translated: bool) -> tuple[str, ...]:
    """The flags in gettext's order: fuzzy (only on a translated entry: msgcat drops it from an
    empty msgstr or msgstr[0]), the format flags in gettext's table order (the last word on each
    format wins; "possible-" is written plain and "impossible-" not at all), "range: a..b",
    no-wrap (its opposite "wrap" is the default, not written), then flags gettext does not know,
    each once, as written. Words run together without a comma are flags of their own, as gettext
    reads them."""
    fuzzy, wrap, span = False, True, None
    formats: dict[str, str] = {}
    unknown: list[str] = []
    for flag in flags:
        flag = flag.strip()
        if (found := RANGE.match(flag)) is not None:
            span = f"range: {int(found.group(1))}..{int(found.group(2))}"
            continue
        for word in flag.split():
            name, prefix = _format(word)
            if word == "fuzzy":
                fuzzy = True
            elif word in ("wrap", "no-wrap"):
                wrap = word == "wrap"
            elif name is not None:
                formats[name] = prefix
            else:
                unknown.append(word)
    out = ["fuzzy"] if fuzzy and translated else []
    out += [f"{formats[name]}{name}-format" for name in FORMATS
            if name in formats and formats[name] != "impossible-"]
    out += [span] if span else []
    out += [] if wrap else ["no-wrap"]
    return tuple(out + [f for f in dict.fromkeys(unknown) if f not in out])


def _format(word: str) -> tuple[str | None, str]:
    """A format flag's language and how it is written before it ("", "no-" or "impossible-")."""
    if not word.endswith("-format"):
        return None, ""
    name, prefix = word[:-len("-format")], ""
    for state in ("possible-", "impossible-", "no-"):
        if name.startswith(state) and name[len(state):] in FORMATS:
            name, prefix = name[len(state):], "" if state == "possible-" else state
            break
    return (name, prefix) if name in FORMATS else (None, "")


def _string(mark: str, keyword: str, value: str) -> list[str]:
    """`keyword "value"`, or `keyword ""` and one line per piece when a "\\n" comes before its end."""
    if ESCAPED.search(value) is None:  # most strings: nothing to escape, no line to cut
        return [f'{mark}{keyword} "{value}"']
    pieces = [f"{piece}\n" for piece in value.split("\n")]
    pieces[-1] = pieces[-1][:-1]
    if len(pieces) > 1 and not pieces[-1]:
        pieces.pop()
    quoted = [_escape(piece) for piece in pieces]
    if len(quoted) == 1:
        return [f'{mark}{keyword} "{quoted[0]}"']
    return [f'{mark}{keyword} ""'] + [f'{mark}"{piece}"' for piece in quoted]


def _escape(text: str) -> str:
    """gettext's escapes: \\\\ \\" \\a \\b \\t \\n \\v \\f \\r (str.replace: the fastest way in CPython)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") \
        .replace("\r", "\\r").replace("\a", "\\a").replace("\b", "\\b").replace("\v", "\\v").replace("\f", "\\f")
