"""Hugo configs as the source of truth: the real site's three files, and small fixtures of our own."""
from __future__ import annotations

import pathlib

import pytest
import yaml

from conftest import FIXTURES, ROOT
from pipeline.model import ConfigError
from pipeline.settings import config as config_mod
from pipeline.settings.hugo_config import init_config, merge_hugo_values

CORPUS = ROOT.parent / "shared" / "corpus"
HUGO = FIXTURES / "hugo"
FIXTURES = [HUGO / "config_xx.toml", HUGO / "config_yy.toml"]


@pytest.fixture
def corpus_configs() -> list[pathlib.Path]:
    paths = [CORPUS / "hugo-config" / f"config_{region}.toml" for region in ("jp", "us", "cn")]
    if not all(path.is_file() for path in paths + [CORPUS / "l10n.yaml"]):
        pytest.skip(f"needs the corpus at {CORPUS}")
    return paths


def assert_same_values(made: dict, expected: dict) -> None:
    """Same regions and languages; every variable the expected config defines has the same value."""
    assert list(made) == list(expected)
    for region, body in expected.items():
        assert list(made[region]["languages"]) == list(body["languages"]), region
        for name, value in body["variables"].items():
            assert made[region]["variables"].get(name) == value, (region, name)
        for lang, values in body["languages"].items():
            for name, value in values.items():
                assert made[region]["languages"][lang].get(name) == value, (region, lang, name)


def test_init_from_real_configs_loads_and_matches(corpus_configs, tmp_path):
    text = init_config(corpus_configs)
    expected = yaml.safe_load((CORPUS / "l10n.yaml").read_text(encoding="utf-8"))
    made = yaml.safe_load(text)
    assert_same_values(made["regions"], expected["regions"])
    assert made["shortcodes"] == expected["shortcodes"]
    assert made["rewrite"] == [{"from": "/general/ja/", "to": "/general/{lang}/"}]
    config = config_mod.parse(made, tmp_path / "l10n.yaml")
    assert config.regions["US"].values("en")["slash"] == "Kintone Users & System"


def test_real_configs_merged_into_the_corpus_config(corpus_configs, tmp_path):
    expected = yaml.safe_load((CORPUS / "l10n.yaml").read_text(encoding="utf-8"))
    raw = {key: value for key, value in expected.items() if key != "regions"}
    raw["hugo_configs"] = [str(path) for path in corpus_configs]
    merged = merge_hugo_values(raw, tmp_path)
    assert "hugo_configs" not in merged
    assert_same_values(merged["regions"], expected["regions"])


def test_fixture_variables_follow_the_rule():
    regions = merge_hugo_values({"hugo_configs": [p.name for p in FIXTURES]}, HUGO)["regions"]
    xx = regions["XX"]
    # numbers kept; booleans, lists, asset paths and TargetRegion left out
    assert xx["variables"] == {"service": "Example Cloud", "maxUsers": 300}
    # weight order; disabled languages (disabled = true, disableLanguages) left out
    assert list(xx["languages"]) == ["ja", "en"]
    # Hugo's own settings left out; params at the root and under .params both read; case kept
    assert xx["languages"]["ja"] == {"CorpName": "例株式会社"}
    assert xx["languages"]["en"] == {"CorpName": "Example, Inc.", "slash_help": "Example & Co. Help"}
    assert regions["YY"] == {"variables": {"service": "Example US"},
                             "languages": {"en": {"CorpName": "Example Corp"}, "ja": {"CorpName": "Example Corp"}}}


def test_fixture_layout():
    from pipeline.settings.hugo_config import _read_sites, _source_dir
    sites = {site.region: site for site in _read_sites(FIXTURES)}
    assert _source_dir(list(sites.values()), "ja") == "content/ja"
    assert sites["XX"].content_dirs == {"ja": "content/ja", "en": "content/en"}
    assert sites["YY"].base_url == "https://yy.example.com/docs/"


def test_init_output_loads_with_the_config_parser(tmp_path):
    text = init_config(FIXTURES)
    config = config_mod.parse(yaml.safe_load(text), tmp_path / "l10n.yaml")
    assert config.source_language == "ja"
    assert config.regions["XX"].values("en") == {"service": "Example Cloud", "maxUsers": "300",
                                                  "CorpName": "Example, Inc.", "slash_help": "Example & Co. Help"}
    assert [(r.source, r.target) for r in config.rewrite] == [("/docs/ja/", "/docs/{lang}/")]
    assert config.translatable_attributes == {"screen": ("alt",), "tile": ("link_text",), "seealso": ("title",),
                                              "subnavi": ("msg", "inquiry")}
    assert text.index("source_language:") < text.index("source:") < text.index("regions:") < text.index("shortcodes:")
    assert "# - {from: /docs/img-ja/" in text  # per-language images: a commented example only


def test_init_takes_the_source_language_given(tmp_path):
    config = config_mod.parse(yaml.safe_load(init_config(FIXTURES, "en")), tmp_path / "l10n.yaml")
    assert (config.source_language, config.source_dir) == ("en", tmp_path / "content/en")


def test_merge_fills_regions_and_keeps_own_additions():
    raw = {"source_language": "ja", "hugo_configs": ["config_xx.toml", "config_yy.toml"],
           "regions": {"XX": {"languages": {"en": {"store": "Example Store"}}},
                       "ZZ": {"languages": {"ja": {"CorpName": "Z"}}}}}
    merged = merge_hugo_values(raw, HUGO)
    assert merged["regions"]["XX"]["languages"]["en"] == {
        "CorpName": "Example, Inc.", "slash_help": "Example & Co. Help", "store": "Example Store"}
    assert merged["regions"]["ZZ"] == {"variables": {}, "languages": {"ja": {"CorpName": "Z"}}}
    assert raw["regions"]["XX"]["languages"]["en"] == {"store": "Example Store"}  # the input is not changed


def test_merge_without_hugo_configs_changes_nothing():
    raw = {"source_language": "ja", "regions": {"JP": {"languages": {"ja": {}}}}}
    assert merge_hugo_values(raw, HUGO) is raw


@pytest.mark.parametrize("regions, key, origin", [
    ({"XX": {"languages": {"en": {"CorpName": "Other"}}}}, "regions.XX.languages.en.CorpName", "[languages.en.params]"),
    ({"XX": {"languages": {"ja": {"CorpName": "例株式会社"}}}}, "regions.XX.languages.ja.CorpName", "[languages.ja]"),
    ({"YY": {"variables": {"service": "Again"}}}, "regions.YY.variables.service", "[params]"),
])
def test_a_value_in_both_places_is_an_error_naming_both(regions, key, origin):
    raw = {"hugo_configs": ["config_xx.toml", "config_yy.toml"], "regions": regions}
    with pytest.raises(ConfigError) as err:
        merge_hugo_values(raw, HUGO, label="site/l10n.yaml")
    assert (err.value.path, err.value.key) == ("site/l10n.yaml", key)
    assert "defined both here" in err.value.message and origin in err.value.message
    assert ("config_xx.toml" if "XX" in key else "config_yy.toml") in err.value.message


def test_a_region_level_value_may_be_set_per_language():
    raw = {"hugo_configs": ["config_xx.toml"], "regions": {"XX": {"languages": {"en": {"service": "Cloud (en)"}}}}}
    assert merge_hugo_values(raw, HUGO)["regions"]["XX"]["languages"]["en"]["service"] == "Cloud (en)"


@pytest.mark.parametrize("names, key, words", [
    (["no_region.toml"], "params.TargetRegion", "region this site builds"),
    (["broken.toml"], "", "invalid TOML"),
    (["missing.toml"], "", "no such Hugo config"),
    (["config_xx.toml", "same_region.toml"], "params.TargetRegion", "already the target of"),
])
def test_bad_hugo_configs_are_reported_with_their_file(names, key, words):
    with pytest.raises(ConfigError) as err:
        merge_hugo_values({"hugo_configs": names}, HUGO)
    assert err.value.path.endswith(names[-1]) and err.value.key == key and words in err.value.message


@pytest.mark.parametrize("value", ["config_xx.toml", [], [3]])
def test_hugo_configs_must_be_a_list_of_files(value):
    with pytest.raises(ConfigError) as err:
        merge_hugo_values({"hugo_configs": value}, HUGO, label="l10n.yaml")
    assert err.value.key == "hugo_configs"


def test_init_command_and_a_config_naming_the_hugo_files(tmp_path):
    from click.testing import CliRunner

    from pipeline.settings import config as config_mod
    from pipeline.cli import main

    for name in ("config_xx.toml", "config_yy.toml"):
        (tmp_path / name).write_bytes((HUGO / name).read_bytes())
    target = tmp_path / "l10n.yaml"
    args = ["--config", str(target), "init", "--hugo-config", str(tmp_path / "config_xx.toml"),
            "--hugo-config", str(tmp_path / "config_yy.toml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and target.exists(), result.output
    written = config_mod.load(target)
    assert CliRunner().invoke(main, args).exit_code == 2  # never overwrites without --force
    target.write_text("source_language: ja\nsource: content\nlocales: locales\nbuild: build\n"
                      "hugo_configs: [config_xx.toml, config_yy.toml]\n", encoding="utf-8")
    named = config_mod.load(target)
    assert named.regions == written.regions
