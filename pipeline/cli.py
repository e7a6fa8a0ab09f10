"""The `l10n` command: a thin click layer over `config`, `site` and `jobs`.

Exit status: 0 all good; 1 some page or catalog had an error (the others were done); 2 the config or
the command line is wrong (nothing was done).
"""
from __future__ import annotations

import os
import sys

import click

from . import __version__, config as config_mod, jobs, site as site_mod
from .model import ConfigError, Report


def _progress(items, label):
    """click's progress bar on a terminal; nothing on CI logs."""
    items = list(items)
    if not sys.stderr.isatty() or os.environ.get("CI") or len(items) < 20:
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


def _load(ctx: click.Context) -> site_mod.Site:
    try:
        config = config_mod.load(ctx.obj["config"])
        return site_mod.load(config)
    except ConfigError as err:
        click.echo(f"error: {err}", err=True)
        ctx.exit(2)


def _finish(ctx: click.Context, verb: str, report: Report, outputs: str) -> None:
    for problem in report.warnings:
        click.echo(f"{problem.path}:{problem.line or 0}: warning: {problem.message}", err=True)
    for problem in report.errors:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        click.echo(f"{where}: error: {problem.message}", err=True)
    removed = f", {report.removed} stale removed" if report.removed else ""
    click.echo(f"{verb}: {report.pages} pages, {report.units} units, {report.written} {outputs} written, "
               f"{report.unchanged} unchanged{removed}, {len(report.errors)} errors")
    ctx.exit(1 if report.errors else 0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", default="l10n.yaml", show_default=True, type=click.Path(dir_okay=False),
              help="The pipeline's config file; its folder is the base of the paths in it.")
@click.version_option(__version__, prog_name="l10n")
@click.pass_context
def main(ctx: click.Context, config_path: str) -> None:
    """Translate a Hugo site's Markdown through gettext PO files, per region and language."""
    ctx.ensure_object(dict)
    ctx.obj["config"] = config_path


@main.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Write or update locales/<lang>/<page>.po for every target language."""
    site = _load(ctx)
    _finish(ctx, "extract", jobs.extract(site, progress=_progress), "catalogs")


@main.command()
@click.option("--region", "regions", multiple=True, help="Build only this region (repeatable).")
@click.option("--lang", "langs", multiple=True, help="Build only this language (repeatable).")
@click.option("--keep-variables", is_flag=True, help="Leave {{%variables%}} for Hugo to resolve.")
@click.pass_context
def build(ctx: click.Context, regions: tuple[str, ...], langs: tuple[str, ...], keep_variables: bool) -> None:
    """Write build/<REGION>/<lang>/<page>.md for every published region and language."""
    site = _load(ctx)
    config = site.config
    for region in regions:
        if region not in config.regions:
            raise click.BadParameter(f"unknown region {region} (known: {', '.join(config.regions)})",
                                     param_hint="--region")
    for lang in langs:
        if lang not in config.languages:
            raise click.BadParameter(f"unknown language {lang} (known: {', '.join(config.languages)})",
                                     param_hint="--lang")
    report = jobs.build(site, list(regions), list(langs), keep_variables, progress=_progress)
    _finish(ctx, "build", report, "outputs")
