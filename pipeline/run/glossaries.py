"""The glossary in a run: each language's `_glossary.po` read once before the pages (its translations
feed the checks, the comments and the pages' cache keys), and rewritten by extract from the labels
every page named (the pages' own findings, replayed for the pages the cache skips).
"""
from __future__ import annotations

import json
import pathlib
from typing import Iterator

from pipeline.model import L10nError, Report, SourceError
from pipeline.po import catalogs, glossary
from pipeline.po.glossary import Glossary
from pipeline.po.memory import pairs_of
from pipeline.reading.pages import Page
from pipeline.run import digests
from pipeline.run.cache import PageCache, digest, file_bytes, pairs_key
from pipeline.run.each import rewriter, write
from pipeline.site import Site, catalog_name

EMPTY = Glossary()


def load(site: Site, langs: list[str], report: Report) -> None:
    """Reads the glossary of each language into `site.glossaries`; one that cannot be read is an
    error, and the run goes on without it (and never rewrites it). What the checks read of it
    comes from the store when a run already read these bytes."""
    config = site.config
    for lang in langs:
        if lang in site.glossaries or lang == config.source_language:
            continue
        file = glossary.path(config.locales_dir, lang)
        key = _key(site, lang, file_bytes(file)) if site.store is not None and not file.is_symlink() else None
        stored = site.store.get_review(key) if key else None
        if stored:
            site.glossaries[lang] = _from_json(stored)
            continue
        try:
            site.glossaries[lang] = found = glossary.load(file, config.label(file), config.locales_dir, lang,
                                                          config.checks, rewriter(site, lang))
        except SourceError as err:
            report.errors.append(err)
            site.glossaries[lang] = Glossary(readable=False)
            continue
        if key and found.po is not None:
            site.store.put_review(key, _to_json(found))


def _key(site: Site, lang: str, data: bytes | None) -> str | None:
    """What the glossary's terms and problems depend on: its bytes, the checks, the rewrite rules."""
    if data is None:
        return None
    return digest("glossary", data, lang, json.dumps(site.config.checks, sort_keys=True),
                  repr(sorted(rewriter(site, lang).targets.items())))


def keys(site: Site, langs: list[str]):
    """The store keys of the glossaries as they are now (a build keeps them when it prunes reviews)."""
    for lang in langs:
        file = glossary.path(site.config.locales_dir, lang)
        key = None if file.is_symlink() else _key(site, lang, file_bytes(file))
        if key:
            yield key


def _to_json(found: Glossary) -> str:
    def problems(items):
        return [[p.path, p.line, p.message, p.check, p.detail, p.ref] for p in items]
    return json.dumps([[[c, label, text] for (c, label), text in found.terms.items()], problems(found.errors),
                       problems(found.warnings)], ensure_ascii=False)


def _from_json(text: str) -> Glossary:
    """What the checks read of a glossary (no catalog: only extract rewrites it, and reads it)."""
    terms, errors, warnings = json.loads(text)
    return Glossary(None, None, {(c, label): t for c, label, t in terms}, [L10nError(*p) for p in errors],
                    [L10nError(*p) for p in warnings])


def of(site: Site, lang: str) -> Glossary:
    """The language's glossary as `load` read it (an empty one when there is none)."""
    return site.glossaries.get(lang, EMPTY)


def catalog_key_parts(site: Site, page: Page, langs: list[str]) -> list[str | None]:
    """What a page's cache key takes from its catalogs: each one's hash (`digests`: not read when
    unchanged) and the glossary translations the page and the catalog may name."""
    files = digests.of_tree(site.config.build_dir)
    parts: list[str | None] = []
    for lang in langs:
        path = catalog_name(site.config, lang, page)
        parts += [files.of(path), relevant(site, lang, page, path)]
    return parts


def relevant(site: Site, lang: str, page: Page, catalog: pathlib.Path | str, text: str | None = None) -> str:
    """`Glossary.relevant` of the page and its catalog (`text`, else the file), the labels it
    matched kept in the store under the hashes of the page, the catalog and the glossary's labels:
    once translators have translated labels, a run after one page changed neither reads the other
    pages' catalogs nor scans their texts (at 2,000 pages that was 3.5 s a job)."""
    terms = of(site, lang)
    if not terms.terms:
        return ""

    def scanned() -> list[str]:
        return terms.matched(page.text, file_bytes(pathlib.Path(catalog)) if text is None else text)
    if site.store is None:
        return terms.translations_of(scanned())
    if text is None:
        catalog_hash = digests.of_tree(site.config.build_dir).of(catalog)  # read only when it changed
    else:
        catalog_hash = digests.hash_of(text.encode("utf-8"))
    key = label_key(site, lang, page, catalog_hash)
    matched = site.store.get_labels(key)
    if matched is None:
        matched = scanned()
        site.store.put_labels(key, matched)
    return terms.translations_of(matched)


def label_key(site: Site, lang: str, page: Page, catalog_hash: str | None) -> str:
    return digest("labels", site.text_key(page), catalog_hash, lang, of(site, lang).labels_key)


def label_keys(site: Site, langs: list[str]) -> Iterator[str]:
    """The store keys of the labels matched in every page and catalog as they are now."""
    files = digests.of_tree(site.config.build_dir)
    for lang in langs:
        if of(site, lang).terms:
            for page in site.pages:
                yield label_key(site, lang, page, files.of(catalog_name(site.config, lang, page)))


def problems(site: Site, langs: list[str], report: Report, strict: bool = True) -> None:
    """The glossary catalogs' own problems: a translation kept out of the glossary (an error: the
    check does not use it; a warning unless `strict`), and warnings."""
    for lang in langs:
        found = of(site, lang)
        for problem in found.errors:
            problem = L10nError(problem.path, problem.line, problem.message + "; the glossary check does not use it",
                                problem.check, problem.detail, problem.ref)
            (report.errors if strict else report.warnings).append(problem)
        report.warnings.extend(found.warnings)


def write_all(site: Site, langs: list[str], report: Report, fuzzy: bool, purge: bool,
              cache: PageCache | None = None) -> None:
    """Rewrites each language's glossary from the labels the pages named (`report.labels`). With
    pages that could not be read, no label is retired: their labels were not seen. The `cache`
    knows a glossary already up to date with these labels (an entry of its own, as a page's)."""
    config = site.config
    order = [page.rel for page in site.pages]
    for lang in langs:
        if not of(site, lang).readable:
            continue
        terms = glossary.harvest(report.labels, lang, order)
        file = glossary.path(config.locales_dir, lang)
        options = json.dumps([[t.convention, t.label, t.uses, t.pages[:glossary.FIRST_PAGES], len(t.pages)]
                              for t in terms], ensure_ascii=False) + f" {fuzzy} {purge} {bool(site.errors)} " \
            + config.blob
        name = f"{glossary.NAME} {lang}"  # no page has this name
        if cache is not None and cache.get(name, digest(options, file_bytes(file))):
            report.unchanged += 1
            continue
        old = _catalog(site, lang, file, report)
        if old is None or not terms and old.po is None:
            continue
        po = glossary.build(lang, terms, config.project, old.po, fuzzy, purge, partial=bool(site.errors))
        text = catalogs.stamp(po, old.po, old.text, catalogs.now())
        write(config, file, text, config.locales_dir, report)
        if cache is not None:
            cache.fresh[name] = PageCache.entry(digest(options, file_bytes(file)), {}, [file])
        if site.store is not None and text != old.text:  # what the build will read of it, while it is in memory
            catalogs.number_lines(po, text)
            new = glossary.from_catalog(po, text, config.label(file), lang, config.checks, rewriter(site, lang))
            site.store.put_review(_key(site, lang, text.encode("utf-8")), _to_json(new))
            # and its pairs for the memory (none: its entries have contexts), or the next extract reads it for them
            site.store.put_pairs(pairs_key(digests.hash_of(text.encode("utf-8"))), pairs_of(po))
    report.labels = []  # found again from the pages' own findings next run: not a run's record


def _catalog(site: Site, lang: str, file, report: Report) -> Glossary | None:
    """The glossary with its catalog (what `load` took from the store has none); None: unreadable."""
    found = of(site, lang)
    if found.po is not None or not file.exists():
        return found
    config = site.config
    try:
        return glossary.load(file, config.label(file), config.locales_dir, lang, config.checks, rewriter(site, lang))
    except SourceError as err:
        report.errors.append(err)
        return None


def stale(site: Site, lang: str, rows: list, report: Report) -> None:
    """`check`: the glossary lists the labels the pages name, or extract has not run since."""
    found = of(site, lang)
    if found.po is None and not rows:
        return
    harvested = {(t.convention, t.label) for t in glossary.harvest(rows, lang, [p.rel for p in site.pages])}
    listed = {(e.msgctxt, e.msgid) for e in found.po or () if not e.obsolete and e.msgctxt in glossary.CONVENTIONS}
    if harvested != listed:
        file = glossary.path(site.config.locales_dir, lang)
        report.warnings.append(L10nError(site.config.label(file), None, f"{len(harvested - listed)} labels of the "
                                         f"source missing, {len(listed - harvested)} entries no longer in it: "
                                         f"run l10n extract"))
