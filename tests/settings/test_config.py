
import pytest
import yaml

from conftest import ROOT
from pipeline.model import ConfigError
from pipeline.settings import config as config_mod



def load(tmp_path, text):
    path = tmp_path / "l10n.yaml"
    path.write_text(text, encoding="utf-8")
    return config_mod.load(path)


def base():
    return yaml.safe_load((ROOT / "l10n.yaml").read_text(encoding="utf-8"))


def test_demo_config_regions_languages_and_values():
    config = config_mod.load(ROOT / "l10n.yaml")
    assert list(config.regions) == ["JP", "US", "CN"]
    assert config.languages == ["en", "ja", "zh"]
    assert config.target_languages == ["en", "zh"]
    assert config.regions_of("zh") == ["JP", "CN"]
    assert config.regions_of("en") == ["JP", "US"]
    assert config.regions["US"].values("en")["service"] == "Kintone"
    assert config.regions["JP"].values("en")["slash"] == "Users & System"
    assert config.source_dir == ROOT / "source" / "content"
    assert config.translatable_attributes["screen"] == ("alt",)
    assert config.rewrite[0].for_language("en") == ("/general/ja/", "/general/en/")


@pytest.mark.parametrize("change, key, words", [
    (lambda c: c["regions"]["US"].update(languages={}), "regions.US.languages", "at least one language"),
    (lambda c: c["regions"]["US"].pop("languages"), "regions.US.languages", "at least one language"),
    (lambda c: c.update(front_matter="title"), "front_matter", "expected list"),
    (lambda c: c.update(sources="x"), "sources", "unknown key"),
    (lambda c: c["regions"]["JP"]["variables"].update(service=["a"]), "regions.JP.variables.service", "text value"),
    (lambda c: c.update(rewrite=[{"from": "/a/"}]), "rewrite[0]", "from"),
    (lambda c: c.update(build="../elsewhere"), "build", "outside the config's folder"),
    (lambda c: c.update(locales="/tmp"), "locales", "outside the config's folder"),
    (lambda c: c.update(checks={"spelling": "error"}), "checks.spelling", "unknown check"),
    (lambda c: c["shortcodes"].update(translatable_attributes={"screen": "alt"}),
     "shortcodes.translatable_attributes.screen", "list"),
    (lambda c: c.update(source_language="jp"), "source_language", "'jp' is published by no region"),
    (lambda c: c.update(build="source/content"), "source", "lies at the build folder"),
    (lambda c: c.update(build="source/content/out"), "build", "lies in the source folder"),
    (lambda c: c.update(locales="build/po"), "locales", "lies in the build folder"),
    (lambda c: c.update(build="."), "source", "lies in the build folder"),
])
def test_config_errors_name_file_and_key(tmp_path, change, key, words):
    raw = base()
    change(raw)
    with pytest.raises(ConfigError) as err:
        load(tmp_path, yaml.safe_dump(raw, allow_unicode=True))
    assert err.value.key == key
    assert words in str(err.value)
    assert str(tmp_path / "l10n.yaml") in str(err.value)


def test_invalid_yaml_names_the_line(tmp_path):
    with pytest.raises(ConfigError) as err:
        load(tmp_path, "source_language: ja\nregions: [\n")
    assert "line" in str(err.value) and "invalid YAML" in str(err.value)


def test_missing_config_file_says_how_to_give_one(tmp_path):
    with pytest.raises(ConfigError, match="--config"):
        config_mod.load(tmp_path / "nope.yaml")


def test_literals_and_the_glossary_check_are_settings(tmp_path):
    import pytest as _pytest
    from pipeline.model import ConfigError
    from pipeline.settings import config as config_mod
    base = ("source_language: ja\nsource: s\nlocales: l\nbuild: b\n"
            "regions: {JP: {languages: {ja: {}, en: {}}}}\n")
    path = tmp_path / "l10n.yaml"
    path.write_text(base, encoding="utf-8")
    assert config_mod.load(path).literals == "optional"
    path.write_text(base + "literals: never\nchecks: {glossary: error}\n", encoding="utf-8")
    loaded = config_mod.load(path)
    assert loaded.literals == "never" and loaded.checks == {"glossary": "error"}
    path.write_text(base + "literals: sometimes\n", encoding="utf-8")
    with _pytest.raises(ConfigError, match="literals: expected one of optional, ask, never"):
        config_mod.load(path)
