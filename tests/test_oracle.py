"""Fidelity on the demo site, against the oracle in ../shared/oracle and the real Hugo.

Identity translation (GNU msgen) with --keep-variables and no rewrite rules: every output is
byte-identical to the oracle's projection. With variables and rewrites: every output renders in Hugo
exactly like the projection, for every region and language.
"""
import re
import shutil
import subprocess

import polib
import pytest
import yaml

from conftest import ORACLE, msgen, needs, tree_bytes

pytestmark = pytest.mark.skipif(not (ORACLE / "project.py").exists(), reason="../shared/oracle is not here")
PAIRS = [("JP", "en"), ("JP", "ja"), ("JP", "zh"), ("US", "en"), ("US", "ja"), ("CN", "ja"), ("CN", "zh")]


def reference(site, region, tmp_path):
    out = tmp_path / f"ref-{region}"
    if not out.exists():
        subprocess.run(["python3", str(ORACLE / "project.py"), str(site / "source/content"), region, str(out)], check=True)
    return out


@needs("msgen")
def test_identity_round_trip_is_byte_for_byte(demo, l10n, tmp_path):
    config = yaml.safe_load((demo / "l10n.yaml").read_text(encoding="utf-8"))
    config.pop("rewrite")
    (demo / "l10n.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.rmtree(demo / "locales", ignore_errors=True)
    l10n("extract")
    msgen(demo / "locales")
    l10n("build", "--keep-variables")
    for region, lang in PAIRS:
        assert tree_bytes(demo / "build" / region / lang) == tree_bytes(reference(demo, region, tmp_path)), (region, lang)


def render(content, region, lang, out, config):
    subprocess.run(["bash", str(ORACLE / "render.sh"), str(content), region, lang, str(out), str(config)],
                   check=True, capture_output=True)
    return out


@needs("msgen", "hugo")
@pytest.mark.parametrize("region, lang", PAIRS)
def test_identity_renders_like_the_projection_with_variables_and_rewrites(demo, l10n, tmp_path, region, lang):
    shutil.rmtree(demo / "locales", ignore_errors=True)
    l10n("extract")
    msgen(demo / "locales")
    l10n("build", "--region", region, "--lang", lang)
    built = demo / "build" / region / lang
    for page in built.rglob("*.md"):  # targets went through the rewrite rules: put them back
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(f"/general/{lang}/", "/general/ja/").replace(f"/general/img-{lang}/", "/general/img-ja/"),
                        encoding="utf-8")
    config = demo / "l10n.yaml"
    expected = render(reference(demo, region, tmp_path), region, lang, tmp_path / "h-ref", config)
    actual = render(built, region, lang, tmp_path / "h-out", config)
    result = subprocess.run(["bash", str(ORACLE / "compare.sh"), str(expected), str(actual)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@needs("hugo")
@pytest.mark.parametrize("region, lang", [("JP", "en"), ("US", "en"), ("CN", "zh")])
def test_translated_outputs_render_in_hugo(demo, l10n, tmp_path, region, lang):
    l10n("build", "--region", region, "--lang", lang)
    html = render(demo / "build" / region / lang, region, lang, tmp_path / "html", demo / "l10n.yaml")
    published = sorted(p.stem for p in (demo / "build" / region / lang).rglob("*.md"))
    assert sorted(p.stem for p in html.rglob("*.html")) == published


HEADING_ID = re.compile(r'<h[1-6][^>]*\bid="([^"]*)"')


@needs("hugo")
@pytest.mark.parametrize("region, lang", [("JP", "en"), ("JP", "zh"), ("US", "en"), ("CN", "zh")])
def test_after_a_pseudo_translation_every_heading_keeps_the_source_id(demo, l10n, tmp_path, region, lang):
    for path in (demo / "locales").rglob("*.po"):
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            if "no-wrap" not in entry.flags:
                entry.msgstr = re.sub(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]", "x", entry.msgid)
        po.save(str(path))
    l10n("build", "--region", region, "--lang", lang)
    config = demo / "l10n.yaml"
    expected = render(reference(demo, region, tmp_path), region, lang, tmp_path / "h-ref", config)
    actual = render(demo / "build" / region / lang, region, lang, tmp_path / "h-out", config)
    pages = sorted(p.relative_to(expected) for p in expected.rglob("*.html"))
    assert pages and pages == sorted(p.relative_to(actual) for p in actual.rglob("*.html"))
    for page in pages:
        ids = HEADING_ID.findall((expected / page).read_text(encoding="utf-8"))
        assert HEADING_ID.findall((actual / page).read_text(encoding="utf-8")) == ids, page
