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
from pipeline.run.each import map_with_store, plain
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
    return lambda check, pages: map_with_store(site, check, pages, jobs, plain, "links")


LINKS_ENTRY = "\0links"  # not a page path: the build cache's entry for the site-wide link check


class PageLinks:
    """Each page's dead links, with the pages its links lead to, kept in the store as one entry for
    the site (job "links"): a page's hold while the page, the pages it links to, the site's set of
    pages (a link to no page may find one) and the config are unchanged. After one page changed,
    the check reads that page and the pages that link to it only, and the rest cost one decode
    (an entry per page took a tenth of a build that changed one page, at 10,000 pages)."""

    ENTRY = "\0site"  # not a page path: the row of the "links" job that holds every page's links

    def __init__(self, site: Site, base: str):
        self.entries = PageCache(site.store, "links")
        self.text_keys = site.text_keys
        self.site_key = digest_of(itertools.chain(
            ["page links", base, site.config.blob, "\0".join(sorted(site.structural))],
            sorted(site.text_keys), ["\0errors"], sorted(e.path for e in site.errors)))
        self.holding = self._holding(self.entries.stored(self.ENTRY))
        self.rows: dict[str, tuple[list[str], list]] = {}  # this run's: page -> (its targets, its dead links)

    def _holding(self, entry: object) -> dict[str, tuple[list[str], list]]:
        """The stored pages whose links still hold: each, and every page it links to, has the hash
        it had (pages are numbered in `names`, their hashes then in `keys`)."""
        try:
            if not isinstance(entry, dict) or entry["site"] != self.site_key:
                return {}
            names, keys = entry["names"], entry["keys"]
            if len(names) != len(keys):
                return {}
            same = [self.text_keys.get(name) == key for name, key in zip(names, keys)]
            return {names[n]: ([names[t] for t in targets], dead) for n, targets, dead in entry["pages"]
                    if same[n] and all(same[t] for t in targets)}
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return {}  # damaged: found again

    def get(self, page: Page) -> list[links.DeadLink] | None:
        found = self.holding.get(page.rel)
        if found is None:
            return None
        try:
            dead = [links.DeadLink(page.label, line, target, tuple(regions), reason)
                    for line, target, regions, reason in found[1]]
        except (ValueError, TypeError):
            return None  # damaged: found again
        self.rows[page.rel] = found
        return dead

    def put(self, page: Page, dead: list[links.DeadLink], targets: set[str]) -> None:
        self.rows[page.rel] = (sorted(targets), [[d.line, d.target, list(d.regions), d.reason] for d in dead])

    def save(self) -> None:
        """The site's entry, and nothing else in the job (entries of another layout leave)."""
        names = sorted(self.text_keys)
        at = {name: n for n, name in enumerate(names)}
        pages = [[at[rel], [at[t] for t in targets], dead] for rel, (targets, dead) in sorted(self.rows.items())
                 if rel in at and all(t in at for t in targets)]  # a page linking outside the keys: found again
        entry = {"site": self.site_key, "names": names, "keys": [self.text_keys[name] for name in names],
                 "pages": pages}
        self.entries.fresh[self.ENTRY] = PageCache.pack(entry)
        self.entries.save()
