"""One output page: the plan for the way back (translations, heading ids kept, links removed)
made for a region and language, and carried out by back.merge.
"""
from __future__ import annotations

import dataclasses

from pipeline.back import links
from pipeline.back.merge import Plan, render_page, render_unit, splice
from pipeline.back.variables import Resolver, Rewriter
from pipeline.model import Report, SourceError
from pipeline.po import catalogs
from pipeline.reading.pages import BOM, variables_used
from pipeline.reading.projection import LineIndex
from pipeline.reading.frontmatter import front_matter_end
from pipeline.site import PageUnits, Site


def render(site: Site, work: PageUnits, region: str, lang: str, found: catalogs.Translations,
            keep_variables: bool, rewriter: Rewriter, report: Report,
            dead: dict[str, list[links.DeadLink]]) -> str | None:
    config = site.config
    values = Resolver(config.regions[region].values(lang), site.structural)
    resolver = None if keep_variables else values
    projection = work.projection(region)
    unlink = set()
    if config.links.unpublished == "unlink":
        unlink = links.unpublished_targets(dead.get(work.page.label, []), work.page.label, region)
    ids = None
    lookup = found.lookup(region)
    if lang != config.source_language and any(  # a heading whose Hugo id may change: keep the old one
            u.kind == "heading" and u.anchor is None and lookup(u.msgid) not in (None, u.msgid)
            for u in work.units(region)):
        start = front_matter_end(projection.text)
        ids = links.heading_ids(rewriter.apply(projection.text, start), Resolver(values.values, site.structural))
    text, plan, unlinked = projection.text, Plan(tuple(work.units(region)), lookup), 0
    if unlink:  # links are removed from the spliced page (front matter resolved, body not yet)
        text, unlinked = links.unlink(splice(text, plan, resolver), unlink)
        plan = Plan()
    hugo, shown = values if keep_variables else None, (resolver, rewriter)
    if ids is not None:  # each heading's id from its own output line: the output is not parsed
        fresh = Resolver(values.values, site.structural)  # `resolver.missing` is the build's
        rendered = [render_unit(text, u, lookup(u.msgid), resolver) for u in plan.units]
        edits = links.keep_heading_ids(text, ids, plan.units, rendered,
                                       lambda line: rewriter.apply(line if keep_variables else fresh.body(line, 0), 0),
                                       hugo)
        if edits is None:  # a translation may change the page's headings: read them on the finished page
            text = render_page(text, plan, resolver, rewriter)
            plan, shown = Plan(), (None, None)
            edits = links.keep_heading_ids(text, ids, hugo=hugo)
        plan = dataclasses.replace(plan, edits=tuple(edits))
    text = render_page(text, plan, *shown)
    if unlinked:
        report.unlinked.append({"page": work.page.rel, "region": region, "lang": lang, "links": unlinked,
                                "targets": sorted(unlink)})
    if resolver is not None and resolver.missing:
        name = resolver.missing[0][0]
        used = dict(reversed(variables_used(work.page, site.structural)))
        report.errors.append(SourceError(
            work.page.label, LineIndex(work.page.text).line(used.get(name, 0)),
            f"variable '{name}' has no value in region {region}, language {lang}: "
            f"add it to regions.{region}.variables or regions.{region}.languages.{lang}"))
        return None
    return BOM + text if work.page.bom else text  # the page's own byte order mark, as Hugo read it
