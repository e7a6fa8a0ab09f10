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
    away. Each folder is looked at once: a report links thousands of files in as many folders
    (kept as strings: 28,000 linked files at 10,000 pages held 35 MB of paths as Path objects)."""

    def __init__(self, root: pathlib.Path, folder: pathlib.Path):
        self.root, self.folder = root, folder
        self.own = folder.relative_to(root).parts if folder.is_relative_to(root) else ()
        self.linked: set[str] = set()
        self._sources, self._copies = _Folders(str(root), True), _Folders(str(folder), False)

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
        path, copy = os.path.join(self._sources.base, *rel.parts), os.path.join(self._copies.base, COPIES, *rel.parts)
        return (os.path.isfile(path) and self._sources.below(os.path.dirname(path)) and
                (not os.path.islink(path) or inside(pathlib.Path(path), self.root)) and
                self._copies.below(os.path.dirname(copy)) and not os.path.islink(copy))


class _Folders:
    """Whether a folder (a normal path, as a string) lies below `base`: its parent does, and it is
    no symlink (with `links`: none leading out of base). Each folder looked at once."""

    def __init__(self, base: str, links: bool):
        self.base, self.links = base, links
        self._found: dict[str, bool] = {base: True}

    def below(self, folder: str) -> bool:
        if folder not in self._found:
            if folder.startswith(os.path.join(self.base, "")):
                self._found[folder] = self.below(os.path.dirname(folder)) and (
                    not os.path.islink(folder) or self.links and inside(pathlib.Path(folder), pathlib.Path(self.base)))
            else:
                self._found[folder] = False
        return self._found[folder]


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
    top = str(copies)
    for folder, folders, names in os.walk(top, topdown=False):  # children before their folder
        rel = folder[len(top) + 1:].replace(os.sep, "/")
        for name in names + [n for n in folders if os.path.islink(os.path.join(folder, n))]:
            if (f"{rel}/{name}" if rel else name) not in linked:
                os.unlink(os.path.join(folder, name))
        if folder != top and not os.listdir(folder):
            os.rmdir(folder)
