"""The glossary in the jobs: harvested by extract, read by the checks of check, build and import,
shown in the units' comments, and taken into account by every cache."""
import re
import shutil

import polib
import pytest

from conftest import Run, tree_bytes
from pipeline import site as site_mod
from pipeline.po import catalogs
from pipeline.run import build as build_job, extract as extract_job
from pipeline.settings import config as config_mod

SAVE = 'msgctxt "[…] button or link"\nmsgid "保存"\nmsgstr "Save"'
GLOSSARY = "locales/en/_glossary.po"


def run(demo, monkeypatch, job):
    """The pages a job redid, and its report."""
    done = []
    module = build_job if job == "build" else extract_job
    name = "_build_page" if job == "build" else "_extract_page"
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: done.append(a[1].rel if job == "build" else a[1].page.rel)
                        or real(*a, **k))
    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    report = build_job.build(site) if job == "build" else extract_job.extract(site)
    return sorted(done), report


def naming(demo, label):
    return sorted(p.relative_to(demo / "source/content").as_posix()
                  for p in (demo / "source/content").rglob("*.md") if label in p.read_text(encoding="utf-8"))


def retranslate(demo, old, new, path=GLOSSARY):
    file = demo / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def glossary_warnings(output):
    return [line for line in output.splitlines() if ": warning: glossary: " in line or ": error: glossary: " in line]


def test_extract_writes_a_glossary_per_language_and_a_second_run_changes_nothing(demo, l10n):
    committed = polib.pofile(str(demo / GLOSSARY))
    for lang in ("en", "zh"):
        (demo / f"locales/{lang}/_glossary.po").unlink()
    l10n("extract")
    fresh = polib.pofile(str(demo / GLOSSARY))
    assert [(e.msgctxt, e.msgid) for e in fresh] == [(e.msgctxt, e.msgid) for e in committed if not e.obsolete]
    assert all(not e.msgstr for e in fresh) and (demo / "locales/zh/_glossary.po").is_file()
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", e.msgid) for e in fresh)  # a source-language letter each
    before = tree_bytes(demo / "locales")
    l10n("extract")
    assert tree_bytes(demo / "locales") == before


def test_a_changed_glossary_translation_refreshes_the_comments_of_the_pages_naming_it_without_fuzzy(demo, monkeypatch):
    run(demo, monkeypatch, "extract")
    fuzzy = sum(e.fuzzy for p in (demo / "locales/en").rglob("*.po") for e in polib.pofile(str(p)))
    retranslate(demo, SAVE, SAVE.replace('"Save"', '"Store"'))
    done, _ = run(demo, monkeypatch, "extract")
    assert done == naming(demo, "[保存]")  # the others are skipped: their labels did not change
    catalog = (demo / "locales/en/admin/list_useradmin/add_user.po").read_text(encoding="utf-8")
    assert "#. glossary: [保存] = [Store]\n" in catalog and "[保存] = [Save]" not in catalog
    assert sum(e.fuzzy for p in (demo / "locales/en").rglob("*.po") for e in polib.pofile(str(p))) == fuzzy
    assert run(demo, monkeypatch, "extract")[0] == []


def test_check_and_build_report_each_inconsistent_unit_with_file_line_label_and_expected_text(demo, l10n):
    l10n("extract")
    l10n("build")
    assert glossary_warnings(l10n("check").output) == []
    retranslate(demo, SAVE, SAVE.replace('"Save"', '"Store"'))
    found = glossary_warnings(l10n("check").output)
    translated = [e for page in naming(demo, "[保存]")
                  for e in polib.pofile(str(demo / "locales/en" / page.replace(".md", ".po")))
                  if "[保存]" in e.msgid and e.msgstr and not e.fuzzy and not e.obsolete]
    assert len(found) == len(translated) > 3
    for line in found:
        assert re.match(r"locales/en/\S+\.po:\d+: warning: glossary: \[保存\] is '\[Store\]' in the glossary", line)
    path, line = found[0].split(":")[:2]
    assert (demo / path).read_text(encoding="utf-8").split("\n")[int(line) - 1].startswith("msgstr")
    built = l10n("build").output  # the reviews extract stored were made with the old glossary: not used
    assert sorted(glossary_warnings(built)) == sorted(found)
    assert l10n("build").output == built  # nothing changed since: replayed


def test_a_glossary_check_at_error_level_keeps_the_translation_out(demo, l10n):
    config = demo / "l10n.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "checks: {glossary: error}\n", encoding="utf-8")
    retranslate(demo, SAVE, SAVE.replace('"Save"', '"Store"'))
    output = l10n("build", "--region", "JP", "--lang", "en").output
    assert "warning: glossary: [保存] is '[Store]' in the glossary: the msgstr does not have it" in output
    assert "the source text is used instead" in output
    page = (demo / "build/JP/en/admin/list_useradmin/add_user.md").read_text(encoding="utf-8")
    assert "[保存]をクリックします。" in page
    l10n("check", code=1)


def test_a_build_redoes_only_the_pages_naming_a_retranslated_label(demo, monkeypatch):
    run(demo, monkeypatch, "extract")
    run(demo, monkeypatch, "build")
    retranslate(demo, 'msgid "担当者情報"\nmsgstr "Contact Information"', 'msgid "担当者情報"\nmsgstr "Contacts"')
    done, report = run(demo, monkeypatch, "build")
    assert done == naming(demo, "[担当者情報]") == ["admin/list_systemadmin/store_contact.md"]
    assert [w.path for w in report.warnings if w.check == "glossary"] == \
        ["locales/en/admin/list_systemadmin/store_contact.po"] * 2
    assert run(demo, monkeypatch, "build")[0] == []


def test_after_one_page_changed_only_that_page_and_its_catalogs_are_scanned_for_labels(demo, monkeypatch):
    """The labels a page and its catalog may name (for the keys) come from the store for every
    other page, and are what a fresh scan finds."""
    from pipeline.model import Report
    from pipeline.po.glossary import Glossary
    from pipeline.run import glossaries
    from pipeline.run.cache import file_bytes
    from pipeline.run.each import keep_units_on_disk
    from pipeline.site import catalog_path
    run(demo, monkeypatch, "extract")
    run(demo, monkeypatch, "build")
    page = demo / "source/content/search_result.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[担当者情報]を開きます。\n", encoding="utf-8")
    scanned = []
    real = Glossary.matched
    monkeypatch.setattr(Glossary, "matched", lambda self, text, *rest: scanned.append(text) or real(self, text, *rest))
    done, _ = run(demo, monkeypatch, "extract")
    assert done == ["search_result.md"]
    assert set(scanned) == {page.read_text(encoding="utf-8")}  # no other page's text, nor its catalogs
    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    keep_units_on_disk(site)
    glossaries.load(site, ["en", "zh"], Report())
    assert glossaries.of(site, "en").terms
    for p in site.pages:
        for lang in ("en", "zh"):
            path = catalog_path(site.config, lang, p)
            assert glossaries.relevant(site, lang, p, path) == glossaries.of(site, lang).relevant(p.text, file_bytes(path))


def test_import_reports_and_refuses_as_the_build_does_and_takes_a_glossary_alone(demo, l10n, tmp_path):
    l10n("export", "--lang", "en", str(tmp_path / "out"))
    page = tmp_path / "out/admin/list_useradmin/add_user.po"
    text = page.read_text(encoding="utf-8").replace("then click [Save].", "then click [Store].")
    page.write_text(text, encoding="utf-8")
    line = text[:text.index("[Store]")].count("\n") + 1
    result = l10n("import", "en", str(page))
    assert f"{page}:{line}: warning: glossary: [保存] is '[Save]' in the glossary" in result.output
    assert "1 accepted" in result.output
    alone = tmp_path / "alone.po"
    glossary = (tmp_path / "out/_glossary.po").read_text(encoding="utf-8")
    alone.write_text(glossary.replace(SAVE, SAVE.replace('"Save"', '"Store"')), encoding="utf-8")
    result = l10n("import", "en", str(alone))
    assert "1 accepted" in result.output and SAVE.replace('"Save"', '"Store"') in (demo / GLOSSARY).read_text("utf-8")
    assert glossary_warnings(l10n("check").output)  # the catalogs now disagree with the glossary


def test_a_delivery_is_checked_against_the_glossary_it_brings(demo, l10n, tmp_path):
    l10n("export", "--lang", "en", str(tmp_path / "out"))
    for path in (tmp_path / "out").rglob("*.po"):
        text = path.read_text(encoding="utf-8").replace("[Save]", "[Store]").replace(SAVE, SAVE.replace('"Save"', '"Store"'))
        path.write_text(text, encoding="utf-8")
    result = l10n("import", "en", str(tmp_path / "out"))
    assert glossary_warnings(result.output) == [] and "rejected" in result.output
    assert glossary_warnings(l10n("check").output) == []


def test_a_damaged_glossary_is_reported_left_untouched_and_the_rest_is_done(demo, l10n):
    file = demo / GLOSSARY
    file.write_text(file.read_text(encoding="utf-8") + 'msgid "x"\n', encoding="utf-8")
    damaged = file.read_bytes()
    result = l10n("extract", code=1)
    assert re.search(r"locales/en/_glossary\.po:\d+: error: cannot read this catalog", result.output)
    assert file.read_bytes() == damaged
    assert "glossary: [保存] = [Save]" not in (demo / "locales/en/admin/list_useradmin/add_user.po").read_text("utf-8")
    assert "glossary: [保存] = " not in (demo / "locales/zh/admin/list_useradmin/add_user.po").read_text("utf-8")
    l10n("build", code=1)


def test_stats_shows_the_glossary_progress(l10n):
    output = l10n("stats").output
    assert re.search(r"glossary English \(en\): \d+ labels, \d+ translated, 0 fuzzy, 0 untranslated", output)
    assert re.search(r"glossary Chinese \(zh\): \d+ labels, 0 translated", output)


@pytest.mark.parametrize("job", ["extract", "build"])
def test_workers_give_the_output_of_one_process(tmp_path, job, monkeypatch):
    import sys
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the two runs may straddle a minute of the headers' dates
    from conftest import ROOT
    sys.path.insert(0, str(ROOT / "bench"))
    import bench
    trees = [tmp_path / "one", tmp_path / "two"]
    for tree in trees:
        bench.replicate(ROOT, 60, tree)
        shutil.copytree(ROOT / "locales", tree / "locales", dirs_exist_ok=True,
                        ignore=lambda folder, names: [n for n in names if n.endswith(".po") and n != "_glossary.po"])
    outputs = []
    for tree, jobs in zip(trees, ("1", "2")):
        first = Run(tree)("extract", "--jobs", jobs)
        if job == "build":
            retranslate(tree, SAVE, SAVE.replace('"Save"', '"Store"'))
            first = Run(tree)("build", "--jobs", jobs)
        outputs.append((first.output, tree_bytes(tree / "locales"),
                        {k: v for k, v in tree_bytes(tree / "build").items() if not k.startswith(".cache")}))
    assert outputs[0] == outputs[1]
    assert job == "extract" or len(glossary_warnings(outputs[0][0])) > 10
    assert b"[\xe2\x80\xa6] button or link" in outputs[0][1]["en/_glossary.po"]


def test_the_glossary_is_rendered_as_gettext_writes_it(demo, l10n):
    l10n("extract")
    text = (demo / GLOSSARY).read_text(encoding="utf-8")
    assert catalogs.canonical(text) == text
