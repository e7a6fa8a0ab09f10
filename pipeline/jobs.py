"""The jobs (extract, check, build) over every page of a site. I/O lives here and in `files`.

Pages are independent: a page with an error is reported and skipped, the others are done.
"""
from __future__ import annotations

import dataclasses
import pathlib
from typing import Callable, Iterable, Iterator

from . import catalogs, links, replay, review, stats
from .cache import Cache, UnitStore, digest, dump as dump_report, file_bytes, load as load_report
from .config import Config, Region
from .files import describe, forget_folders, write_if_changed
from .memory import Memory
from .merge import Plan, render_page, render_unit, splice
from .model import FALLBACKS_PER_PAGE, MAX_FALLBACKS_LISTED, PSEUDO_LANGUAGE, L10nError, Report, SourceError
from .pages import BOM, Page, variables_used
from .parallel import map_chunks
from .placeholders import has_letters
from .projection import LineIndex, project
from .segmentation.frontmatter import front_matter_end
from .site import PageUnits, Site, catalog_path, output_path
from .stats import Counts
from .variables import Resolver, Rewriter

Progress = Callable[..., Iterable]  # progress(items, label, length=None) yields the items


def _plain(items: Iterable, label: str, length: int | None = None) -> Iterable:
    return items


def rewriter(site: Site, lang: str) -> Rewriter:
    return Rewriter([rule.for_language(lang) for rule in site.config.rewrite])


def published_regions(site: Site, page: Page, lang: str) -> list[str]:
    return [r for r in site.config.regions_of(lang) if page.published_in(r)]


def page_entries(site: Site, work: PageUnits, lang: str) -> list[catalogs.Entry]:
    places = [p for r in published_regions(site, work.page, lang) for p in work.places(r)]
    return catalogs.collect(places, list(site.config.regions))


def memory(site: Site, lang: str) -> tuple[Memory, dict[pathlib.Path, tuple]]:
    """Every catalog of a language as it is before the run: its translation memory, and the files."""
    folder = site.config.locales_dir / lang
    pairs, catalogs_read = [], {}
    for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
        try:
            po, text = review.load(path, site.config.label(path), site.config.locales_dir)
        except SourceError:
            continue  # reported when its page is processed
        catalogs_read[path] = (po, text)
        pairs.extend((e.msgid, e.msgstr) for e in po if e.msgstr and not e.fuzzy and e.msgctxt is None)
    return Memory(pairs), catalogs_read


def extract(site: Site, fuzzy: bool = True, purge: bool = False, progress: Progress = _plain,
            langs: list[str] | None = None, fill: Callable[[catalogs.polib.POFile], None] | None = None,
            jobs: int = 1, use_cache: bool = True) -> Report:
    """Updates the catalogs of every target language (or `langs`); `fill` may set msgstrs before writing.

    Pages whose source and catalogs are as the last run left them are skipped (see `cache`)."""
    config = site.config
    forget_folders()
    report = Report(pages=len(site.pages), errors=list(site.errors))
    languages = [lang for lang in config.target_languages if not langs or lang in langs]
    cache = Cache(config.build_dir, "extract") if use_cache and fill is None else None
    if use_cache:
        _keep_units_on_disk(site)
    options = replay.extract_options(config, languages, fuzzy, purge)

    def key(page: Page) -> str:
        return digest(options, page.text, *(file_bytes(catalog_path(config, lang, page)) for lang in languages))

    memories: dict = {}

    def load_memories(todo: list[Page]) -> None:  # before the workers fork, so they share it
        memories.update({lang: memory(site, lang) for lang in languages} if todo else {})

    rewriters = {lang: rewriter(site, lang) for lang in languages}

    def do_page(page: Page) -> Report:
        mine = Report()
        _extract_page(site, site.page_units(page), languages, memories, fuzzy, purge, fill, mine, rewriters)
        return mine

    _each_page(site, cache, key, do_page, report, jobs, progress, "extract", before=load_memories)
    # A run that changed nothing adds no file to a build folder a build has finished in, so that
    # running the pipeline again over a finished tree changes no byte; a fresh tree starts a cache.
    fresh_tree = not Cache.file(config.build_dir, "build").exists()
    saved = cache.save(worked=report.written > 0 or fresh_tree) if cache else False
    _cache_problems(site, report, cache)
    if saved:
        replay.record(config, "extract", options, report)
    return report


def _cache_problems(site: Site, report: Report, cache: Cache | None) -> None:
    """A cache the system refused (a full disk, a folder in its place) is a warning, not a failure:
    the run did its work without it. Such a run is not recorded for replay."""
    for part in (cache, site.store):
        problem = getattr(part, "problem", None)
        if problem is not None:
            report.warnings.append(L10nError(site.config.label(part.path), None, f"cache not usable "
                                             f"({describe(problem)}): the run went on without it"))
            report.failed_writes += 1


def _keep_units_on_disk(site: Site) -> None:
    """Units found by one job of a run (or an earlier run) serve the next: see cache.UnitStore."""
    if site.store is None:
        site.store = UnitStore(site.config.build_dir, site.rules)
        site.store.ready()


def _each_page(site: Site, cache: Cache | None, key: Callable[[Page], str], do_page: Callable[[Page], Report],
               report: Report, jobs: int, progress: Progress, label: str,
               before: Callable[[list[Page]], None] = lambda todo: None,
               meanwhile: Callable[[], None] = lambda: None) -> int:
    """do_page for every page the cache does not know in its current state, on `jobs` processes;
    the findings of the others are replayed. Results are merged into `report` in page order.
    `meanwhile` runs here while the workers work. Returns how many pages were done."""
    todo = []
    for page in site.pages:
        hit = cache.get(page.rel, key(page)) if cache else None
        if hit:
            report.merge(load_report(hit["data"]))
        else:
            todo.append(page)
    before(todo)

    def work(pages: Iterable[Page]) -> tuple[Report, dict]:
        part, entries = Report(), {}
        for page in pages:
            mine = do_page(page)
            if cache and not mine.errors and not mine.kept:
                outputs = [p for paths in mine.expected.values() for p in paths]
                entries[page.rel] = Cache.entry(key(page), dump_report(mine), outputs)
            part.merge(mine)
        return part, entries

    for part, entries in map_chunks(work, todo, jobs, progress, label, meanwhile):
        report.merge(part)
        if cache:
            cache.fresh.update(entries)
    return len(todo)


def _extract_page(site: Site, work: PageUnits, languages: list[str], memories: dict, fuzzy: bool, purge: bool,
                  fill: Callable | None, report: Report, rewriters: dict[str, Rewriter]) -> None:
    config, page = site.config, work.page
    msgids: set[str] = set()
    for lang in languages:
        entries = page_entries(site, work, lang)
        msgids.update(e.msgid for e in entries)
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
        text = catalogs.stamp(po, old_text, catalogs.now())
        _write(config, path, text, config.locales_dir, report)
        if site.store is not None:  # the build's review of this catalog, while it is in memory
            if text == old_text:
                written = old  # parsed from the file: it has its line numbers
            else:
                written = po
                catalogs.number_lines(po, text)
            kinds = site.unit_kinds(work, lang)
            result = review.review(written, text, config.label(path), lang, config.checks, rewriters[lang], kinds)
            site.store.put_review(review.key(text, lang, config.checks, rewriters[lang], kinds), result.as_json())
    report.units += len(msgids)


def _review_key(site: Site, work: PageUnits, lang: str, rewriter: Rewriter) -> str | None:
    """The store's key of this catalog's review, as the file is now; None without a store, or
    when there is no readable catalog (the slow way reports that)."""
    path = catalog_path(site.config, lang, work.page)
    if site.store is None or path.is_symlink():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return review.key(text, lang, site.config.checks, rewriter, site.unit_kinds(work, lang))


def check(site: Site, langs: list[str] | None = None, progress: Progress = _plain) -> Report:
    """Every catalog against the current source: bad translations, unreadable files, stale catalogs."""
    config = site.config
    report = Report(pages=len(site.pages), errors=list(site.errors))
    dead_links(site, report)
    rewriters = {lang: rewriter(site, lang) for lang in config.target_languages if not langs or lang in langs}
    for page in progress(site.pages, "check"):
        work = site.page_units(page)
        for lang, lang_rewriter in rewriters.items():
            loaded = _reviewed(site, work, lang, lang_rewriter, report)
            if loaded is None:
                continue
            po, result = loaded
            current = {e.msgid for e in page_entries(site, work, lang)}
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
    return report


def outputs(site: Site, pages: Iterable[Page], pairs: list[tuple[str, str]], rewriters: dict[str, Rewriter],
            report: Report, strict: bool = False) -> Iterator[tuple[PageUnits, str, str, catalogs.Translations, Counts]]:
    """Every published (page, region, language) with its usable translations and its counts.

    Pages below the language's `min_translated` are held back (listed in report.unpublished);
    pages whose catalog cannot be read are reported and skipped."""
    config = site.config
    for page in pages:
        work = site.page_units(page)
        loaded: dict[str, catalogs.Translations | None] = {}
        for region, lang in pairs:
            if not page.published_in(region):
                continue
            if lang not in loaded:
                loaded[lang] = _translations(site, work, lang, rewriters[lang], report, strict)
            found = loaded[lang]
            if found is None:
                report.kept.add(page.label)
                continue
            counts = stats.count(work.units(region), found.lookup(region), found.fuzzy, config.source_language,
                                 source=lang == config.source_language, rejected=found.rejected)
            row = {"page": page.rel, "region": region, "lang": lang, **counts.as_dict()}
            if counts.percent < config.min_translated.get(lang, 0):
                report.unpublished.append(row)
                continue
            report.pages_stats.append(row)
            report.pairs.setdefault((region, lang), stats.Counts()).add(counts)
            if lang != config.source_language and counts.translated < counts.units \
                    and len(report.fallbacks) < MAX_FALLBACKS_LISTED:
                report.fallbacks.extend(_fallbacks(work, region, lang, found))
            yield work, region, lang, found, counts


def _fallbacks(work: PageUnits, region: str, lang: str, found: catalogs.Translations) -> list[dict]:
    """The first units of a page shown in the source language (the report lists a few per page)."""
    lookup = found.lookup(region)
    first = []
    for unit in work.units(region):
        if unit.kind != "code" and lookup(unit.msgid) is None and has_letters(unit.msgid):
            first.append({"region": region, "lang": lang, "page": work.page.rel,
                          "line": work.place(unit, region).line, "msgid": unit.msgid})
            if len(first) == FALLBACKS_PER_PAGE:
                break
    return first


def build(site: Site, regions: list[str] | None = None, langs: list[str] | None = None,
          keep_variables: bool = False, strict: bool = False, progress: Progress = _plain, jobs: int = 1,
          use_cache: bool = True) -> Report:
    """Writes every published output; pages whose inputs and outputs are as the last run left them
    are skipped and their findings replayed (see `cache`)."""
    config = site.config
    forget_folders()
    pairs = replay.pairs(config, regions, langs)
    report = Report(pages=len(site.pages), errors=list(site.errors))
    if any(lang != config.source_language for _, lang in pairs) and not config.locales_dir.is_dir():
        report.warnings.append(L10nError(config.label(config.locales_dir), None, "no catalogs yet: every language "
                                         "is built in the source text (l10n extract starts the catalogs)"))
    report.expected = {pair: set() for pair in pairs}
    report.kept = {e.path for e in site.errors}
    rewriters = {lang: rewriter(site, lang) for _, lang in pairs}
    cache = Cache(config.build_dir, "build") if use_cache else None
    if use_cache:
        _keep_units_on_disk(site)
    dead: dict[str, list[links.DeadLink]] = {}  # by page: each page looks up its own
    found = Report()  # the links check's findings: listed first, whenever they are found

    def find_dead_links() -> None:
        for d in dead_links(site, found, cache):
            dead.setdefault(d.path, []).append(d)

    unlinking = config.links.unpublished == "unlink"  # dead links change outputs: find them first
    if unlinking:
        find_dead_links()
    options = replay.build_options(config, pairs, keep_variables, strict)
    targets = sorted({lang for _, lang in pairs if lang != config.source_language})

    def key(page: Page) -> str:
        mine = sorted((d.line, d.target, d.regions, d.reason) for d in dead.get(page.label, ())) if unlinking else []
        return digest(options, page.text, str(page.bom), repr(mine),
                      *(file_bytes(catalog_path(config, lang, page)) for lang in targets))

    def do_page(page: Page) -> Report:
        return _build_page(site, page, pairs, rewriters, keep_variables, strict, dead)

    redone = _each_page(site, cache, key, do_page, report, jobs, progress, "build",
                        meanwhile=(lambda: None) if unlinking else find_dead_links)
    report.dead_links = found.dead_links
    report.errors[len(site.errors):len(site.errors)] = found.errors
    report.warnings[:0] = found.warnings
    if site.store is not None and redone and not regions and not langs:  # units no page shows any more
        site.store.prune(project(p.text, r).text for p in site.pages for r in config.regions if p.published_in(r))
        site.store.prune_reviews(_review_keys(site, targets, rewriters))
    report.removed = _remove_stale(site, report)
    if cache:
        cache.save()
    _cache_problems(site, report, cache)
    if cache:
        replay.record(config, "build", options, report)
    return report


def _build_page(site: Site, page: Page, pairs: list[tuple[str, str]], rewriters: dict[str, Rewriter],
                keep_variables: bool, strict: bool, dead: dict[str, list[links.DeadLink]]) -> Report:
    config = site.config
    mine = Report()
    for page_units, region, lang, found, _ in outputs(site, [page], pairs, rewriters, mine, strict):
        path = output_path(config, region, lang, page)
        mine.expected.setdefault((region, lang), set()).add(path)
        text = _render(site, page_units, region, lang, found, keep_variables, rewriters[lang], mine, dead)
        if text is None:
            mine.kept.add(page.label)
            continue
        mine.units += len(page_units.units(region))
        _write(config, path, text, config.build_dir, mine)
    return mine


def _review_keys(site: Site, langs: list[str], rewriters: dict[str, Rewriter]) -> Iterator[str]:
    """The review keys of every catalog as it is now."""
    for page in site.pages:
        work = site.page_units(page)
        for lang in langs:
            key = _review_key(site, work, lang, rewriters[lang])
            if key:
                yield key


def dead_links(site: Site, report: Report, cache: Cache | None = None) -> list[links.DeadLink]:
    """Links dead in some region, reported at the configured level (and needed to unlink them).
    They depend on every page: with a cache, they are found again only when some page changed."""
    setting = site.config.links
    if setting.base is None or (setting.check == "off" and setting.unpublished == "keep"):
        return []
    key = digest("links", replay.config_blob(site.config), *(p.rel + "\0" + p.text for p in site.pages),
                 *sorted(e.path for e in site.errors))
    hit = cache.get(LINKS_ENTRY, key) if cache else None
    if hit:
        dead = [links.DeadLink(d["path"], d["line"], d["target"], tuple(d["regions"]), d["reason"]) for d in hit["data"]]
    else:
        dead = links.dead_links(site, setting.base)
        if cache:
            cache.fresh[LINKS_ENTRY] = Cache.entry(key, [dataclasses.asdict(d) for d in dead])
    report.dead_links = dead
    if setting.check != "off":
        target = report.errors if setting.check == "error" else report.warnings
        target.extend(L10nError(d.path, d.line, f"links: dead link {d.target} in {', '.join(d.regions)}: {d.reason}",
                                check="links") for d in dead)
    return dead


LINKS_ENTRY = "\0links"  # not a page path: the build cache's entry for the site-wide link check


def survey(site: Site, progress: Progress = _plain) -> Report:
    """What `stats` shows: the counts of every published page, region and language; nothing written."""
    report = Report(pages=len(site.pages), errors=list(site.errors))
    pairs = replay.pairs(site.config)
    rewriters = {lang: rewriter(site, lang) for _, lang in pairs}
    for _, _, _, _, counts in outputs(site, progress(site.pages, "stats"), pairs, rewriters, report):
        report.units += counts.units
    if site.config.links.base:
        report.dead_links = links.dead_links(site, site.config.links.base)
    return report


def dead_links_per_region(site: Site, report: Report) -> dict[str, int]:
    return {region: sum(region in d.regions for d in report.dead_links) for region in site.config.regions}


def _write(config: Config, path: pathlib.Path, text: str, base: pathlib.Path, report: Report) -> None:
    """Writes when the content changed, and counts it; a refused or failed write is an error."""
    try:
        if write_if_changed(path, text, base):
            report.written += 1
        else:
            report.unchanged += 1
    except OSError as err:
        report.errors.append(L10nError(config.label(path), None, f"cannot write: {describe(err)}"))
        report.failed_writes += 1


def _reviewed(site: Site, work: PageUnits, lang: str, rewriter: Rewriter,
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
    return po, review.review(po, text, label, lang, site.config.checks, rewriter, site.unit_kinds(work, lang))


def _translations(site: Site, work: PageUnits, lang: str, rewriter: Rewriter, report: Report,
                  strict: bool) -> catalogs.Translations | None:
    """The entries the build may use; rejected ones fall back to the source (errors with --strict)."""
    if lang == site.config.source_language:
        return catalogs.Translations()
    key = _review_key(site, work, lang, rewriter)
    stored = site.store.get_review(key) if key else None  # made by extract, or an earlier build
    if stored:
        result = review.Review.from_json(stored)
    else:
        loaded = _reviewed(site, work, lang, rewriter, report)
        if loaded is None:
            return None
        po, result = loaded
        if po is None:
            return catalogs.Translations()
        if key:
            site.store.put_review(key, result.as_json())
    report.rejected.extend(result.errors)
    for problem in result.errors:
        problem.message += "; the source text is used instead"
    (report.errors if strict else report.warnings).extend(result.errors)
    report.warnings.extend(result.warnings)
    return result.translations


def _render(site: Site, work: PageUnits, region: str, lang: str, found: catalogs.Translations,
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


def _remove_stale(site: Site, report: Report) -> int:
    """Outputs of pages that left the source or the region, or that are held back (min_translated).
    Decided from the source as it is now, never from a cache: a file is stale only when no page of
    this run owns it. A page skipped on an error keeps its last output."""
    config = site.config
    held_back = {(row["region"], row["lang"], row["page"]) for row in report.unpublished}
    removed = 0
    for region, lang in report.expected:
        folder = config.build_dir / region / lang
        if not folder.is_dir():
            continue
        owned = {p.rel for p in site.pages if p.published_in(region) and (region, lang, p.rel) not in held_back}
        for path in folder.rglob("*.md"):
            rel = path.relative_to(folder).as_posix()
            if rel in owned or config.label(config.source_dir / rel) in report.kept:
                continue
            path.unlink()
            removed += 1
    return removed


def pseudo_localize(site: Site, lang: str = PSEUDO_LANGUAGE, progress: Progress = _plain,
                    jobs: int = 1) -> tuple[Report, Report]:
    """Fills a pseudo-language catalog for every page and builds it for every region.

    Every region publishes the pseudo language here, with its variables' values pseudo-localized
    too, so any source-language text left on a page is a unit the pipeline missed."""
    from .pseudo import pseudo
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
