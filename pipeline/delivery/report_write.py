"""Writes `build/report/`: index.html, summary.md and report.json from the same figures, and a copy of
every file the page links to below `build/report/files/`, so that the folder alone (a CI artifact,
a zip sent by mail) has working links. Copies no longer linked are removed.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
from typing import Iterator

from pipeline.delivery.report import files_link, html_pieces
from pipeline.delivery.report_markdown import render_markdown
from pipeline.files import atomic_file, inside, write_atomic
from pipeline.settings.config import Config

COPIES = "files"


def write_report(config: Config, data: dict) -> list[pathlib.Path]:
    """The report's three files (index.html first), written atomically as they are made (at
    10,000 pages, the HTML and the JSON as whole strings took some 300 MB), and the linked copies."""
    folder = config.build_dir / "report"
    places = _Places(config.path.parent, folder)
    names = ["index.html", "summary.md", "report.json"]
    with _text_file(folder / "index.html") as out:
        for piece in html_pieces(data, places.link):
            out.write(piece)
    write_atomic(folder / "summary.md", render_markdown(data).encode("utf-8"))
    with _text_file(folder / "report.json") as out:
        json.dump(data, out, ensure_ascii=False, indent=2)  # what json.dumps gives, a piece at a time
        out.write("\n")
    _copy(places.root, folder / COPIES, places.linked)
    return [folder / name for name in names]


@contextlib.contextmanager
def _text_file(path: pathlib.Path) -> Iterator[io.TextIOWrapper]:
    """UTF-8 text written to `path` atomically (`files.atomic_file`), newlines as written."""
    with atomic_file(path) as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
        yield out
        out.flush()
        out.detach()  # the file is closed and renamed by atomic_file


class _Places:
    """Which project files the page may link to, and those it did: a file of the tree (relative,
    no '..', no symlink leading out), not below the report's folder, whose copy no symlink sends
    away. Each folder is looked at once: a report links thousands of files in as many folders."""

    def __init__(self, root: pathlib.Path, folder: pathlib.Path):
        self.root, self.folder = root, folder
        self.own = folder.relative_to(root).parts if folder.is_relative_to(root) else ()
        self.linked: set[str] = set()
        self._folders: dict[tuple[pathlib.Path, pathlib.Path], bool] = {}

    def link(self, file: str) -> str | None:
        if file not in self.linked:
            if not self._copyable(file):
                return None
            self.linked.add(file)
        return files_link(file)

    def _copyable(self, file: str) -> bool:
        rel = pathlib.PurePosixPath(file)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts or self.own and rel.parts[:len(self.own)] == self.own:
            return False
        path, copy = self.root / rel, self.folder / COPIES / rel
        return (path.is_file() and self._below(path.parent, self.root, True) and
                (not path.is_symlink() or inside(path, self.root)) and
                self._below(copy.parent, self.folder, False) and not copy.is_symlink())

    def _below(self, folder: pathlib.Path, base: pathlib.Path, links: bool) -> bool:
        """`folder` lies below `base`: its parent does, and it is no symlink (with `links`: none
        leading out of base)."""
        key = (folder, base)
        if key not in self._folders:
            if folder == base:
                self._folders[key] = True
            elif base in folder.parents:
                self._folders[key] = self._below(folder.parent, base, links) and (
                    not folder.is_symlink() or links and inside(folder, base))
            else:
                self._folders[key] = False
        return self._folders[key]


def _copy(root: pathlib.Path, copies: pathlib.Path, linked: set[str]) -> None:
    """Each linked file copied with its time, skipped when the copy has its size and time already;
    every other file below `copies` removed."""
    for file in sorted(linked):
        source, target = root / file, copies / file
        stat = source.stat()
        try:
            done = target.stat()
            if (done.st_size, done.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                continue
        except OSError:
            pass
        write_atomic(target, source.read_bytes())
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    if not copies.is_dir():
        return
    for path in sorted(copies.rglob("*"), reverse=True):  # children before their folder
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif path.relative_to(copies).as_posix() not in linked:
            path.unlink()
