"""The links check over the whole site, found again only when some page changed.
"""
from __future__ import annotations

import itertools

from pipeline.back import links
from pipeline.model import L10nError, Report
from pipeline.run import replay
from pipeline.run.cache import PageCache, digest_of
from pipeline.site import Site


def dead_links(site: Site, report: Report, cache: PageCache | None = None) -> list[links.DeadLink]:
    """Links dead in some region, reported at the configured level (and needed to unlink them).
    They depend on every page: with a cache, they are found again only when some page changed."""
    setting = site.config.links
    if setting.base is None or (setting.check == "off" and setting.unpublished == "keep"):
        return []
    key = digest_of(itertools.chain(["links", replay.config_blob(site.config)],
                                    (p.rel + "\0" + p.text for p in site.pages), sorted(e.path for e in site.errors)))
    hit = cache.get(LINKS_ENTRY, key) if cache else None
    if hit:
        dead = [links.DeadLink(d["path"], d["line"], d["target"], tuple(d["regions"]), d["reason"]) for d in hit["data"]]
    else:
        dead = links.dead_links(site, setting.base)
        if cache:
            cache.fresh[LINKS_ENTRY] = PageCache.entry(key, [vars(d) for d in dead])  # its fields, as asdict without the copy
    report.dead_links = dead
    if setting.check != "off":
        target = report.errors if setting.check == "error" else report.warnings
        target.extend(L10nError(d.path, d.line, f"links: dead link {d.target} in {', '.join(d.regions)}: {d.reason}",
                                check="links") for d in dead)
    return dead


LINKS_ENTRY = "\0links"  # not a page path: the build cache's entry for the site-wide link check
