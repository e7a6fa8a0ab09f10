"""The commands end to end on a copy of the demo site."""
import shutil

import polib

from conftest import FIXTURES, tree_bytes

PAIRS = ["CN/ja", "CN/zh", "JP/en", "JP/ja", "JP/zh", "US/en", "US/ja"]


def outputs(site):
    return sorted(p.relative_to(site / "build").as_posix() for p in (site / "build").rglob("*.md"))


def test_extract_then_build_every_pair(demo, l10n):
    shutil.rmtree(demo / "locales", ignore_errors=True)
    result = l10n("extract")
    pages = len(list((demo / "source/content").rglob("*.md")))
    assert result.output.startswith(f"extract: {pages} pages, ") and result.output.endswith(", 0 errors, 0 warnings\n")
    catalogs = sorted(p.relative_to(demo / "locales").as_posix() for p in (demo / "locales").rglob("*.po"))
    assert "en/login/troubleshoot_second.po" in catalogs and "zh/_index.po" in catalogs
    assert not any("mobile_legacy" in c for c in catalogs)  # published in no region
    result = l10n("build")
    assert "0 errors" in result.output
    built = outputs(demo)
    assert sorted({"/".join(p.split("/")[:2]) for p in built}) == PAIRS
    assert "JP/en/admin/list_systemadmin/store_contact.md" in built
    assert "US/en/admin/list_systemadmin/store_contact.md" not in built  # disabled: [US,CN]


def test_second_run_changes_no_byte(demo, l10n):
    l10n("extract")
    l10n("build")
    before = tree_bytes(demo)
    assert "0 catalogs written" in l10n("extract").output
    assert "0 outputs written" in l10n("build").output
    assert tree_bytes(demo) == before


def test_translation_reaches_the_region_output_with_variables(demo, l10n):
    l10n("extract")
    path = demo / "locales/en/login/troubleshoot_second.po"
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgid.startswith("{{%service%}}のメンテナンス中です。") and "ログインを試して" in e.msgid)
    entry.msgstr = ("{{%service%}} is under maintenance.\nWait a while, then try to log in again.\n"
                    "You can follow the maintenance on the [Status Page](https://kintone.statuspage.io/).")
    po.find("「不正なリクエストです。」と表示されます。").msgstr = '"Invalid request." is displayed'
    po.save(str(path))
    l10n("build", "--region", "US", "--lang", "en")
    out = (demo / "build/US/en/login/troubleshoot_second.md").read_text(encoding="utf-8")
    assert '## "Invalid request." is displayed {#login_troubleshoot_second_10}\n' in out
    assert ("\nKintone is under maintenance.  \nWait a while, then try to log in again.  \n"
            "You can follow the maintenance on the [Status Page](https://kintone.statuspage.io/).  \n") in out
    assert "](/general/en/login/forgot_url.html)" in out
    assert outputs(demo) and all(p.startswith("US/en/") for p in outputs(demo))


def test_fuzzy_and_untranslated_fall_back_to_source(demo, l10n):
    l10n("extract")
    path = demo / "locales/en/login/troubleshoot_second.po"
    po = polib.pofile(str(path), wrapwidth=0)
    entry = po.find("「不正なリクエストです。」と表示されます。")
    entry.msgstr, entry.flags = "Guess", ["fuzzy"]
    po.save(str(path))
    l10n("build", "--region", "JP", "--lang", "en")
    out = (demo / "build/JP/en/login/troubleshoot_second.md").read_text(encoding="utf-8")
    assert "## 「不正なリクエストです。」と表示されます。 {#login_troubleshoot_second_10}" in out


def test_bad_page_is_reported_and_skipped_others_go_on(demo, l10n):
    shutil.copy(FIXTURES / "unclosed.md", demo / "source/content/login/unclosed.md")
    result = l10n("extract", code=1)
    assert ("source/content/login/unclosed.md:7: error: shortcode 'seealso' opened here is never closed: "
            "add {{< /seealso >}}") in result.output
    assert not (demo / "locales/en/login/unclosed.po").exists()
    assert (demo / "locales/en/login/troubleshoot_second.po").exists()
    l10n("build", code=1)
    assert not any("unclosed" in p for p in outputs(demo))
    assert "JP/en/login/troubleshoot_second.md" in outputs(demo)


def test_variable_defined_nowhere_stops_before_any_work(demo, l10n):
    page = demo / "source/content/login/troubleshoot_second.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{%nowhere%}}\n", encoding="utf-8")
    shutil.rmtree(demo / "locales", ignore_errors=True)
    result = l10n("extract", code=2)
    assert "variable 'nowhere' (used in source/content/login/troubleshoot_second.md:186)" in result.output
    assert not (demo / "locales").exists()


def test_unknown_region_option_is_a_usage_error(l10n):
    result = l10n("build", "--region", "EU", code=2)
    assert "unknown region EU" in result.output


def test_pages_leaving_the_source_leave_the_build(demo, l10n):
    l10n("build")
    (demo / "source/content/search_result.md").unlink()
    result = l10n("build")
    assert "7 stale removed" in result.output
    assert not any("search_result" in p for p in outputs(demo))


def test_region_specific_translation_overrides_in_that_region_only(demo, l10n):
    path = demo / "locales/en/login/troubleshoot_second.po"
    po = polib.pofile(str(path), wrapwidth=0)
    plain = po.find("社外からログインできません。")
    po.insert(po.index(plain) + 1, polib.POEntry(msgctxt="region:US", msgid=plain.msgid,
                                                  msgstr="Cannot sign in from outside your company network",
                                                  occurrences=plain.occurrences))
    po.save(str(path))
    l10n("extract")
    assert polib.pofile(str(path)).find(plain.msgid, msgctxt="region:US") is not None  # extract keeps it
    l10n("build", "--lang", "en")
    us = (demo / "build/US/en/login/troubleshoot_second.md").read_text(encoding="utf-8")
    jp = (demo / "build/JP/en/login/troubleshoot_second.md").read_text(encoding="utf-8")
    assert "## Cannot sign in from outside your company network {#login_troubleshoot_second_40}" in us
    assert f"## {plain.msgstr} {{#login_troubleshoot_second_40}}" in jp


def test_a_variable_one_publishing_region_lacks_stops_every_command_before_any_work(demo, l10n):
    config = demo / "l10n.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("variables: {service: Kintone,", "variables: {onlyus: U, service: Kintone,")
                      .replace("variables: {service: cybozu.cn,", "variables: {onlycn: C, service: cybozu.cn,"),
                      encoding="utf-8")
    page = demo / "source/content/login/troubleshoot_second.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{% enabled US %}}{{%onlyus%}}です。{{% /enabled %}}\n",
                    encoding="utf-8")
    shutil.rmtree(demo / "locales")
    l10n("extract")  # shown in US only, which defines it: fine
    shutil.rmtree(demo / "locales")
    shutil.rmtree(demo / "build")
    page.write_text(page.read_text(encoding="utf-8") + "\n{{% disabled US %}}{{%onlycn%}}{{% /disabled %}}\n",
                    encoding="utf-8")  # shown in JP and CN, defined in CN only
    for command in ("extract", "check", "build", "stats"):
        result = l10n(command, code=2)
        assert "l10n.yaml: regions: variable 'onlycn' (used in source/content/login/troubleshoot_second.md:188) " \
               "has no value in region JP for en, ja, zh: add it under regions.JP.variables" in result.output
    assert not (demo / "locales").exists() and not (demo / "build").exists()


def test_a_build_without_catalogs_says_so_and_makes_no_locales_folder(demo, l10n):
    shutil.rmtree(demo / "locales")
    result = l10n("build")
    assert "locales: warning: no catalogs yet" in result.output
    assert not (demo / "locales").exists()
