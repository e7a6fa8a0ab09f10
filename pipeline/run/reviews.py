"""The review of a page's catalog (po.review) as the build and check use it: from the store when
extract or an earlier build made it for the catalog's current bytes, else made here.
"""
from __future__ import annotations

import json
from typing import Iterator

from pipeline.back.variables import Rewriter
from pipeline.model import Report, SourceError
from pipeline.po import catalogs, review
from pipeline.reading.pages import Page
from pipeline.run import glossaries
from pipeline.run.cache import digest
from pipeline.site import PageUnits, Site, catalog_path


def key(site: Site, page: Page, lang: str, text: str, rewriter: Rewriter) -> str:
    """What a review depends on: the catalog's text and language, the checks' settings, the rewrite
    rules, what decides the kinds of the units its msgids go back into (the page and the config),
    so the key is known without segmenting the page, and the glossary translations it may read."""
    return digest("review", text, lang, json.dumps(site.config.checks, sort_keys=True),
                  repr(sorted(rewriter.targets.items())), site.text_key(page), site.config.blob,
                  glossaries.relevant(site, lang, page, catalog_path(site.config, lang, page), text))


def review_key(site: Site, page: Page, lang: str, rewriter: Rewriter) -> str | None:
    """The store's key of this catalog's review, as the file is now; None without a store, or
    when there is no readable catalog (the slow way reports that)."""
    path = catalog_path(site.config, lang, page)
    if site.store is None or path.is_symlink():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return key(site, page, lang, text, rewriter)


def review_keys(site: Site, langs: list[str], rewriters: dict[str, Rewriter]) -> Iterator[str]:
    """The review keys of every catalog as it is now."""
    for page in site.pages:
        for lang in langs:
            key = review_key(site, page, lang, rewriters[lang])
            if key:
                yield key


def reviewed(site: Site, work: PageUnits, lang: str, rewriter: Rewriter,
              report: Report) -> tuple[object, review.Review | None] | None:
    """A page's catalog in `lang` and its review ((None, None) when there is none yet);
    None, reported, when it cannot be read."""
    path = catalog_path(site.config, lang, work.page)
    label = site.config.label(path)
    try:
        po, text = review.load(path, label, site.config.locales_dir)
    except SourceError as err:
        report.errors.append(err)
        return None
    if po is None:
        return None, None
    return po, review.review(po, text, label, lang, site.config.checks, rewriter, site.unit_kinds(work, lang),
                             glossaries.of(site, lang))


def translations(site: Site, work: PageUnits, lang: str, rewriter: Rewriter, report: Report,
                  strict: bool) -> catalogs.Translations | None:
    """The entries the build may use; rejected ones fall back to the source (errors with --strict)."""
    if lang == site.config.source_language:
        return catalogs.Translations()
    key = review_key(site, work.page, lang, rewriter)
    stored = site.store.get_review(key) if key else None  # made by extract, or an earlier build
    if stored:
        result = review.Review.from_json(stored)
    else:
        loaded = reviewed(site, work, lang, rewriter, report)
        if loaded is None:
            return None
        po, result = loaded
        if po is None:
            return catalogs.Translations()
        if key:
            site.store.put_review(key, result.as_json())
    for problem in result.errors:
        problem.rejected = True
        problem.message += "; the source text is used instead"
    report.rejected.extend(result.errors)
    (report.errors if strict else report.warnings).extend(result.errors)
    report.warnings.extend(result.warnings)
    return result.translations
