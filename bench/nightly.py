#!/usr/bin/env python3
"""Benchmark of the nightly job: `l10n bundle` on a replicated tree, cold, after one page changed,
and with nothing changed; wall time and memory of each run.

    python bench/nightly.py [--pages 10000] [--site DIR] [--varied] [--jobs N] [--every 0.2]

The tree is made as `bench.py` makes it. "peak MB" is the largest resident size any one process of
the run reached (`ru_maxrss`, workers included), the figure the performance issue sets at 300 MB;
"all MB" is the largest sum over the run's processes at one moment of their proportional sizes (a
page shared with forked workers counted once), and "at s" when the peak was seen, both from
samples of /proc taken every --every seconds (Linux; left blank elsewhere): a
nightly loads the pages, extracts, builds, then writes the archives and the report, and the
samples say which of them holds the most.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile
import time

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench  # noqa: E402  (the replicated tree, the installed l10n, the environment)


def resident_mb(pid: int) -> tuple[int, int]:
    """(largest resident size, sum of proportional sizes) of pid and its descendants now, in MB;
    (0, 0) when /proc cannot tell. A forked worker shares its parent's pages: its resident size
    counts them again, its proportional size (smaps' Pss) a share of them, so the sum is what the
    run holds."""
    largest, together, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            largest = max(largest, _status_kb(current, "VmRSS") // 1024)
            together += _proportional_kb(current) // 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue  # gone meanwhile, or no /proc
    return largest, together


def _status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def _proportional_kb(pid: int) -> int:
    """Pss, from smaps_rollup (Linux 4.14); the resident size where the kernel has none."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return _status_kb(pid, "VmRSS")


def sampled(command: list[str], every: float) -> dict:
    """One run of command (`bench.run`): wall seconds, peak of its largest process (ru_maxrss) and
    what the samples saw."""
    seen = {"most": 0, "at": 0.0, "total": 0}
    start = time.perf_counter()

    def watch(pid: int, ended) -> None:
        while not ended.wait(every):
            largest, together = resident_mb(pid)
            if largest > seen["most"]:
                seen["most"], seen["at"] = largest, time.perf_counter() - start
            seen["total"] = max(seen["total"], together)

    wall, peak = bench.run(command, watch)
    return {"wall_s": wall, "peak_mb": peak, "all_mb": seen["total"] or None,
            "at_s": seen["at"] if seen["most"] else None}


def _cell(value: float | None, spec: str) -> str:
    return format(value, spec) if value is not None else format("-", spec.split(".")[0])  # its width


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--site", type=pathlib.Path, default=bench.ROOT)
    parser.add_argument("--varied", action="store_true",
                        help="change some kana in each copy, so no two pages share a sentence")
    parser.add_argument("--jobs", type=int, help="passed to l10n (default: its own, every core)")
    parser.add_argument("--every", type=float, default=0.2, help="seconds between memory samples")
    args = parser.parse_args()
    l10n = bench.installed_l10n()
    bench.compile_bytecode(sys.executable)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    rows = []
    with tempfile.TemporaryDirectory(prefix="l10n-nightly-") as tmp:
        config = bench.replicate(args.site, args.pages, pathlib.Path(tmp) / "site", args.varied)
        source = config.parent / yaml.safe_load(config.read_text(encoding="utf-8"))["source"]
        for label in ("cold", "one page changed", "nothing changed"):
            if label == "one page changed":
                bench.edit_one_page(source)
            rows.append((label, sampled([l10n, "--config", str(config), "bundle", *jobs], args.every)))
    print(f"{'bundle':18} {'pages':>6} {'wall s':>8} {'peak MB':>8} {'all MB':>8} {'at s':>6}")
    for label, row in rows:
        print(f"{label:18} {args.pages:>6} {row['wall_s']:>8.1f} {row['peak_mb']:>8.1f} "
              f"{_cell(row['all_mb'], '>8')} {_cell(row['at_s'], '>6.1f')}")
    print(f"one tree, each run after the one above it; samples every {args.every} s")


if __name__ == "__main__":
    main()
