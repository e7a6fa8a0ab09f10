"""The glossary catalog: harvested from the pages' units, updated as every catalog is."""
import subprocess

import polib

from pipeline.model import Kind
from pipeline.po import catalogs, glossary
from pipeline.po.glossary import Glossary, Use
from pipeline.segmentation.labels import BUTTON, SCREEN

from conftest import needs


def entry(msgid, *lines):
    return catalogs.Entry(msgid, ["list item"], list(lines), ["JP"])


KINDS = {}


def uses_of(*entries, page="a.md", lang="en"):
    kinds = {e.msgid: (Kind.LIST_ITEM,) for e in entries}
    return glossary.uses(list(entries), kinds, lang, page, "ja")


def test_a_page_names_its_labels_with_their_uses_and_first_line():
    rows = uses_of(entry("「ユーザー管理」の[保存]をクリックします。", 5, 9), entry("[保存]と[OK]と[保存]", 7))
    assert sorted(rows) == [Use("en", BUTTON, "保存", "a.md", 5, 4), Use("en", SCREEN, "ユーザー管理", "a.md", 5, 2)]


def test_code_is_never_read_for_labels():
    code = catalogs.Entry("[保存]", ["code"], [3], ["JP"])
    assert glossary.uses([code], {"[保存]": (Kind.CODE,)}, "en", "a.md", "ja") == []


def test_harvest_orders_labels_by_first_use_in_page_order_and_adds_up_uses():
    rows = [*uses_of(entry("[保存]", 3), page="b.md"), *uses_of(entry("「画面」と[保存]", 8), page="a.md"),
            *uses_of(entry("[保存]", 1), page="c.md", lang="zh")]
    terms = glossary.harvest([list(r) for r in rows], "en", ["a.md", "b.md", "c.md"])
    assert [(t.label, t.uses, t.pages) for t in terms] == [("画面", 1, [("a.md", 8)]),
                                                           ("保存", 2, [("a.md", 8), ("b.md", 3)])]


def built(terms, old=None, **options):
    po = glossary.build("en", terms, "demo", old, **options)
    return polib.pofile(catalogs.render(po), wrapwidth=0)


def term(label, convention=BUTTON, uses=1, pages=(("a.md", 1),)):
    return glossary.Term(convention, label, uses, list(pages))


def test_an_entry_per_label_with_its_convention_uses_and_first_pages():
    pages = [("a.md", 1), ("b.md", 2), ("c.md", 3), ("d.md", 4)]
    (found,) = built([term("保存", uses=5, pages=pages)])
    assert (found.msgctxt, found.msgid) == ("[…] button or link", "保存")
    assert found.comment == "button or link: 5 uses on 4 pages"
    assert found.occurrences == [("a.md", "1"), ("b.md", "2"), ("c.md", "3")]


def test_translations_are_kept_a_changed_label_is_fuzzy_a_gone_one_obsolete():
    old = built([term("保存"), term("編集"), term("削除", SCREEN), term("閉じる")])
    for e in old:
        e.msgstr = {"保存": "Save", "編集": "Edit", "削除": "Delete"}.get(e.msgid, "")
    new = built([term("保存"), term("編集する")], old)
    by_id = {e.msgid: e for e in new}
    assert by_id["保存"].msgstr == "Save" and not by_id["保存"].fuzzy
    assert by_id["編集する"].msgstr == "Edit" and by_id["編集する"].fuzzy and by_id["編集する"].previous_msgid == "編集"
    assert by_id["削除"].obsolete and by_id["削除"].msgstr == "Delete"  # a translator's work is never dropped
    assert "閉じる" not in by_id and "編集" not in by_id
    back = {e.msgid: e for e in built([term("保存"), term("削除", SCREEN)], new)}
    assert back["削除"].msgstr == "Delete" and not back["削除"].obsolete
    assert "削除" not in {e.msgid for e in built([term("保存")], new, purge=True)}


def test_an_edit_undone_brings_the_translation_back_unfuzzy():
    old = built([term("編集")])
    old[0].msgstr = "Edit"
    changed = built([term("編集する")], old)
    again = {e.msgid: e for e in built([term("編集")], changed)}
    assert again["編集"].msgstr == "Edit" and not again["編集"].fuzzy


def test_a_partial_harvest_retires_no_label():
    old = built([term("保存"), term("閉じる")])
    assert {(e.msgid, e.obsolete) for e in built([term("保存")], old, partial=True)} == {("保存", False), ("閉じる", False)}


@needs("msgfmt")
def test_msgfmt_accepts_the_glossary(tmp_path):
    po = glossary.build("en", [term("保存"), term("{{%slash%}}共通管理", SCREEN)], "demo", None)
    po[0].msgstr = "Save"
    (tmp_path / "_glossary.po").write_text(catalogs.stamp(po, None, None, 0), encoding="utf-8")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(tmp_path / "_glossary.po")], check=True)


def test_the_checks_and_the_comments_read_the_translations_of_a_msgids_labels():
    found = Glossary(terms={(BUTTON, "保存"): "Save", (SCREEN, "ユーザー管理"): "User Administration"})
    msgid = "「ユーザー管理」の[保存]と[編集]"
    assert found.expected(msgid, (Kind.LIST_ITEM,)) == [("「ユーザー管理」", "User Administration"), ("[保存]", "[Save]")]
    assert found.expected(msgid, (Kind.CODE,)) == []
    entries = [entry(msgid, 1)]
    found.annotate(entries, {msgid: (Kind.LIST_ITEM,)})
    assert entries[0].glossary == ("「ユーザー管理」 = User Administration", "[保存] = [Save]")
    assert "\nglossary: [保存] = [Save]" in catalogs.comment(entries[0], ["JP"])


def test_a_pages_cache_key_reads_only_the_translations_it_may_use():
    found = Glossary(terms={(BUTTON, "保存"): "Save", (SCREEN, "閉じる"): "Close"})
    assert "Save" in found.relevant("[保存]をクリック") and "Close" not in found.relevant("[保存]をクリック")
    assert found.relevant("[編集]") == "[]" and Glossary().relevant("[保存]") == ""
    assert "Close" in found.relevant(None, b'msgid "\\u300c"', "「閉じる」".encode())


def test_counts_for_stats():
    po = built([term("保存"), term("編集"), term("閉じる")])
    po[0].msgstr, po[1].msgstr = "Save", "Edit"
    po[1].flags.append("fuzzy")
    assert glossary.counts(po) == {"labels": 3, "translated": 1, "fuzzy": 1, "untranslated": 1}
