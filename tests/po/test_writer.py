"""write_po: polib's objects in GNU gettext's layout, byte for byte what `msgcat --no-wrap` writes."""
import subprocess

import polib
import pytest

from conftest import needs
from pipeline.po import catalogs
from pipeline.po.pofile import read_po
from pipeline.po.writer import write_po

METADATA = {"Project-Id-Version": "demo", "Language": "en", "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=2; plural=(n != 1);", "X-Generator": "test"}
LONG = "word " * 60 + "end"


def po_file(*entries, header="a.md: translations into en.\n\nsecond paragraph", fuzzy=False):
    po = polib.POFile(wrapwidth=0)
    po.header, po.metadata, po.metadata_is_fuzzy = header, dict(METADATA), fuzzy
    for entry in entries:
        po.append(entry)
    return po


def e(msgid, msgstr="", **kw):
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **kw)


STRINGS = po_file(
    e("plain", "übersetzt"),
    e("untranslated"),
    e("\n", "\n"), e("trailing\n", "x\n"), e("\nleading", "\nx"), e("a\n\nb", "a\n\n"), e("\n\n", "two\n\n\n"),
    e("tab\there", "back\\slash \"quoted\" and \\n not a newline"),
    e("controls \r \a \b \f \v end", "raw \x01 \x1b \x7f kept"),
    e("line\u2028separator \u0085 next line \u2029 paragraph", "\u2028"),
    e(LONG, LONG + "\n" + LONG),
    e("{{< ref \"x.md\" >}} – “typographic” ‘quotes’ 日本語"),
    header="")

COMMENTS = po_file(
    e("commented", "x", tcomment="translator\n\n  indented\n# hash", comment="paragraph; anchor: a_1\n\nnote",
      occurrences=[("login/a.md", "3"), ("login/a.md", "3"), ("no-line.md", ""), ("login/a.md", "12")]),
    e("long references", occurrences=[(f"admin/list_systemadmin/page_{n}.md", str(n * 37)) for n in range(9)]),
    e("a reference longer than the page", occurrences=[("x.md", "1"), ("d/" + "long-" * 20 + ".md", "7"),
                                                     ("y.md", "2")]),
    e("non-ASCII paths count in bytes",
      occurrences=[("a.md", "1"), ("b.md", ""), ("a.md", "2"),
                   ("dir/ünïcødé-ñame-long-long-long-long-long.md", "12"), ("ü", "1"), ("c", "1")]),
    fuzzy=True)

FLAGS = po_file(
    e("gettext's order", "x", flags=["no-wrap", "python-format", "fuzzy", "c-format"]),
    e("fuzzy, untranslated: msgcat drops the flag", flags=["fuzzy", "no-wrap"]),
    e("format states", "x", flags=["possible-c-format", "impossible-python-format", "no-java-format"]),
    e("range and wrap", "x", flags=["range: 1..5", "no-wrap", "wrap", "fuzzy fuzzy"]),
    e("previous", "x", flags=["fuzzy"], previous_msgctxt="old\ncontext", previous_msgid="old\nmsgid\n",
      previous_msgid_plural="olds"),
    e("previous, empty", "x", flags=["fuzzy"], previous_msgid=""),
    polib.POEntry(msgctxt="region:US", msgid="context", msgstr="y"),
    polib.POEntry(msgctxt="multi\nline", msgid="context 2", msgstr="y"),
    polib.POEntry(msgctxt="", msgid="empty context", msgstr="y"),
    polib.POEntry(msgid="one file", msgid_plural="%d files\n", msgstr_plural={0: "a\nb", 1: ""}, flags=["fuzzy"]),
    polib.POEntry(msgid="two", msgid_plural="twos", msgstr_plural={1: "x", 0: "y"}, flags=["fuzzy"]),
    polib.POEntry(msgid="no forms yet", msgid_plural="forms"),
    polib.POEntry(msgid="obsolete\nline", msgstr="o", obsolete=True, tcomment="kept\n", flags=["no-wrap", "fuzzy"],
                  previous_msgid="prev\nx", previous_msgctxt="c"),
    polib.POEntry(msgctxt="k", msgid="obsolete plural", msgid_plural="p", msgstr_plural={0: "z\nz", 1: ""},
                  obsolete=True, comment="extracted", occurrences=[("gone.md", "4")]),
    e("after the obsolete ones in the model", "z"),
    header="one line")

CATALOGS = {"strings": STRINGS, "comments": COMMENTS, "flags": FLAGS}


def msgcat(path):
    done = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs("msgcat")
@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_msgcat_writes_what_we_write(tmp_path, name):
    text = write_po(CATALOGS[name])
    path = tmp_path / "ours.po"
    path.write_text(text, encoding="utf-8")
    assert msgcat(path) == text


@needs("msgcat")
@pytest.mark.parametrize("name", ["strings", "comments"])
def test_same_as_msgcat_of_polibs_own_file(tmp_path, name):
    """The same catalog written by polib (other line breaks, flag order, comment lines), then
    rewritten by msgcat: what we write, from the objects directly."""
    po = po_file(*CATALOGS[name], header="with a header comment (polib writes a lone # for none)")
    path = tmp_path / "polib.po"
    path.write_text(str(po), encoding="utf-8")
    assert msgcat(path) == write_po(po)


def fields(entry):
    """What an entry says (the order of its flags says nothing: gettext's is written)."""
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, dict(entry.msgstr_plural), entry.obsolete,
            entry.tcomment, entry.comment, entry.occurrences, sorted(entry.flags), entry.previous_msgctxt,
            entry.previous_msgid, entry.previous_msgid_plural)


def test_read_back_as_the_same_entries():
    # (not an empty #. line: read_po skips it, as polib does)
    po = po_file(*(e for e in STRINGS), e("x", "y", tcomment="t\n\nu", comment="c\nd", flags=["fuzzy", "no-wrap"],
                                           occurrences=[("a.md", "1"), ("b.md", "")],
                                           previous_msgctxt="pc", previous_msgid="p\nq"),
                 *(e for e in FLAGS if e.msgid in ("context 2", "one file", "obsolete\nline")))
    again = read_po(write_po(po), "ours")
    assert [fields(x) for x in again] == [fields(x) for x in po if not x.obsolete] + \
        [fields(x) for x in po if x.obsolete]
    assert (again.header, again.metadata, bool(again.metadata_is_fuzzy)) == (po.header, po.metadata, False)
    assert write_po(again) == write_po(po)


def test_polibs_own_reader_reads_it_back():
    """polib's parser (no U+2028 there: it ends lines at it; no \\a: it does not unescape it)."""
    po = po_file(*(x for x in FLAGS if not x.obsolete), *(x for x in STRINGS if x.msgid.startswith(("a\n", "tab"))))
    again = polib.pofile(write_po(po), wrapwidth=0)
    assert [(x.msgctxt, x.msgid, x.msgstr, x.msgid_plural, x.msgstr_plural, x.previous_msgid) for x in again] == \
        [(x.msgctxt, x.msgid, x.msgstr, x.msgid_plural, x.msgstr_plural or ({0: "", 1: ""} if x.msgid_plural else {}),
          x.previous_msgid) for x in po]


def test_line_separators_stay_inside_one_string_line():
    text = write_po(po_file(e("a\u2028b\u0085c\u2029d", "x\u2028y")))
    assert 'msgid "a\u2028b\u0085c\u2029d"\nmsgstr "x\u2028y"\n' in text
    assert 'msgid ""\n"a\u2028"\n"b"\n' in str(po_file(e("a\u2028b")))  # where polib cuts it


def test_layout_details():
    text = write_po(FLAGS)
    assert text.endswith('msgid "after the obsolete ones in the model"\nmsgstr "z"\n\n'
                         '# kept\n#\n#, fuzzy, no-wrap\n#~| msgctxt "c"\n#~| msgid ""\n#~| "prev\\n"\n#~| "x"\n'
                         '#~ msgid ""\n#~ "obsolete\\n"\n#~ "line"\n#~ msgstr "o"\n\n'
                         '#. extracted\n#: gone.md:4\n#~ msgctxt "k"\n#~ msgid "obsolete plural"\n#~ msgid_plural "p"\n'
                         '#~ msgstr[0] ""\n#~ "z\\n"\n#~ "z"\n#~ msgstr[1] ""\n')
    assert '#, no-wrap\nmsgid "fuzzy, untranslated: msgcat drops the flag"' in text
    assert '#, fuzzy, c-format, python-format, no-wrap\nmsgid "gettext\'s order"' in text
    assert '#, c-format, no-java-format\n' in text and "#, fuzzy, range: 1..5\n" in text
    assert 'msgid "no forms yet"\nmsgid_plural "forms"\nmsgstr[0] ""\nmsgstr[1] ""\n' in text
    assert text.startswith('# one line\nmsgid ""\nmsgstr ""\n"Project-Id-Version: demo\\n"\n')
    assert write_po(STRINGS).startswith('msgid ""\nmsgstr ""\n"Project-Id-Version')  # no header comment
    refs = write_po(COMMENTS)
    assert "#: login/a.md:3 no-line.md login/a.md:12\n" in refs
    # 79 bytes, 73 characters: c:1 would fit if gettext counted characters
    assert "#: a.md:1 b.md a.md:2 dir/ünïcødé-ñame-long-long-long-long-long.md:12 ü:1\n#: c:1\n" in refs
    assert all(len(line.encode()) <= 79 or " " not in line[3:] for line in refs.splitlines() if line.startswith("#:"))
    assert "# translator\n#\n#   indented\n# # hash\n#. paragraph; anchor: a_1\n#.\n#. note\n" in refs
    assert refs.startswith("# a.md: translations into en.\n#\n# second paragraph\n#, fuzzy\n")


def test_render_is_write_po():
    assert catalogs.render(FLAGS) == write_po(FLAGS)
