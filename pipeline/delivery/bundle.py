"""Publishable bundles: one reproducible archive per region, with a manifest a CI can compare.

`build/bundles/<REGION>.tar.gz` holds `<lang>/<page>.md` for every language the region publishes and
`manifest.json` (tool version, config hash, source commit, per language the pages, units, counts and
the sha256 of every file). The same inputs give the same bytes: sorted entries, fixed times, owners
and modes, gzip without a name or a time stamp.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import pathlib
import subprocess
import tarfile

from pipeline import __version__
from pipeline.files import source_date_epoch, write_atomic
from pipeline.model import Report
from pipeline.settings.config import Config
from pipeline.site import catalog_rel


def source_commit(folder: pathlib.Path) -> str | None:
    """The git commit of the checkout holding the config, when there is one."""
    try:
        done = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def manifest(config: Config, region: str, report: Report, files: dict[str, bytes],
             previous: dict | None = None) -> dict:
    by_lang = {}
    for lang in config.regions[region].languages:
        counts = report.pairs.get((region, lang))
        names = sorted(n for n in files if n.startswith(lang + "/"))
        by_lang[lang] = {
            "pages": len(names),
            "units": counts.units if counts else 0,
            "translated": counts.translated if counts else 0,
            "fuzzy": counts.fuzzy if counts else 0,
            "fallbacks": counts.fallbacks if counts else 0,
            "percent": counts.percent if counts else 100.0,
            "files": {n[len(lang) + 1:]: hashlib.sha256(files[n]).hexdigest() for n in names},
        }
    data = {
        "tool": "hugo-l10n", "tool_version": __version__, "region": region,
        "config_sha256": hashlib.sha256(config.path.read_bytes()).hexdigest(),
        "source_commit": source_commit(config.path.parent),
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
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(files[name]), mtime, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(files[name]))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=mtime, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return packed.getvalue()


def write_bundles(config: Config, report: Report, previous: dict | None = None) -> dict[str, dict]:
    """Writes every region's archive from build/<REGION>/, and build/bundles/manifest.json with every
    region's manifest; `previous` is such a file from an earlier run (or one region's manifest)."""
    if previous is not None and "region" in previous:
        previous = {previous["region"]: previous}
    mtime = source_date_epoch() or 0
    manifests = {}
    for region, settings in config.regions.items():
        files = {}
        for lang in settings.languages:
            folder = config.build_dir / region / lang
            for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
                files[f"{lang}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
        data = manifest(config, region, report, files, None if previous is None else previous.get(region, {}))
        files["manifest.json"] = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
        write_atomic(config.build_dir / "bundles" / f"{region}.tar.gz", archive(files, mtime))
        manifests[region] = data
    text = json.dumps(manifests, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomic(config.build_dir / "bundles" / "manifest.json", text.encode("utf-8"))
    return manifests


def report_data(config: Config, report: Report, generated: str) -> dict:
    """The nightly report's input (see `report`), from a build's Report."""
    def where(problem):
        return {"file": problem.path, "line": problem.line, "message": problem.message}

    matrix = []
    for (region, lang), counts in report.pairs.items():
        pages = sum(1 for row in report.pages_stats if row["region"] == region and row["lang"] == lang)
        matrix.append({"region": region, "lang": lang, "pages": pages, **counts.as_dict(),
                       "fallbacks": counts.fallbacks})
    source_label = config.label(config.source_dir)
    locales_label = config.label(config.locales_dir)
    pages = [{**row, "source": f"{source_label}/{row['page']}",
              "catalog": None if row["lang"] == config.source_language
              else f"{locales_label}/{row['lang']}/{catalog_rel(row['page'])}"} for row in report.pages_stats]
    rejected = [{**where(p), "check": p.check, "message": p.detail, "ref": p.ref} for p in report.rejected]
    return {
        "generated": generated, "tool_version": __version__, "source_commit": source_commit(config.path.parent),
        "matrix": matrix, "pages": pages, "fallbacks": report.fallbacks, "rejected": rejected,
        "fallbacks_total": sum(row["fallbacks"] for row in matrix if row["lang"] != config.source_language),
        "errors": [where(p) for p in report.errors if not p.rejected and p.check != "links"],
        "dead_links": [{"file": d.path, "line": d.line, "target": d.target, "regions": list(d.regions),
                        "reason": d.reason} for d in report.dead_links],
        "unpublished": [{k: row[k] for k in ("region", "lang", "page", "percent")} for row in report.unpublished],
    }


def write_report(config: Config, data: dict) -> list[pathlib.Path]:
    from pipeline.delivery.report import render_html, render_markdown
    folder = config.build_dir / "report"
    written = []
    depth = len(folder.relative_to(config.path.parent).parts)
    for name, text in (("index.html", render_html(data, "/".join([".."] * depth))),
                       ("summary.md", render_markdown(data)), ("report.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")):
        write_atomic(folder / name, text.encode("utf-8"))
        written.append(folder / name)
    return written
