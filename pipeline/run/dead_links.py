"""The links check over the whole site, found again only when some page changed, and then only for
the pages whose links could have changed.
"""
from __future__ import annotations

import itertools
from typing import Callable, Iterable

from pipeline.back import links
from pipeline.model import L10nError, Report
from pipeline.reading.pages import Page
from pipeline.run.cache import PageCache, digest_of
from pipeline.run.each import plain
from pipeline.run.parallel import map_chunks
from pipeline.site import Site


def dead_links(site: Site, report: Report, cache: PageCache | None = None, jobs: int = 1) -> list[links.DeadLink]:
    """Links dead in some region, reported at the configured level (and needed to unlink them).
    They depend on every page: with a cache, they are found again only when some page changed,
    and then page by page (`PageLinks`), on `jobs` processes."""
    setting = site.config.links
    if setting.base is None or (setting.check == "off" and setting.unpublished == "keep"):
        return []
    key = digest_of(itertools.chain(["links", site.config.blob], (p.rel + "\0" + site.text_key(p) for p in site.pages),
                                    sorted(e.path for e in site.errors)))
    hit = cache.get(LINKS_ENTRY, key) if cache else None
    if hit:
        dead = [links.DeadLink(d["path"], d["line"], d["target"], tuple(d["regions"]), d["reason"]) for d in hit["data"]]
    else:
        remembered = PageLinks(site, setting.base) if cache and site.text_keys else None
        dead = links.dead_links(site, setting.base, remembered, _on_workers(site, jobs))
        if cache:
            cache.fresh[LINKS_ENTRY] = PageCache.entry(key, [vars(d) for d in dead])  # its fields, as asdict without the copy
        if remembered:
            remembered.save()
    report.dead_links = dead
    if setting.check != "off":
        target = report.errors if setting.check == "error" else report.warnings
        target.extend(L10nError(d.path, d.line, f"links: dead link {d.target} in {', '.join(d.regions)}: {d.reason}",
                                check="links") for d in dead)
    return dead


def _on_workers(site: Site, jobs: int) -> Callable[[Callable, list[Page]], Iterable[list]]:
    """`links.dead_links`' map_pages: chunks of pages checked on `jobs` forked processes (a cold
    build's check read every page's projections in this process alone: a fifth of the build)."""
    def map_pages(check: Callable[[Iterable[Page]], list], pages: list[Page]) -> Iterable[list]:
        def work(chunk: Iterable[Page]) -> list:
            found = check(chunk)
            if site.store is not None:  # a worker's rows (the links it found), before it answers
                site.store.flush()
            return found
        if site.store is not None:  # not copied into every worker
            site.store.flush()
        return map_chunks(work, pages, jobs, plain, "links")
    return map_pages


LINKS_ENTRY = "\0links"  # not a page path: the build cache's entry for the site-wide link check


class PageLinks:
    """Each page's dead links in the store (as the page entries of a job "links"), with the hash of
    every page they lead to: kept while the page, those pages and the site's set of pages (a link
    to no page may find one) and config are unchanged. After one page changed, the check reads that
    page and the pages that link to it only."""

    def __init__(self, site: Site, base: str):
        self.entries = PageCache(site.store, "links")
        self.entries.expect(page.rel for page in site.pages)  # as `links.dead_links` asks for them
        self.text_keys = site.text_keys
        self.site_key = digest_of(itertools.chain(
            ["page links", base, site.config.blob, "\0".join(sorted(site.structural))],
            sorted(site.text_keys), ["\0errors"], sorted(e.path for e in site.errors)))

    def get(self, page: Page) -> list[links.DeadLink] | None:
        entry = self.entries.stored(page.rel)
        try:
            if (not isinstance(entry, dict) or entry["site"] != self.site_key
                    or entry["page"] != self.text_keys.get(page.rel)
                    or any(self.text_keys.get(rel) != key for rel, key in entry["targets"].items())):
                return None
            dead = [links.DeadLink(page.label, line, target, tuple(regions), reason)
                    for line, target, regions, reason in entry["dead"]]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # damaged: found again
        self.entries.kept.add(page.rel)
        return dead

    def put(self, page: Page, dead: list[links.DeadLink], targets: set[str]) -> None:
        self.entries.fresh[page.rel] = PageCache.pack({
            "site": self.site_key, "page": self.text_keys.get(page.rel),
            "targets": {rel: self.text_keys.get(rel) for rel in sorted(targets)},
            "dead": [[d.line, d.target, list(d.regions), d.reason] for d in dead]})

    def save(self) -> None:
        self.entries.save()
