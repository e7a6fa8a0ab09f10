"""Times reading a PO catalog of 1, 8 and 32 MB with `read_po` and with polib, to show both stay linear.

    python bench/po_read.py [--sizes 1 8 32] [--rounds 3] [--no-polib] [--long-sizes 1 4]

Catalogs are generated in memory from entries shaped like the demo's (extracted comment,
reference, Japanese msgid, English msgstr; some multi-line, fuzzy with a previous msgid, plural,
obsolete) and checked with `msgfmt -c` when it is installed. A second series holds one long
entry (a code block of many lines), where polib's `+=` on each continuation line is quadratic.
Prints the best of the rounds, in seconds and MB/s; the last column is read_po's time over polib's.
"""
from __future__ import annotations

import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import polib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))  # run from anywhere
from pipeline.po.pofile import read_po  # noqa: E402

HEADER = """# bench: translations into en.
msgid ""
msgstr ""
"Project-Id-Version: bench\\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\\n"
"Last-Translator: \\n"
"Language-Team: \\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def entry(n: int) -> str:
    """The n-th entry; one in eight multi-line, fuzzy, plural or obsolete."""
    ref = f"#. paragraph; regions: JP\n#: bench/page{n // 40}.md:{n % 400 + 1}\n"
    source = f"ログインURLが間違っているようです {n}。[詳しくは](/general/ja/login/forgot_url.html)を参照して" \
             f"ください。"
    target = f"The login URL seems to be wrong {n}. See [details](/general/ja/login/forgot_url.html)."
    kind = n % 8
    if kind == 1:
        return (f'{ref}msgid ""\n"{source}\\n"\n"{{{{%service%}}}}のメンテナンス中です。"\n'
                f'msgstr ""\n"{target}\\n"\n"{{{{%service%}}}} is under \\"maintenance\\"."\n\n')
    if kind == 2:
        return f'{ref}#, fuzzy\n#| msgid "{source}旧"\nmsgid "{source}"\nmsgstr "{target}"\n\n'
    if kind == 3:
        return (f'{ref}msgid "{source}"\nmsgid_plural "{source}s"\n'
                f'msgstr[0] "{target}"\nmsgstr[1] "{target}s"\n\n')
    if kind == 4:
        return f'# translator note\n#~ msgid "{source}"\n#~ msgstr "{target}"\n\n'
    return f'{ref}msgid "{source}"\nmsgstr "{target}"\n\n'


def long_entry(megabytes: int) -> bytes:
    """One entry whose msgid and msgstr are each a code block of `megabytes` / 2 MB."""
    lines = "".join(f'"    value_{n} = compute({n})  # a line of code\\n"\n' for n in range(megabytes * 10_000))
    return (HEADER + f'#, no-wrap\nmsgid ""\n{lines}msgstr ""\n{lines}').encode()


def catalog(megabytes: int) -> bytes:
    parts, size, n = [HEADER], len(HEADER.encode()), 0
    while size < megabytes * 1_000_000:
        text = entry(n)
        parts.append(text)
        size += len(text.encode())
        n += 1
    return "".join(parts).rstrip("\n").encode() + b"\n"


def best(rounds: int, read) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-polib", action="store_true", help="time read_po only")
    parser.add_argument("--long-sizes", type=int, nargs="*", default=[1, 4],
                        help="sizes in MB of the one-entry catalogs (none: skip them)")
    args = parser.parse_args()
    print(f"{'MB':>4} {'entries':>9} {'read_po s':>10} {'MB/s':>6} {'polib s':>8} {'MB/s':>6} {'ratio':>6}")
    for megabytes in args.sizes:
        run(catalog(megabytes), args)
    if args.long_sizes:
        print("one long entry:")
    for megabytes in args.long_sizes:
        run(long_entry(megabytes), args)


def run(data: bytes, args: argparse.Namespace) -> None:
    """One line of the table: `data` read by read_po and by polib."""
    if shutil.which("msgfmt"):
        with tempfile.NamedTemporaryFile(suffix=".po") as handle:
            handle.write(data)
            handle.flush()
            subprocess.run(["msgfmt", "-c", "-o", "/dev/null", handle.name], check=True)
    size = len(data) / 1_000_000
    entries = len(read_po(data, "bench.po"))
    ours = best(args.rounds, lambda: read_po(data, "bench.po"))
    line = f"{size:4.0f} {entries:9} {ours:10.2f} {size / ours:6.1f}"
    if not args.no_polib:  # polib is given text: given bytes it would not parse them
        text = data.decode("utf-8")
        theirs = best(args.rounds, lambda: polib.pofile(text, wrapwidth=0))
        line += f" {theirs:8.2f} {size / theirs:6.1f} {ours / theirs:6.2f}"
    print(line, flush=True)


if __name__ == "__main__":
    main()
