"""Loading with an earlier load's facts: only the pages that changed are scanned and checked again,
and the site loaded is the one a load from nothing gives."""
from __future__ import annotations

import datetime
import hashlib
import json

import pytest

from pipeline import site as site_mod
from pipeline.model import ConfigError
from pipeline.reading import shortcodes
from pipeline.run.cache import Store
from pipeline.run.each import load_site
from pipeline.settings import config as config_mod

SALT = "test"


@pytest.fixture
def scans(monkeypatch):
    """The text of every page scanned for shortcodes."""
    scanned = []
    real = shortcodes.scan
    monkeypatch.setattr(shortcodes, "scan", lambda text: scanned.append(text) or real(text))
    return scanned


def facts_of(site: site_mod.Site, known: dict[str, str]) -> dict[str, str]:
    """The facts a run layer keeps after this load (as run.cache.Store.save_page_facts would)."""
    kept = {rel: data for rel, data in known.items() if rel in site.facts}
    kept.update({rel: data for rel, data in site.facts.items() if data is not None})
    return kept


def same_site(a: site_mod.Site, b: site_mod.Site) -> None:
    assert [p.rel for p in a.pages] == [p.rel for p in b.pages]
    assert [(p.text, p.front_matter, p.body_start, p.bom) for p in a.pages] == \
        [(p.text, p.front_matter, p.body_start, p.bom) for p in b.pages]
    assert [(e.path, e.line, e.message) for e in a.errors] == [(e.path, e.line, e.message) for e in b.errors]
    assert a.rules == b.rules


def broken_page(demo):
    page = demo / "source" / "content" / "broken.md"
    page.write_text("---\ntitle: 壊れた\n---\n\n{{% enabled JP %}}\n\n閉じていない。\n\n{{% enabled XX %}}\nもう一つ。\n"
                    "{{% /enabled %}}\n", encoding="utf-8")
    return page


def test_a_load_with_the_last_facts_scans_only_the_page_that_changed(demo, scans):
    broken_page(demo)
    config = config_mod.load(demo / "l10n.yaml")
    first = site_mod.load(config, {}, SALT)
    assert len(scans) == len(first.pages) + 1 and first.errors  # every page, the broken one too
    known = facts_of(first, {})
    assert set(known) == {p.rel for p in first.pages} | {"broken.md"}

    assert site_mod.load(config, known, SALT).facts == {rel: None for rel in known}  # nothing changed
    page = demo / "source" / "content" / "login" / "troubleshoot_second.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{< screen src=\"new.png\" alt=\"新しい\" >}}\n", encoding="utf-8")
    scans.clear()
    again = site_mod.load(config, known, SALT)
    assert [text for text in scans] == [page.read_text(encoding="utf-8")]
    assert [rel for rel, data in again.facts.items() if data is not None] == ["login/troubleshoot_second.md"]
    same_site(again, site_mod.load(config))


def test_facts_are_found_again_when_what_they_depend_on_changed(demo, scans):
    broken_page(demo)
    config = config_mod.load(demo / "l10n.yaml")
    known = facts_of(site_mod.load(config, {}, SALT), {})
    scans.clear()
    assert site_mod.load(config, known, "another version").facts["broken.md"] is not None
    assert len(scans) == len(known)  # another tool version: nothing is taken from before

    text = (demo / "l10n.yaml").read_text(encoding="utf-8")
    jp = text[text.index("  JP:"):text.index("  US:")]
    (demo / "l10n.yaml").write_text(text.replace("  US:", jp.replace("JP:", "XX:", 1) + "  US:", 1), encoding="utf-8")
    config = config_mod.load(demo / "l10n.yaml")  # a region more: the page's unknown code is known now
    again = site_mod.load(config, known, SALT)
    same_site(again, site_mod.load(config))
    assert not any("unknown region code XX" in e.message for e in again.errors)


def test_damaged_facts_are_found_again(demo):
    broken_page(demo)
    config = config_mod.load(demo / "l10n.yaml")
    known = facts_of(site_mod.load(config, {}, SALT), {})
    damaged = {rel: data[: len(data) // 2] for rel, data in known.items()}
    damaged["broken.md"] = '{"text": "x", "check": 3}'
    same_site(site_mod.load(config, damaged, SALT), site_mod.load(config))
    wrong = {rel: data.replace('"check": [', '"check": [0, ') for rel, data in known.items()}
    same_site(site_mod.load(config, wrong, SALT), site_mod.load(config))
    for name, payload in (("check", 5), ("check", [[1]]), ("closing", [3]), ("shown", [1]), ("shown", {"XX": ["a"]}),
                          ("shown", {"JP": "service"}), ("front", 3), ("front", ["{not json", 0]),
                          ("front", ["[1]", 0]), ("front", [7, 0]), ("front", ["{}", "4"])):
        def spoilt(data: str) -> str:  # damaged under the right key: found again, no traceback
            entry = json.loads(data)
            if name in entry:  # a page with problems has no variables found
                entry[name][1] = payload
            return json.dumps(entry)
        same_site(site_mod.load(config, {rel: spoilt(data) for rel, data in known.items()}, SALT), site_mod.load(config))


def test_front_matter_is_taken_from_the_facts_while_the_text_is_unchanged(demo, monkeypatch):
    from pipeline.reading import frontmatter
    dated = demo / "source" / "content" / "dated.md"
    dated.write_text("---\ntitle: 日付\ndate: 2024-05-01\ndisabled: [US]\n---\n\n本文。\n", encoding="utf-8")
    config = config_mod.load(demo / "l10n.yaml")
    first = site_mod.load(config, {}, SALT)
    known = facts_of(first, {})
    parsed = []
    real = frontmatter.load
    monkeypatch.setattr(frontmatter, "load", lambda text, found: parsed.append(text) or real(text, found))
    again = site_mod.load(config, known, SALT)
    same_site(again, first)
    assert [text.split("\n")[1] for text in parsed] == ["title: 日付"]  # a date is no JSON: parsed every run
    page = next(p for p in again.pages if p.rel == "dated.md")
    assert page.front_matter["date"] == datetime.date(2024, 5, 1) and not page.published_in("US")
    (demo / "source" / "content" / "login" / "unlock.md").write_text("---\ntitle: 新しい\n---\n\n本文。\n",
                                                                     encoding="utf-8")
    parsed.clear()
    changed = site_mod.load(config, known, SALT)
    assert len(parsed) == 2 and next(p for p in changed.pages if p.rel == "login/unlock.md").front_matter == {"title": "新しい"}


def hashed(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pages_the_run_layer_knows_are_read_only_when_their_text_is_needed(demo, monkeypatch):
    from pipeline.reading import pages
    broken_page(demo)
    content = demo / "source" / "content"
    (content / "dated.md").write_text("---\ntitle: 日付\ndate: 2024-05-01\n---\n\n本文。\n", encoding="utf-8")
    (content / "windows.md").write_bytes("\ufeff---\r\ntitle: 窓\r\n---\r\n\r\n本文。\r\n".encode("utf-8"))
    config = config_mod.load(demo / "l10n.yaml")
    known = facts_of(site_mod.load(config, {}, SALT, hashes=hashed), {})
    fresh = site_mod.load(config)
    decoded = []
    real = pages.decode
    monkeypatch.setattr(pages, "decode", lambda data, label: decoded.append(label) or real(data, label))
    lazy = site_mod.load(config, known, SALT, hashes=hashed)
    assert decoded == ["source/content/dated.md"]  # the others neither read nor checked: every finding is stored
    assert [(p.bom, p.front_matter) for p in lazy.pages if p.rel == "windows.md"] == [(True, {"title": "窓"})]
    assert lazy.text_keys == {rel: hashed(demo / "source/content" / rel) for rel in known}
    same_site(lazy, fresh)  # each text read when asked for, as a load from nothing reads it
    assert len(decoded) == len(lazy.pages) and lazy.pages[-1].text == "---\ntitle: 窓\n---\n\n本文。\n"
    monkeypatch.undo()
    (demo / "source/content/search_result.md").write_text("---\ntitle: 新しい\n---\n\n本文。\n", encoding="utf-8")
    changed = site_mod.load(config, known, SALT, hashes=hashed)
    assert [(p.text, p.front_matter) for p in changed.pages if p.rel == "search_result.md"] \
        == [("---\ntitle: 新しい\n---\n\n本文。\n", {"title": "新しい"})]


def test_a_page_changed_after_the_run_hashed_it_is_an_error_not_another_text(demo):
    config = config_mod.load(demo / "l10n.yaml")
    known = facts_of(site_mod.load(config, {}, SALT, hashes=hashed), {})
    site = site_mod.load(config, known, SALT, hashes=hashed)
    page = next(p for p in site.pages if p.rel == "search_result.md")
    (demo / "source/content/search_result.md").write_text("---\ntitle: 新しい\n---\n\n本文。\n", encoding="utf-8")
    with pytest.raises(OSError, match="changed while this run was reading the site: run the command again") as err:
        page.text
    assert err.value.filename == "source/content/search_result.md"
    (demo / "source/content/search_result.md").unlink()
    with pytest.raises(OSError) as err:
        page.text
    assert err.value.filename == "source/content/search_result.md"


def test_a_missing_variable_is_reported_as_exactly_with_facts(demo):
    config = config_mod.load(demo / "l10n.yaml")
    known = facts_of(site_mod.load(config, {}, SALT), {})
    page = demo / "source" / "content" / "login" / "troubleshoot_second.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{%nowhere%}} を見てください。\n", encoding="utf-8")
    with pytest.raises(ConfigError) as fresh:
        site_mod.load(config)
    with pytest.raises(ConfigError) as remembered:
        site_mod.load(config, known, SALT)
    assert str(remembered.value) == str(fresh.value) and "login/troubleshoot_second.md:" in str(fresh.value)


def test_the_store_keeps_the_facts_of_the_pages_there_are(demo, scans):
    config = config_mod.load(demo / "l10n.yaml")
    site = load_site(config)
    store = Store(config.build_dir)
    assert set(store.page_facts()) == {p.rel for p in site.pages}
    before = store.path.read_bytes()
    scans.clear()
    load_site(config)
    assert scans == [] and store.path.read_bytes() == before  # nothing changed: no scan, no byte written

    (demo / "source" / "content" / "search_result.md").unlink()
    load_site(config)
    assert "search_result.md" not in store.page_facts()


def test_a_catalog_s_name_is_its_path_as_a_string(demo_config):
    """Page keys take the name without pathlib; the digests know files by `str(path)`."""
    site = site_mod.load(demo_config)
    for page in site.pages:
        for lang in demo_config.target_languages:
            assert site_mod.catalog_name(demo_config, lang, page) == str(site_mod.catalog_path(demo_config, lang, page))
