"""The links check after a change reads only the pages whose links could have changed: the pages
that changed and those that link to them. What it finds is what a check from nothing finds."""

import contextlib
import sqlite3

import pytest

from conftest import Run
from pipeline.back import links


@pytest.fixture
def site(links_site):
    return links_site


@pytest.fixture
def checked(monkeypatch):
    """The pages the links check read (rather than remembered), in order."""
    read = []
    real = links._page_dead_links
    monkeypatch.setattr(links, "_page_dead_links", lambda site, index, page, *rest:
                        read.append(page.rel) or real(site, index, page, *rest))
    return read


def link_lines(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if ": links: " in line)


def test_after_a_linked_page_changed_only_it_and_the_pages_linking_to_it_are_read_again(site, checked):
    first = Run(site)("build", code=None).output
    assert "login.md:7: warning: links: dead link /general/ja/guide/setup.html#setup_jp in US, CN: anchor #setup_jp only in JP" in first
    every = list(checked)
    assert {"login.md", "guide/setup.md", "_index.md"} <= set(every)

    setup = site / "content/guide/setup.md"  # the JP-only anchor shown in every region
    setup.write_text(setup.read_text(encoding="utf-8").replace("{{% enabled JP %}}\n", "").replace(
        "{{% /enabled %}}\n", ""), encoding="utf-8")
    checked.clear()
    again = Run(site)("build", code=None).output
    assert sorted(checked) == ["guide/_index.md", "guide/setup.md", "login.md"]  # those that link to it, and it
    assert "#setup_jp" not in again
    assert link_lines(again) == link_lines(Run(site)("check", code=None).output)  # as found from nothing


def test_a_page_added_where_a_link_led_nowhere_is_found_by_every_page(site, checked):
    Run(site)("build", code=None)
    (site / "content/missing.md").write_text("---\ntitle: 新しいページ\n---\n\n本文。\n", encoding="utf-8")
    checked.clear()
    again = Run(site)("build", code=None).output
    assert "missing.html" not in "\n".join(link_lines(again))
    assert len(checked) == len(set(checked)) > 3  # the site's pages changed: every page is read again
    assert link_lines(again) == link_lines(Run(site)("check", code=None).output)


def test_an_edited_page_is_read_again_with_the_pages_linking_to_it_only(site, checked):
    Run(site)("build", code=None)
    page = site / "content/guide/jp_only.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n追記です。\n", encoding="utf-8")
    checked.clear()
    again = Run(site)("build", code=None).output
    assert sorted(checked) == ["_index.md", "guide/jp_only.md", "login.md"]  # it, and the pages linking to it
    assert link_lines(again) == link_lines(Run(site)("check", code=None).output)


def links_rows(site) -> dict[str, bytes]:
    with contextlib.closing(sqlite3.connect(site / "build" / ".cache.sqlite")) as db:
        return dict(db.execute("SELECT page, entry FROM pages WHERE job = 'links'").fetchall())


def test_every_page_s_links_are_one_entry_and_a_damaged_one_is_found_again(site, checked):
    """One row for the site: after one page changed, the others cost one decode, not one each."""
    first = link_lines(Run(site)("build", code=None).output)
    assert list(links_rows(site)) == ["\0site"]
    setup = site / "content/guide/setup.md"
    setup.write_text(setup.read_text(encoding="utf-8") + "\n追記です。\n", encoding="utf-8")
    with contextlib.closing(sqlite3.connect(site / "build" / ".cache.sqlite")) as db, db:
        db.execute("UPDATE pages SET entry = ? WHERE job = 'links'", (b"damaged",))
    checked.clear()
    again = Run(site)("build", code=None).output
    assert len(checked) == len(set(checked)) > 3  # nothing could be trusted: every page read again
    assert link_lines(again) == first
    checked.clear()
    setup.write_text(setup.read_text(encoding="utf-8") + "\nもう一つ。\n", encoding="utf-8")
    Run(site)("build", code=None)
    assert sorted(checked) == ["guide/_index.md", "guide/setup.md", "login.md"]  # the entry was written again
