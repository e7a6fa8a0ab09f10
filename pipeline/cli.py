"""The `l10n` command: a thin click layer over `settings.config`, `site` and the jobs of `run`.

Exit status: 0 all good; 1 some page or catalog had an error (the others were done); 2 the config or
the command line is wrong, or another run holds the tree (nothing was done).
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import pathlib
import sys
import time

import click

from pipeline import __version__, collector, files
from pipeline.model import PSEUDO_LANGUAGE, ConfigError, L10nError, Report
from pipeline.run import digests, replay
from pipeline.parallel import default_jobs
from pipeline.settings import config as config_mod

# The jobs and the site (and through them markdown-it, polib, babel) are imported when a command
# needs them: a run that `replay` answers never loads them, and start-up is most of its time.


def _progress(items, label, length=None):
    """click's progress bar on a terminal; nothing on CI logs (CI=true) or when output is a file."""
    length = len(items) if length is None else length
    if not sys.stderr.isatty() or os.environ.get("CI") or length < 20:
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


def _jobs(command):
    """--jobs N: the number of processes for per-page work (default: every core)."""
    return click.option("--jobs", "-j", type=click.IntRange(1), default=default_jobs, show_default="cores",
                        help="Processes for the per-page work.")(command)


@contextlib.contextmanager
def _tree(ctx: click.Context):
    """The config, with the tree locked and the leftovers of a killed run cleared."""
    try:
        config = config_mod.load(ctx.obj["config"])
        with files.locked(config.path.parent / ".l10n.lock", wait=ctx.obj["wait"],
                          normal=(click.exceptions.Exit, click.ClickException)) as clean:
            if not clean:
                for folder in (config.locales_dir, config.build_dir):
                    files.remove_temporaries(folder)
            digests.forget()
            files.forget_folders()  # a command run in the same process after another finds the folders anew
            yield config
    except ConfigError as err:
        click.echo(f"error: {err}", err=True)
        ctx.exit(2)
    except files.Busy as err:
        click.echo(f"error: {err}", err=True)
        ctx.exit(2)
    except files.LockError as err:
        click.echo(f"error: {err}", err=True)
        ctx.exit(2)


@contextlib.contextmanager
def _site(ctx: click.Context):
    """The loaded site, in a locked tree (see `_tree`)."""
    with _tree(ctx) as config:
        yield _load(config)


def _load(config: config_mod.Config):
    from pipeline import site
    return site.load(config)


def _load_cached(config: config_mod.Config, inputs: "replay.Inputs | None" = None):
    """The site, with what the last extract or build found of each page (see run.each.load_site);
    the pages as the replay check listed them (`inputs`), when it did."""
    from pipeline.run.each import load_site
    return load_site(config, inputs.pages if inputs is not None else None)


def _language_name(lang: str) -> str:
    from pipeline.reading.scripts import language_name
    return language_name(lang)


def _where(problem: L10nError) -> str:
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


def _finish(ctx: click.Context, verb: str, report: Report, outputs: str | None) -> None:
    lines = itertools.chain((f"{_where(p)}: warning: {p.message}" for p in report.warnings),
                            (f"{_where(p)}: error: {p.message}" for p in report.errors))
    # a thousand lines a write (click.echo flushes): 40,000 warnings were 40,000 writes
    for batch in iter(lambda: list(itertools.islice(lines, 1000)), []):
        click.echo("\n".join(batch), err=True)
    click.echo(_summary(verb, report, outputs))
    ctx.exit(1 if report.errors else 0)


def _summary(verb: str, report: Report, outputs: str | None) -> str:
    counts = f"{report.pages} pages, {report.units} units"
    if outputs:
        counts += f", {report.written} {outputs} written, {report.unchanged} unchanged"
    if report.removed:
        counts += f", {report.removed} stale removed"
    return f"{verb}: {counts}, {len(report.errors)} errors, {len(report.warnings)} warnings"


class _Commands(click.Group):
    """The last net under every command: an error of the system (a full disk, a file the system
    refuses) that no stage turned into a finding is one line naming the file, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            with collector.paused():  # a run makes almost no reference cycles (see collector)
                return super().invoke(ctx)
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            click.echo(f"error: {where}{files.describe(err)}", err=True)
            ctx.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", default="l10n.yaml", show_default=True, type=click.Path(dir_okay=False),
              help="The pipeline's config file; its folder is the base of the paths in it.")
@click.option("--wait", is_flag=True, help="Wait for another run on the same tree instead of refusing.")
@click.version_option(__version__, prog_name="l10n")
@click.pass_context
def main(ctx: click.Context, config_path: str, wait: bool) -> None:
    """Translate a Hugo site's Markdown through gettext PO files, per region and language."""
    ctx.ensure_object(dict)
    ctx.obj.update(config=config_path, wait=wait)


@main.command()
@click.option("--no-fuzzy-matching", is_flag=True, help="Don't offer close earlier translations as fuzzy ones.")
@click.option("--purge-obsolete", is_flag=True, help="Drop entries whose text left the source (#~).")
@_jobs
@click.pass_context
def extract(ctx: click.Context, no_fuzzy_matching: bool, purge_obsolete: bool, jobs: int) -> None:
    """Write or update locales/<lang>/<page>.po for every target language."""
    fuzzy, purge = not no_fuzzy_matching, purge_obsolete
    with _tree(ctx) as config:
        options = replay.extract_options(config, config.target_languages, fuzzy, purge)

        def run(inputs: replay.Inputs | None) -> Report:  # only when the replay cannot answer: the job's modules load here
            from pipeline.run.extract import extract as extract_job
            return extract_job(_load_cached(config, inputs), fuzzy=fuzzy, purge=purge, progress=_progress, jobs=jobs,
                               inputs=inputs)
        report = replay.replayed(config, "extract", options, run)
    _finish(ctx, "extract", report, "catalogs")


def _known(values: tuple[str, ...], known: list[str], option: str) -> list[str]:
    for value in values:
        if value not in known:
            raise click.BadParameter(f"unknown {option[2:]} {value} (known: {', '.join(known)})", param_hint=option)
    return list(values)


@main.command()
@click.option("--lang", "langs", multiple=True, help="Check only this language (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON, for CI.")
@click.pass_context
def check(ctx: click.Context, langs: tuple[str, ...], as_json: bool) -> None:
    """Check every catalog against the current source; non-zero exit on any error."""
    with _site(ctx) as site:
        chosen = _known(langs, site.config.target_languages, "--lang")
        from pipeline.run import check as check_job
        report = check_job.check(site, chosen, progress=_progress)
    if as_json:
        def rows(problems):
            return [{"file": p.path, "line": p.line, "message": p.message} for p in problems]
        click.echo(json.dumps({"pages": report.pages, "units": report.units, "errors": rows(report.errors),
                               "warnings": rows(report.warnings)}, ensure_ascii=False, indent=2))
        ctx.exit(1 if report.errors else 0)
    _finish(ctx, "check", report, None)


@main.command()
@click.option("--region", "regions", multiple=True, help="Build only this region (repeatable).")
@click.option("--lang", "langs", multiple=True, help="Build only this language (repeatable).")
@click.option("--keep-variables", is_flag=True, help="Leave {{%variables%}} for Hugo to resolve.")
@click.option("--strict", is_flag=True, help="A translation that fails a check fails the build.")
@_jobs
@click.pass_context
def build(ctx: click.Context, regions: tuple[str, ...], langs: tuple[str, ...], keep_variables: bool,
          strict: bool, jobs: int) -> None:
    """Write build/<REGION>/<lang>/<page>.md for every published region and language."""
    with _tree(ctx) as config:
        chosen_regions = _known(regions, list(config.regions), "--region")
        chosen_langs = _known(langs, config.languages, "--lang")
        options = replay.build_options(config, replay.pairs(config, chosen_regions, chosen_langs), keep_variables, strict)

        def run(inputs: replay.Inputs | None) -> Report:  # only when the replay cannot answer: the job's modules load here
            from pipeline.run.build import build as build_job
            return build_job(_load_cached(config, inputs), chosen_regions, chosen_langs, keep_variables, strict,
                             progress=_progress, jobs=jobs, inputs=inputs)
        report = replay.replayed(config, "build", options, run)
    for row in report.unpublished:
        click.echo(f"{row['region']}/{row['lang']}: {row['page']} not published: {row['percent']}% translated, "
                   f"below min_translated", err=True)
    for (region, lang), counts in report.pairs.items():
        if counts.fallbacks:
            click.echo(f"{region}/{lang}: {counts.percent}% translated, {counts.fallbacks} units fall back to the "
                       f"source ({counts.fuzzy} fuzzy, {counts.rejected} rejected)")
    _finish(ctx, "build", report, "outputs")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON, for CI.")
@click.option("--pages", "per_page", is_flag=True, help="Also show every page.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool, per_page: bool) -> None:
    """Units, source words and translation progress per region × language (and per page)."""
    with _site(ctx) as site:
        from pipeline.run import check as check_job
        report = check_job.survey(site, progress=_progress)
        terms = check_job.glossary_stats(site, report)
    rows = [{"region": r, "lang": lang, "language": _language_name(lang), **c.as_dict()}
            for (r, lang), c in report.pairs.items()]
    dead = check_job.dead_links_per_region(site, report)
    if as_json:
        click.echo(json.dumps({"pairs": rows, "pages": [row._asdict() for row in report.pages_stats],
                               "unpublished": [row._asdict() for row in report.unpublished],
                               "dead_links_per_region": dead, "glossary": terms}, ensure_ascii=False, indent=2))
        ctx.exit(1 if report.errors else 0)
    header = ("region", "language", "units", "words", "translated", "fuzzy", "rejected", "untranslated", "done")
    table = [header] + [(r["region"], f"{r['language']} ({r['lang']})", r["units"], r["words"], r["translated"],
                         r["fuzzy"], r["rejected"], r["untranslated"], f"{r['percent']}%") for r in rows]
    if per_page:
        table += [("",) * len(header)] + [
            (f"{p['region']}/{p['lang']}", p["page"], p["units"], p["words"], p["translated"], p["fuzzy"],
             p["rejected"], p["untranslated"], f"{p['percent']}%") for p in report.pages_stats]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths))).rstrip())
    click.echo("words: Japanese and Chinese counted by characters, other languages by words; "
               "rejected = translated, but failing a check (l10n check lists them); "
               "done = share of source words translated")
    if site.config.links.base:
        click.echo("dead links: " + ", ".join(f"{region} {n}" for region, n in dead.items()) + " (l10n check lists them)")
    for row in terms:
        click.echo(f"glossary {_language_name(row['lang'])} ({row['lang']}): {row['labels']} labels, "
                   f"{row['translated']} translated, {row['fuzzy']} fuzzy, {row['untranslated']} untranslated")
    for problem in report.errors:
        click.echo(f"{_where(problem)}: error: {problem.message}", err=True)
    ctx.exit(1 if report.errors else 0)


@main.command()
@click.option("--lang", required=True, help="The language to export.")
@click.option("--only-untranslated", is_flag=True, help="Only entries still to translate (empty or fuzzy).")
@click.argument("out", type=click.Path(path_type=pathlib.Path))
@click.pass_context
def export(ctx: click.Context, lang: str, only_untranslated: bool, out: pathlib.Path) -> None:
    """Write the catalogs of a language to OUT (a folder, or a zip when OUT ends in .zip), with a manifest."""
    from pipeline.delivery import exchange
    with _site(ctx) as site:
        _known((lang,), site.config.target_languages, "--lang")
        manifest, errors = exchange.export(site, lang, out, only_untranslated)
    for problem in errors:
        click.echo(f"{_where(problem)}: error: {problem.message}", err=True)
    total = manifest["total"]
    click.echo(f"export: {len(manifest['files'])} catalogs, {total['entries']} entries, {total['to_translate']} to "
               f"translate ({total['rejected']} rejected, {total['words_to_translate']} source words), "
               f"{len(errors)} errors -> {out}")
    ctx.exit(1 if errors else 0)


@main.command(name="import")
@click.argument("lang")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=pathlib.Path))
@click.pass_context
def import_(ctx: click.Context, lang: str, sources: tuple[pathlib.Path, ...]) -> None:
    """Take translated PO files (files, folders or zips) back into the catalogs of LANG."""
    from pipeline.delivery import exchange
    with _site(ctx) as site:
        _known((lang,), site.config.target_languages, "LANG")
        report = exchange.import_files(site, lang, list(sources))
    for problem in report.warnings:
        click.echo(f"{_where(problem)}: warning: {problem.message}", err=True)
    for problem in report.errors:
        click.echo(f"{_where(problem)}: error: {problem.message}", err=True)
    click.echo(f"import: {report.accepted} accepted, {report.unchanged} unchanged, {report.suggested} fuzzy "
               f"suggestions, {report.obsolete} kept as obsolete, {len(report.errors)} rejected or errors, "
               f"{report.written} catalogs written")
    ctx.exit(1 if report.errors else 0)


@main.command(name="bundle")
@click.option("--strict", is_flag=True, help="A translation that fails a check is an error (exit 1).")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit 1 when a published region × language "
                                                                   "is less translated than this percentage.")
@click.option("--previous", type=click.Path(exists=True, path_type=pathlib.Path),
              help="The previous bundle (build/bundles/ of an earlier run, its manifest.json or a <REGION>.tar.gz): "
                   "the report says what changed since, and the history goes on from it.")
@_jobs
@click.pass_context
def bundle_(ctx: click.Context, strict: bool, fail_under: float | None, previous: pathlib.Path | None,
            jobs: int) -> None:
    """Nightly: extract, check and build everything, then write build/bundles/<REGION>.tar.gz and the report."""
    from pipeline.delivery import bundle, previous as previous_bundle
    try:
        earlier = previous_bundle.read(previous) if previous else None
    except previous_bundle.PreviousError as err:
        raise click.BadParameter(str(err), param_hint="--previous") from None
    with _tree(ctx) as config:
        site = _load_cached(config)  # as extract and build load it: a page unchanged since is not read
        from pipeline.run import extract as extract_job
        extracted = extract_job.extract(site, progress=_progress, jobs=jobs)
        click.echo(_summary("extract", extracted, "catalogs"))  # a line per step, for CI logs
        from pipeline.run import build as build_job
        report = build_job.build(site, strict=strict, progress=_progress, jobs=jobs)
        click.echo(_summary("build", report, "outputs"))
        report.errors[:0] = [e for e in extracted.errors if e not in report.errors]
        del extracted  # its labels rows (the glossary's, megabytes at 10,000 pages) are written already
        digests.forget()  # the files' hashes went with the build's record: the archives and the report read none
        generated = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(files.source_date_epoch()))
        archives, written = bundle.nightly(site, report, earlier, generated, jobs)
    low = [(r, lang, c.percent) for (r, lang), c in report.pairs.items()
           if fail_under is not None and c.percent < fail_under]
    for region, lang, percent in low:
        report.errors.append(L10nError(f"{region}/{lang}", None, f"{percent}% translated, under --fail-under {fail_under}"))
    for path in archives:
        click.echo(f"bundle: {site.config.label(path)}")
    click.echo(f"report: {site.config.label(written[0])}, {site.config.label(written[1])}")
    _finish(ctx, "bundle", report, "outputs")


@main.command()
@click.option("--lang", default=PSEUDO_LANGUAGE, show_default=True, help="The pseudo-language code.")
@_jobs
@click.pass_context
def pseudo(ctx: click.Context, lang: str, jobs: int) -> None:
    """Fill a pseudo-language catalog (accented, longer, bracketed text) and build it for every region."""
    with _site(ctx) as site:
        if lang in site.config.languages:
            raise click.BadParameter(f"{lang} is a real language of this site", param_hint="--lang")
        from pipeline.run import pseudo as pseudo_job
        extracted, built = pseudo_job.pseudo_localize(site, lang, progress=_progress, jobs=jobs)
    built.errors[:0] = [e for e in extracted.errors if e not in built.errors]
    click.echo(f"pseudo: {extracted.written} catalogs written in {site.config.label(site.config.locales_dir / lang)}")
    _finish(ctx, "build", built, "outputs")


@main.command()
@click.option("--hugo-config", "hugo_configs", multiple=True, required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path),
              help="A region's Hugo config (TOML); repeat for every region.")
@click.option("--source-language", help="The source language (default: the Hugo configs' default language).")
@click.option("--force", is_flag=True, help="Overwrite an existing config file.")
@click.pass_context
def init(ctx: click.Context, hugo_configs: tuple[pathlib.Path, ...], source_language: str | None, force: bool) -> None:
    """Write a starting l10n.yaml from the site's Hugo configs (regions, languages, variables, layout)."""
    target = pathlib.Path(ctx.obj["config"])
    if target.exists() and not force:
        click.echo(f"error: {target} exists: use --force to overwrite it", err=True)
        ctx.exit(2)
    from pipeline.settings import hugo_config
    try:
        text = hugo_config.init_config(list(hugo_configs), source_language)
    except ConfigError as err:
        click.echo(f"error: {err}", err=True)
        ctx.exit(2)
    files.write_atomic(target, text.encode("utf-8"))
    click.echo(f"init: wrote {target} from {len(hugo_configs)} Hugo configs")
