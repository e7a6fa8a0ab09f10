"""The hash of each page and catalog, kept between runs and trusted while the file's size,
modification time and change time are as they were when it was read (as git's index trusts them):
a run hashes every file of the tree for its record (see `replay`), the pages' keys and the
translation memory's keys, and reading 30,000 files again to find the one that changed costs
seconds. The change time catches a file rewritten with its old size and modification time put
back (`touch -d`, `rsync -t`): no tool sets it back. A copied tree is hashed again once.

A file changed within the same tick of the file system's clock as it was read could keep its
size and time; an entry is trusted only when the file was read well after its last change (RACY),
so a file written just before it was read is read again next time (and the entry settles, see
`Digests.save`). A run that replays the last report keeps its entries too. Kept in
`build/.cache-files.json`, rewritten only when an entry changed; safe to delete.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import time
from stat import S_ISREG

from pipeline.files import write_if_changed
from pipeline.run.cache import file_bytes

RACY = 2_000_000_000  # ns: a file read sooner than this after its last change is read again next time


def hash_of(data: bytes) -> str:
    """What `Digests.of` gives for a file holding `data` (a file just written hashes the same)."""
    return hashlib.sha256(data).hexdigest()


class Digests:
    """path -> sha256 of the file's bytes (or of what `cache.file_bytes` gives for a symlink, an
    unreadable file); None for a file that does not exist."""

    def __init__(self, build_dir: pathlib.Path):
        self.path = build_dir / ".cache-files.json"
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
            self.known: dict[str, list] = known if isinstance(known, dict) else {}
        except (OSError, ValueError):
            self.known = {}
        self.seen: dict[str, list] = {}  # the entries of this run: files gone leave the record
        self.settled: dict[str, list] = {}  # racy entries this run read again late enough (see save)

    def of(self, path: pathlib.Path | str) -> str | None:
        name = str(path)
        try:
            stat = os.lstat(name)
        except OSError:
            return None
        settled = self.settled.get(name)
        if settled is not None and settled[:2] == [stat.st_size, stat.st_mtime_ns] and settled[4] == stat.st_ctime_ns:
            return settled[2]  # read again earlier in this run (`seen` keeps the entry as it was)
        entry = self.seen.get(name) or self.known.get(name)
        same = (isinstance(entry, list) and len(entry) == 5 and entry[:2] == [stat.st_size, stat.st_mtime_ns]
                and entry[4] == stat.st_ctime_ns)  # ctime too, as git's index: no tool sets it back
        if same and entry[3] - entry[1] >= RACY:
            self.seen[name] = entry
            return entry[2]
        read_at = time.time_ns()
        data = file_bytes(pathlib.Path(name))
        if data is None:
            return None
        found = hash_of(data)
        if same and entry[2] == found:
            self.seen[name] = entry  # as it was (still too recent to trust): the record keeps its bytes
            if read_at - stat.st_mtime_ns >= RACY:  # unchanged since a tick long gone: trusted from now on
                self.settled[name] = [*entry[:3], read_at, entry[4]]
        elif S_ISREG(stat.st_mode):  # not a symlink (lstat), a folder or a device
            self.seen[name] = [stat.st_size, stat.st_mtime_ns, found, read_at, stat.st_ctime_ns]
        return found

    def save(self) -> None:
        """Keeps the entries of the files this run hashed; a write that fails only costs the next
        run its reads. A run that changed no entry keeps the file's bytes: the entries it found
        settled (read again long after the file's last change, the same) are kept only when
        another entry changed, so a file hashed just after it was written is read again each run
        until the next run that changes something, not forever."""
        if self.seen == self.known:
            return
        try:
            entries = {**self.seen, **self.settled}
            write_if_changed(self.path, json.dumps(entries, sort_keys=True, separators=(",", ":")) + "\n")
        except OSError:
            pass


_open: dict[pathlib.Path, Digests] = {}


def of_tree(build_dir: pathlib.Path) -> Digests:
    """The tree's digests, read once per process."""
    if build_dir not in _open:
        _open[build_dir] = Digests(build_dir)
    return _open[build_dir]


def forget() -> None:
    """The next `of_tree` reads the file again: each command starts from what the last run kept,
    also when several run in one process (another process may have run in between)."""
    _open.clear()
