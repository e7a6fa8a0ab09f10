#!/usr/bin/env python3
"""Benchmark: replicate a site's pages to N pages, time `l10n extract` and `l10n build`.

    python bench/bench.py [--pages 250] [--site DIR] [--json out.json]

DIR is a folder holding an l10n.yaml (default: this repository's demo site). The pages under its
source folder, and their catalogs, are copied N/len times into a scratch tree (copy k of page p goes
to `bNNN/p`), then each command runs as its own process: wall time, pages per second and the peak
memory of that process are printed, cold (empty build and fresh catalogs) and warm (nothing changed).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def replicate(site: pathlib.Path, pages: int, dest: pathlib.Path) -> pathlib.Path:
    config = yaml.safe_load((site / "l10n.yaml").read_text(encoding="utf-8"))
    source, locales = site / config["source"], site / config["locales"]
    files = sorted(source.rglob("*.md"))
    if not files:
        sys.exit(f"bench: no pages under {source}")
    out_source, out_locales = dest / config["source"], dest / config["locales"]
    for n in range(pages):
        page = files[n % len(files)]
        copy = f"b{n // len(files):03d}"
        rel = page.relative_to(source)
        target = out_source / copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
        for po in locales.glob(f"*/{rel.with_suffix('.po')}"):
            lang = po.relative_to(locales).parts[0]
            po_target = out_locales / lang / copy / rel.with_suffix(".po")
            po_target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(po, po_target)
    shutil.copyfile(site / "l10n.yaml", dest / "l10n.yaml")
    return dest / "l10n.yaml"


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one process."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a chatty run must not block on it
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            log.seek(0)
            sys.exit(f"bench: {' '.join(command)} failed: {log.read().decode()[:500]}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=250)
    parser.add_argument("--site", type=pathlib.Path, default=ROOT)
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()
    l10n = shutil.which("l10n") or sys.exit("bench: install the project first (pip install -e .)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="l10n-bench-") as tmp:
        config = replicate(args.site, args.pages, pathlib.Path(tmp))
        for label in ("cold", "warm"):
            for step in ("extract", "build"):
                wall, rss = run([l10n, "--config", str(config), step])
                rows.append({"tool": "l10n", "step": step, "pass": label, "pages": args.pages, "wall_s": round(wall, 3),
                             "pages_per_s": round(args.pages / wall, 1), "peak_rss_mb": round(rss, 1)})
    print(f"{'tool':6} {'step':8} {'pass':5} {'pages':>6} {'wall s':>8} {'pages/s':>9} {'peak MB':>8}")
    for r in rows:
        print(f"{r['tool']:6} {r['step']:8} {r['pass']:5} {r['pages']:>6} {r['wall_s']:>8.3f} "
              f"{r['pages_per_s']:>9.1f} {r['peak_rss_mb']:>8.1f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
