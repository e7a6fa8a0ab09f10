"""The extract job: every page's units to its catalogs in every target language, updated the way
msgmerge does, with the language's translation memory.
"""
from __future__ import annotations

import os
import pathlib
from typing import Callable, Iterable

from pipeline.back.variables import Rewriter
from pipeline.files import forget_folders
from pipeline.model import Report, SourceError
from pipeline.po import catalogs, glossary as glossary_po, review
from pipeline.po.memory import Memory, pairs_of
from pipeline.reading.pages import Page
from pipeline.run import digests, glossaries, replay, reviews
from pipeline.run.cache import PageCache, digest, pairs_key
from pipeline.run.each import Progress, cache_problems, each_page, keep_units_on_disk, plain, published_regions, rewriter, write
from pipeline.parallel import map_chunks
from pipeline.site import PageUnits, Site, catalog_path


def page_entries(site: Site, work: PageUnits, lang: str) -> list[catalogs.Entry]:
    places = [p for r in published_regions(site, work.page, lang) for p in work.places(r)]
    return catalogs.collect(places, list(site.config.regions), site.config.source_language, site.config.literals)


KEEP_READ = 500  # catalogs read for the memory kept parsed for their page's own update; the rest
                 # are read again: 20,000 parsed catalogs would take more than a GB


def memories(site: Site, langs: list[str], seen: dict[str, list | None], wanted: set[pathlib.Path],
             jobs: int = 1, listed: list[tuple[str, str | None]] | None = None,
             ) -> dict[str, tuple[Memory, dict[pathlib.Path, tuple]]]:
    """Every catalog of each language as it is before the run: its translation memory, and the
    files read for it that are `wanted` (up to KEEP_READ a language, when read in this process).
    A catalog whose bytes the store knows gives its pairs unread (extract stores those of every
    catalog it writes); the others are read on `jobs` processes (a cold run of a translated tree
    reads them all). `seen` gets the store key of every catalog, with its pairs when they are new
    to the store. `listed`: every catalog and its hash as the run's replay check listed them
    (`replay.Inputs.catalogs`), not listed again."""
    keyed: dict[str, list[tuple[pathlib.Path, str | None]]] = {}  # lang -> (path, its store key)
    for lang, found in _catalogs_of(site, langs, listed).items():
        keyed[lang] = [(pathlib.Path(path),
                        None if site.store is None or os.path.islink(path) else pairs_key(file_hash))
                       for path, file_hash in found]
    keys = [key for found in keyed.values() for _, key in found if key is not None]
    seen.update(dict.fromkeys(keys))
    stored = site.store.pairs_of_keys(keys) if site.store is not None else {}
    listed = {lang: [(path, key, stored.get(key)) for path, key in found] for lang, found in keyed.items()}
    unread = [path for found in listed.values() for path, _, known in found if known is None]
    keep = {path for found in listed.values()
            for path in [path for path, _, known in found if known is None and path in wanted][:KEEP_READ]}
    parent = os.getpid()

    def read_some(paths: Iterable[pathlib.Path]) -> list[tuple[list | None, tuple | None]]:
        """Each catalog's pairs (None: unreadable) and, when read in this process, the parsed
        catalog for its page's update (a worker's would have to be sent back whole)."""
        found = []
        for path in paths:
            try:
                po, text = review.load(path, site.config.label(path), site.config.locales_dir)
            except SourceError:
                found.append((None, None))
                continue
            found.append((pairs_of(po), (po, text) if path in keep and os.getpid() == parent else None))
        return found

    read = dict(zip(unread, (one for part in map_chunks(read_some, unread, jobs, plain, "memory") for one in part)))
    result = {}
    for lang, found in listed.items():
        pairs, catalogs_read = [], {}
        for path, key, known in found:
            if known is None:
                known, parsed = read[path]
                if known is None:
                    continue  # unreadable: reported when its page is processed
                if parsed is not None:
                    catalogs_read[path] = parsed
                if key is not None:
                    seen[key] = known
            pairs.extend(known)
        result[lang] = (Memory(pairs), catalogs_read)
    return result


def _catalogs_of(site: Site, langs: list[str], listed: list[tuple[str, str | None]] | None
                 ) -> dict[str, list[tuple[str, str | None]]]:
    """Each language's catalogs and their hashes, in `sorted_files`' order: taken from the run's
    listing of every catalog when there is one, else listed and hashed now."""
    locales = site.config.locales_dir
    if listed is None or any(os.path.islink(locales / lang) for lang in langs):  # the listing did not enter it
        return {lang: replay.hashes(site.config, locales / lang, ".po") for lang in langs}
    below = {os.path.join(str(locales), lang, ""): lang for lang in langs}
    found: dict[str, list[tuple[str, str | None]]] = {lang: [] for lang in langs}
    for path, file_hash in listed:  # in order: each language's part of it is in order too
        lang = below.get(path[:path.find(os.sep, len(str(locales)) + 1) + 1])
        if lang is not None:
            found[lang].append((path, file_hash))
    return found


def _keep_pairs(site: Site, seen: dict[str, list | None], done: list[Page], languages: list[str],
                every_language: bool) -> None:
    """The memory's pairs of the catalogs read this run go to the store; with every language seen,
    those of catalog versions that are gone leave it (the catalogs of the pages done and the
    glossaries were written this run, and their pairs stored then)."""
    for key, pairs in seen.items():
        if pairs is not None:
            site.store.put_pairs(key, pairs)
    if seen and every_language:
        files = digests.of_tree(site.config.build_dir)
        written = {pairs_key(files.of(path)) for path in _written(site, done, languages)}
        site.store.prune_pairs(seen.keys() | written)


def _written(site: Site, done: list[Page], languages: list[str]) -> list[pathlib.Path]:
    """The catalogs an extract may have written: those of the pages it did, and the glossaries."""
    paths = [catalog_path(site.config, lang, page) for page in done for lang in languages]
    return paths + [glossary_po.path(site.config.locales_dir, lang) for lang in languages]


def extract(site: Site, fuzzy: bool = True, purge: bool = False, progress: Progress = plain,
            langs: list[str] | None = None, fill: Callable[[catalogs.polib.POFile], None] | None = None,
            jobs: int = 1, use_cache: bool = True, inputs: replay.Inputs | None = None) -> Report:
    """Updates the catalogs of every target language (or `langs`); `fill` may set msgstrs before writing.

    Pages whose source and catalogs are as the last run left them are skipped (see `cache`).
    `inputs`: the files as the replay found them (see `replay.record`)."""
    config = site.config
    forget_folders()
    report = Report(pages=len(site.pages), errors=list(site.errors))
    languages = [lang for lang in config.target_languages if not langs or lang in langs]
    if use_cache:
        keep_units_on_disk(site)
    cache = PageCache(site.store, "extract") if use_cache and fill is None else None
    options = replay.extract_options(config, languages, fuzzy, purge)
    glossaries.load(site, languages, report)

    def key(page: Page) -> str:
        return digest(options, site.text_key(page), *glossaries.catalog_key_parts(site, page, languages))

    memory_of: dict = {}  # lang -> its memory and the catalogs read for it (see memories)
    seen: dict[str, list | None] = {}  # the store's key of each catalog read for the memories
    done: list[Page] = []

    def load_memories(todo: list[Page]) -> None:  # before the workers fork, so they share it
        done.extend(todo)
        wanted = {catalog_path(config, lang, page) for page in todo for lang in languages}
        memory_of.update(memories(site, languages, seen, wanted, jobs, inputs.catalogs if inputs else None)
                         if todo else {})

    rewriters = {lang: rewriter(site, lang) for lang in languages}

    def do_page(page: Page) -> Report:
        mine = Report()
        _extract_page(site, site.page_units(page), languages, memory_of, fuzzy, purge, fill, mine, rewriters)
        return mine

    each_page(site, cache, key, do_page, report, jobs, progress, "extract", before=load_memories)
    if fill is None:  # a filled catalog (pseudo) is no translation of the labels
        glossaries.write_all(site, languages, report, fuzzy, purge, cache)
    # A run that changed nothing adds nothing to a build folder a build has finished in, so that
    # running the pipeline again over a finished tree changes no byte; a fresh tree starts a cache.
    fresh_tree = not site.store.page_names("build") if cache else False
    saved = cache.save(worked=report.written > 0 or fresh_tree) if cache else False
    if saved:  # with the page entries: an extract that changed nothing adds nothing
        _keep_pairs(site, seen, done, languages, languages == config.target_languages)
    cache_problems(site, report)
    if saved:
        replay.record(config, "extract", options, report, inputs, wrote=_written(site, done, languages))
    return report


def _extract_page(site: Site, work: PageUnits, languages: list[str], memories: dict, fuzzy: bool, purge: bool,
                  fill: Callable | None, report: Report, rewriters: dict[str, Rewriter]) -> None:
    config, page = site.config, work.page
    msgids: set[str] = set()
    for lang in languages:
        entries = page_entries(site, work, lang)
        msgids.update(e.msgid for e in entries)
        kinds, terms = site.unit_kinds(work, lang), glossaries.of(site, lang)
        terms.annotate(entries, kinds)
        report.labels.extend(glossary_po.uses(entries, kinds, lang, page.rel, config.source_language))
        path = catalog_path(config, lang, page)
        tm, read = memories[lang]
        try:
            old, old_text = read[path] if path in read else review.load(path, config.label(path),
                                                                        config.locales_dir)
        except SourceError as err:
            report.errors.append(err)
            continue
        if not entries and old is None:
            continue
        po = catalogs.build_catalog(page.rel, lang, entries, config.regions_of(lang), config.project, old,
                                    tm, fuzzy, purge)
        if fill is not None:
            fill(po)
        text = catalogs.stamp(po, old, old_text, catalogs.now())
        write(config, path, text, config.locales_dir, report)
        if site.store is not None:  # the build's review of this catalog, while it is in memory
            if text == old_text:
                written = old  # parsed from the file: it has its line numbers
            else:
                written = po
                catalogs.number_lines(po, text)
            result = review.review(written, text, config.label(path), lang, config.checks, rewriters[lang],
                                   kinds, terms)
            site.store.put_review(reviews.key(site, page, lang, text, rewriters[lang]), result.as_json())
            if written is po:  # a catalog as it was is in `seen` (see memory): stored if the run saves
                site.store.put_pairs(pairs_key(digests.hash_of(text.encode("utf-8"))), pairs_of(po))
    report.units += len(msgids)
