#!/usr/bin/env python3
"""Where one run's time goes: an l10n command run in this process, with the wall time of its stages.

    python bench/stages.py [--config l10n.yaml] COMMAND [OPTIONS...]    e.g. stages.py build --jobs 1

Prints the command's own output, then one line a stage that ran: its seconds (the outermost call
only; a stage called inside another is counted in both) and its share of the run. "imports" is
the time to import the modules before the command starts. To find where a run after one page
changed spends its time, edit a page and run this on `extract`, then on `build`: the stages that
grow with the site (the replay of the kept pages, the run record, the stale walk) stand out.
"""
from __future__ import annotations

import contextlib
import functools
import importlib
import pathlib
import sys
import time
from typing import Callable, Iterator

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

STAGES = [  # (module, function): what a run does, in about the order it does it
    ("pipeline.run.replay", "lookup"),  # the tree's digest, against the last run's record
    ("pipeline.run.each", "load_site"),
    ("pipeline.run.extract", "memories"),
    ("pipeline.run.glossaries", "load"),
    ("pipeline.run.each", "each_page"),  # the pages: the kept ones replayed, the others done
    ("pipeline.run.dead_links", "dead_links"),
    ("pipeline.run.glossaries", "write_all"),
    ("pipeline.run.build", "_remove_stale"),
    ("pipeline.run.replay", "record"),
    ("pipeline.delivery.bundle", "write_bundles"),
    ("pipeline.delivery.report_write", "write_report"),
]


@contextlib.contextmanager
def timed(stages: list[tuple[str, str]], seconds: dict[str, float]) -> Iterator[None]:
    """Each stage's function replaced, in every module that holds it, by one that adds its time to
    `seconds`; put back when the block ends."""
    replaced = []
    for module_name, name in stages:
        original = getattr(importlib.import_module(module_name), name)
        wrapper = _timing(original, f"{module_name.rsplit('.', 1)[-1]}.{name}", seconds)
        for loaded in list(sys.modules.values()):
            if getattr(loaded, "__name__", "").startswith("pipeline") and getattr(loaded, name, None) is original:
                setattr(loaded, name, wrapper)
                replaced.append((loaded, name, original))
    try:
        yield
    finally:
        for loaded, name, original in replaced:
            setattr(loaded, name, original)


def _timing(original: Callable, key: str, seconds: dict[str, float]) -> Callable:
    depth = 0

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        nonlocal depth
        depth += 1
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            depth -= 1
            if not depth:  # the outermost call only
                seconds[key] = seconds.get(key, 0.0) + time.perf_counter() - start
    return wrapper


def main(argv: list[str]) -> dict[str, float]:
    """Runs `l10n ARGV` and returns the seconds of each stage that ran (and of the imports)."""
    start = time.perf_counter()
    from pipeline import cli
    for module_name in {module for module, _ in STAGES}:
        importlib.import_module(module_name)
    seconds = {"imports": time.perf_counter() - start}
    began = time.perf_counter()
    try:
        with timed(STAGES, seconds):
            cli.main(argv, prog_name="l10n", standalone_mode=False)
    finally:
        total = time.perf_counter() - began + seconds["imports"]
        print(f"{'stage':28} {'seconds':>8} {'share':>6}", file=sys.stderr)
        for key, spent in seconds.items():
            print(f"{key:28} {spent:>8.3f} {spent / total:>6.0%}", file=sys.stderr)
        print(f"{'the whole run':28} {total:>8.3f}", file=sys.stderr)
    return seconds


if __name__ == "__main__":
    main(sys.argv[1:])
