"""The source tree as the commands see it: pages read and checked, and each page's units per region.

Loading reports every page that cannot be processed (file:line) and refuses the whole run, before
any work, when a page uses a variable the config defines nowhere.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import json
import os
import pathlib
from dataclasses import dataclass, field
from typing import Callable

from pipeline.files import inside, sorted_paths
from pipeline.model import ConfigError, Kind, Place, SourceError, Unit
from pipeline.reading import pages as pages_mod
from pipeline.reading.pages import Page
from pipeline.reading.projection import LineIndex, Projection, project
from pipeline.reading import shortcodes
from pipeline.reading.shortcodes import CONDITIONALS, Tag
from pipeline.segmentation import Rules, markdown, segment
from pipeline.settings.config import Config


@dataclass
class Site:
    config: Config
    pages: list[Page]
    errors: list[SourceError]
    rules: Rules
    store: object = None  # the run layer's caches (run.cache.Store) for the jobs of one run
    memo: Callable[[str, Callable[[str], list]], Callable[[str], list]] | None = None  # see segmenter
    glossaries: dict = field(default_factory=dict)  # lang -> po.glossary.Glossary, read once a run (run.glossaries)
    facts: dict[str, str | None] = field(default_factory=dict)  # page rel -> PageFacts.changed(), for the run layer to keep
    text_keys: dict[str, str] = field(default_factory=dict)  # page rel -> the hash of its file, pages with errors too

    def text_key(self, page: Page) -> str:
        """The sha256 of the page's file, taken once by `load` (or by the run layer without reading
        the file): the run layer's keys use it instead of hashing every page's text again."""
        return page.source_hash

    def page_units(self, page: Page) -> "PageUnits":
        return PageUnits(page, self.segmenter())

    def segmenter(self) -> Callable[[str], list[Unit]]:
        """Segmentation with this site's rules: a pure function of a projection's text, memoized
        from outside when the run layer sets `memo` (the units then outlive the run, see run.each)."""
        def segment_text(text: str) -> list[Unit]:
            units = segment(text, self.rules)
            if self.memo:  # kept beside the units, from the same parse: the links check reads them
                self.code_blocks(text)
            return units
        return self.memo("units", segment_text) if self.memo else segment_text

    def code_blocks(self, text: str) -> list[tuple[int, int]]:
        """A projection's code blocks (`segmentation.markdown.code_blocks`), memoized like its units:
        a build after an extract finds them without parsing the page again."""
        return self.memo("code", markdown.code_blocks)(text) if self.memo else markdown.code_blocks(text)

    def unit_kinds(self, work: "PageUnits", lang: str) -> dict[str, tuple[Kind, ...]]:
        """For each msgid of the page's catalog in `lang`, the kinds of every unit it is spliced into
        (a heading and a pipe-table cell may share a msgid): a translation must suit them all."""
        if lang in work.kinds:
            return work.kinds[lang]
        kinds: dict[str, set[Kind]] = {}
        for region in self.config.regions_of(lang):
            if work.page.published_in(region):
                for unit in work.units(region):
                    kinds.setdefault(unit.msgid, set()).add(unit.kind)
        work.kinds[lang] = {msgid: tuple(sorted(found)) for msgid, found in kinds.items()}
        return work.kinds[lang]

    @property
    def structural(self) -> frozenset[str]:
        return self.rules.structural


def load(config: Config, known: dict[str, str] | None = None, salt: str = "",
         hashes: Callable[[pathlib.Path], str | None] | None = None,
         listed: list[tuple[str, str | None]] | None = None) -> Site:
    """The pages read and checked. `known`: what an earlier load found of each page (`Site.facts`,
    kept by the run layer, whose `salt` names the tool's version): a page whose file, and the
    rules its checks read, are unchanged is neither scanned nor checked again. `hashes`: each
    file's sha256 as the run layer knows it without reading the file (`run.digests`); a page so
    known is read only when something needs its text (after one page of 10,000 changed, that page).
    `listed`: the pages' paths below the source folder, in `sorted_files`' order, with their hashes
    (the run's listing of the tree, `run.replay.Inputs`), instead of listing and hashing them again."""
    root = config.source_dir
    if not root.is_dir():
        raise ConfigError(str(config.path), "source", f"folder not found: {root}")
    facts: list[PageFacts] = []
    errors: list[SourceError] = []
    label_of = _labels(config, root)
    if listed is None:
        listed = [(name, hashes(pathlib.Path(name)) if hashes is not None else None)
                  for name in sorted_paths(root, ".md")]
    for name, listed_hash in listed:
        path = pathlib.Path(name)
        native = name[len(str(root)) + 1:]  # below root: a third of pathlib's time
        rel, label = native.replace(os.sep, "/"), label_of(native)
        linked = os.path.islink(path)  # hashed as a link, not as the page it points to: read now
        if linked and not inside(path, root):  # linked folders are not entered
            errors.append(SourceError(label, None, "a symlink to a file outside the source folder: not read"))
            continue
        try:
            file_hash = None if linked else listed_hash
            facts.append(PageFacts(rel, label, path, (known or {}).get(rel), salt, file_hash))
        except SourceError as err:
            errors.append(err)
        except OSError as err:
            errors.append(SourceError(label, None, f"cannot read: {err.strerror}"))
    paired = set(config.paired)
    for found in facts:
        paired |= found.closing_names()
    structural = frozenset(paired | config.standalone | set(config.translatable_attributes) | set(CONDITIONALS))
    rules = Rules(front_matter=config.front_matter, attributes=tuple(config.translatable_attributes.items()),
                  structural=structural)
    good, regions = [], set(config.regions)
    checked_with = _json([sorted(regions), sorted(paired)])  # part of every page's key: encoded once
    for found in facts:
        problems = found.problems(regions, paired, checked_with)
        errors.extend(problems)
        if not problems:
            good.append(found)
    _check_variables(config, good, structural)
    errors.sort(key=lambda e: (e.path, e.line or 0))
    site = Site(config, [found.page for found in good], errors, rules)
    site.facts = {found.page.rel: found.changed() for found in facts}
    site.text_keys = {found.page.rel: found.page.source_hash for found in facts}
    return site


def _labels(config: Config, root: pathlib.Path) -> Callable[[str], str]:
    """`config.label` of a path below root, from the path relative to root."""
    folder = config.label(root)
    if folder == ".":
        return lambda native: native
    return lambda native: folder + os.sep + native


class PageFacts:
    """What loading finds of one page: its front matter, the shortcodes it closes, its problems, the
    variables each region shows. Each is taken from `stored` (an earlier load's, as JSON) while its
    key (the hash of the page's file and what the finding also depends on) is unchanged, else found
    again: the page is read and its tags scanned only then."""

    def __init__(self, rel: str, label: str, path: pathlib.Path, stored: str | None, salt: str,
                 file_hash: str | None = None):
        """The page of a file, read now unless its hash is given (then when its text is first
        needed: a page whose findings are all stored is not read); SourceError when it cannot be
        read as a page."""
        self.salt = salt
        if file_hash is None:
            self.page = pages_mod.read_unsplit(path, rel, label)
        else:
            self.page = Page(rel, label, source=path, source_hash=file_hash)
        self._text = self._key(_json(self.page.source_hash))  # what the stored findings were made from, tool included
        entry = _decoded(stored)
        self._entry = entry if entry.get("text") == self._text else {"text": self._text}
        self._changed = self._entry is not entry
        self._tags: list[Tag] | None = None
        self.page.front_matter, self.page.body_start, self.page.bom = self._front_matter()

    def _front_matter(self) -> tuple[dict, int, bool]:
        """`pages.front_matter`, and whether the file began with a byte order mark: kept, the values
        as JSON when JSON holds them as they are (YAML's dates it does not: such a page is read and
        its front matter parsed every run)."""
        page, parsed = self.page, []

        def find() -> list:
            parsed.append(pages_mod.front_matter(page.text, page.label))
            values, body = parsed[0]
            try:
                kept = json.dumps(values, ensure_ascii=False)
            except (TypeError, ValueError):
                kept = None
            return [kept if kept is not None and json.loads(kept) == values else None, body, page.bom]

        def valid(found) -> bool:
            return (isinstance(found, list) and len(found) == 3 and isinstance(found[0], (str, type(None)))
                    and isinstance(found[1], int) and isinstance(found[2], bool))
        kept, body, bom = self._found("read", self._text, find, valid)
        if parsed:
            return *parsed[0], bom
        try:
            values = json.loads(kept) if kept is not None else None
        except ValueError:  # a damaged store
            values = None
        if not isinstance(values, dict):
            values, body = pages_mod.front_matter(page.text, page.label)
        return values, body, bom

    def _key(self, *encoded: str) -> str:
        """sha256 of the JSON list [salt, *parts], each part given as JSON (`_json`): the parts every
        page of a load shares are encoded once, not for each of 10,000 pages."""
        return hashlib.sha256(f"[{', '.join((_salt_json(self.salt), *encoded))}]".encode()).hexdigest()

    def _found(self, name: str, key: str, find: Callable[[], object], valid: Callable[[object], bool]):
        """The stored finding `name` when stored under `key` (and of the shape `valid` checks: a
        damaged store is found again), else find() (then kept)."""
        stored = self._entry.get(name)
        if not isinstance(stored, list) or len(stored) != 2 or stored[0] != key or not valid(stored[1]):
            self._entry[name], self._changed = [key, find()], True
        return self._entry[name][1]

    def tags(self) -> list[Tag]:
        if self._tags is None:
            self._tags = shortcodes.scan(self.page.text)
        return self._tags

    def closing_names(self) -> set[str]:
        return set(self._found("closing", self._text, lambda: sorted(pages_mod.closing_names(self.tags())),
                               _strings))

    def problems(self, regions: set[str], paired: set[str], checked_with: str) -> list[SourceError]:
        """The page's problems; `checked_with`: the regions and paired names, sorted, as JSON."""
        page = self.page

        def check() -> list:
            return [[e.line, e.message] for e in pages_mod.check(page, self.tags(), regions, paired)]
        def valid(found) -> bool:
            return isinstance(found, list) and all(
                isinstance(p, list) and len(p) == 2 and isinstance(p[0], (int, type(None))) and isinstance(p[1], str)
                for p in found)
        found = self._found("check", self._key(_json(page.source_hash), _json(page.label), checked_with),
                            check, valid)
        return [SourceError(page.label, line, message) for line, message in found]

    def shown(self, config: Config, structural: frozenset[str], shown_with: str) -> dict[str, list[str]]:
        """Region -> the names of the variables it shows of this page; `shown_with`: the structural
        names, sorted, and the regions, as JSON."""
        def find() -> dict[str, list[str]]:
            names: dict[str, set[str]] = {}
            for name, _, regions in _variables_shown(self.page, self.tags(), config, structural):
                for region in regions:
                    names.setdefault(region, set()).add(name)
            return {region: sorted(found) for region, found in names.items()}
        def valid(found) -> bool:
            return isinstance(found, dict) and all(r in config.regions and _strings(n) for r, n in found.items())
        return self._found("shown", self._key(_json(self.page.source_hash), shown_with), find, valid)

    def changed(self) -> str | None:
        """The facts as JSON, when they differ from what was stored; else None."""
        self._tags = None  # a page keeps no tags (10,000 pages' tags take some 90 MB)
        return json.dumps(self._entry, ensure_ascii=False, sort_keys=True) if self._changed else None


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@functools.lru_cache(maxsize=4)
def _salt_json(salt: str) -> str:
    return _json(salt)


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _decoded(stored: str | None) -> dict:
    try:
        entry = json.loads(stored) if stored else {}
    except ValueError:
        return {}  # damaged: found again
    return entry if isinstance(entry, dict) else {}


def _check_variables(config: Config, pages: list[PageFacts], structural: frozenset[str]) -> None:
    """Every variable a region shows has a value in each of that region's languages: else the
    build could only fail page by page, after extract and check had passed."""
    defined = {(name, lang): {k.lower() for k in region.values(lang)}  # Hugo's names ignore case
               for name, region in config.regions.items() for lang in region.languages}
    everywhere = {name: set.intersection(*(defined[name, lang] for lang in region.languages))
                  for name, region in config.regions.items() if region.languages}  # in each language of the region
    missing: list[str] = []
    shown_with = f"{_json([sorted(structural)])}, {_json(list(config.regions))}"  # in every page's key: encoded once
    for facts in pages:
        shown = facts.shown(config, structural, shown_with)
        if all(name.lower() in everywhere.get(region, ()) for region, names in shown.items() for name in names):
            continue
        page, lines = facts.page, None
        for name, offset, regions in _variables_shown(page, facts.tags(), config, structural):
            for region in regions:
                langs = [lang for lang in config.regions[region].languages if name.lower() not in defined[region, lang]]
                if langs:
                    lines = lines or LineIndex(page.text)
                    missing.append(f"'{name}' (used in {page.label}:{lines.line(offset)}) has no value in region "
                                   f"{region} for {', '.join(langs)}: add it under regions.{region}.variables"
                                   + (f" or regions.{region}.languages.{langs[0]}" if len(langs) == 1 else ""))
                    break
            if len(missing) >= 5:
                break
    if missing:
        raise ConfigError(str(config.path), "regions", "variable " + "; variable ".join(missing)
                          + " (or list it under shortcodes.standalone if it is not a variable)")


def _variables_shown(page: Page, tags: list[Tag], config: Config, structural: frozenset[str]):
    """(name, offset, regions that publish the page and show it) for each variable of a page."""
    regions = [r for r in config.regions if page.published_in(r)]
    used = pages_mod.variables_used(page.text, tags, structural)
    if not used or not regions:
        return
    if not any(tag.name in CONDITIONALS for tag in tags):
        for name, offset in used:
            yield name, offset, regions
        return
    shown = {r: _visible(project(page.text, r)) for r in regions}
    for name, offset in used:
        yield name, offset, [r for r in regions if _within(shown[r], offset)]


def _within(spans: list[tuple[int, int]], offset: int) -> bool:
    """offset lies in one of the spans (in order, not overlapping)."""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and offset < spans[i][1]


def _visible(projection: Projection) -> list[tuple[int, int]]:
    """The source spans a projection keeps."""
    pieces = projection.pieces
    ends = [at for at, _ in pieces[1:]] + [len(projection.text)]
    return [(source, source + end - at) for (at, source), end in zip(pieces, ends)]


@dataclass
class PageUnits:
    """One page's projections and units, computed once per distinct projection text."""

    page: Page
    segment: Callable[[str], list[Unit]]  # a projection's text -> its units (Site.segmenter)
    _projections: dict[str, Projection] = field(default_factory=dict)
    _units: dict[str, list[Unit]] = field(default_factory=dict)
    _places: dict[str, list[Place]] = field(default_factory=dict)
    kinds: dict[str, dict] = field(default_factory=dict)  # lang -> Site.unit_kinds, made once
    _lines: LineIndex | None = None

    def projection(self, region: str) -> Projection:
        if region not in self._projections:
            self._projections[region] = project(self.page.text, region)
        return self._projections[region]

    def units(self, region: str) -> list[Unit]:
        text = self.projection(region).text
        if text not in self._units:
            self._units[text] = self.segment(text)
        return self._units[text]

    def places(self, region: str) -> list[Place]:
        if region not in self._places:
            self._places[region] = [self.place(unit, region) for unit in self.units(region)]
        return self._places[region]

    def place(self, unit: Unit, region: str) -> Place:
        """Where in the source a unit of `region` comes from (for one unit, without all of `places`)."""
        if self._lines is None:
            self._lines = LineIndex(self.page.text)
        offset = self.projection(region).source_offset(unit.start)
        return Place(unit, region, self._lines.line(offset), offset)


def catalog_path(config: Config, lang: str, page: Page) -> pathlib.Path:
    return config.locales_dir / lang / catalog_rel(page.rel)


def catalog_name(config: Config, lang: str, page: Page) -> str:
    """`str(catalog_path(...))` without pathlib: every page's key takes it, for each language."""
    return f"{config.locales_dir}{os.sep}{lang}{os.sep}{catalog_rel(page.rel).replace('/', os.sep)}"


def catalog_rel(page_rel: str) -> str:
    """Where a page's catalog is under locales/<lang>/: its path, `.po` for `.md`."""
    return (page_rel[:-3] if page_rel.endswith(".md") else page_rel) + ".po"


def output_path(config: Config, region: str, lang: str, page: Page) -> pathlib.Path:
    return config.build_dir / region / lang / page.rel
