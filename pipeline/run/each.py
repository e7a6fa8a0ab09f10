"""Per-page work, the one seam where caching and the worker pool apply: a page whose inputs are as
the last run left them is not redone (its findings are replayed), the others are done on `jobs`
processes; and the writes every job makes.
"""
from __future__ import annotations

import pathlib
from typing import Callable, Iterable, Iterator, TypeVar

from pipeline.back.variables import Rewriter
from pipeline.files import describe, write_if_changed
from pipeline.model import L10nError, Report
from pipeline.reading.pages import Page
from pipeline import site as site_mod
from pipeline.run import digests
from pipeline.run.cache import PageCache, Store, digest, dump as dump_report, load as load_report
from pipeline.parallel import map_chunks
from pipeline.settings.config import Config
from pipeline.site import Site


R = TypeVar("R")
Progress = Callable[..., Iterable]  # progress(items, label, length=None) yields the items


def plain(items: Iterable, label: str, length: int | None = None) -> Iterable:
    return items


def rewriter(site: Site, lang: str) -> Rewriter:
    return Rewriter([rule.for_language(lang) for rule in site.config.rewrite])


def published_regions(site: Site, page: Page, lang: str) -> list[str]:
    return [r for r in site.config.regions_of(lang) if page.published_in(r)]


def cache_problems(site: Site, report: Report) -> None:
    """A cache the system refused (a full disk, a folder in its place) is a warning, not a failure:
    the run did its work without it. Such a run is not recorded for replay. The rows the store
    still keeps are written first."""
    if site.store is not None:
        site.store.flush()
    problem = getattr(site.store, "problem", None)
    if problem is not None:
        report.warnings.append(L10nError(site.config.label(site.store.path), None, f"cache not usable "
                                         f"({describe(problem)}): the run went on without it"))
        report.failed_writes += 1


def load_site(config: Config, listed: list[tuple[str, str | None]] | None = None) -> Site:
    """`site.load` with what the last run found of each page (the store's facts), kept for the
    next, and the hash of each page the run record took (`digests`): a run that changed one page
    of 10,000 reads, scans and checks that page only. `listed`: the pages and their hashes as the
    run's replay check listed them (`replay.Inputs.pages`), not listed again."""
    if not config.source_dir.is_dir():
        return site_mod.load(config)  # the error it raises, before any cache file is made
    store = Store(config.build_dir)
    known = store.page_facts()
    site = site_mod.load(config, known, salt=digest("page facts"), hashes=digests.of_tree(config.build_dir).of,
                         listed=listed)
    store.save_page_facts(site.facts, known)
    site.facts = {}
    store.use_rules(site.rules)
    site.store, site.memo = store, store.memo
    return site


def keep_units_on_disk(site: Site) -> None:
    """The store of the run's caches (see run.cache): what one job (or an earlier run) found serves the next."""
    if site.store is None:
        site.store = Store(site.config.build_dir, site.rules)
        site.store.ready()
        site.memo = site.store.memo


def each_page(site: Site, cache: PageCache | None, key: Callable[[Page], str], do_page: Callable[[Page], Report],
               report: Report, jobs: int, progress: Progress, label: str,
               before: Callable[[list[Page]], None] = lambda todo: None) -> int:
    """do_page for every page the cache does not know in its current state, on `jobs` processes;
    the findings of the others are replayed. Results are merged into `report` in page order.
    Returns how many pages were done."""
    todo = []
    if cache:
        cache.expect(page.rel for page in site.pages)
    for page in site.pages:
        hit = cache.get(page.rel, key(page)) if cache else None
        if hit:
            load_report(hit["data"], into=report)
        else:
            todo.append(page)
    before(todo)

    def work(pages: Iterable[Page]) -> tuple[Report, dict]:
        part, entries = Report(), {}
        for page in pages:
            mine = do_page(page)
            if cache and not mine.errors and not mine.kept:
                outputs = [p for paths in mine.expected.values() for p in paths]
                entries[page.rel] = PageCache.entry(key(page), dump_report(mine), outputs)
            part.merge(mine)
        return part, entries

    for part, entries in map_with_store(site, work, todo, jobs, progress, label):
        report.merge(part)
        if cache:
            cache.fresh.update(entries)
    return len(todo)


def map_with_store(site: Site, work: Callable[[Iterable[Page]], R], pages: list[Page], jobs: int,
                   progress: Progress, label: str) -> Iterator[R]:
    """`map_chunks` for work that writes to the site's store: its rows written before the workers
    fork (not copied into every worker), and each worker's before it answers (it may be stopped then)."""
    def flushed(chunk: Iterable[Page]) -> R:
        found = work(chunk)
        if site.store is not None:
            site.store.flush()
        return found
    if site.store is not None:
        site.store.flush()
    return map_chunks(flushed, pages, jobs, progress, label)


def write(config: Config, path: pathlib.Path, text: str, base: pathlib.Path, report: Report) -> None:
    """Writes when the content changed, and counts it; a refused or failed write is an error."""
    try:
        if write_if_changed(path, text, base):
            report.written += 1
        else:
            report.unchanged += 1
    except OSError as err:
        report.errors.append(L10nError(config.label(path), None, f"cannot write: {describe(err)}"))
        report.failed_writes += 1
