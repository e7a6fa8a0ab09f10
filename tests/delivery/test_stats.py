"""Stats per region × language, counted on what each region shows; min_translated holds pages back."""
import json

import polib

from pipeline.delivery.stats import language_name, words


def test_words_counted_by_characters_for_japanese_and_by_words_otherwise():
    assert words("{{%service%}}のメンテナンス中です。[詳細](/a.html)", "ja") == len("のメンテナンス中です") + len("詳細")
    assert words("Kintone is under <b>maintenance</b>. See [the status](/a.html).", "en") == 7
    assert language_name("zh") == "Chinese" and language_name("en") == "English"


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
