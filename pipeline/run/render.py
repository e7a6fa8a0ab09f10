"""One output page: the plan for the way back (translations, heading ids kept, links removed)
made for a region and language, and carried out by back.merge.
"""
from __future__ import annotations

import dataclasses

from pipeline.back import heading_ids, links, unlink
from pipeline.back.merge import Edit, Plan, render_page, render_unit, splice
from pipeline.back.variables import Resolver, Rewriter
from pipeline.model import Kind, Report, SourceError
from pipeline.po import catalogs
from pipeline.reading import shortcodes
from pipeline.reading.pages import BOM, variables_used
from pipeline.reading.projection import LineIndex
from pipeline.reading.frontmatter import front_matter_end
from pipeline.site import PageUnits, Site


def render(site: Site, work: PageUnits, region: str, lang: str, found: catalogs.Translations,
           keep_variables: bool, rewriter: Rewriter, report: Report,
           dead: dict[str, list[links.DeadLink]]) -> str | None:
    """The output page; None (reported) when it shows a variable this region and language lack."""
    values = Resolver(site.config.regions[region].values(lang), site.structural)
    resolver = None if keep_variables else values
    lookup = found.lookup(region)
    ids = _source_heading_ids(site, work, region, lang, lookup, rewriter, values)
    text, plan = _unlinked(site, work, region, lang, lookup, resolver, report, dead)
    shown = (resolver, rewriter)
    if ids is not None:
        text, plan, shown = _keeping_heading_ids(site, text, plan, ids, values, resolver, rewriter, keep_variables)
    text = render_page(text, plan, *shown)
    if resolver is not None and resolver.missing:
        report.errors.append(_missing_variable(site, work, region, lang, resolver.missing[0][0]))
        return None
    return BOM + text if work.page.bom else text  # the page's own byte order mark, as Hugo read it


def _source_heading_ids(site: Site, work: PageUnits, region: str, lang: str, lookup, rewriter: Rewriter,
                        values: Resolver) -> list[str] | None:
    """The ids Hugo gives the headings of the untranslated page, when a translated heading's id may
    change (links to it must keep working); else None."""
    if lang == site.config.source_language or not any(
            u.kind == Kind.HEADING and u.anchor is None and lookup(u.msgid) not in (None, u.msgid)
            for u in work.units(region)):
        return None
    text = work.projection(region).text
    return heading_ids.heading_ids(rewriter.apply(text, front_matter_end(text)), values.fresh())


def _unlinked(site: Site, work: PageUnits, region: str, lang: str, lookup, resolver: Resolver | None,
              report: Report, dead: dict[str, list[links.DeadLink]]) -> tuple[str, Plan]:
    """The projection and its plan: its units, and (links to unpublished pages to remove) the
    deletions that remove them, found in the projection and the units' spliced translations."""
    text, plan = work.projection(region).text, Plan(tuple(work.units(region)), lookup)
    if site.config.links.unpublished != "unlink":
        return text, plan
    targets = unlink.unpublished_targets(dead.get(work.page.label, []), work.page.label, region)
    if not targets:
        return text, plan
    fresh = None if resolver is None else resolver.fresh()  # front matter as splice resolves it
    rendered = [render_unit(text, u, lookup(u.msgid), fresh) for u in plan.units]
    edits, unlinked = unlink.unlink_edits(text, targets, plan.units, rendered)
    if unlinked:
        report.unlinked.append({"page": work.page.rel, "region": region, "lang": lang, "links": unlinked,
                                "targets": sorted(targets)})
    return text, dataclasses.replace(plan, edits=tuple(Edit(*e) for e in edits))


def _keeping_heading_ids(site: Site, text: str, plan: Plan, ids: list[str], values: Resolver,
                         resolver: Resolver | None, rewriter: Rewriter, keep_variables: bool):
    """The plan with a `{#id}` edit on each heading whose id would change, each id computed from the
    heading's own output line; when a translation may change the page's headings, the page is
    rendered here and its headings read (the text, plan and resolver/rewriter left to apply)."""
    hugo = values if keep_variables else None
    fresh = values.fresh()  # `resolver.missing` is the build's
    rendered = [render_unit(text, u, plan.lookup(u.msgid), resolver) for u in plan.units]
    inside = {}  # unit -> the plan's edits of its spliced text (links removed)
    for edit in plan.edits:
        if edit[0] is not None:
            inside.setdefault(edit[0], []).append(edit)
    unlinked = [splice(r, Plan(edits=tuple(Edit(None, *e[1:]) for e in inside[i]))) if i in inside else r
                for i, r in enumerate(rendered)]
    edits = heading_ids.keep_heading_ids(text, ids, plan.units, unlinked,
                                   lambda line: rewriter.apply(line if keep_variables else fresh.body(line, 0), 0),
                                   hugo, plan.edits)
    if edits is not None and inside:  # offsets in the units' text with the links removed: in their spliced text
        edits = [(unit, at, at, new) if unit is None else _before_edits(unit, at, new, inside.get(unit, ()))
                 for unit, at, _, new in edits]
        edits = None if None in edits else edits
    shown = (resolver, rewriter)
    if edits is None:
        text = render_page(text, plan, resolver, rewriter)
        plan, shown = Plan(), (None, None)
        edits = heading_ids.keep_heading_ids(text, ids, hugo=hugo)
    return text, dataclasses.replace(plan, edits=plan.edits + tuple(Edit(*e) for e in edits)), shown


def _before_edits(unit: int, at: int, new: str, edits) -> Edit | None:
    """An insertion at offset `at` of a unit's text once `edits` (deletions) are made, as an
    insertion at an offset of its spliced text; None inside what an edit writes."""
    shift = 0  # offset with the edits made - offset without, before the current edit
    for _, start, end, text in sorted(edits, key=lambda e: (e[1], e[2])):
        if at <= start + shift:
            break
        if at < start + shift + len(text):
            return None
        shift += len(text) - (end - start)
    return Edit(unit, at - shift, at - shift, new)


def _missing_variable(site: Site, work: PageUnits, region: str, lang: str, name: str) -> SourceError:
    text = work.page.text
    used = dict(reversed(variables_used(text, shortcodes.scan(text), site.structural)))
    return SourceError(work.page.label, LineIndex(text).line(used.get(name, 0)),
                       f"variable '{name}' has no value in region {region}, language {lang}: "
                       f"add it to regions.{region}.variables or regions.{region}.languages.{lang}")
