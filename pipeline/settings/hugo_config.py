"""The site's Hugo configs as the source of truth for regions, languages and variable values.

Each region is its own Hugo site: `[params]` holds `TargetRegion` and the region's variables,
`[languages.xx]` (any case: `[Languages.xx]`) each published language with its `contentDir` and its
own params (written at the language's root, as older Hugo reads them, or under `[languages.xx.params]`).

Which params count as variables (a value a page may write as `{{%name%}}`):

- a string or a number (never a boolean, a list or a table), on one line;
- a name a shortcode can have (letters, digits, `_`, `-`), kept in the file's own case (`CorpName`:
  Hugo lowercases keys on read, but the pipeline matches them case-insensitively anyway);
- not one of Hugo's own language settings (`weight`, `title`, `languageName`, `contentDir` …), not
  `TargetRegion`, and not the path of a site asset (`img/logo.svg`, `csv/links_en_JP.csv`).

So a few site params no page uses (`domain`, `search_all` …) become variables too: they do no harm.
Paths in the result are as Hugo reads them: relative to the Hugo project's root.
"""
from __future__ import annotations

import copy
import pathlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI
    import tomli as tomllib  # type: ignore[no-redef]

from pipeline.model import ConfigError

REGION_KEY = "targetregion"
HUGO_LANGUAGE_KEYS = frozenset(k.lower() for k in (
    "weight", "title", "languageName", "languageCode", "languageDirection", "direction", "label", "locale",
    "contentDir", "disabled", "baseURL", "params", "menu", "menus", "timeZone", "taxonomies", "permalinks",
    "staticDir", "staticDir0", "staticDir1", "staticDir2", "staticDir3", "staticDir4", "staticDir5",
    "staticDir6", "staticDir7", "staticDir8", "staticDir9", "staticDir10", "outputs", "hasCJKLanguage",
    "copyright", "paginate", "paginatePath",
))
VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
ASSET_PATH = re.compile(r"^[\w.-]+(?:/[\w.-]+)+\.[A-Za-z0-9]{2,5}$")
DEFAULT_ATTRIBUTES = {"screen": ["alt"], "tile": ["link_text"], "seealso": ["title"], "subnavi": ["msg", "inquiry"]}
COMMENT_COLUMN = 32
MAX_FLOW_LINE = 100


@dataclass
class HugoSite:
    """One Hugo config: the region it builds and where each of its values was written."""

    path: pathlib.Path
    region: str
    base_url: str
    default_language: str | None
    in_subdir: bool
    variables: dict[str, object]
    languages: dict[str, dict[str, object]]
    content_dirs: dict[str, str]
    origins: dict[tuple[str | None, str], str] = field(default_factory=dict)  # (lang, key) -> TOML section


def merge_hugo_values(raw_config: dict, base: pathlib.Path, label: str | None = None) -> dict:
    """The raw config with `regions` filled from its `hugo_configs` (paths relative to `base`).

    l10n.yaml may add regions, languages or variables the Hugo files do not have, never restate one:
    a value in both places is a ConfigError naming both. `hugo_configs` is left out of the result, so
    `config.parse` takes it as it is. `label` names the config file in messages (default base/l10n.yaml).
    """
    label = label or str(base / "l10n.yaml")
    if "hugo_configs" not in raw_config:
        return raw_config
    names = raw_config["hugo_configs"]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise ConfigError(label, "hugo_configs", "expected a list of Hugo config files (relative to this file)")
    sites = _read_sites([base / name for name in names])
    regions = _regions(sites)
    _overlay(regions, raw_config.get("regions") or {}, {s.region: s for s in sites}, label)
    merged = {key: value for key, value in raw_config.items() if key != "hugo_configs"}
    merged["regions"] = regions
    return merged


def init_config(paths: list[pathlib.Path], source_language: str | None = None) -> str:
    """The text of a starting l10n.yaml made from the Hugo configs, commented like the demo's."""
    sites = _read_sites(paths)
    language = source_language or _default_language(sites)
    if not language:
        raise ConfigError(str(paths[0]), "DefaultContentLanguage",
                          "the Hugo configs do not agree on a default content language: give the source language")
    source = _source_dir(sites, language) or "content"
    names = ", ".join(s.path.name for s in sites)
    lines = [
        f"# Made by `l10n init` from {names}:",
        "# regions, languages and variable values as Hugo has them. Paths are relative to this file:",
        "# keep it in the Hugo project's root, where the contentDirs are.",
        _commented("source_language: " + _scalar(language), ""),
        _commented("source: " + _scalar(source), f"the Markdown tree in the source language (contentDir of {language})"),
        _commented("locales: locales", "PO files: locales/<lang>/<page path without .md>.po"),
        _commented("build: build", "outputs:  build/<REGION>/<lang>/<page path>.md, a contentDir per region"),
        _commented("front_matter: [title]", "front matter keys whose values are translatable"),
        _commented("# project: docs", "Project-Id-Version of the catalogs (default: this folder's name)"),
        f"# Instead of the regions below, a config may name the Hugo files: hugo_configs: [{names}]",
        "regions:",
    ]
    for site in sites:
        lines.extend(_region_lines(site))
    lines.append("shortcodes:")
    lines.append("  translatable_attributes: " + _flow(DEFAULT_ATTRIBUTES))
    lines.extend(_rewrite_lines(sites, language))
    return "\n".join(lines) + "\n"


def _regions(sites: list[HugoSite]) -> dict:
    """The `regions:` mapping of l10n.yaml, as fresh dicts the caller may change."""
    return {s.region: {"variables": dict(s.variables),
                       "languages": {lang: dict(values) for lang, values in s.languages.items()}} for s in sites}


def _read_sites(paths: list[pathlib.Path]) -> list[HugoSite]:
    """Every config read, each naming a region no other one names."""
    if not paths:
        raise ConfigError("hugo_configs", "", "no Hugo config given")
    sites: dict[str, HugoSite] = {}
    for path in paths:
        site = _read_site(pathlib.Path(path))
        if site.region in sites:
            raise ConfigError(str(path), "params.TargetRegion",
                              f"region {site.region} is already the target of {sites[site.region].path}")
        sites[site.region] = site
    return list(sites.values())


def _read_site(path: pathlib.Path) -> HugoSite:
    toml = _load_toml(path)
    params_key, params = _find(toml, "params")
    region = _find(params or {}, REGION_KEY)[1]
    if not isinstance(region, str) or not re.match(r"^[A-Za-z][A-Za-z0-9_-]*$", region):
        raise ConfigError(str(path), "params.TargetRegion", "expected the region this site builds (e.g. TargetRegion = \"JP\")")
    default = _find(toml, "defaultContentLanguage")[1]
    site = HugoSite(
        path=path, region=region, base_url=str(_find(toml, "baseURL")[1] or ""),
        default_language=default if isinstance(default, str) else None,
        in_subdir=_find(toml, "defaultContentLanguageInSubdir")[1] is True,
        variables={}, languages={}, content_dirs={},
    )
    for key, value in (params or {}).items():
        if key.lower() != REGION_KEY and _is_variable(key, value):
            site.variables[key] = value
            site.origins[(None, key)] = f"[{params_key}]"
    _read_languages(toml, site)
    return site


def _read_languages(toml: dict, site: HugoSite) -> None:
    """Each published language's variables and contentDir; a site without languages publishes one."""
    section, languages = _find(toml, "languages")
    disabled = {str(lang) for lang in (_find(toml, "disableLanguages")[1] or [])}
    site_content = str(_find(toml, "contentDir")[1] or "content")
    published = {lang: body for lang, body in (languages or {}).items()
                 if isinstance(body, dict) and body and _find(body, "disabled")[1] is not True and lang not in disabled}
    if not published:
        published = {site.default_language or "en": {}}
    for lang, body in sorted(published.items(), key=lambda item: _weight(item[1])):
        values: dict[str, object] = {}
        for key, value in body.items():
            if key.lower() not in HUGO_LANGUAGE_KEYS and _is_variable(key, value):
                values[key] = value
                site.origins[(lang, key)] = f"[{section}.{lang}]"
        params_key, params = _find(body, "params")
        for key, value in (params or {}).items():
            if _is_variable(key, value):
                values[key] = value
                site.origins[(lang, key)] = f"[{section}.{lang}.{params_key}]"
        site.languages[lang] = values
        site.content_dirs[lang] = str(_find(body, "contentDir")[1] or site_content)


def _load_toml(path: pathlib.Path) -> dict:
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise ConfigError(str(path), "", "no such Hugo config") from None
    except OSError as err:
        raise ConfigError(str(path), "", f"cannot read: {err.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(str(path), "", f"invalid TOML: {err}") from None


def _find(table: dict, key: str) -> tuple[str, object]:
    """A key of a TOML table as Hugo finds it: case-insensitively. Returns (key as written, value)."""
    for name, value in table.items():
        if name.lower() == key.lower():
            return name, value
    return key, None


def _weight(body: dict) -> float:
    weight = _find(body, "weight")[1]
    return weight if isinstance(weight, (int, float)) and not isinstance(weight, bool) and weight > 0 else float("inf")


def _is_variable(key: str, value: object) -> bool:
    """Whether a param is plausibly a value a page writes as {{%key%}} (see the module's rule)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not VARIABLE_NAME.match(key):
        return False
    return not isinstance(value, str) or ("\n" not in value and not ASSET_PATH.match(value))


def _default_language(sites: list[HugoSite]) -> str | None:
    """The default content language all the configs agree on (Hugo's default: en)."""
    found = {site.default_language or "en" for site in sites}
    return found.pop() if len(found) == 1 else None


def _source_dir(sites: list[HugoSite], language: str | None) -> str | None:
    """The source language's contentDir; every region that publishes it must read the same one."""
    dirs = {(site.content_dirs[language], site.path) for site in sites if language in site.content_dirs}
    if len({d for d, _ in dirs}) > 1:
        listed = ", ".join(f"{d} in {p}" for d, p in sorted(dirs, key=str))
        raise ConfigError(str(sites[0].path), f"languages.{language}.contentDir",
                          f"the regions read the source from different folders ({listed}): one source tree is needed")
    return next(iter(dirs))[0] if dirs else None


def _overlay(regions: dict, extra: object, sites: dict[str, HugoSite], label: str) -> None:
    """Adds l10n.yaml's own regions, languages and values; a value Hugo has too is an error."""
    if not isinstance(extra, dict):
        raise ConfigError(label, "regions", "expected a mapping of region codes")
    for region, body in extra.items():
        if not isinstance(body, dict):
            raise ConfigError(label, f"regions.{region}", "expected a mapping with 'variables' and 'languages'")
        target = regions.setdefault(region, {"variables": {}, "languages": {}})
        site = sites.get(region)
        _add_values(target["variables"], body.get("variables"), site, None, label, f"regions.{region}.variables")
        languages = body.get("languages") or {}
        if not isinstance(languages, dict):
            raise ConfigError(label, f"regions.{region}.languages", "expected a mapping of language codes")
        for lang, values in languages.items():
            own = target["languages"].setdefault(lang, {})
            _add_values(own, values, site, lang, label, f"regions.{region}.languages.{lang}")
        for key in set(body) - {"variables", "languages"}:
            target[key] = copy.deepcopy(body[key])  # unknown keys: config.parse reports them


def _add_values(target: dict, values: object, site: HugoSite | None, lang: str | None, label: str, key: str) -> None:
    if values is None:
        return
    if not isinstance(values, dict):
        raise ConfigError(label, key, "expected a mapping of variable names to values")
    for name, value in values.items():
        origin = site.origins.get((lang, name)) if site else None
        if origin:
            raise ConfigError(label, f"{key}.{name}",
                              f"defined both here ({value!r}) and in {site.path} {origin} "
                              f"({name} = {target[name]!r}): keep one of them, preferably Hugo's")
        target[name] = value


def _commented(text: str, comment: str) -> str:
    if not comment:
        return text
    return f"{text.ljust(COMMENT_COLUMN - 1)} # {comment}" if len(text) < COMMENT_COLUMN - 1 else f"{text}  # {comment}"


def _scalar(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=10**6).removesuffix("\n...\n").strip()


def _flow(mapping: dict) -> str:
    return yaml.safe_dump(mapping, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6).strip()


def _region_lines(site: HugoSite) -> list[str]:
    where = site.path.name + (f": {site.base_url}" if site.base_url else "")
    lines = [_commented(f"  {site.region}:", where), *_mapping_lines("    variables:", site.variables, ""),
             _commented("    languages:", f"the languages {site.region} publishes, each with its own variables")]
    for lang, values in site.languages.items():
        lines.extend(_mapping_lines(f"      {lang}:", values, f"contentDir: {site.content_dirs[lang]}"))
    return lines


def _mapping_lines(head: str, values: dict, comment: str) -> list[str]:
    """A mapping on one line when it fits, else one key a line (long values stay readable)."""
    line = f"{head} {_flow(values)}"
    if len(line) <= MAX_FLOW_LINE:
        return [_commented(line, comment)]
    indent = " " * (len(head) - len(head.lstrip()) + 2)
    return [_commented(head, comment)] + [f"{indent}{_flow({k: v})[1:-1]}" for k, v in values.items()]


def _rewrite_lines(sites: list[HugoSite], language: str) -> list[str]:
    """Link rewrites Hugo's URLs justify: with the default language in a subfolder, a page of language
    L lives under <baseURL path>/L/, so a link to the source language's pages moves to the output's."""
    paths = sorted({urlsplit(s.base_url).path.rstrip("/") + "/" for s in sites if s.in_subdir})
    if paths:
        lines = [_commented("rewrite:", "applied to link, image and shortcode src/url targets per language")]
        lines += [f'  - {{from: {path}{language}/, to: "{path}{{lang}}/"}}' for path in paths]
    else:
        lines = [_commented("rewrite: []", "none: the language is not in the URLs (defaultContentLanguageInSubdir)")]
    example = paths[0] if paths else "/"
    lines.append("  # Per-language images are not in the Hugo configs; when static/ has them, add e.g.")
    lines.append(f'  # - {{from: {example}img-{language}/, to: "{example}img-{{lang}}/"}}')
    return lines
