"""Catalog contents and format: union of regions, order, kept translations, gettext's own layout."""
import subprocess

import polib

from conftest import needs
from pipeline.model import Place, Unit
from pipeline.po import catalogs


def place(msgid, region, line, kind="paragraph", anchor=None):
    return Place(Unit(0, len(msgid), msgid, kind, anchor=anchor), region, line, line * 100)


PLACES = [
    place("見出し", "JP", 8, "heading", "a_10"), place("見出し", "US", 8, "heading", "a_10"),
    place("JPの文", "JP", 11), place("USの文", "US", 17), place("共通の文", "JP", 20), place("共通の文", "US", 20),
]


def test_union_once_each_with_regions_and_source_order():
    entries = catalogs.collect(PLACES, ["JP", "US", "CN"])
    assert [(e.msgid, e.regions, e.lines) for e in entries] == [
        ("見出し", ["JP", "US"], [8]), ("JPの文", ["JP"], [11]), ("USの文", ["US"], [17]), ("共通の文", ["JP", "US"], [20])]
    assert catalogs.comment(entries[0], ["JP", "US"]) == "heading; anchor: a_10"
    assert catalogs.comment(entries[1], ["JP", "US"]) == "paragraph; regions: JP"


def catalog(entries, old=None):
    return catalogs.build_catalog("login/a.md", "en", entries, ["JP", "US"], "demo", old)


def test_header_from_babel_and_references():
    po = catalog(catalogs.collect(PLACES, ["JP", "US"]))
    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po[0].occurrences == [("login/a.md", "8")]
    assert catalogs.language_header("zh_TW") == ("zh_Hant_TW", "nplurals=1; plural=0;")


def test_translations_comments_and_flags_are_kept_and_removed_text_becomes_obsolete():
    old = catalog(catalogs.collect(PLACES, ["JP", "US"]))
    old.find("JPの文").msgstr = "JP sentence"
    old.find("JPの文").tcomment = "checked by Ann"
    old.find("USの文").msgstr = "US sentence"
    old.find("USの文").flags.append("fuzzy")
    new = catalog(catalogs.collect([p for p in PLACES if p.unit.msgid != "USの文"], ["JP", "US"]), old)
    kept = new.find("JPの文")
    assert (kept.msgstr, kept.tcomment) == ("JP sentence", "checked by Ann")
    gone = [e for e in new if e.obsolete]
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in gone] == [("USの文", "US sentence", True)]
    back = catalog(catalogs.collect(PLACES, ["JP", "US"]), new)  # the text returns: so does its translation
    assert back.find("USの文").msgstr == "US sentence" and not [e for e in back if e.obsolete]


def test_dates_move_only_when_content_changes():
    po = catalog(catalogs.collect(PLACES, ["JP", "US"]))
    first = catalogs.stamp(po, None, None, now=0)
    assert "POT-Creation-Date: 1970-01-01 00:00+0000" in first
    read = polib.pofile(first)
    again = catalog(catalogs.collect(PLACES, ["JP", "US"]), read)
    assert catalogs.stamp(again, read, first, now=86400 * 365) == first
    changed = catalog(catalogs.collect(PLACES[:3], ["JP", "US"]), read)
    assert "POT-Creation-Date: 1971-01-01 00:00+0000" in catalogs.stamp(changed, read, first, now=86400 * 365)


def test_region_specific_translation_survives_updates():
    old = catalog(catalogs.collect(PLACES, ["JP", "US"]))
    old.append(polib.POEntry(msgctxt="region:US", msgid="共通の文", msgstr="Shared, US wording"))
    old.find("共通の文").msgstr = "Shared sentence"
    new = catalog(catalogs.collect(PLACES, ["JP", "US"]), old)
    found = catalogs.translations(new)
    assert found.lookup("US")("共通の文") == "Shared, US wording"
    assert found.lookup("JP")("共通の文") == "Shared sentence"


@needs("msgcat", "msgfmt")
def test_written_files_are_what_msgcat_writes_and_msgfmt_accepts(tmp_path):
    long_refs = [place("長い参照の文", "JP", n) for n in range(1, 30)]
    po = catalog(catalogs.collect(PLACES + long_refs + [place("複数行\n\"引用\"\\と\nタブ\t", "US", 40)], ["JP", "US"]))
    po.find("JPの文").msgstr = "JP sentence"
    path = tmp_path / "a.po"
    path.write_text(catalogs.stamp(po, None, None, now=0), encoding="utf-8")
    out = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True, check=True).stdout
    assert out == path.read_text(encoding="utf-8")
    check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert check.returncode == 0 and check.stderr == ""
