"""Publishable bundles: one reproducible archive per region, with a manifest a CI can compare.

`build/bundles/<REGION>.tar.gz` holds `<lang>/<page>.md` for every language the region publishes,
`manifest.json` (tool version, config hash, source commit, per language the pages, units, words,
counts and the sha256 of every file) and `history.jsonl` (see `history`). `build/bundles/` also holds
every region's manifest in one `manifest.json` and the history. The same inputs give the same bytes:
sorted entries, fixed times, owners and modes, gzip without a name or a time stamp, dates taken
from SOURCE_DATE_EPOCH or the source commit, never from the clock.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import os
import pathlib
import tarfile
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable

from pipeline import __version__
from pipeline.delivery import git, history as history_mod
from pipeline.delivery.previous import Previous
from pipeline.files import atomic_file, files_below, source_date_epoch, write_atomic
from pipeline.model import Report
from pipeline.parallel import map_parts
from pipeline.settings.config import Config


@dataclass
class Bundled:
    """What `write_bundles` wrote: every region's manifest and the history, this run's line last."""

    manifests: dict[str, dict]
    history: list[dict]


def manifest(config: Config, region: str, report: Report, hashes: dict[str, str], commit: str | None,
             previous: dict | None = None) -> dict:
    """`hashes`: the sha256 of each file the archive holds, by its name there (`<lang>/<page>.md`)."""
    by_lang = {}
    for lang in config.regions[region].languages:
        counts = report.pairs.get((region, lang))
        names = sorted(n for n in hashes if n.startswith(lang + "/"))
        by_lang[lang] = {
            "pages": len(names),
            **{key: getattr(counts, key) if counts else 0
               for key in ("units", "words", "translated", "translated_words", "fuzzy", "fallbacks")},
            "percent": counts.percent if counts else 100.0,
            "files": {n[len(lang) + 1:]: hashes[n] for n in names},
        }
    data = {
        "tool": "hugo-l10n", "tool_version": __version__, "region": region,
        "config_sha256": hashlib.sha256(config.path.read_bytes()).hexdigest(),
        "source_commit": commit,
        "languages": by_lang,
    }
    if previous is not None:
        data["changed_since_previous"] = changes(previous, data)
    return data


def changes(previous: dict, current: dict) -> dict:
    """Pages added, removed or changed per language since the previous bundle's manifest."""
    out = {}
    for lang, info in current["languages"].items():
        old = previous.get("languages", {}).get(lang, {}).get("files", {})
        new = info["files"]
        out[lang] = {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
                     "changed": sorted(p for p in set(new) & set(old) if new[p] != old[p])}
    return out


def archive(files: dict[str, bytes], mtime: int = 0) -> bytes:
    """A .tar.gz of `files` that depends on nothing but their names and bytes."""
    packed = io.BytesIO()
    write_archive(packed, {name: lambda data=data: data for name, data in files.items()}, mtime)
    return packed.getvalue()


def write_archive(out: BinaryIO, files: dict[str, Callable[[], bytes]], mtime: int = 0) -> None:
    """`archive` written to `out` as it is made, each file's bytes read (`files[name]()`) when its
    entry comes: a region of 10,000 pages is a hundred MB of outputs, never all in memory. Gzip's
    stream is the same whether it is given the tar at once or a piece at a time."""
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=mtime, compresslevel=9) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name in sorted(files):
                data = files[name]()
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(data), mtime, 0o644
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                tar.addfile(info, io.BytesIO(data))


def _json_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _outputs(config: Config, region: str) -> dict[str, str]:
    """The paths of the region's outputs by their names in its archive (strings: a region of 10,000
    pages has 30,000, and each worker that writes an archive holds its own)."""
    files = {}
    for lang in config.regions[region].languages:
        folder = str(config.build_dir / region / lang)
        for path in files_below(folder, ".md", ordered=False):  # the archive sorts them
            files[f"{lang}/{path[len(folder) + 1:].replace(os.sep, '/')}"] = path
    return files


def _bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def write_bundles(config: Config, report: Report, previous: Previous | None = None,
                  source: git.Source = git.Source(), jobs: int = 1) -> Bundled:
    """Writes every region's archive from build/<REGION>/, and build/bundles/manifest.json and
    history.jsonl. A region the previous bundle has is compared with it; the history is the
    previous one and this run's line. The archives are made on up to `jobs` processes, a region
    each (gzip's level 9 is most of their time; each archive is the same file either way)."""
    epoch = source_date_epoch()
    line = history_mod.entry(history_mod.date_of(epoch, source.date), source.commit, report.pairs)
    history = history_mod.extend(previous.history if previous else [], line)
    history_bytes = history_mod.dumps(history).encode("utf-8")
    folder = config.build_dir / "bundles"

    def write_regions(regions: Iterable[str]) -> list[dict]:
        """Each region's archive, written; its manifest returned."""
        manifests = []
        for region in regions:
            outputs = _outputs(config, region)
            hashes = {name: hashlib.sha256(_bytes(path)).hexdigest() for name, path in outputs.items()}
            earlier = previous.manifests.get(region) if previous else None
            data = manifest(config, region, report, hashes, source.commit, earlier)
            files: dict[str, Callable[[], bytes]] = {name: functools.partial(_bytes, path)
                                                     for name, path in outputs.items()}
            files["manifest.json"] = lambda data=data: _json_bytes(data)
            files[history_mod.NAME] = lambda: history_bytes
            with atomic_file(folder / f"{region}.tar.gz") as out:
                write_archive(out, files, epoch or 0)
            manifests.append(data)
        return manifests

    regions = list(config.regions)
    made = [data for part in map_parts(write_regions, regions, jobs, report.pages) for data in part]
    manifests = dict(zip(regions, made))
    write_atomic(folder / "manifest.json", _json_bytes(manifests))
    write_atomic(folder / history_mod.NAME, history_bytes)
    return Bundled(manifests, history)


def _give_back_freed_memory() -> None:
    """Returns the heap the pages' texts held to the system (glibc's malloc_trim) before the bundles
    and the report reach their peak: their many small objects come from other memory than the
    freed texts, so without it the texts (70 MB at 10,000 pages) stayed in the process's size."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused when it can be


def nightly(site, report: Report, previous: Previous | None, generated: str,
            jobs: int = 1) -> tuple[list[pathlib.Path], list[pathlib.Path]]:
    """After a build: the bundles, then the report made from the same figures. Returns the paths
    of the archives and of the report's files. `previous` is used up: its manifests are let go
    once compared, before the report is written."""
    from pipeline.delivery import figures, report_write
    config = site.config
    for page in site.pages:  # the bundles and the report are made from the outputs and the figures
        page.forget_text()
    _give_back_freed_memory()
    source = git.source(config.path.parent)
    bundled = write_bundles(config, report, previous, source, jobs)
    changed = git.last_changes(config.source_dir, {p.rel for p in site.pages}) if source.commit else {}
    data = figures.report_data(site, report, generated, source, bundled, previous, changed)
    del bundled  # its manifests list every output's hash (20 MB at 10,000 pages): the report has its figures
    if previous is not None:
        previous.manifests.clear()  # and so do the previous bundle's: used up (the report's figures have what it needs)
    written = report_write.write_report(config, data)
    return [config.build_dir / "bundles" / f"{region}.tar.gz" for region in config.regions], written
