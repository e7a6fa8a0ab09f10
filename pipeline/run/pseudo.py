"""The pseudo job: a pseudo-language catalog filled for every page and built for every region.
"""
from __future__ import annotations

import dataclasses

from pipeline.model import PSEUDO_LANGUAGE, Report
from pipeline.run.build import build
from pipeline.run.each import Progress, plain
from pipeline.run.extract import extract
from pipeline.settings.config import Region
from pipeline.site import Site


def pseudo_localize(site: Site, lang: str = PSEUDO_LANGUAGE, progress: Progress = plain,
                    jobs: int = 1) -> tuple[Report, Report]:
    """Fills a pseudo-language catalog for every page and builds it for every region.

    Every region publishes the pseudo language here, with its variables' values pseudo-localized
    too, so any source-language text left on a page is a unit the pipeline missed."""
    from pipeline.delivery.pseudo import pseudo
    config = site.config
    regions = {}
    for name, region in config.regions.items():
        shown = region.values(config.source_language)
        regions[name] = Region(name, region.variables, {**region.languages, lang: {k: pseudo(v) for k, v in shown.items()}})
    pseudo_site = dataclasses.replace(site, config=dataclasses.replace(config, regions=regions, min_translated={}))

    def fill(po) -> None:
        for entry in po:
            if not entry.obsolete:
                entry.msgstr = "" if "no-wrap" in entry.flags else pseudo(entry.msgid)
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
                entry.previous_msgid = None

    extracted = extract(pseudo_site, fuzzy=False, purge=True, progress=progress, langs=[lang], fill=fill, jobs=jobs)
    return extracted, build(pseudo_site, langs=[lang], progress=progress, jobs=jobs)
