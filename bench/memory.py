#!/usr/bin/env python3
"""Benchmark: the translation memory's near-match search against a memory the size of a large site.

    python bench/memory.py [--entries 200000] [--queries 100] [--site DIR]

The memory holds ENTRIES distinct msgids made from the site's own catalogs (the real sentences,
each variant changed in a few characters, as a site's many similar sentences are); QUERIES edited
sentences (a few characters changed) are looked up, as an extract after editing that many does.
Prints the time of building the memory and the median time per query, and checks that every
answer is the one a plain difflib scan over all entries gives (on the first queries).
"""
from __future__ import annotations

import argparse
import difflib
import pathlib
import random
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.po.memory import THRESHOLD, Memory  # noqa: E402
from pipeline.po.pofile import read_po  # noqa: E402


def sentences(site: pathlib.Path) -> list[str]:
    found = []
    for path in sorted((site / "locales").rglob("*.po")):
        po = read_po(path.read_text(encoding="utf-8"), str(path))
        found.extend(e.msgid for e in po if e.msgid and not e.obsolete)
    return sorted(set(found))


def edited(text: str, rng: random.Random, changes: int = 2) -> str:
    chars = list(text)
    for _ in range(changes):
        chars[rng.randrange(len(chars))] = rng.choice("あいうえおかきくけこ設定管理画面")
    return "".join(chars)


def scan(memory: Memory, msgid: str) -> tuple[str, float] | None:
    """The reference: difflib over every entry, ties to the shortest then the first."""
    best = None
    for candidate in sorted(memory.exact, key=len):
        score = difflib.SequenceMatcher(None, candidate, msgid, autojunk=False).ratio()
        if score >= THRESHOLD and (best is None or score > best[1]):
            best = (candidate, score)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--site", type=pathlib.Path, default=ROOT)
    parser.add_argument("--verify", type=int, default=5, help="queries checked against the plain scan")
    args = parser.parse_args()
    rng = random.Random(7)
    base = [s for s in sentences(args.site) if len(s) >= 8]
    pairs, seen = [], set()
    while len(pairs) < args.entries:
        text = edited(rng.choice(base), rng, rng.randint(0, 4))
        if text not in seen:
            seen.add(text)
            pairs.append((text, "translation"))
    start = time.perf_counter()
    memory = Memory(pairs)
    built = time.perf_counter() - start
    queries = [edited(rng.choice(base), rng, 3) for _ in range(args.queries)]
    times, answers = [], []
    for query in queries:
        start = time.perf_counter()
        answers.append(memory.closest(query))
        times.append(time.perf_counter() - start)
    for query, answer in list(zip(queries, answers))[:args.verify]:
        expected = scan(memory, query)
        got = (answer.msgid, answer.score) if answer else None
        assert got == expected, (query, got, expected)
    print(f"memory of {len(memory):,} entries built in {built:.2f} s; {len(queries)} near-match queries: "
          f"median {statistics.median(times) * 1000:.1f} ms, total {sum(times):.2f} s; "
          f"{args.verify} answers equal a plain difflib scan")


if __name__ == "__main__":
    main()
