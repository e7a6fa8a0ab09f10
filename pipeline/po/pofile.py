"""GNU gettext's PO syntax, read strictly and in one pass, into polib's objects.

polib's own reader forgives damage (it skips what it cannot parse, so the next write drops it),
opens its argument as a file when the text happens to name one, ends lines at U+0085 and U+2028
(str.splitlines) and slows down on big files. This one takes text as text, ends a line only at
"\\n" (a "\\r" before it is part of the line ending; msgfmt treats it as a blank), accepts what
`msgfmt -c` accepts and refuses the rest with the line msgfmt names (see PoSyntaxError): no
command rewrites a catalog it did not read in full. It also refuses what msgfmt lets through but
would lose or garble: a NUL byte (msgfmt stops reading there), comments after the last entry and
#., #: or #| lines on the header (polib's objects have no place for them), escapes that make
invalid UTF-8, a backslash-newline inside a string (polib and most editors do not read it).
For a valid file it builds the objects polib builds (`POFile(wrapwidth=0)`, `POEntry`,
metadata, `linenum`), and polib writes them.

The layers: `decode` (bytes to text), `_Reader.line` (a line's markers #~ and #|, then a comment
or tokens), the `_Reader` state machine (which keyword may follow which), `_Reader._finish` (an
entry into polib's objects).
"""
from __future__ import annotations

import pathlib
import re

import polib

from pipeline.collector import paused
from pipeline.files import resolves_inside
from pipeline.model import SourceError

ADVICE = "the file was left untouched: fix it (msgfmt -c shows the same) or restore it from version control"
BLANK = " \t\r\f\v"  # what msgfmt skips between tokens; anything else outside a string is an error
TOKEN = re.compile(r'''[ \t\r\f\v]*(?:
      "(?P<string>[^"\\]*(?:\\.[^"\\]*)*)"
    | (?P<keyword>[A-Za-z_][A-Za-z0-9_]*(?:[ \t\r\f\v]*\[[ \t\r\f\v]*[0-9]+[ \t\r\f\v]*\])?)
    | (?P<comment>\#.*)
    | (?P<other>[^ \t\r\f\v]))''', re.X)
USUAL = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[[0-9]+\])?)?[ \t]*"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\r\f\v]*\Z')
ESCAPE = re.compile(r'\\(?:([ntbrfva\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))')
SIMPLE = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
FIELDS = {  # (keyword, after #|, with [N]) -> the entry field it fills
    **{(name, False, False): name for name in KEYWORDS}, ("msgstr", False, True): "msgstr_plural",
    **{(name, True, False): "previous_" + name for name in KEYWORDS[:3]}}

# The fields an entry's keywords fill, and what each may follow. None: no entry started yet;
# "msgstr" or "msgstr_plural" (with its string): the entry before is complete.
DONE = ("msgstr", "msgstr_plural")
FOLLOWS = {
    "previous_msgctxt": {None, *DONE},
    "previous_msgid": {None, *DONE, "previous_msgctxt"},
    "previous_msgid_plural": {"previous_msgid"},
    "msgctxt": {None, *DONE, "previous_msgid", "previous_msgid_plural"},
    "msgid": {None, *DONE, "previous_msgid", "previous_msgid_plural", "msgctxt"},
    "msgid_plural": {"msgid"},
    "msgstr": {"msgid"},
    "msgstr_plural": {"msgid_plural", "msgstr_plural"},
}
SHOWN = {"previous_msgctxt": "#| msgctxt", "previous_msgid": "#| msgid", "previous_msgid_plural": "#| msgid_plural",
         "msgstr_plural": "msgstr[N]"}
SHAPE = ("an entry is: comments; optionally #| msgctxt and #| msgid; optionally msgctxt; msgid; then msgstr, "
         "or msgid_plural and msgstr[0], msgstr[1]…")


class PoSyntaxError(SourceError):
    """A catalog `msgfmt -c` refuses for its syntax, or one that would lose text if read: nothing is
    written from it. `line` (1-based) is the line msgfmt names, except where msgfmt names the line
    after the culprit (a string cut by the end of its line, the end of the file): there, the culprit's."""

    def __init__(self, label: str, line: int | None, message: str):
        super().__init__(label, line, f"cannot read this catalog: {message}; {ADVICE}")


def read_po(data: bytes | str, label: str) -> polib.POFile:
    """The catalog in `data` (a file's bytes or its text, never a path); PoSyntaxError names `label`
    and the line of the first problem."""
    reader = _Reader(label)
    line = reader.line
    with paused():  # outside a command too: rescanning the entries read so far was a third of a big parse
        for number, text in enumerate(decode(data, label).split("\n"), 1):
            line(number, text)
        return reader.close()


def load_po(path: pathlib.Path, label: str,
            root: pathlib.Path | None = None) -> tuple[polib.POFile | None, str | None]:
    """The catalog at `path` and its text; (None, None) when there is none. SourceError (no
    traceback) when it cannot be read: a folder, no permission, a symlink out of `root`, damage."""
    if root is not None and not resolves_inside(path, root):
        raise SourceError(label, None, f"this catalog resolves to {path.resolve()}, outside {root}: refused "
                                       f"(a symlink? put the catalog itself here)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except IsADirectoryError:
        raise SourceError(label, None, "a folder, not a catalog: rename or remove it") from None
    except OSError as err:
        raise SourceError(label, None, f"cannot read this catalog: {err.strerror or err}") from None
    text = decode(data, label)
    return read_po(text, label), text


def decode(data: bytes | str, label: str) -> str:
    """Strict UTF-8 without NUL or BOM. msgfmt stops reading at a NUL, silently: we refuse it."""
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise PoSyntaxError(label, data.count(b"\n", 0, err.start) + 1,
                                f"not UTF-8 (byte 0x{data[err.start]:02x}): save the catalog as UTF-8") from None
    if "\0" in text:
        raise PoSyntaxError(label, text.count("\n", 0, text.index("\0")) + 1,
                            "a NUL byte: this is binary content, not a PO file")
    if text.startswith("\ufeff"):
        raise PoSyntaxError(label, 1, "a byte order mark (BOM) starts the file, which msgfmt refuses: "
                                      "save it as UTF-8 without BOM")
    return text


def unescape(raw: str) -> str:
    """A string's text from its C escapes, as msgfmt reads them (\\ooo and \\xHH are bytes of
    UTF-8); ValueError says what is wrong."""
    high = False

    def one(match: re.Match) -> str:
        nonlocal high
        simple, octal, hexadecimal, bad = match.groups()
        if simple:
            return SIMPLE[simple]
        if bad is not None:
            raise ValueError(f'invalid escape "\\{bad}" in a string: write \\\\ for a backslash '
                             f'(the escapes are \\n \\t \\" \\\\ \\r \\a \\b \\f \\v \\ooo \\xHH)')
        value = (int(octal, 8) if octal else int(hexadecimal, 16)) & 0xFF
        if value == 0:
            raise ValueError(f"the escape {match.group(0)} (a NUL) would end the text for gettext: remove it")
        high |= value >= 0x80
        return chr(value) if value < 0x80 else chr(0xDC00 + value)  # a byte, for surrogateescape

    text = ESCAPE.sub(one, raw)
    if high:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeError:
            raise ValueError("octal or \\x escapes here make bytes that are not UTF-8: "
                             "write the characters themselves") from None
    return text


def _reference(word: str) -> tuple[str, str]:
    """`path:line` as polib splits it: the line only when it is digits."""
    path, colon, number = word.rpartition(":")
    return (path, number) if colon and number.isdigit() else (word, "")


def _metadata(text: str) -> dict[str, str]:
    """The header's fields, as polib reads them: `Name: value` lines; others continue the value above."""
    found: dict[str, str] = {}
    key = None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for line in lines:
        name, colon, value = line.partition(":")
        if colon:
            key = name
            found[key] = value.strip()
        elif key is not None:
            found[key] += "\n" + line.strip()
    return found


class _Notes:
    """The comment lines read for an entry whose first keyword has not come yet."""

    __slots__ = ("line", "translator", "extracted", "references", "flags")

    def __init__(self) -> None:
        self.line: int | None = None  # the first of them: the entry's linenum
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[tuple[str, str]] = []
        self.flags: list[str] = []


class _Reader:
    """The state machine: `state` is the field the strings being read go to (None: between entries)."""

    def __init__(self, label: str):
        self.label = label
        self.po = polib.POFile(wrapwidth=0)
        self.header: list[str] = []  # the translator comments that open the file: polib's POFile.header
        self.at_start = True
        self.seen: dict[tuple[str | None, str], int] = {}  # (msgctxt, msgid) -> line of the msgid
        self.notes = _Notes()
        self.last = 0  # the line of the last keyword or string
        self._new_entry()

    def _new_entry(self) -> None:
        self.state: str | None = None
        self.filled = False  # the current keyword has its string
        self.parts: list[str] = []
        self.values: dict[str, str] = {}
        self.plurals: dict[int, str] = {}
        self.index = -1
        self.obsolete = False
        self.start = self.msgid_line = self.keyword_line = 0

    def _error(self, line: int | None, message: str) -> PoSyntaxError:
        return PoSyntaxError(self.label, line, message)

    # --- lines and tokens

    def line(self, number: int, text: str) -> None:
        """One line of the file, with the "\\r" of a "\\r\\n" ending if it had one."""
        if text.endswith("\r"):
            text = text[:-1]
        text = text.lstrip(BLANK)
        if not text:
            return
        if text[0] == "#" and text[1:2] not in ("~", "|"):
            self._comment(number, text)
            return
        usual = USUAL.match(text)  # most lines: a keyword and its string, or a string
        if usual is None:
            self._tokens(number, text, False, False)
            return
        if usual.group(1):
            self._keyword(number, usual.group(1), False, False)
        self._string(number, usual.group(2), False, False)

    def _tokens(self, number: int, text: str, obsolete: bool, previous: bool) -> None:
        """Keywords and strings. The markers #~ (obsolete) and #| (previous) flag the tokens after them."""
        while text.startswith("#"):
            if text.startswith("#~"):
                obsolete, text = True, text[2:]
                if text.startswith("|"):
                    previous, text = True, text[1:]
            elif text.startswith("#|"):
                previous, text = True, text[2:]
            else:
                return self._comment(number, text)
            text = text.lstrip(BLANK)
        for match in TOKEN.finditer(text):
            kind = match.lastgroup
            if kind == "string":
                self._string(number, match.group(kind), obsolete, previous)
            elif kind == "keyword":
                self._keyword(number, match.group(kind), obsolete, previous)
            elif kind == "comment":
                return self._tokens(number, match.group(kind), obsolete, previous)
            else:
                raise self._stray(number, text[match.start(kind):])

    def _stray(self, number: int, rest: str) -> PoSyntaxError:
        """What cannot start a token: an unclosed string, a character that has no place in PO syntax."""
        if rest.startswith('"'):
            if rest.endswith("\\") and (len(rest) - len(rest.rstrip("\\"))) % 2:
                return self._error(number, 'a backslash at the end of a line continues a string on the next '
                                           'line, which most PO tools do not read: close the string with " '
                                           'and start the next line with "')
            hint = ' (\\" is a quote inside the string, not its end)' if rest.endswith('\\"') else ""
            return self._error(number, f'unterminated string: add the closing "{hint}')
        char = rest[0]
        shown = repr(char) if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
        return self._error(number, f"unexpected character {shown}: outside a \"string\" a PO file has only "
                                   f"keywords (msgctxt, msgid, msgid_plural, msgstr), comments (#…) and blanks")

    def _comment(self, number: int, text: str) -> None:
        """A comment line: polib's tcomment (#), comment (#.), occurrences (#:) or flags (#,)."""
        if self.state is not None:
            if not (self.state in DONE and self.filled):
                raise self._out_of_place(number, "a comment line")
            self._finish()
        mark, body = text[1:2], text[2:]
        notes = self.notes
        if mark == ":":
            found = [_reference(word) for word in body.split()]
            notes.references.extend(found)
        elif mark == ",":
            found = [flag.strip() for flag in body.split(",") if flag.strip()]
            notes.flags.extend(found)
        elif mark == ".":
            found = [body[1:] if body.startswith(" ") else body] if body.strip() else []
            notes.extracted.extend(found)
        else:
            body = text[2:] if text.startswith("# ") else text[1:]
            if self.at_start:
                self.header.append(body)
                return
            found = [body]
            notes.translator.append(body)
        if found:  # "#.", "#:" and "#," with nothing after them say nothing (polib skips them too)
            self.at_start = False
            notes.line = notes.line or number

    def _keyword(self, number: int, word: str, obsolete: bool, previous: bool) -> None:
        name, _, index = word.partition("[")
        name = name.rstrip(BLANK)
        field_ = FIELDS.get((name, previous, bool(index)))
        if field_ is None:
            raise self._unknown(number, name, previous)
        if self.state is not None and not self.filled or self.state not in FOLLOWS[field_]:
            raise self._out_of_place(number, f"#| {name}" if previous else "".join(word.split()), field_)
        if self.state in DONE and field_ != "msgstr_plural":
            self._finish()
        if self.state is None:
            self.start = self.notes.line or number
            self.obsolete = obsolete
            self.at_start = False
        self._same_obsolete(number, obsolete)
        if field_ == "msgstr_plural":
            self._plural_index(number, int(index.strip(BLANK + "]")))
        elif field_ == "msgid":
            self.msgid_line = number
        self._commit()
        if field_ == "msgstr_plural":
            self.index += 1
        self.state, self.filled, self.keyword_line = field_, False, number
        self.last = number

    def _unknown(self, number: int, name: str, previous: bool) -> PoSyntaxError:
        if name == "domain":
            return self._error(number, "a domain directive, which msgfmt ignores and a catalog of this project "
                                       "cannot keep: remove it")
        if name not in KEYWORDS:
            return self._error(number, f'unknown keyword "{name}": {SHAPE} (a line that is not one of them '
                                       f'must be a comment, starting with #)')
        if name == "msgstr" and previous:
            return self._error(number, "#| lines hold the previous msgctxt, msgid and msgid_plural, never a msgstr")
        return self._error(number, f"{name}[…]: only msgstr takes a plural form number")

    def _string(self, number: int, raw: str, obsolete: bool, previous: bool) -> None:
        state = self.state
        if state is None:
            raise self._error(number, 'a "string" with no keyword before it: a string follows msgid, '
                                      'msgstr… or the string it continues, with no comment between them')
        if previous != state.startswith("previous_"):
            needs = "needs no #|" if previous else "needs #| too"
            raise self._error(number, f"this string continues {self._shown(state)} "
                                      f"(line {self.keyword_line}), so it {needs}")
        self._same_obsolete(number, obsolete)
        if "\\" in raw:
            try:
                raw = unescape(raw)
            except ValueError as err:
                raise self._error(number, str(err)) from None
        if "\x04" in raw:
            raise self._error(number, "the character U+0004 (EOT), which separates msgctxt from msgid in "
                                      "compiled catalogs, is in a string: remove it")
        self.parts.append(raw)
        self.filled = True
        self.last = number

    # --- the entry

    def _same_obsolete(self, number: int, obsolete: bool) -> None:
        if obsolete != self.obsolete:
            raise self._error(number, "inconsistent use of #~: an obsolete entry has #~ before each of its "
                                      "keywords and strings, an active one before none")

    def _plural_index(self, number: int, index: int) -> None:
        """msgstr[N] come numbered 0, 1, 2… (self.index: the last one read, -1 before the first)."""
        if index != self.index + 1:
            raise self._error(number, f"msgstr[{index}] where msgstr[{self.index + 1}] comes: number the plural "
                                      f"forms 0, 1, 2… in order")

    def _commit(self) -> None:
        """The strings read for the current keyword, joined into its field."""
        if self.state == "msgstr_plural":
            self.plurals[self.index] = "".join(self.parts)
        elif self.state is not None:
            self.values[self.state] = "".join(self.parts)
        self.parts = []

    def _shown(self, state: str | None) -> str:
        if state == "msgstr_plural":
            return f"msgstr[{self.index}]"
        return SHOWN.get(state, state)

    def _out_of_place(self, number: int, what: str, field_: str | None = None) -> PoSyntaxError:
        """`what` (a keyword, a comment, the end of the file) where the entry cannot take it. Like
        msgfmt, a missing msgstr or msgid_plural is named at the entry's msgid, the rest where it is."""
        state, here = self.state, self._shown(self.state)
        instead = "" if number == self.msgid_line else f" (line {number} has {what} instead)"
        if what == "the end of the file":
            instead = " (the file ends there)"
        if state is not None and not self.filled:
            where = "" if number == self.keyword_line else f" on line {self.keyword_line}"
            return self._error(number, f'{here}{where} has no string: write {here} "" if it has no text')
        if state == "msgid" and field_ == "msgstr_plural":
            return self._error(self.msgid_line, "this msgid has msgstr[N] but no msgid_plural: write "
                                                'msgstr "…", or add the msgid_plural')
        if state == "msgid":
            return self._error(self.msgid_line, f'this msgid has no msgstr right after it{instead}: add '
                                                f'msgstr "" (empty: not translated yet)')
        if state == "msgid_plural" and field_ == "msgstr":
            return self._error(number, "this entry has a msgid_plural: its translations are msgstr[0], "
                                       "msgstr[1]…, not msgstr")
        if state == "msgid_plural":
            return self._error(self.msgid_line, f"this msgid has a msgid_plural but no msgstr[0]{instead}: "
                                                f'add msgstr[0] "", msgstr[1] ""…')
        if state in DONE and field_ == "msgid_plural":
            return self._error(number, f"msgid_plural after the msgstr of the entry whose msgid is on line "
                                       f"{self.msgid_line}: it goes right after the msgid")
        if state is None or state in DONE:  # (after a complete entry only a new one may begin)
            before = "#| msgid" if field_ == "previous_msgid_plural" else "msgid"
            above = f" (the entry above, msgid on line {self.msgid_line}, is complete)" if state else ""
            return self._error(number, f"{what} with no {before} before it{above}: {SHAPE}")
        if what == "the end of the file":
            return self._error(number, f"the file ends inside an entry, after its {here}: {SHAPE}")
        return self._error(number, f"{what} cannot come after {here} (line {self.keyword_line}): {SHAPE}")

    def _finish(self) -> None:
        """The entry read, as polib's POEntry; the header entry goes to the POFile's metadata."""
        self._commit()
        values, notes = self.values, self.notes
        key = (values.get("msgctxt"), values["msgid"])
        if key in self.seen:
            what = "msgctxt and msgid" if key[0] is not None else "msgid"
            raise self._error(self.msgid_line, f"duplicate entry: the same {what} is on line {self.seen[key]} "
                                               f"(obsolete entries count too): keep one of them")
        self.seen[key] = self.msgid_line
        entry = polib.POEntry(
            msgctxt=key[0], msgid=key[1], msgid_plural=values.get("msgid_plural", ""),
            msgstr=values.get("msgstr", ""), msgstr_plural=self.plurals, obsolete=self.obsolete,
            tcomment="\n".join(notes.translator), comment="\n".join(notes.extracted),
            occurrences=notes.references, flags=notes.flags, linenum=self.start,
            previous_msgctxt=values.get("previous_msgctxt"), previous_msgid=values.get("previous_msgid"),
            previous_msgid_plural=values.get("previous_msgid_plural"))
        if key == (None, "") and not self.obsolete:
            self._header(entry)
        else:
            self.po.append(entry)
        self.notes = _Notes()
        self._new_entry()

    def _header(self, entry: polib.POEntry) -> None:
        """polib keeps the header entry as POFile.header (its translator comments), metadata and
        metadata_is_fuzzy: anything else on it would be lost, so it is refused."""
        if entry.comment or entry.occurrences or set(entry.flags) - {"fuzzy"} or entry.msgid_plural \
                or entry.previous_msgctxt is not None or entry.previous_msgid is not None:
            raise self._error(self.msgid_line, 'the header entry (msgid "") has #., #: or #| lines, flags other '
                                               "than fuzzy, or a msgid_plural, which a catalog cannot keep: "
                                               "delete them")
        self.header.extend(self.notes.translator)
        self.po.metadata = _metadata(entry.msgstr)
        self.po.metadata_is_fuzzy = entry.flags

    def close(self) -> polib.POFile:
        """The end of the file: the last entry must be complete, and no comment may be left over."""
        if self.state is not None:
            if not (self.state in DONE and self.filled):
                raise self._out_of_place(self.last, "the end of the file")
            self._finish()
        notes = self.notes
        if notes.extracted or notes.references or notes.flags or any(t.strip() for t in notes.translator):
            raise self._error(self.notes.line, "comments after the last entry belong to no entry, and saving "
                                               "the catalog would drop them: move them above an entry or "
                                               "delete them")
        if not self.seen:
            raise self._error(1, "no header and no entries (an empty file?)")
        self.po.header = "\n".join(self.header)
        return self.po
