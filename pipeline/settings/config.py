"""Reads and checks `l10n.yaml`: regions, languages, variables, shortcodes and rewrite rules.

Every problem is reported with the file and the key before any work starts.
"""
from __future__ import annotations

import functools
import json
import pathlib
import re
from dataclasses import dataclass, field

import yaml

from pipeline.files import inside
from pipeline.model import ConfigError
from pipeline.validation import CHECKS, LEVELS

# Shortcodes that always come in pairs on this kind of site; any other shortcode closed anywhere in
# the source tree is treated as paired too (see `shortcodes.paired_names`).
DEFAULT_PAIRED = ("enabled", "disabled", "note", "warning", "reference", "subtitle", "seealso", "tile")
REGION_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
KNOWN_KEYS = {
    "source_language", "source", "locales", "build", "front_matter", "regions", "shortcodes",
    "rewrite", "project", "checks", "min_translated", "links", "literals",
}
LITERALS = ("optional", "ask", "never")  # units with no letter of the source language (see reading.scripts)
SHORTCODE_KEYS = {"translatable_attributes", "paired", "standalone"}


@dataclass(frozen=True)
class Region:
    name: str
    variables: dict[str, str]
    languages: dict[str, dict[str, str]]  # language -> that language's own variables

    def values(self, lang: str) -> dict[str, str]:
        """The variable values a reader of this region sees in `lang` (the region's own values alone
        when it does not publish `lang`: how links and pseudo-localization read the source)."""
        return {**self.variables, **self.languages.get(lang, {})}


@dataclass(frozen=True)
class Rewrite:
    source: str
    target: str  # may hold "{lang}"

    def for_language(self, lang: str) -> tuple[str, str]:
        return self.source, self.target.replace("{lang}", lang)


@dataclass(frozen=True)
class Links:
    """The links check: where the source pages live on the site, and what to do with dead links."""

    base: str | None  # URL prefix of the source-language pages, e.g. /general/ja/
    check: str = "warning"  # error | warning | off
    unpublished: str = "keep"  # keep | unlink (in the regions where the target is not published)


@dataclass(frozen=True)
class Config:
    path: pathlib.Path
    source_language: str
    source_dir: pathlib.Path
    locales_dir: pathlib.Path
    build_dir: pathlib.Path
    front_matter: tuple[str, ...]
    regions: dict[str, Region]
    translatable_attributes: dict[str, tuple[str, ...]]
    paired: frozenset[str]
    standalone: frozenset[str]
    rewrite: tuple[Rewrite, ...]
    project: str = "docs"
    checks: dict[str, str] = field(default_factory=dict)  # check name -> error | warning | off
    min_translated: dict[str, float] = field(default_factory=dict)  # language -> percent of words
    links: "Links" = None  # type: ignore[assignment]
    literals: str = "optional"  # units with no source-language letter: optional | ask | never
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def blob(self) -> str:
        """Everything the config says, as one string for cache keys (the project name defaults to
        the folder's name, so it is named here too); made once for the thousands of keys a run makes."""
        return json.dumps([self.raw, self.project], sort_keys=True, ensure_ascii=False, default=str)

    @property
    def languages(self) -> list[str]:
        """Every language some region publishes, in the order the config first names them."""
        seen: dict[str, None] = {}
        for region in self.regions.values():
            seen.update(dict.fromkeys(region.languages))
        return list(seen)

    @property
    def target_languages(self) -> list[str]:
        return [lang for lang in self.languages if lang != self.source_language]

    def regions_of(self, lang: str) -> list[str]:
        return [name for name, region in self.regions.items() if lang in region.languages]

    def defined_variables(self) -> set[str]:
        names: set[str] = set()
        for region in self.regions.values():
            names.update(region.variables)
            for values in region.languages.values():
                names.update(values)
        return names

    def label(self, path: pathlib.Path) -> str:
        """A path as users see it in messages: relative to the config's folder when inside it."""
        try:
            return str(path.relative_to(self.path.parent))
        except ValueError:
            return str(path)


def load(path: str | pathlib.Path) -> Config:
    path = pathlib.Path(path)
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(label, "", "no such file (give one with --config FILE)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(label, "", f"cannot read: {err}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise ConfigError(label, where, f"invalid YAML: {getattr(err, 'problem', err)}") from None
    if isinstance(raw, dict) and isinstance(raw.get("hugo_configs"), list):
        for i, name in enumerate(raw["hugo_configs"]):
            if not isinstance(name, str) or not inside(path.parent / name, path.parent):
                raise ConfigError(label, f"hugo_configs[{i}]", "expected a Hugo config file below the config's folder")
        from pipeline.settings.hugo_config import merge_hugo_values  # only for configs that name Hugo's files
        raw = merge_hugo_values(raw, path.parent, label)  # regions, languages and values from Hugo's files
    return parse(raw, path.resolve(), label)


def parse(raw: object, path: pathlib.Path, label: str | None = None) -> Config:
    """Builds a Config from the loaded YAML, checking every key. Every path in it is below the
    config's resolved folder, so that a run knows the tree by one name, however the config's path
    was spelled on the command line (caches and stale outputs depend on it); `label` is that
    spelling, for messages."""
    label = label or str(path)
    if not isinstance(raw, dict):
        raise ConfigError(label, "", "the config must be a mapping of keys to values")
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(label, unknown[0], f"unknown key (known keys: {', '.join(sorted(KNOWN_KEYS))})")
    base = path.parent

    def need(key: str, kind: type, default=None):
        value = raw.get(key, default)
        if value is None or not isinstance(value, kind):
            raise ConfigError(label, key, f"expected {kind.__name__}, found {type(value).__name__}")
        return value

    source_language = need("source_language", str)
    dirs = {key: base / need(key, str) for key in ("source", "locales", "build")}
    front_matter = need("front_matter", list, ["title"])
    for i, key in enumerate(front_matter):
        if not isinstance(key, str):
            raise ConfigError(label, f"front_matter[{i}]", "expected the name of a front matter key")
    regions = _regions(need("regions", dict), label)
    shortcodes = need("shortcodes", dict, {})
    unknown = sorted(set(shortcodes) - SHORTCODE_KEYS)
    if unknown:
        raise ConfigError(label, f"shortcodes.{unknown[0]}", f"unknown key (known: {', '.join(sorted(SHORTCODE_KEYS))})")
    attributes = shortcodes.get("translatable_attributes") or {}
    if not isinstance(attributes, dict):
        raise ConfigError(label, "shortcodes.translatable_attributes", "expected a mapping of shortcode to attribute names")
    for name, attrs in attributes.items():
        if not isinstance(attrs, list) or not all(isinstance(a, str) for a in attrs):
            raise ConfigError(label, f"shortcodes.translatable_attributes.{name}", "expected a list of attribute names")
    paired = _names(shortcodes, "paired", label) | set(DEFAULT_PAIRED)
    standalone = _names(shortcodes, "standalone", label)
    rewrite = []
    for i, rule in enumerate(need("rewrite", list, [])):
        if not (isinstance(rule, dict) and set(rule) == {"from", "to"}
                and all(isinstance(v, str) and v for v in rule.values())):
            raise ConfigError(label, f"rewrite[{i}]", "expected {from: PREFIX, to: PREFIX} with non-empty strings")
        rewrite.append(Rewrite(rule["from"], rule["to"]))
    checks = _checks(raw.get("checks"), label)
    links = _links(raw.get("links"), rewrite, label)
    literals = raw.get("literals", "optional")
    if literals not in LITERALS:
        raise ConfigError(label, "literals", f"expected one of {', '.join(LITERALS)} (units with no letter of the "
                                             f"source language: not asked, asked as any other, or left out)")
    minimum = raw.get("min_translated") or {}
    if not isinstance(minimum, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in minimum.values()):
        raise ConfigError(label, "min_translated", "expected a mapping of language to a percentage from 0 to 100")
    for key, folder in dirs.items():
        if not inside(folder, base):
            raise ConfigError(label, key, f"{folder} is outside the config's folder {base.resolve()}: "
                                          f"the tool reads and writes only below it")
    _apart(dirs, label)
    published = {lang for region in regions.values() for lang in region.languages}
    if source_language not in published:
        raise ConfigError(label, "source_language", f"'{source_language}' is published by no region (languages: "
                                                    f"{', '.join(sorted(published))}): name the language the "
                                                    f"source pages are written in, as the regions name it")
    return Config(
        checks=checks, links=links, literals=literals, min_translated={str(k): float(v) for k, v in minimum.items()},
        path=path, source_language=source_language, source_dir=dirs["source"],
        locales_dir=dirs["locales"], build_dir=dirs["build"], front_matter=tuple(front_matter),
        regions=regions, translatable_attributes={k: tuple(v) for k, v in attributes.items()},
        paired=frozenset(paired), standalone=frozenset(standalone), rewrite=tuple(rewrite),
        project=str(raw.get("project") or base.resolve().name), raw=raw,
    )


def _apart(dirs: dict[str, pathlib.Path], label: str) -> None:
    """source, locales and build may not overlap: a build written into the source would be read
    back as pages, catalogs in the build folder would be deleted as stale outputs."""
    resolved = {key: folder.resolve() for key, folder in dirs.items()}
    for key, folder in resolved.items():
        for other, place in resolved.items():
            if key != other and (folder == place or place in folder.parents):
                raise ConfigError(label, key, f"{dirs[key]} lies {'in' if folder != place else 'at'} the {other} "
                                              f"folder {dirs[other]}: source, locales and build must be apart")


def _checks(raw: object, label: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(label, "checks", "expected a mapping of check name to error, warning or off")
    for name, value in raw.items():
        if name not in CHECKS:
            raise ConfigError(label, f"checks.{name}", f"unknown check (known: {', '.join(CHECKS)})")
        if value not in LEVELS:
            raise ConfigError(label, f"checks.{name}", f"expected one of {', '.join(LEVELS)}")
    return dict(raw)


def _links(raw: object, rewrite: list[Rewrite], label: str) -> Links:
    raw = {} if raw is None else raw
    if not isinstance(raw, dict) or set(raw) - {"base", "check", "unpublished"}:
        raise ConfigError(label, "links", "expected {base: /url/prefix/, check: error|warning|off, unpublished: keep|unlink}")
    base = raw.get("base", rewrite[0].source if rewrite else None)
    if base is not None and not (isinstance(base, str) and base.startswith("/")):
        raise ConfigError(label, "links.base", "expected the URL prefix of the source pages, such as /general/ja/")
    check = raw.get("check", "warning" if base else "off")
    if check not in LEVELS:
        raise ConfigError(label, "links.check", f"expected one of {', '.join(LEVELS)}")
    unpublished = raw.get("unpublished", "keep")
    if unpublished not in ("keep", "unlink"):
        raise ConfigError(label, "links.unpublished", "expected keep or unlink")
    if base is None and (check != "off" or unpublished == "unlink"):
        raise ConfigError(label, "links.base", "needed to check links: the URL prefix of the source pages")
    return Links(base, check, unpublished)


def _names(shortcodes: dict, key: str, label: str) -> set[str]:
    names = shortcodes.get(key) or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError(label, f"shortcodes.{key}", "expected a list of shortcode names")
    return set(names)


def _regions(raw: dict, label: str) -> dict[str, Region]:
    if not raw:
        raise ConfigError(label, "regions", "at least one region is needed")
    regions = {}
    for name, body in raw.items():
        key = f"regions.{name}"
        if not isinstance(name, str) or not REGION_CODE.match(name):
            raise ConfigError(label, key, "a region code is letters, digits, '_' or '-'")
        if not isinstance(body, dict):
            raise ConfigError(label, key, "expected a mapping with 'variables' and 'languages'")
        unknown = sorted(set(body) - {"variables", "languages"})
        if unknown:
            raise ConfigError(label, f"{key}.{unknown[0]}", "unknown key (known: languages, variables)")
        variables = _values(body.get("variables"), label, f"{key}.variables")
        languages = body.get("languages")
        if not isinstance(languages, dict) or not languages:
            raise ConfigError(label, f"{key}.languages", "a region needs at least one language")
        langs = {}
        for lang, values in languages.items():
            if not isinstance(lang, str) or not re.match(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]+)*$", lang):
                raise ConfigError(label, f"{key}.languages.{lang}", "expected a language code such as en, ja, zh_TW")
            langs[lang] = _values(values, label, f"{key}.languages.{lang}")
        regions[name] = Region(name, variables, langs)
    return regions


def _values(raw: object, label: str, key: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(label, key, "expected a mapping of variable names to values")
    values = {}
    for name, value in raw.items():
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ConfigError(label, f"{key}.{name}", f"expected a text value, found {type(value).__name__}")
        values[str(name)] = str(value)
    return values
