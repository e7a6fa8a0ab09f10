"""The build job: every published page, region and language, with its translations spliced in.
Pages are independent: a page with an error is reported and skipped, the others are done.
"""
from __future__ import annotations

import os
import pathlib
import sys
from typing import Iterable, Iterator

from pipeline.back import links
from pipeline.back.variables import Rewriter
from pipeline.delivery import stats
from pipeline.delivery.stats import Counts
from pipeline.files import files_below, forget_folders, signature
from pipeline.model import FALLBACKS_PER_PAGE, L10nError, MAX_FALLBACKS_LISTED, PageRow, Report
from pipeline.parallel import map_parts
from pipeline.po import catalogs
from pipeline.reading.pages import Page
from pipeline.reading.projection import project
from pipeline.run import glossaries, replay
from pipeline.run.cache import PageCache, digest
from pipeline.run.dead_links import dead_links
from pipeline.run.each import Progress, cache_problems, each_page, keep_units_on_disk, plain, rewriter, write
from pipeline.run.render import render
from pipeline.run.reviews import review_keys, translations
from pipeline.site import PageUnits, Site, output_path


def outputs(site: Site, pages: Iterable[Page], pairs: list[tuple[str, str]], rewriters: dict[str, Rewriter],
            report: Report, strict: bool = False) -> Iterator[tuple[PageUnits, str, str, catalogs.Translations, Counts]]:
    """Every published (page, region, language) with its usable translations and its counts.

    Pages below the language's `min_translated` are held back (listed in report.unpublished);
    pages whose catalog cannot be read are reported and skipped."""
    config = site.config
    for page in pages:
        work = site.page_units(page)
        loaded: dict[str, catalogs.Translations | None] = {}
        for region, lang in pairs:
            if not page.published_in(region):
                continue
            if lang not in loaded:
                loaded[lang] = translations(site, work, lang, rewriters[lang], report, strict)
            found = loaded[lang]
            if found is None:
                report.kept.add(page.label)
                continue
            counts = stats.count(work.units(region), found.lookup(region), found.fuzzy, config.source_language,
                                 source=lang == config.source_language, rejected=found.rejected,
                                 literals=config.literals)
            row = PageRow(page.rel, region, lang, **counts.as_dict())
            if counts.percent < config.min_translated.get(lang, 0):
                report.unpublished.append(row)
                continue
            report.pages_stats.append(row)
            report.pairs.setdefault((region, lang), stats.Counts()).add(counts)
            if lang != config.source_language and counts.translated < counts.units \
                    and len(report.fallbacks) < MAX_FALLBACKS_LISTED:
                report.fallbacks.extend(_fallbacks(work, region, lang, found, config.source_language, config.literals))
            yield work, region, lang, found, counts


def _fallbacks(work: PageUnits, region: str, lang: str, found: catalogs.Translations, source_language: str,
               literals: str) -> list[dict]:
    """The first units of a page shown in the source language (the report lists a few per page;
    code and units with no source-language letter are published as they are on purpose)."""
    lookup = found.lookup(region)
    first = []
    for unit in work.units(region):
        if lookup(unit.msgid) is None and stats.counted(unit, source_language, literals):
            first.append({"region": region, "lang": lang, "page": work.page.rel,
                          "line": work.place(unit, region).line, "msgid": unit.msgid})
            if len(first) == FALLBACKS_PER_PAGE:
                break
    return first


def build(site: Site, regions: list[str] | None = None, langs: list[str] | None = None,
          keep_variables: bool = False, strict: bool = False, progress: Progress = plain, jobs: int = 1,
          use_cache: bool = True, inputs: replay.Inputs | None = None) -> Report:
    """Writes every published output; pages whose inputs and outputs are as the last run left them
    are skipped and their findings replayed (see `cache`). `inputs`: the state of the files the
    build reads, when the replay took it (see `replay.record`)."""
    config = site.config
    forget_folders()
    pairs = replay.pairs(config, regions, langs)
    report = Report(pages=len(site.pages), errors=list(site.errors))
    if any(lang != config.source_language for _, lang in pairs) and not config.locales_dir.is_dir():
        report.warnings.append(L10nError(config.label(config.locales_dir), None, "no catalogs yet: every language "
                                         "is built in the source text (l10n extract starts the catalogs)"))
    report.expected = {pair: set() for pair in pairs}
    report.kept = {e.path for e in site.errors}
    rewriters = {lang: rewriter(site, lang) for _, lang in pairs}
    if use_cache:
        keep_units_on_disk(site)
    cache = PageCache(site.store, "build") if use_cache else None
    dead: dict[str, list[links.DeadLink]] = {}  # by page: each page looks up its own
    found = Report()  # the links check's findings: listed first, whenever they are found

    def find_dead_links() -> None:
        for d in dead_links(site, found, cache, jobs):
            dead.setdefault(d.path, []).append(d)

    unlinking = config.links.unpublished == "unlink"  # dead links change outputs: find them first
    if unlinking:
        find_dead_links()
    options = replay.build_options(config, pairs, keep_variables, strict)
    targets = sorted({lang for _, lang in pairs if lang != config.source_language})
    glossaries.load(site, targets, report)
    glossaries.problems(site, targets, report, strict)

    def key(page: Page) -> str:
        mine = sorted((d.line, d.target, d.regions, d.reason) for d in dead.get(page.label, ())) if unlinking else []
        return digest(options, site.text_key(page), str(page.bom), repr(mine), *glossaries.catalog_key_parts(site, page, targets))

    def do_page(page: Page) -> Report:
        return _build_page(site, page, pairs, rewriters, keep_variables, strict, dead)

    redone = each_page(site, cache, key, do_page, report, jobs, progress, "build")
    if not unlinking:
        find_dead_links()
    report.dead_links = found.dead_links
    report.errors[len(site.errors):len(site.errors)] = found.errors
    report.warnings[:0] = found.warnings
    if site.store is not None and redone and not regions and not langs:
        _prune(site, targets, rewriters)
    report.removed, folders = _remove_stale(site, report, jobs)
    if cache:
        cache.save()
    cache_problems(site, report)
    if cache:
        folders.update(cache.signatures)  # one dict of what the run took (at 10,000 pages, 130,000 entries)
        replay.record(config, "build", options, report, inputs, folders)
    return report


def _prune(site: Site, targets: list[str], rewriters: dict[str, Rewriter]) -> None:
    """Drops from the store the units of projections no page shows any more and the reviews of
    catalogs gone, once they may be a fifth of it: finding what is still used means projecting
    every page and keying every catalog, which a run that changed one page should not pay."""
    config, store = site.config, site.store
    shown = [(p, r) for p in site.pages for r in config.regions if p.published_in(r)]
    if store.crowded("units", len(shown)):
        store.prune(project(p.text, r).text for p, r in shown)
    if store.crowded("reviews", len(site.pages) * len(targets) + len(targets)):
        store.prune_reviews([*review_keys(site, targets, rewriters), *glossaries.keys(site, targets)])
    if store.crowded("labels", len(site.pages) * len(targets)):
        store.prune_labels(glossaries.label_keys(site, targets))


def _build_page(site: Site, page: Page, pairs: list[tuple[str, str]], rewriters: dict[str, Rewriter],
                keep_variables: bool, strict: bool, dead: dict[str, list[links.DeadLink]]) -> Report:
    config = site.config
    mine = Report()
    for page_units, region, lang, found, _ in outputs(site, [page], pairs, rewriters, mine, strict):
        path = output_path(config, region, lang, page)
        mine.expected.setdefault((region, lang), set()).add(str(path))
        text = render(site, page_units, region, lang, found, keep_variables, rewriters[lang], mine, dead)
        if text is None:
            mine.kept.add(page.label)
            continue
        mine.units += len(page_units.units(region))
        write(config, path, text, config.build_dir, mine)
    return mine


def _remove_stale(site: Site, report: Report, jobs: int = 1) -> tuple[int, dict[str, list[int] | None]]:
    """Outputs of pages that left the source or the region, or that are held back (min_translated).
    Decided from the source as it is now, never from a cache: a file is stale only when no page of
    this run owns it. A page skipped on an error keeps its last output. Each region × language's
    folder is walked on a worker (at 10,000 pages, 70,000 folders: a tenth of a one-page build).
    Returns how many were removed, and each output folder's signature as the walk listed it (the
    run record's: a file added after it was listed makes the next run a real one)."""
    config = site.config
    held_back = {(row["region"], row["lang"], row["page"]) for row in report.unpublished}
    pairs = [pair for pair in report.expected if (config.build_dir / pair[0] / pair[1]).is_dir()]

    def stale(chunk: Iterable[tuple[str, str]]) -> tuple[list[pathlib.Path], dict[str, list[int] | None]]:
        found, folders = [], {}
        for region, lang in chunk:
            folder = config.build_dir / region / lang
            owned = {p.rel for p in site.pages if p.published_in(region) and (region, lang, p.rel) not in held_back}
            found += [folder / rel for rel in _pages_under(folder, folders)
                      if rel not in owned and config.label(config.source_dir / rel) not in report.kept]
        return found, folders
    removed, signatures = 0, {}
    for found, folders in map_parts(stale, pairs, jobs, len(site.pages)):
        signatures.update((sys.intern(name), seen) for name, seen in folders.items())  # the record's names too
        for path in found:
            path.unlink()
            removed += 1
            signatures[str(path.parent)] = signature(path.parent)  # as the removal left it
    return removed, signatures


def _pages_under(folder: pathlib.Path, folders: dict[str, list[int] | None]) -> Iterator[str]:
    """The `.md` files below folder, as '/'-separated paths relative to it (as `rglob`, without
    making a Path of each of the thousands of outputs that are still owned); each folder's
    signature put in `folders` as it is listed."""
    skip = len(str(folder)) + 1
    for path in files_below(folder, ".md", ordered=False, folders=folders):  # which, not in what order
        yield path[skip:].replace(os.sep, "/")
