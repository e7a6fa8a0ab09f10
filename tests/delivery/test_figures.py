"""The report's figures from a build's Report: a row per page, fallbacks per page, what changed."""
from __future__ import annotations

from types import SimpleNamespace

from pipeline.delivery import figures
from pipeline.delivery.bundle import Bundled
from pipeline.delivery.git import Source
from pipeline.delivery.previous import Previous
from pipeline.delivery.stats import Counts
from pipeline.model import Report


def stat(page, region, lang, words, units, translated, fuzzy=0, rejected=0, translated_words=None):
    untranslated = units - translated - fuzzy - rejected
    counts = Counts(units=units, words=words, translated=translated, fuzzy=fuzzy, untranslated=untranslated,
                    rejected=rejected, translated_words=words * translated // units if translated_words is None
                    else translated_words)
    return {"page": page, "region": region, "lang": lang, **counts.as_dict()}, counts


def build_report(rows, held=()) -> Report:
    report = Report()
    for row, counts in rows:
        report.pages_stats.append(row)
        report.pairs.setdefault((row["region"], row["lang"]), Counts()).add(counts)
    report.unpublished = [row for row, _ in held]
    return report


ROWS = [
    stat("a.md", "JP", "ja", 100, 10, 10), stat("a.md", "JP", "en", 100, 10, 8, fuzzy=1),
    stat("a.md", "JP", "zh", 100, 10, 5, rejected=2), stat("a.md", "US", "en", 90, 9, 9),
    stat("a.md", "CN", "zh", 95, 9, 9),
    stat("b.md", "JP", "ja", 40, 4, 4), stat("b.md", "JP", "en", 40, 4, 0), stat("b.md", "US", "en", 40, 4, 2, fuzzy=2),
]
HELD = [stat("b.md", "CN", "zh", 40, 4, 0)]


def site(config):
    pages = [SimpleNamespace(rel="a.md", front_matter={"title": "タイトル"}), SimpleNamespace(rel="b.md", front_matter={})]
    return SimpleNamespace(config=config, pages=pages)


def test_a_row_per_page_with_every_region_and_the_least_translated_per_language(demo_config):
    rows = figures.page_rows(demo_config, build_report(ROWS, HELD), {"a.md": "タイトル"}, {"a.md": "2026-11-01T00:00:00Z"},
                             ["en", "zh"])
    a, b = rows
    assert (a["page"], a["title"], a["source"], a["changed"], a["words"]) == \
        ("a.md", "タイトル", "source/content/a.md", "2026-11-01T00:00:00Z", 100)
    assert list(a["regions"]) == ["JP", "US", "CN"] and a["regions"]["US"] == {
        "words": 90, "langs": {"en": {"units": 9, "translated": 9, "fuzzy": 0, "untranslated": 0, "rejected": 0,
                                      "percent": 100.0}}}
    assert a["langs"]["en"] == {"units": 10, "translated": 8, "fuzzy": 1, "untranslated": 1, "rejected": 0,
                                "percent": 80.0, "region": "JP"}
    assert a["langs"]["zh"]["region"] == "JP" and a["langs"]["zh"]["rejected"] == 2 and a["fuzzy"] == 1
    assert a["catalogs"] == {"en": "locales/en/a.po", "zh": "locales/zh/a.po"}
    assert b["langs"]["en"]["region"] == "JP"  # 0 % in JP, 50 % in US
    assert b["langs"]["zh"] == {"units": 4, "translated": 0, "fuzzy": 0, "untranslated": 4, "rejected": 0,
                                "percent": 0.0, "held": True, "region": "CN"}
    assert b["changed"] is None and b["title"] is None and b["fuzzy"] == 0


def test_fallbacks_per_page_add_up_to_the_matrix(demo_config):
    report = build_report(ROWS, HELD)
    report.fallbacks = [{"region": "JP", "lang": "en", "page": "b.md", "line": 3, "msgid": "最初"},
                        {"region": "JP", "lang": "en", "page": "b.md", "line": 4, "msgid": "次"}]
    data = figures.report_data(site(demo_config), report, "now", Source(), Bundled({}, []), None, {})
    assert [(p["page"], p["total"], p["where"]) for p in data["fallback_pages"]] == [  # most first
        ("a.md", 7, {"JP/en": 2, "JP/zh": 5}), ("b.md", 6, {"JP/en": 4, "US/en": 2})]
    assert data["fallback_pages"][1]["example"] == {"region": "JP", "lang": "en", "line": 3, "msgid": "最初"}
    assert data["fallback_pages"][0]["example"] is None  # past the units the build lists
    assert data["fallbacks_total"] == sum(p["total"] for p in data["fallback_pages"]) == 13
    assert data["languages"] == ["en", "zh"] and data["regions"] == ["JP", "US", "CN"]
    assert data["source_note"] == "not a git checkout" and data["changes"] is None
    assert [p["title"] for p in data["pages"]] == ["タイトル", None]


def manifest(region, files: dict[str, dict[str, str]], words: dict[str, int]) -> dict:
    return {"region": region, "source_commit": "old",
            "languages": {lang: {"files": f, "translated_words": words.get(lang)} for lang, f in files.items()}}


def test_what_changed_per_page_and_per_region_and_language():
    previous = Previous({"JP": manifest("JP", {"en": {"a.md": "1", "gone.md": "2"}, "ja": {"a.md": "3", "gone.md": "4"}},
                                        {"en": 40, "ja": 500})},
                        [{"date": "2026-11-24T07:00:00Z", "commit": "c0ffee", "words": {}}])
    now = {"JP": manifest("JP", {"en": {"a.md": "9", "new.md": "5"}, "ja": {"a.md": "3", "new.md": "6"}}, {"en": 90, "ja": 520}),
           "US": manifest("US", {"en": {"a.md": "7"}}, {"en": 10})}
    from pipeline.delivery.bundle import changes as diff
    now["JP"]["changed_since_previous"] = diff(previous.manifests["JP"], now["JP"])
    found = figures.changes(now, previous)
    assert (found["added"], found["removed"], found["changed"]) == (1, 1, 1)
    assert found["pages"] == [{"page": "new.md", "status": "added", "where": ["JP/en", "JP/ja"]},
                              {"page": "gone.md", "status": "removed", "where": ["JP/en", "JP/ja"]},
                              {"page": "a.md", "status": "changed", "where": ["JP/en"]}]
    assert [(p["region"], p["lang"], p["added"], p["removed"], p["changed"], p["delta"]) for p in found["pairs"]] == [
        ("JP", "en", 1, 1, 1, 50), ("JP", "ja", 1, 1, 0, 20)]
    assert found["not_compared"] == ["US"] and found["previous"] == {"commit": "c0ffee", "date": "2026-11-24T07:00:00Z"}


def test_an_older_previous_manifest_gives_unknown_word_changes():
    previous = Previous({"JP": {"region": "JP", "source_commit": "old", "languages": {"en": {"files": {"a.md": "1"}}}}})
    now = {"JP": manifest("JP", {"en": {"a.md": "1"}}, {"en": 90})}
    now["JP"]["changed_since_previous"] = {"en": {"added": [], "removed": [], "changed": []}}
    found = figures.changes(now, previous)
    assert found["pairs"][0]["delta"] is None and found["pages"] == [] and found["previous"]["commit"] == "old"
