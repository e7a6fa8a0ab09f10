"""The two jobs, extract and build, over every page of a site. I/O lives here and in `files`.

Pages are independent: a page with an error is reported and skipped, the others are done.
"""
from __future__ import annotations

import os
import pathlib
from typing import Callable, Iterable

import polib

from . import catalogs
from .files import read_text, write_if_changed
from .merge import render_page
from .pages import variables_used
from .model import Report, SourceError
from .projection import LineIndex
from .site import PageUnits, Site, catalog_path, output_path
from .variables import Resolver, Rewriter

Progress = Callable[[Iterable, str], Iterable]


def _plain(items: Iterable, label: str) -> Iterable:
    return items


def _now() -> float | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return float(epoch) if epoch and epoch.isdigit() else None


def load_catalog(path: pathlib.Path, label: str) -> tuple[polib.POFile | None, str | None]:
    """The catalog and its text, or (None, None) when there is none; SourceError when unreadable."""
    text = read_text(path)
    if text is None:
        return None, None
    try:
        return polib.pofile(text, wrapwidth=0), text
    except (OSError, ValueError) as err:
        message = str(err)
        line = None
        if "(line " in message:
            digits = message.rsplit("(line ", 1)[1].split(")")[0]
            line = int(digits) if digits.isdigit() else None
        raise SourceError(label, line, f"cannot read this catalog ({message}); it was left untouched: "
                                       f"fix it or restore it from version control") from None


def extract(site: Site, progress: Progress = _plain) -> Report:
    config = site.config
    report = Report(pages=len(site.pages), errors=list(site.errors))
    order = list(config.regions)
    for page in progress(site.pages, "extract"):
        work = PageUnits(page, site.rules)
        msgids: set[str] = set()
        for lang in config.target_languages:
            regions = [r for r in config.regions_of(lang) if page.published_in(r)]
            places = [p for r in regions for p in work.places(r)]
            entries = catalogs.collect(places, order)
            msgids.update(e.msgid for e in entries)
            path = catalog_path(config, lang, page)
            try:
                old, old_text = load_catalog(path, config.label(path))
            except SourceError as err:
                report.errors.append(err)
                continue
            if not entries and old is None:
                continue
            po = catalogs.build_catalog(page.rel, lang, entries, config.regions_of(lang), config.project, old)
            if write_if_changed(path, catalogs.stamp(po, old_text, _now())):
                report.written += 1
            else:
                report.unchanged += 1
        report.units += len(msgids)
    return report


def build(site: Site, regions: list[str] | None = None, langs: list[str] | None = None,
          keep_variables: bool = False, progress: Progress = _plain) -> Report:
    config = site.config
    pairs = [(r, lang) for r, region in config.regions.items() for lang in region.languages
             if (not regions or r in regions) and (not langs or lang in langs)]
    report = Report(pages=len(site.pages), errors=list(site.errors))
    expected: dict[tuple[str, str], set[pathlib.Path]] = {pair: set() for pair in pairs}
    skipped = {e.path for e in site.errors}
    rewriters = {lang: Rewriter([rule.for_language(lang) for rule in config.rewrite]) for _, lang in pairs}
    for page in progress(site.pages, "build"):
        work = PageUnits(page, site.rules)
        loaded: dict[str, catalogs.Translations | None] = {}
        for region, lang in pairs:
            if not page.published_in(region):
                continue
            path = output_path(config, region, lang, page)
            expected[(region, lang)].add(path)
            if lang not in loaded:
                loaded[lang] = _translations(site, page, lang, report)
            if loaded[lang] is None:
                skipped.add(page.label)
                continue
            text = _render(site, work, region, lang, loaded[lang], keep_variables, rewriters[lang], report)
            if text is None:
                skipped.add(page.label)
                continue
            report.units += len(work.units(region))
            if write_if_changed(path, text):
                report.written += 1
            else:
                report.unchanged += 1
    report.removed = _remove_stale(site, expected, skipped)
    return report


def _translations(site: Site, page, lang: str, report: Report) -> catalogs.Translations | None:
    config = site.config
    if lang == config.source_language:
        return catalogs.Translations()
    path = catalog_path(config, lang, page)
    try:
        po, _ = load_catalog(path, config.label(path))
    except SourceError as err:
        report.errors.append(err)
        return None
    return catalogs.translations(po) if po is not None else catalogs.Translations()


def _render(site: Site, work: PageUnits, region: str, lang: str, found: catalogs.Translations,
            keep_variables: bool, rewriter: Rewriter, report: Report) -> str | None:
    config = site.config
    resolver = None if keep_variables else Resolver(config.regions[region].values(lang), site.structural)
    projection = work.projection(region)
    text = render_page(projection.text, work.units(region), found.lookup(region), resolver, rewriter)
    if resolver is not None and resolver.missing:
        name = resolver.missing[0][0]
        used = dict(reversed(variables_used(work.page, site.structural)))
        report.errors.append(SourceError(
                work.page.label, LineIndex(work.page.text).line(used.get(name, 0)),
                f"variable '{name}' has no value in region {region}, language {lang}: "
                f"add it to regions.{region}.variables or regions.{region}.languages.{lang}"))
        return None
    return text


def _remove_stale(site: Site, expected: dict[tuple[str, str], set[pathlib.Path]], skipped: set[str]) -> int:
    """Outputs of pages that left the source or the region; a skipped page keeps its last output."""
    config = site.config
    removed = 0
    for (region, lang), paths in expected.items():
        folder = config.build_dir / region / lang
        if not folder.is_dir():
            continue
        for path in folder.rglob("*.md"):
            if path in paths:
                continue
            source = config.source_dir / path.relative_to(folder)
            if config.label(source) in skipped:
                continue
            path.unlink()
            removed += 1
    return removed
