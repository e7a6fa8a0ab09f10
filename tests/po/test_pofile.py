"""The strict PO reader: polib's objects for what msgfmt accepts, file:line errors for the rest.

Every damaged file below is one polib reads without a word (dropping or mangling the damaged
text, which the next `extract` would then write back without it) or one it refuses without the
right line. Where GNU msgfmt is installed, each case is also checked against `msgfmt -c`: we
refuse exactly what it refuses, at the line it names.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import polib
import pytest

from conftest import ROOT
from pipeline.model import SourceError
from pipeline.po import catalogs, review
from pipeline.po.pofile import ADVICE, PoSyntaxError, load_po, read_po

MSGFMT = shutil.which("msgfmt")
HEADER = r'''# A test catalog.
msgid ""
msgstr ""
"Project-Id-Version: test\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\n"
"Last-Translator: Tester <t@example.com>\n"
"Language-Team: en\n"
"Language: en\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

'''
BODY_START = HEADER.count("\n")  # line n of a body is line BODY_START + n of the file
FIELDS = ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "obsolete", "tcomment", "comment",
          "occurrences", "flags", "previous_msgctxt", "previous_msgid", "previous_msgid_plural", "linenum")


def model(po: polib.POFile) -> dict:
    """Everything of a POFile the pipeline reads, comparable with ==."""
    return {"header": po.header, "metadata": po.metadata, "fuzzy": list(po.metadata_is_fuzzy or []),
            "wrapwidth": po.wrapwidth, "entries": [{f: getattr(e, f) for f in FIELDS} for e in po]}


def msgfmt(tmp_path, data: bytes) -> tuple[bool, int | None]:
    """Whether `msgfmt -c` accepts the file, and the first line it names."""
    path = tmp_path / "case.po"
    path.write_bytes(data)
    run = subprocess.run([MSGFMT, "-c", "-o", os.devnull, str(path)], capture_output=True, text=True,
                         errors="replace", env={**os.environ, "LC_ALL": "C"})
    found = re.search(rf"{re.escape(str(path))}:(\d+)", run.stderr)
    return run.returncode == 0, int(found.group(1)) if found else None


# --- (a) valid files: the objects polib builds, where polib is right

DEMO = sorted((ROOT / "locales").rglob("*.po"))


@pytest.mark.parametrize("path", DEMO, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_demo_catalogs_read_as_polib_reads_them_and_render_back_unchanged(path):
    text = path.read_text(encoding="utf-8")
    po = read_po(path.read_bytes(), str(path))
    assert model(po) == model(polib.pofile(text, wrapwidth=0))
    assert catalogs.render(po) == text


VALID = {
    "comments, flags, references, previous msgctxt and msgid": r'''# a translator's note
# on two lines
#. paragraph; anchor: a_10
#: login/a.md:3 login/a.md:17 login/b.md
#, fuzzy, no-wrap
#| msgctxt "region:JP"
#| msgid "Old "
#| "text"
msgctxt "region:US"
msgid "New text"
msgstr "Nouveau texte"
''',
    "plural": r'''#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichier"
msgstr[1] "%d fichiers"
''',
    "obsolete entries": r'''msgid "kept"
msgstr "gardé"

# a note on a gone entry
#, fuzzy
#~ msgid "gone"
#~ msgstr "parti"

#~ msgctxt "region:CN"
#~ msgid "gone too"
#~ msgid_plural "all gone"
#~ msgstr[0] "parti aussi"
#~ msgstr[1] "tous partis"
''',
    "escapes and multi-line strings": r'''msgid ""
"A \"quoted\" word,\ta tab,\n"
"a backslash \\ and\r\n"
"a form feed \f, a vertical tab \v, a backspace \b."
msgstr ""
"Un mot \"cité\",\tune tabulation,\n"
"une barre \\ et\r\n"
"un saut de page \f, une tabulation verticale \v, un retour \b."
''',
    "an entry with an empty msgstr, and one without blank line before it": '''msgid "untranslated"
msgstr ""
msgid "next"
msgstr "suivant"
''',
}


@pytest.mark.parametrize("body", VALID.values(), ids=VALID.keys())
def test_valid_files_read_as_polib_reads_them(body, tmp_path):
    text = HEADER + body
    po = read_po(text.encode(), "valid.po")
    assert model(po) == model(polib.pofile(text, wrapwidth=0))
    again = catalogs.render(po)
    assert catalogs.render(read_po(again, "again.po")) == again
    if MSGFMT:
        assert msgfmt(tmp_path, text.encode()) == (True, None)


def test_nel_and_line_separator_inside_a_msgstr_are_text(tmp_path):
    """msgfmt -c accepts them; polib's splitlines() ends the line there and loses or refuses the rest."""
    msgstr = "one\u0085two\u2028three\u2029four"
    text = HEADER + f'msgid "a"\nmsgstr "{msgstr}"\n\nmsgid "b"\nmsgstr "bee"\n'
    po = read_po(text.encode(), "nel.po")
    assert [(e.msgid, e.msgstr) for e in po] == [("a", msgstr), ("b", "bee")]
    assert [(e.msgid, e.msgstr) for e in read_po(catalogs.render(po), "again.po")] == [("a", msgstr), ("b", "bee")]
    try:
        broken = [(e.msgid, e.msgstr) for e in polib.pofile(text, wrapwidth=0)]
    except OSError:
        broken = None
    assert broken != [("a", msgstr), ("b", "bee")]
    if MSGFMT:
        assert msgfmt(tmp_path, text.encode()) == (True, None)


def test_text_is_never_taken_for_a_path(tmp_path):
    """polib opens its argument when the text names a file; the text "/etc/passwd" is no catalog."""
    elsewhere = tmp_path / "elsewhere.po"
    elsewhere.write_text(HEADER + 'msgid "secret"\nmsgstr "from another file"\n', encoding="utf-8")
    assert [e.msgid for e in polib.pofile(str(elsewhere))] == ["secret"]
    for text in (str(elsewhere), "/etc/passwd"):
        with pytest.raises(PoSyntaxError) as caught:
            read_po(text, "catalog.po")
        assert caught.value.line == 1 and "unexpected character '/'" in caught.value.message


def test_what_msgfmt_accepts_and_polib_misreads(tmp_path):
    """C escapes (\\a, octal, hex bytes of UTF-8), flags and comments without a space, #~| on obsolete
    entries, trailing blanks of comments, "\\r\\n" endings: read as msgfmt reads them."""
    body = ('#note without a space  \n#,fuzzy\n'
            'msgid "bell\\a, \\101\\x42, caf\\xc3\\xa9, \\303\\251"\nmsgstr "x"\n\n'
            '#~| msgid "older"\n#~ msgid "old"\n#~ msgstr "vieux"\n')
    for text in (HEADER + body, (HEADER + body).replace("\n", "\r\n")):
        po = read_po(text.encode(), "misread.po")
        assert (po[0].tcomment, po[0].flags, po[0].msgid) == ("note without a space  ", ["fuzzy"],
                                                              "bell\a, AB, café, é")
        assert (po[1].obsolete, po[1].previous_msgid, po[1].msgstr) == (True, "older", "vieux")
        if MSGFMT:
            assert msgfmt(tmp_path, text.encode()) == (True, None)
    with pytest.raises(OSError):
        polib.pofile(HEADER + body)  # "#note" and "#,fuzzy" are syntax errors to polib


# --- (b) damaged files: refused, with the line msgfmt names

@dataclass
class Case:
    name: str
    body: str | bytes  # after HEADER (`whole`: the whole file)
    line: int | None  # the line we name, counted in the body; None: a valid file
    says: str = ""  # part of our message
    quirk: str | None = None  # where msgfmt's line differs, and why (see test_damage_is_refused_like_msgfmt)
    whole: bool = False

    def data(self) -> bytes:
        body = self.body if isinstance(self.body, bytes) else self.body.encode()
        return body if self.whole else HEADER.encode() + body

    def absolute(self) -> int | None:
        return self.line if self.whole or self.line is None else BODY_START + self.line


DAMAGE = [
    Case("unterminated string at the end", 'msgid "a"\nmsgstr "the end', 2, 'unterminated string: add the closing "'),
    Case("unterminated string in the middle", 'msgid "a"\nmsgstr "b\n\nmsgid "c"\nmsgstr "d"\n', 2,
         "unterminated string", quirk="newline"),
    Case("unterminated msgid appended to the file", 'msgid "a"\nmsgstr "b"\n\nmsgid "unterminated', 4,
         "unterminated string"),
    Case("a file cut inside a string", 'msgid "a"\nmsgstr ""\n"Line one\\n"\n"Line tw', 4, "unterminated string"),
    Case("an escaped quote where the string should end", 'msgid "a\\"\nmsgstr "b"\n', 1,
         '\\" is a quote inside the string', quirk="newline"),
    Case("bad escape \\q", 'msgid "a"\nmsgstr "b\\q"\n', 2, 'invalid escape "\\q"'),
    Case("msgid_plural after the msgstr", 'msgid "a"\nmsgstr "b"\nmsgid_plural "as"\n', 3,
         "msgid_plural after the msgstr"),
    Case("msgstr before msgid", 'msgstr "b"\nmsgid "a"\n', 1, "msgstr with no msgid before it"),
    Case("two msgid in a row", 'msgid "a"\nmsgid "b"\nmsgstr "c"\n', 1, "this msgid has no msgstr"),
    Case("msgid_plural without msgstr[0]", 'msgid "a"\nmsgid_plural "as"\n\nmsgid "c"\nmsgstr "d"\n', 1,
         "no msgstr[0]"),
    Case("msgstr[0] without msgid_plural", 'msgid "a"\nmsgstr[0] "b"\n', 1, "no msgid_plural"),
    Case("msgstr after msgid_plural", 'msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 3, "not msgstr"),
    Case("plural forms out of order", 'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "b"\n', 3,
         "msgstr[1] where msgstr[0] comes"),
    Case("a comment inside an entry", 'msgid "a"\n# note\nmsgstr "b"\n', 1,
         f"line {BODY_START + 2} has a comment line instead"),
    Case("a string after a comment", 'msgid "a"\nmsgstr "b"\n# note\n"c"\n', 4, "with no keyword before it"),
    Case("two msgctxt", 'msgctxt "a"\nmsgctxt "b"\nmsgid "c"\nmsgstr "d"\n', 2, "msgctxt cannot come after msgctxt"),
    Case("#| with a msgstr", '#| msgstr "old"\nmsgid "a"\nmsgstr "b"\n', 1, "never a msgstr"),
    Case("#~ on part of an entry", '#~ msgid "a"\nmsgstr "b"\n', 2, "inconsistent use of #~"),
    Case("duplicate msgid, same msgstr", 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "b"\n', 4,
         f"duplicate entry: the same msgid is on line {BODY_START + 1}"),
    Case("duplicate msgid, different msgstr", 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4,
         "duplicate entry"),
    Case("duplicate msgctxt and msgid", 'msgctxt "k"\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "plain"\n\n'
                                        'msgctxt "k"\nmsgid "a"\nmsgstr "c"\n', 9, "the same msgctxt and msgid"),
    Case("duplicate of an obsolete entry", 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 4,
         "obsolete entries count too"),
    Case("a second header", 'msgid ""\nmsgstr "Language: fr\\n"\n', 1, "duplicate entry"),
    Case("invalid UTF-8 byte", b'msgid "a"\nmsgstr "caf\xe9"\n', 2, "not UTF-8 (byte 0xe9)"),
    Case("a binary blob", b'msgid "a"\nmsgstr "b"\n\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 4, "not UTF-8 (byte 0x89)"),
    Case("an EOT character in a string", 'msgid "a"\nmsgstr "b\\004c"\n', 2, "U+0004 (EOT)"),
    Case("a garbage line", 'msgid "a"\nmsgstr "b"\nhello world\n', 3, 'unknown keyword "hello"'),
    Case("a control character outside strings", 'msgid "a"\nmsgstr "b"\n\x01\n', 3, "unexpected character U+0001"),
    Case("NEL outside a string", 'msgid "a"\nmsgstr "b"\u0085\n', 2, "unexpected character U+0085"),
    Case("a domain directive", 'domain "other"\nmsgid "a"\nmsgstr "b"\n', 1, "domain directive"),
    Case("an entry cut at the end of the file", 'msgid "a"\nmsgstr', 2, 'msgstr has no string: write msgstr ""'),
    Case("an entry cut at the end of the file, newline", 'msgid "a"\nmsgstr\n', 2, "has no string", quirk="eof"),
    Case("a msgid at the end of the file", 'msgid "a"\n', 1, "the file ends there"),
    Case("a msgctxt at the end of the file", 'msgid "a"\nmsgstr "b"\n\nmsgctxt "k"\n\n', 4,
         "the file ends inside an entry", quirk="eof"),
    Case("a previous msgid with no entry", 'msgid "a"\nmsgstr "b"\n\n#| msgid "x"\n', 4,
         "the file ends inside an entry", quirk="eof"),
    Case("a byte order mark", "\ufeff" + HEADER, 1, "byte order mark", whole=True),
    Case("an empty file", "", 1, "no header and no entries", whole=True),
    Case("a file of blank lines", "\n \n\t\n", 1, "no header and no entries", whole=True),
    Case("a header only", HEADER, None, whole=True),
]


@pytest.mark.parametrize("case", DAMAGE, ids=[c.name for c in DAMAGE])
def test_damage_is_refused_like_msgfmt(case, tmp_path):
    data = case.data()
    if case.line is None:
        read_po(data, "case.po")
    else:
        with pytest.raises(PoSyntaxError) as caught:
            read_po(data, "case.po")
        error = caught.value
        assert (error.path, error.line) == ("case.po", case.absolute()), error.message
        assert case.says in error.message and error.message.endswith(ADVICE)
        assert str(error).startswith(f"case.po:{case.absolute()}: cannot read this catalog: ")
    if not MSGFMT:
        return
    accepted, named = msgfmt(tmp_path, data)
    assert accepted == (case.line is None)
    if case.quirk == "newline":  # msgfmt counts the newline that ended the string (or comment) first
        assert named == case.absolute() + 1
    elif case.quirk == "eof":  # msgfmt names the position after the last newline; we, the entry's last line
        assert named == data.count(b"\n") + 1
    elif named is not None:  # (an empty file: msgfmt says "header missing", no line)
        assert named == case.absolute()


def test_polib_misses_most_of_this_damage():
    """Why the reader exists: polib reads these without a word, dropping or mangling text."""
    silent = [c.name for c in DAMAGE if c.line is not None and not c.whole and _polib_reads(c.data())]
    assert len(silent) >= 15, silent
    assert {"unterminated string at the end", "a file cut inside a string", "bad escape \\q",
            "duplicate msgid, different msgstr", "invalid UTF-8 byte"} <= set(silent)


def _polib_reads(data: bytes) -> bool:
    try:
        polib.pofile(data.decode("utf-8", "replace"), wrapwidth=0)
        return True
    except OSError:
        return False


STRICTER = [  # what msgfmt -c lets through, and why we do not
    Case("a NUL byte (msgfmt stops reading there, ignoring the rest)",
         b'msgid "a"\nmsgstr "b"\n\x00\nmsgid "lost"\nmsgstr "perdu"\nmsgid "lost"\n', 3, "a NUL byte"),
    Case("comments after the last entry (msgfmt and msgcat drop them)", 'msgid "a"\nmsgstr "b"\n\n# TODO: review\n',
         4, "comments after the last entry"),
    Case("escapes that make bytes that are not UTF-8 (msgfmt writes them as they are)", 'msgid "a"\nmsgstr "\\xe9"\n',
         2, "not UTF-8"),
    Case("a backslash-newline inside a string (polib, Poedit and most tools do not read it)",
         'msgid "a\\\nb"\nmsgstr "c"\n', 1, "a backslash at the end of a line"),
    Case("#. or #: on the header (polib keeps only its translator comments, flags and msgstr)",
         HEADER.replace('msgid ""', '#. a note\nmsgid ""', 1), 3, 'the header entry (msgid "") has', whole=True),
    Case("a \\0 escape (the text ends there for gettext)", 'msgid "a"\nmsgstr "b\\0c"\n', 2, "(a NUL)"),
]


@pytest.mark.parametrize("case", STRICTER, ids=[c.name for c in STRICTER])
def test_stricter_than_msgfmt_where_text_would_be_lost(case):
    with pytest.raises(PoSyntaxError) as caught:
        read_po(case.data(), "case.po")
    assert caught.value.line == case.absolute() and case.says in caught.value.message


# --- load_po, and the commands

def test_load_po(tmp_path):
    assert load_po(tmp_path / "none.po", "none.po") == (None, None)
    crlf = (HEADER + 'msgid "a"\nmsgstr "b"\n').replace("\n", "\r\n")
    (tmp_path / "crlf.po").write_bytes(crlf.encode())
    po, text = load_po(tmp_path / "crlf.po", "crlf.po", root=tmp_path)
    assert text == crlf and [(e.msgid, e.msgstr) for e in po] == [("a", "b")]
    (tmp_path / "folder.po").mkdir()
    with pytest.raises(SourceError, match="a folder, not a catalog"):
        load_po(tmp_path / "folder.po", "folder.po")
    outside = tmp_path / "outside.po"
    outside.write_text(HEADER, encoding="utf-8")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "link.po").symlink_to(outside)
    assert load_po(tmp_path / "tree" / "link.po", "link.po")[0] is not None
    with pytest.raises(SourceError, match="outside"):
        review.load(tmp_path / "tree" / "link.po", "link.po", root=tmp_path / "tree")
    (tmp_path / "latin1.po").write_bytes(HEADER.encode() + b'msgid "a"\nmsgstr "caf\xe9"\n')
    with pytest.raises(PoSyntaxError) as caught:
        load_po(tmp_path / "latin1.po", "latin1.po")
    assert caught.value.line == BODY_START + 2


def test_load_po_unreadable(tmp_path, monkeypatch):
    path = tmp_path / "locked.po"
    path.write_text(HEADER, encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_bytes", refuse)  # chmod 0 does not stop root
    with pytest.raises(SourceError, match="cannot read this catalog: Permission denied"):
        load_po(path, "locked.po")


PO = "locales/en/login/troubleshoot_second.po"


def test_a_damaged_catalog_is_left_untouched_and_named_with_its_line(demo, l10n):
    path = demo / PO
    damaged = path.read_bytes() + b'\nmsgid "unterminated'
    path.write_bytes(damaged)
    line = damaged.count(b"\n") + 1
    for command in ("extract", "check", "build"):
        result = l10n(command, code=1)
        assert f"{PO}:{line}: error: cannot read this catalog: unterminated string" in result.output
        assert path.read_bytes() == damaged


def test_line_separators_in_a_translation_survive_extract(demo, l10n):
    path = demo / PO
    text = path.read_text(encoding="utf-8")
    old = 'msgstr "Cannot Log In: What to Check Next"'
    assert old in text
    path.write_bytes(text.replace(old, 'msgstr "Cannot Log In:\u2028What\u0085to Check Next"').encode())
    l10n("extract")
    po = read_po(path.read_bytes(), PO)
    assert "Cannot Log In:\u2028What\u0085to Check Next" in [e.msgstr for e in po]


def test_import_names_the_line_of_a_byte_that_is_not_utf8(demo, l10n, tmp_path):
    catalog = demo / PO
    before = catalog.read_bytes()
    delivered = tmp_path / "troubleshoot_second.po"
    text = before.replace("Cannot Log In: What to Check Next".encode(), b"Cannot Log In \xff")
    delivered.write_bytes(text)
    line = text[:text.index(b"\xff")].count(b"\n") + 1
    result = l10n("import", "en", str(delivered), code=1)
    assert f"{delivered}:{line}: error: cannot read this catalog: not UTF-8 (byte 0xff)" in result.output
    assert catalog.read_bytes() == before
