"""Stats per region × language, counted on what each region shows; min_translated holds pages back."""
import json

import polib

from pipeline.delivery.stats import FIELDS, Counts, words
from pipeline.reading.scripts import language_name


def test_words_counted_by_characters_for_japanese_and_by_words_otherwise():
    assert words("{{%service%}}のメンテナンス中です。[詳細](/a.html)", "ja") == len("のメンテナンス中です") + len("詳細")
    assert words("Kintone is under <b>maintenance</b>. See [the status](/a.html).", "en") == 7
    assert language_name("zh") == "Chinese" and language_name("en") == "English"


def test_a_counted_character_is_a_letter_or_a_digit_of_any_script_for_every_code_point():
    """Characters are counted with one pattern (a build counts 7 outputs a page), which must take
    exactly the letters (L*) and numbers (N*) of Unicode, as vendors count them."""
    import sys
    import unicodedata
    from pipeline.delivery.stats import LETTER_OR_DIGIT
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert LETTER_OR_DIGIT.findall(everything) == [c for c in everything if unicodedata.category(c)[0] in "LN"]


def test_counts_added_sum_every_field():
    total = Counts(*range(1, 8))
    total.add(Counts(*range(10, 80, 10)))
    assert total.as_dict() == {**dict(zip(FIELDS, (11, 22, 33, 44, 55, 66, 77))), "percent": round(100 * 66 / 22, 1)}


def test_stats_json_counts_what_each_region_shows(demo, l10n):
    data = json.loads(l10n("stats", "--json").stdout)
    pairs = {(p["region"], p["lang"]): p for p in data["pairs"]}
    assert set(pairs) == {("JP", "en"), ("JP", "ja"), ("JP", "zh"), ("US", "en"), ("US", "ja"), ("CN", "ja"), ("CN", "zh")}
    assert pairs[("JP", "ja")]["percent"] == 100.0
    assert data["dead_links_per_region"] == {"JP": 0, "US": 0, "CN": 1}  # forgot_url is not published in CN
    assert pairs[("US", "en")]["units"] != pairs[("JP", "en")]["units"]  # regions show different text
    seed = {(p["region"], p["lang"]): p for p in data["pages"] if p["page"] == "login/troubleshoot_second.md"}
    assert seed[("US", "en")]["translated"] == seed[("US", "en")]["units"]


def test_fuzzy_and_untranslated_are_counted_and_min_translated_holds_pages_back(demo, l10n):
    path = demo / "locales/en/login/troubleshoot_second.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for i, entry in enumerate(po):
        if i % 2:
            entry.msgstr = ""
        elif i % 3 == 0:
            entry.flags.append("fuzzy")
    po.save(str(path))
    data = json.loads(l10n("stats", "--json").stdout)
    seed = next(p for p in data["pages"] if p["page"] == "login/troubleshoot_second.md" and p["region"] == "JP"
                and p["lang"] == "en")
    assert seed["fuzzy"] > 0 and seed["untranslated"] > 0 and seed["percent"] < 50
    (demo / "l10n.yaml").write_text((demo / "l10n.yaml").read_text(encoding="utf-8") + "min_translated: {en: 50}\n",
                                    encoding="utf-8")
    result = l10n("build")
    assert "JP/en: login/troubleshoot_second.md not published" in result.output
    assert not (demo / "build/JP/en/login/troubleshoot_second.md").exists()
    assert (demo / "build/JP/zh/login/troubleshoot_second.md").exists()
    assert (demo / "build/JP/en/login/password_reset.md").exists()


def test_units_without_a_source_language_letter_are_not_asked_nor_counted(demo, l10n):
    """`SUCCESS` and `FAILED` (change_password.md) are published as they are, counted nowhere."""
    import json
    from pipeline.delivery.stats import count
    from pipeline.model import Kind, Unit
    units = [Unit(0, 7, "SUCCESS", Kind.PIPE_CELL), Unit(8, 12, "保存する", Kind.PIPE_CELL)]
    assert count(units, lambda m: None, set(), "ja", literals="optional").units == 1
    assert count(units, lambda m: None, set(), "ja", literals="ask").units == 2
    row = next(p for p in json.loads(l10n("stats", "--json", "--pages").output)["pages"]
               if p["page"].endswith("change_password.md") and p["region"] == "JP" and p["lang"] == "en")
    assert row["untranslated"] == 0 and row["percent"] == 100.0
    page = (demo / "build/JP/en/admin/list_useradmin/list_user/change_password.md")
    l10n("build")
    assert "| SUCCESS |" in page.read_text(encoding="utf-8")
    assert "SUCCESS" not in l10n("build").output  # not listed as falling back to the source


def test_literals_ask_counts_them_and_never_leaves_them_out_keeping_a_translation(demo, l10n):
    import polib
    config = demo / "l10n.yaml"
    base = config.read_text(encoding="utf-8")
    catalog = demo / "locales/en/admin/list_useradmin/list_user/change_password.po"
    po = polib.pofile(str(catalog), wrapwidth=0)
    next(e for e in po if e.msgid == "SUCCESS").msgstr = "OK"
    po.save(str(catalog))
    l10n("build")
    assert "| OK |" in (demo / "build/JP/en/admin/list_useradmin/list_user/change_password.md").read_text("utf-8")
    def units():
        import json
        return next(p["units"] for p in json.loads(l10n("stats", "--json").output)["pages"]
                    if p["page"].endswith("change_password.md") and p["region"] == "JP" and p["lang"] == "en")
    optional = units()
    config.write_text(base + "literals: ask\n", encoding="utf-8")
    assert units() == optional + 2
    config.write_text(base + "literals: never\n", encoding="utf-8")
    l10n("extract")
    entries = {e.msgid: e for e in polib.pofile(str(catalog))}
    assert entries["SUCCESS"].obsolete and entries["SUCCESS"].msgstr == "OK" and "FAILED" not in entries
    l10n("build")
    assert "| SUCCESS |" in (demo / "build/JP/en/admin/list_useradmin/list_user/change_password.md").read_text("utf-8")
