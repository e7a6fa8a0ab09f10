"""The check and stats jobs: every catalog against the current source; every page's counts.
"""
from __future__ import annotations

from pipeline.back import links
from pipeline.model import L10nError, Report
from pipeline.po import glossary as glossary_po
from pipeline.run import glossaries, replay
from pipeline.run.build import outputs
from pipeline.run.dead_links import dead_links
from pipeline.run.each import Progress, plain, rewriter
from pipeline.run.extract import page_entries
from pipeline.run.reviews import reviewed
from pipeline.site import Site, catalog_path


def check(site: Site, langs: list[str] | None = None, progress: Progress = plain) -> Report:
    """Every catalog against the current source: bad translations, unreadable files, stale catalogs."""
    config = site.config
    report = Report(pages=len(site.pages), errors=list(site.errors))
    dead_links(site, report)
    rewriters = {lang: rewriter(site, lang) for lang in config.target_languages if not langs or lang in langs}
    glossaries.load(site, list(rewriters), report)
    glossaries.problems(site, list(rewriters), report)
    labels: list = []
    for page in progress(site.pages, "check"):
        work = site.page_units(page)
        for lang, lang_rewriter in rewriters.items():
            entries = page_entries(site, work, lang)
            labels.extend(glossary_po.uses(entries, site.unit_kinds(work, lang), lang, page.rel, config.source_language))
            loaded = reviewed(site, work, lang, lang_rewriter, report)
            if loaded is None:
                continue
            po, result = loaded
            current = {e.msgid for e in entries}
            label = config.label(catalog_path(config, lang, page))
            if po is None:
                if current:
                    report.warnings.append(L10nError(label, None, f"no catalog for {len(current)} units: run l10n extract"))
                continue
            report.errors.extend(result.errors)
            report.warnings.extend(result.warnings)
            report.units += len(current)
            listed = {e.msgid for e in po if not e.obsolete and e.msgctxt is None}
            if current != listed:
                report.warnings.append(L10nError(label, None, f"{len(current - listed)} units of the source missing, "
                                                              f"{len(listed - current)} entries no longer in it: run l10n extract"))
    for lang in rewriters:
        glossaries.stale(site, lang, labels, report)
    return report


def survey(site: Site, progress: Progress = plain) -> Report:
    """What `stats` shows: the counts of every published page, region and language; nothing written."""
    report = Report(pages=len(site.pages), errors=list(site.errors))
    pairs = replay.pairs(site.config)
    rewriters = {lang: rewriter(site, lang) for _, lang in pairs}
    for _, _, _, _, counts in outputs(site, progress(site.pages, "stats"), pairs, rewriters, report):
        report.units += counts.units
    if site.config.links.base:
        report.dead_links = links.dead_links(site, site.config.links.base)
    return report


def glossary_stats(site: Site, report: Report) -> list[dict]:
    """Each target language's glossary progress (`stats`); an unreadable glossary is an error."""
    glossaries.load(site, site.config.target_languages, report)
    return [{"lang": lang, **glossary_po.counts(glossaries.of(site, lang).po)} for lang in site.config.target_languages
            if glossaries.of(site, lang).po is not None]


def dead_links_per_region(site: Site, report: Report) -> dict[str, int]:
    return {region: sum(region in d.regions for d in report.dead_links) for region in site.config.regions}
