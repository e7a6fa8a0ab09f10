"""The links check as users meet it: in `l10n check`, in `build`, and unlinking per region."""

import polib
import pytest

from conftest import Run
from pipeline import site as site_mod
from pipeline.back import unlink
from pipeline.run.build import build
from pipeline.settings import config as config_mod


@pytest.fixture
def site(links_site):
    return links_site


def configure(site, links):
    config = site / "l10n.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"links: {links}\n", encoding="utf-8")


def test_check_reports_each_dead_link_once_with_file_line_regions_and_why(site):
    configure(site, "{check: error}")
    result = Run(site)("check", code=1)
    lines = [line for line in result.output.splitlines() if ": links: " in line]
    assert "content/login.md:8: error: links: dead link /general/ja/guide/jp_only.html in US, CN: not published in US, CN" in lines
    assert ("content/login.md:7: error: links: dead link /general/ja/guide/setup.html#setup_jp in US, CN: "
            "anchor #setup_jp only in JP") in lines
    assert "content/login.md:10: error: links: dead link /general/ja/missing.html in JP, US, CN: no such page" in lines
    assert len(lines) == len(set(lines))
    assert not any("/general/ja/guide/setup.html#ユーザーごとに設定する" in line for line in lines)


def test_default_is_a_warning_and_off_is_silent(site):
    assert ": warning: links: dead link" in Run(site)("check", code=None).output
    configure(site, "{check: off}")
    assert "links:" not in Run(site)("check", code=None).output


def test_unlink_removes_only_the_links_dead_in_that_region(site):
    configure(site, "{check: warning, unpublished: unlink}")
    Run(site)("build", code=None)
    us = (site / "build/US/en/login.md").read_text(encoding="utf-8")
    jp = (site / "build/JP/en/login.md").read_text(encoding="utf-8")
    assert "- JPだけのページ\n" in us and "[JPだけのページ](/general/en/guide/jp_only.html)" in jp
    assert "<a href='/general/en/guide/jp_only.html'>" not in us and "表の中のリンク" in us
    assert "[ないページ](/general/en/missing.html)" in us  # a missing page is reported, not hidden


UNLINKED_PAGE = """---
title: 外すリンク
---

## [JPだけ](jp_only.html)の見出し

## 属性の[見出し](jp_only.html)

段落の[JPだけ](jp_only.html)と[設定](setup.html)。

- [JPだけ](/general/ja/guide/jp_only.html "題")
- [{{%service%}}](jp_only.html)

| [表](jp_only.html) | セル |
|---|---|

<p>生の<a href="jp_only.html">HTML</a></p>

`[コード](jp_only.html)` と ![画像](jp_only.html)

```
[フェンス](jp_only.html)
```
"""
UNLINKED_EN = {
    "外すリンク": "Links removed",
    "[JPだけ](jp_only.html)の見出し": "Heading of [JP only](jp_only.html)",
    "属性の[見出し](jp_only.html)": "Attributes of a [heading](jp_only.html) {.cls}",
    "段落の[JPだけ](jp_only.html)と[設定](setup.html)。": "A [JP only](jp_only.html) and [setup](setup.html) paragraph.",
    '[JPだけ](/general/ja/guide/jp_only.html "題")': '[JP only](/general/ja/guide/jp_only.html "題")',
    "[表](jp_only.html)": "[Table](jp_only.html)",
    "セル": "Cell",
    '生の<a href="jp_only.html">HTML</a>': 'Raw <a href="jp_only.html">HTML</a>',
    "`[コード](jp_only.html)` と ![画像](jp_only.html)": "`[コード](jp_only.html)` and ![image](jp_only.html)",
}


def test_unlinked_pages_are_made_by_the_plan_as_reading_them_again_made_them(site, monkeypatch):
    """Links removed are plan edits (in the projection's bytes and in translations, around the
    heading ids kept): the bytes are those `unlink.unlink` over the spliced page gave, and no page
    is read again."""
    configure(site, "{check: warning, unpublished: unlink}")
    config = site / "l10n.yaml"  # a heading's translation brings its own attribute list
    config.write_text(config.read_text(encoding="utf-8") + "checks: {structure: warning, injection: 'off'}\n",
                      encoding="utf-8")
    (site / "content/guide/unlinked.md").write_text(UNLINKED_PAGE, encoding="utf-8")
    Run(site)("extract", code=None)
    catalog = polib.pofile(str(site / "locales/en/guide/unlinked.po"))
    for entry in catalog:
        entry.msgstr = UNLINKED_EN.get(entry.msgid, "")
    catalog.save()
    monkeypatch.setattr(unlink, "unlink", lambda *args: pytest.fail("a finished page was read again"))
    report = build(site_mod.load(config_mod.load(config)), jobs=1, use_cache=False)
    assert (site / "build/US/en/guide/unlinked.md").read_text(encoding="utf-8") == (
        "---\ntitle: Links removed\n---\n\n## Heading of JP only {#jpだけjp_onlyhtmlの見出し}\n\n"
        "## Attributes of a heading {#属性の見出しjp_onlyhtml .cls}\n\n"
        "A JP only and [setup](setup.html) paragraph.\n\n- JP only\n- Kintone\n\n| Table | Cell |\n|---|---|\n\n"
        "<p>Raw HTML</p>\n\n`[コード](jp_only.html)` and ![image](jp_only.html)\n\n"
        "```\n[フェンス](jp_only.html)\n```\n")
    assert (site / "build/JP/en/guide/unlinked.md").read_text(encoding="utf-8") == (
        "---\ntitle: Links removed\n---\n\n## Heading of [JP only](jp_only.html) {#jpだけjp_onlyhtmlの見出し}\n\n"
        "## Attributes of a [heading](jp_only.html) {#属性の見出しjp_onlyhtml .cls}\n\n"
        "A [JP only](jp_only.html) and [setup](setup.html) paragraph.\n\n"
        "- [JP only](/general/en/guide/jp_only.html \"題\")\n- [cybozu.com](jp_only.html)\n\n"
        "| [Table](jp_only.html) | Cell |\n|---|---|\n\n<p>Raw <a href=\"jp_only.html\">HTML</a></p>\n\n"
        "`[コード](jp_only.html)` and ![image](jp_only.html)\n\n```\n[フェンス](jp_only.html)\n```\n")
    assert sorted((u["page"], u["region"], u["lang"], u["links"]) for u in report.unlinked) == [
        ("guide/unlinked.md", "CN", "ja", 7), ("guide/unlinked.md", "CN", "zh", 7),
        ("guide/unlinked.md", "US", "en", 7), ("guide/unlinked.md", "US", "ja", 7),
        ("login.md", "CN", "ja", 2), ("login.md", "CN", "zh", 2), ("login.md", "US", "en", 2), ("login.md", "US", "ja", 2)]
