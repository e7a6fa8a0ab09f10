"""The links check as users meet it: in `l10n check`, in `build`, and unlinking per region."""
import shutil

import pytest

from conftest import FIXTURES, Run


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "links"
    shutil.copytree(FIXTURES / "links", root)
    (root / "headings.md").unlink()
    return root


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
