#!/usr/bin/env python3
"""Benchmark: replicate a site's pages to N pages, time `l10n extract` and `l10n build`.

    python bench/bench.py [--pages 250] [--site DIR] [--varied] [--jobs N] [--mdpo-python PY] [--rounds 3] [--json out.json]

DIR is a folder holding an l10n.yaml (default: this repository's demo site). The pages under its
source folder, and their catalogs, are copied N/len times into a scratch tree (copy k of page p goes
to `bNNN/p`; with --varied, some of its kana are changed, differently in each copy, so that no two
pages share a sentence and none is segmented once for many pages), then each command runs as its
own process: wall time, pages per second and the peak memory of that process are printed, cold
(no cache, catalogs as replicated), warm (nothing changed) and after one page changed. When mdpo is
installed (in this Python, or in the one given by --mdpo-python), it extracts and merges one
language of the same pages in one process, for the ratio column.
Each of --rounds rounds uses a fresh tree; medians are printed (a shared machine is noisy).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from typing import Callable

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def vary(text: str, copy: int) -> str:
    """The text with some of its kana changed, differently in each copy: every copy's units are
    then its own (a real site repeats few sentences), its markup and conditionals as they were."""
    if copy == 0:
        return text
    chars = list(text)
    for i, c in enumerate(chars):
        if "\u3041" <= c <= "\u3096" and (i * 31 + copy) % 5 == 0:
            chars[i] = chr(0x3041 + (ord(c) - 0x3041 + copy) % 86)
    return "".join(chars)


def replicate(site: pathlib.Path, pages: int, dest: pathlib.Path, varied: bool = False) -> pathlib.Path:
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
        if varied:
            target.write_text(vary(page.read_text(encoding="utf-8"), n // len(files)), encoding="utf-8")
        else:
            shutil.copyfile(page, target)
        for po in locales.glob(f"*/{rel.with_suffix('.po')}"):
            lang = po.relative_to(locales).parts[0]
            po_target = out_locales / lang / copy / rel.with_suffix(".po")
            po_target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(po, po_target)
    shutil.copyfile(site / "l10n.yaml", dest / "l10n.yaml")
    return dest / "l10n.yaml"


def edit_one_page(source: pathlib.Path) -> None:
    """A sentence added to the middle page, as an author would between two nightly runs."""
    pages = sorted(source.rglob("*.md"))
    page = pages[len(pages) // 2]
    page.write_text(page.read_text(encoding="utf-8") + "\n新しい段落を追加しました。\n", encoding="utf-8")


def run(command: list[str], watch: Callable[[int, threading.Event], None] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one process. `watch(pid, ended)`, when given, runs in a
    thread meanwhile (to sample the process) and returns once `ended` is set."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a chatty run must not block on it
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env=_environment())
        ended = threading.Event()
        watcher = threading.Thread(target=watch, args=(proc.pid, ended), daemon=True) if watch else None
        if watcher:
            watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        ended.set()
        if watcher:
            watcher.join()
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            log.seek(0)
            sys.exit(f"bench: {' '.join(command)} failed: {log.read().decode()[:500]}")
    return wall, usage.ru_maxrss / 1024


MDPO = """
import pathlib, sys
from mdpo.md2po2md import markdown_to_pofile_to_markdown
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for page in sorted(src.rglob("*.md")):
    markdown_to_pofile_to_markdown(["en"], str(page), str(out / "{lang}" / page.parent.relative_to(src)))
"""


def mdpo_python(given: str | None) -> str | None:
    """A Python that can import mdpo, or None: the comparison is then skipped."""
    for candidate in ([given] if given else [sys.executable]):
        if candidate and subprocess.run([candidate, "-c", "import mdpo"], capture_output=True).returncode == 0:
            return candidate
    return None


def installed_l10n() -> str:
    """The l10n script of this Python's environment: a version-manager shim found first on PATH
    would add its own start-up (pyenv's is about 70 ms) to every figure."""
    beside = pathlib.Path(sys.executable).parent / "l10n"
    found = str(beside) if beside.is_file() else shutil.which("l10n")
    return found or sys.exit("bench: install the project first (pip install -e .)")


def compile_bytecode(python: str) -> None:
    """The project's modules compiled to bytecode before the first timed run, as installing a wheel
    does: an editable install under PYTHONDONTWRITEBYTECODE (which `run` unsets for every command
    it times) would compile every module again in every process, 60 to 100 ms no installed tool
    pays. mdpo's modules were compiled when pip installed them."""
    import pipeline
    subprocess.run([python, "-m", "compileall", "-q", str(pathlib.Path(pipeline.__file__).parent)],
                   stdout=subprocess.DEVNULL, env=_environment())  # a read-only install has its own


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=250)
    parser.add_argument("--site", type=pathlib.Path, default=ROOT)
    parser.add_argument("--jobs", type=int, help="passed to l10n (default: its own, every core)")
    parser.add_argument("--mdpo-python", help="a Python with mdpo installed, for the comparison")
    parser.add_argument("--varied", action="store_true",
                        help="change some kana in each copy, so no two pages share a sentence")
    parser.add_argument("--rounds", type=int, default=3, help="fresh trees to time; medians are printed")
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()
    l10n = installed_l10n()
    compile_bytecode(sys.executable)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    python = mdpo_python(args.mdpo_python)
    samples: dict[tuple[str, str, str], list[tuple[float, float]]] = {}

    def sample(key, wall, rss):
        samples.setdefault(key, []).append((wall, rss))

    for _ in range(args.rounds):  # each round on a fresh tree: mdpo, then our cold and warm passes
        with tempfile.TemporaryDirectory(prefix="l10n-bench-") as tmp:
            config = replicate(args.site, args.pages, pathlib.Path(tmp) / "site", args.varied)
            source = config.parent / yaml.safe_load(config.read_text(encoding="utf-8"))["source"]
            if python:
                sample(("mdpo", "extract+merge", "one language"),
                       *run([python, "-c", MDPO, str(source), str(pathlib.Path(tmp) / "mdpo")]))
            for label in ("cold", "warm", "one page changed"):
                if label == "one page changed":
                    edit_one_page(source)
                total, peak = 0.0, 0.0
                for step in ("extract", "build"):
                    wall, rss = run([l10n, "--config", str(config), step, *jobs])
                    sample(("l10n", step, label), wall, rss)
                    total, peak = total + wall, max(peak, rss)
                sample(("l10n", "both", label), total, peak)
    base = samples.get(("mdpo", "extract+merge", "one language"))
    rows = []
    for (tool, step, label), runs in samples.items():
        wall = statistics.median(w for w, _ in runs)
        ratios = [w / b for (w, _), (b, _) in zip(runs, base)] if base else []  # paired, round by round
        rows.append({"tool": tool, "step": step, "pass": label, "pages": args.pages, "rounds": len(runs),
                     "wall_s": round(wall, 3), "pages_per_s": round(args.pages / wall, 1),
                     "peak_rss_mb": round(max(r for _, r in runs), 1),
                     "ratio_to_mdpo": round(statistics.median(ratios), 2) if ratios else None})
    print(f"{'tool':5} {'step':14} {'pass':16} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'peak MB':>8} {'vs mdpo':>8}")
    for r in rows:
        ratio = f"{r['ratio_to_mdpo']:.2f}x" if r["ratio_to_mdpo"] else "-"
        print(f"{r['tool']:5} {r['step']:14} {r['pass']:16} {r['pages']:>6} {r['wall_s']:>8.3f} "
              f"{r['pages_per_s']:>8.1f} {r['peak_rss_mb']:>8.1f} {ratio:>8}")
    print(f"medians of {args.rounds} rounds, each on a fresh tree; 'vs mdpo' is the median of the rounds' own ratios")
    if not base:
        print("mdpo not found (pip install mdpo, or --mdpo-python PATH): no comparison")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
