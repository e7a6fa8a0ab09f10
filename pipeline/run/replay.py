"""A run that would change nothing is not done again: the last run's report is replayed.

After `extract` or `build`, `build/.cache-<job>-run` records the whole run: on its first line, a digest of
everything it read (the tool, the command and its options, the config, every page and
every catalog, as the run read them, and the catalogs an extract wrote as it left them) and the
size and mtime of every output and output folder.
When the next run of the same command finds the same digest and its outputs untouched, it prints
the recorded report without loading the site: the nightly job's nothing-changed case costs one
read of the files. Any difference, or no record, and the run is done as usual (page by page, each
page still skipped when its own inputs did not change). Safe to delete, as every cache here.
"""
from __future__ import annotations

import itertools
import json
import os
import pathlib
import sys
from typing import Callable, Iterable, Iterator, NamedTuple

from pipeline.files import path_order, signature, sorted_paths, write_chunks_if_changed
from pipeline.model import Report
from pipeline.run import digests
from pipeline.run.cache import digest_of, dump, load
from pipeline.settings.config import Config


def extract_options(config: Config, languages: list[str], fuzzy: bool, purge: bool) -> str:
    return f"extract {fuzzy} {purge} {languages} " + config.blob


def build_options(config: Config, pairs: list[tuple[str, str]], keep_variables: bool, strict: bool) -> str:
    return f"build {keep_variables} {strict} {pairs} " + config.blob


def pairs(config: Config, regions: list[str] | None = None, langs: list[str] | None = None) -> list[tuple[str, str]]:
    """The (region, language) outputs a build makes, optionally only some regions or languages."""
    return [(r, lang) for r, region in config.regions.items() for lang in region.languages
            if (not regions or r in regions) and (not langs or lang in langs)]


class Inputs(NamedTuple):
    """What a run found before it started: the `state` of every file, and the pages' and catalogs'
    hashes (the run's one listing of the tree: loading and the memory read it, not the folders)."""
    state: str
    pages: list[tuple[str, str | None]]
    catalogs: list[tuple[str, str | None]]


def hashes(config: Config, folder: pathlib.Path, suffix: str) -> list[tuple[str, str | None]]:
    """(path, hash) of the files below folder, in `sorted_files`' order, each hash as `digests`
    knows it (only the files that changed are read)."""
    files = digests.of_tree(config.build_dir)
    return [(path, files.of(path)) for path in sorted_paths(folder, suffix)]


def state(config: Config, options: str, pages: list[tuple[str, str | None]] | None = None,
          catalogs: list[tuple[str, str | None]] | None = None) -> str:
    """The digest of the command, the config and every page and catalog as they are now, or with
    the pages' and catalogs' hashes as given (as a run read them)."""
    def parts() -> Iterator[str | bytes | None]:
        yield options
        for found in (pages if pages is not None else hashes(config, config.source_dir, ".md"),
                      catalogs if catalogs is not None else hashes(config, config.locales_dir, ".po")):
            for path, digest in found:
                yield path
                yield digest
    return digest_of(parts())


def _outputs(build_dir: pathlib.Path, report: Report, known: dict[str, list[int]]) -> Iterator[tuple[str, list[int] | None]]:
    """(path, signature) of every output and of every folder above it up to build/REGION/LANG, in
    order: a file added or removed by hand changes its folder's mtime. `known`: the signatures the
    run already took (the outputs of the pages it skipped, which it did not write; the folders, as
    the stale walk listed them). Taken as they are written: 10,000 pages have some 140,000 (30 MB
    as one dict)."""
    paths: set[str] = set()
    for (region, lang), written in report.expected.items():
        top = str(build_dir / region / lang)
        for name in written:
            paths.add(name)
            while name != top and name.startswith(top):
                name = sys.intern(name.rpartition(os.sep)[0])  # os.path.dirname, for normal paths; the
                # stale walk's signatures hold the same names: 70,000 folders at 10,000 pages, one copy
                if name in paths:  # and so are the folders above it
                    break
                paths.add(name)
    for name in sorted(paths):
        yield name, known[name] if name in known else signature(name)


# What a command prints of its report (`cli._finish`, the build's fallback lines), all a replay
# needs: the pages' figures, the outputs each wrote and the glossary's rows stay out of the record
# (at 10,000 pages, a third of its 31 MB, written again after every change).
REPLAYED = ("units", "files", "problems", "unpublished", "pairs")


def _file(config: Config, job: str) -> pathlib.Path:
    return config.build_dir / f".cache-{job}-run"


def record(config: Config, job: str, options: str, report: Report, inputs: Inputs | None = None,
           signatures: dict[str, list[int]] | None = None, wrote: list[pathlib.Path] | None = None) -> None:
    """Keeps the record of a finished run; a run whose writes failed keeps none (that depends on
    more than the files), and its record is dropped. `inputs`: what the run started from, the
    files as it read them even if one changed while it ran (the next run then sees the change);
    a job that writes catalogs gives those it may have written (`wrote`): their state is taken
    now, the other files' from `inputs`. Without `inputs`, all is taken now (the folders listed
    again). `signatures`: the outputs' and folders' signatures the run took (`_outputs`)."""
    path = _file(config, job)
    try:
        if report.failed_writes:
            path.unlink(missing_ok=True)
            return
        data = {key: value for key, value in dump(report).items() if key in REPLAYED}
        data["pages"] = report.pages
        entry = itertools.chain(['{"data": '], json_chunks(data, depth=2), [', "outputs": '],
                                dict_chunks(_outputs(config.build_dir, report, signatures or {})), ["}"])
        if inputs is None:
            key = state(config, options)
        elif wrote is not None:
            key = state(config, options, inputs.pages, _rewritten(config, inputs.catalogs, wrote))
        else:
            key = inputs.state  # on its own line: a run that differs reads no further
        write_chunks_if_changed(path, itertools.chain([key, "\n"], entry, ["\n"]))
        digests.of_tree(config.build_dir).save()
    except OSError:
        pass  # no record (a full disk, a folder in its place): the next run is a real one


def _rewritten(config: Config, listed: list[tuple[str, str | None]], wrote: list[pathlib.Path],
               ) -> list[tuple[str, str | None]]:
    """The catalogs as `hashes` would list them after a run that may have written `wrote`: those
    hashed again now, the others as listed when the run started (a run that wrote one page's
    catalogs does not list and stat 30,000 files again)."""
    files = digests.of_tree(config.build_dir)
    found = dict(listed)
    for path in map(str, wrote):
        file_hash = files.of(path)
        if file_hash is not None or path in found:  # a catalog the run did not make is not listed
            found[path] = file_hash
    return sorted(found.items(), key=lambda item: path_order(item[0]))


def json_chunks(value, depth: int = 3, batch: int = 256) -> Iterator[str]:
    """`json.dumps(value, ensure_ascii=False, sort_keys=True)` a piece at a time: the dicts and lists
    of the first `depth` levels a few hundred members at a time, each piece by json's C encoder (a
    record of 10,000 pages is some 40 MB of JSON, five times that as one Python string and its
    copies; one piece per member would be a million calls). `batch`: members encoded at once."""
    if depth and isinstance(value, dict):
        yield "{"
        keys = sorted(value)
        for start in range(0, len(keys), 1 if depth > 1 else batch):
            if start:
                yield ", "
            if depth > 1:
                yield json.dumps(keys[start], ensure_ascii=False) + ": "
                yield from json_chunks(value[keys[start]], depth - 1, batch)
            else:
                yield _dumps({key: value[key] for key in keys[start:start + batch]})[1:-1]
        yield "}"
    elif depth and isinstance(value, list):
        yield "["
        for start in range(0, len(value), 1 if depth > 1 else batch):
            if start:
                yield ", "
            if depth > 1:
                yield from json_chunks(value[start], depth - 1, batch)
            else:
                yield _dumps(value[start:start + batch])[1:-1]
        yield "]"
    else:
        yield _dumps(value)


def dict_chunks(items: Iterable[tuple[str, object]], batch: int = 256) -> Iterator[str]:
    """`json_chunks` of the dict of `items`, (key, value) pairs in key order, taken as they come:
    the dict is never whole in memory."""
    items = iter(items)
    yield "{"
    for n, chunk in enumerate(iter(lambda: list(itertools.islice(items, batch)), [])):
        yield (", " if n else "") + _dumps(dict(chunk))[1:-1]
    yield "}"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def replayed(config: Config, job: str, options: str, run: Callable[[Inputs | None], Report]) -> Report:
    """The job's report: the last run's when nothing it read or wrote changed since (the site is not
    even loaded), else `run(inputs)`'s, `inputs` being what lookup found (None without a record;
    the job records its own run when it finishes)."""
    report, inputs = lookup(config, job, options)
    return report if report is not None else run(inputs)


def lookup(config: Config, job: str, options: str) -> tuple[Report | None, Inputs | None]:
    """The report of the last run of this job when nothing it read or wrote changed since, and the
    `Inputs` found now (None when there is no record to compare them with)."""
    inputs = None
    try:
        with _file(config, job).open(encoding="utf-8") as file:
            pages = hashes(config, config.source_dir, ".md")
            catalogs = hashes(config, config.locales_dir, ".po")
            inputs = Inputs(state(config, options, pages, catalogs), pages, catalogs)
            if file.readline().rstrip("\n") != inputs.state:
                return None, inputs
            recorded = json.load(file)
        if any(seen is None or signature(name) != seen for name, seen in recorded["outputs"].items()):
            return None, inputs  # an output or folder changed, appeared or went (or never was): a real run
        report = load(recorded["data"])
        report.pages = recorded["data"]["pages"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, inputs  # no record, or a damaged one: a real run
    digests.of_tree(config.build_dir).save()  # files hashed again (a copied tree): once, not every run
    return report, inputs
