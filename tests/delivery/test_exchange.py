"""Export to a vendor and import what comes back: good entries in, bad ones reported, nothing lost."""
import json
import shutil
import zipfile

import polib

from conftest import tree_bytes

PO = "login/troubleshoot_second.po"


def untranslate(site, count=5):
    path = site / "locales/en" / PO
    po = polib.pofile(str(path), wrapwidth=0)
    cleared = [e for e in po if e.msgstr and "no-wrap" not in e.flags][:count]
    originals = [polib.POEntry(msgid=e.msgid, msgstr=e.msgstr) for e in cleared]
    for entry in cleared:
        entry.msgstr = ""
    po.save(str(path))
    return originals


def test_export_folder_and_zip_with_manifest(demo, l10n, tmp_path):
    untranslate(demo)
    result = l10n("export", "--lang", "en", "--only-untranslated", str(tmp_path / "out"))
    assert "1 catalogs, 5 entries, 5 to translate" in result.output
    manifest = json.loads((tmp_path / "out/manifest.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in manifest["files"]] == [PO] and manifest["total"]["words_to_translate"] > 0
    assert len(polib.pofile(str(tmp_path / "out" / PO))) == 5
    l10n("export", "--lang", "en", str(tmp_path / "all.zip"))
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        names = archive.namelist()
    assert "manifest.json" in names and "login/troubleshoot_second.po" in names and "_index.po" in names
    l10n("export", "--lang", "en", str(tmp_path / "again.zip"))
    assert (tmp_path / "all.zip").read_bytes() == (tmp_path / "again.zip").read_bytes()  # reproducible


def test_import_accepts_good_rejects_bad_with_file_line_and_is_idempotent(demo, l10n, tmp_path):
    cleared = untranslate(demo)
    l10n("export", "--lang", "en", "--only-untranslated", str(tmp_path / "out"))
    path = tmp_path / "out" / PO
    delivered = polib.pofile(str(path), wrapwidth=0)
    for entry, original in zip(delivered, cleared):
        entry.msgstr = original.msgstr
    delivered[1].msgstr = delivered[1].msgstr + "<script>alert(1)</script>"
    delivered.save(str(path))
    text = path.read_text(encoding="utf-8")
    bad_line = text[:text.index("<script>")].count("\n") + 1
    result = l10n("import", "en", str(tmp_path / "out"), code=1)
    assert "import: 4 accepted" in result.output
    assert f"{path}:" in result.output and "rejected: injection" in result.output
    line = int(result.output.split(f"{path}:")[1].split(":")[0])
    assert line <= bad_line and bad_line - line < 4
    current = polib.pofile(str(demo / "locales/en" / PO), wrapwidth=0)
    assert current.find(cleared[0].msgid).msgstr == cleared[0].msgstr
    assert current.find(cleared[1].msgid).msgstr == ""
    before = tree_bytes(demo / "locales")
    result = l10n("import", "en", str(tmp_path / "out"), code=1)
    assert "0 accepted" in result.output and "0 catalogs written" in result.output
    assert tree_bytes(demo / "locales") == before


def test_translation_of_a_changed_unit_becomes_a_fuzzy_suggestion_and_gone_unit_obsolete(demo, l10n, tmp_path):
    cleared = untranslate(demo, 3)
    l10n("export", "--lang", "en", "--only-untranslated", str(tmp_path / "out"))
    delivered = polib.pofile(str(tmp_path / "out" / PO), wrapwidth=0)
    for entry, original in zip(delivered, cleared):
        entry.msgstr = original.msgstr
    delivered.save(str(tmp_path / "out" / PO))
    page = demo / "source/content/login/troubleshoot_second.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("次に確認すること", "次に確かめること").replace("## 「不正なリクエストです。」と表示されます。",
                                                                  "## 全く別の見出しになりました"), encoding="utf-8")
    l10n("extract", "--no-fuzzy-matching")
    result = l10n("import", "en", str(tmp_path / "out"))
    assert "fuzzy suggestion" in result.output and "kept as obsolete" in result.output
    current = polib.pofile(str(demo / "locales/en" / PO), wrapwidth=0)
    title = current.find("ログインできない：次に確かめること")
    assert title.fuzzy and title.msgstr == cleared[0].msgstr and title.previous_msgid == cleared[0].msgid
    assert any(e.obsolete and e.msgstr == cleared[2].msgstr for e in current) or \
        current.find(cleared[2].msgid).msgstr == cleared[2].msgstr


def test_unsafe_archive_and_wrong_language_are_refused(demo, l10n, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../etc/evil.po", 'msgid ""\nmsgstr ""\n')
        z.writestr("/abs.po", 'msgid ""\nmsgstr ""\n')
    result = l10n("import", "en", str(archive), code=1)
    assert result.output.count("unsafe path in the archive: refused") == 2
    zh = tmp_path / "zh"
    shutil.copytree(demo / "locales/zh", zh)
    result = l10n("import", "en", str(zh / PO), code=1)
    assert "is in 'zh', not 'en'" in result.output


def test_rejected_translations_go_back_to_the_translator_fuzzy_with_the_reason(demo, l10n, tmp_path):
    path = demo / "locales/en" / PO
    po = polib.pofile(str(path), wrapwidth=0)
    spoiled = next(e for e in po if "{{%service%}}" in e.msgid and e.msgstr)
    spoiled.msgstr = spoiled.msgstr.replace("{{%service%}}", "the service")
    po.save(str(path))
    before = path.read_bytes()
    result = l10n("export", "--lang", "en", "--only-untranslated", str(tmp_path / "out"))
    assert "1 catalogs, 1 entries, 1 to translate (1 rejected" in result.output
    sent = polib.pofile(str(tmp_path / "out" / PO), wrapwidth=0)
    assert [(e.msgid, e.msgstr, e.fuzzy, e.tcomment) for e in sent] == [
        (spoiled.msgid, spoiled.msgstr, True, "rejected: placeholders: missing '{{%service%}}'")]
    assert "\n# rejected: placeholders: missing '{{%service%}}'\n" in (tmp_path / "out" / PO).read_text()
    manifest = json.loads((tmp_path / "out/manifest.json").read_text(encoding="utf-8"))
    assert manifest["total"]["rejected"] == 1 and manifest["total"]["fuzzy"] == 0
    assert path.read_bytes() == before  # the catalog itself is as the translator left it
    stats = json.loads(l10n("stats", "--json").output)
    assert {(r["region"], r["lang"]): r["rejected"] for r in stats["pairs"]}[("JP", "en")] == 1


def test_import_moves_the_revision_date_and_takes_the_translator(demo, l10n, tmp_path, monkeypatch):
    cleared = untranslate(demo, 2)
    l10n("export", "--lang", "en", "--only-untranslated", str(tmp_path / "out"))
    delivered = polib.pofile(str(tmp_path / "out" / PO), wrapwidth=0)
    for entry, original in zip(delivered, cleared):
        entry.msgstr = original.msgstr
    delivered.metadata["Last-Translator"] = "Ann Example <ann@example.com>"
    delivered.save(str(tmp_path / "out" / PO))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    l10n("import", "en", str(tmp_path / "out"))
    header = polib.pofile(str(demo / "locales/en" / PO), wrapwidth=0).metadata
    assert header["PO-Revision-Date"] == "2026-01-01 00:00+0000"
    assert header["Last-Translator"] == "Ann Example <ann@example.com>"


def test_a_delivery_in_the_wrong_language_is_one_error(demo, l10n):
    result = l10n("import", "en", str(demo / "locales/zh"), code=1)
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "other files is in 'zh', not 'en'" in errors[0]


def test_a_translation_of_a_gone_unit_replaces_its_obsolete_twin_and_gettext_accepts_the_file(demo, l10n, tmp_path):
    path = demo / "locales/en" / PO
    path.write_text(path.read_text(encoding="utf-8") + '\n#~ msgid "消えた文"\n#~ msgstr "Gone A"\n', encoding="utf-8")
    delivery = tmp_path / "delivery.po"
    delivery.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#: login/troubleshoot_second.md:1\n'
                        'msgid "消えた文"\nmsgstr "Gone B"\n', encoding="utf-8")
    assert "1 kept as obsolete" in l10n("import", "en", str(delivery)).output
    text = path.read_text(encoding="utf-8")
    assert text.count('#~ msgid "消えた文"') == 1 and '#~ msgstr "Gone B"' in text
    l10n("check")


def test_import_holds_entries_and_headers_to_the_review_the_build_uses(demo, l10n, tmp_path):
    cleared = untranslate(demo, count=2)
    l10n("export", "--lang", "en", "--only-untranslated", str(tmp_path / "out"))
    path = tmp_path / "out" / PO
    delivered = polib.pofile(str(path), wrapwidth=0)
    delivered[0].msgstr = cleared[0].msgstr
    delivered.metadata["Content-Type"] = "text/plain; charset=ISO-8859-1"
    delivered.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    delivered.save(str(path))
    output = l10n("import", "en", str(tmp_path / "out")).output
    assert f"{path}:1: warning: format: header says charset=iso-8859-1" in output
    assert "import: 1 accepted" in output


def test_only_untranslated_leaves_out_what_no_translator_is_asked(demo, l10n, tmp_path):
    import json
    l10n("export", "--lang", "en", "--only-untranslated", str(tmp_path / "todo"))
    exported = [p.relative_to(tmp_path / "todo").as_posix() for p in (tmp_path / "todo").rglob("*.po")]
    assert "admin/list_useradmin/list_user/change_password.po" not in exported  # only SUCCESS, FAILED left
    l10n("export", "--lang", "en", str(tmp_path / "all"))
    rows = {r["path"]: r for r in json.loads((tmp_path / "all/manifest.json").read_text("utf-8"))["files"]}
    assert rows["admin/list_useradmin/list_user/change_password.po"]["to_translate"] == 0
    assert rows["_glossary.po"]["entries"] > 30 and "msgctxt" in (tmp_path / "all/_glossary.po").read_text("utf-8")
