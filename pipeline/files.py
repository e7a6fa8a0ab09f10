"""File writes that are atomic and skipped when nothing would change."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import operator
import os
import re
import pathlib
import secrets
from typing import BinaryIO, Iterable, Iterator


def inside(path: pathlib.Path, base: pathlib.Path) -> bool:
    """True when path, symlinks resolved, lies below base: no run reads or writes elsewhere."""
    try:
        path.resolve().relative_to(base.resolve())
        return True
    except ValueError:
        return False


_FOLDERS_INSIDE: dict[tuple[pathlib.Path, pathlib.Path], bool] = {}  # (folder, base), for one run


def forget_folders() -> None:
    """Called when a run starts: what `resolves_inside` learnt of the folders may not hold any more."""
    _FOLDERS_INSIDE.clear()


def _folder_inside(folder: pathlib.Path, base: pathlib.Path) -> bool:
    """`inside` for a folder below base, one system call per folder per run: it is inside when
    its parent is and it is not a symlink (or one that resolves inside). A run writes thousands of
    files into a few hundred folders; resolving each path would cost a call per component."""
    key = (folder, base)
    if key not in _FOLDERS_INSIDE:
        below = str(folder).startswith(os.path.join(str(base), ""))
        if folder == base:
            _FOLDERS_INSIDE[key] = True
        elif below and ".." not in folder.parts:
            _FOLDERS_INSIDE[key] = _folder_inside(folder.parent, base) and (
                not folder.is_symlink() or inside(folder, base))
        else:
            _FOLDERS_INSIDE[key] = inside(folder, base)
    return _FOLDERS_INSIDE[key]


def resolves_inside(path: pathlib.Path, base: pathlib.Path) -> bool:
    """`inside` for the files a run reads and writes below base: what it found of each folder is
    kept until `forget_folders` (a run reads and writes thousands of catalogs and outputs in a
    few hundred folders; `inside` resolves every component of every path, a tenth of a millisecond)."""
    return _folder_inside(path.parent, base) and (not path.is_symlink() or inside(path, base))


def signature(path: pathlib.Path | str) -> list[int] | None:
    """A file's or folder's size and mtime (None when it is not there): what a run records of what
    it wrote, and checks again before trusting it (a file or folder changed by hand changes them)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def files_below(folder: pathlib.Path | str, suffix: str, ordered: bool = True,
                folders: dict[str, list[int] | None] | None = None) -> list[str]:
    """The paths of the files below folder whose names end with suffix, in os.walk's order with
    names sorted (files, then each folder's; in no particular order unless `ordered`); linked
    folders are not entered. Strings, and no lstat of every folder as os.walk makes: a tree of
    10,000 pages has 30,000 folders, and its outputs 90,000. `folders`: each folder's `signature`
    is put there, taken before it is listed (a file added after that changes it)."""
    found: list[str] = []
    stack = [str(folder)]  # a stack, not a recursive closure: that would be a cycle left to the collector
    while stack:
        top = stack.pop()
        if folders is not None:
            folders[top] = signature(top)
        try:
            entries = sorted(os.scandir(top), key=_NAME) if ordered else list(os.scandir(top))
        except OSError:
            continue
        below = []
        for entry in entries:
            if entry.is_dir():
                if not entry.is_symlink():
                    below.append(entry.path)
            elif entry.name.endswith(suffix):
                found.append(entry.path)
        stack.extend(reversed(below))  # the first folder is walked next, as a recursion would
    return found


_NAME = operator.attrgetter("name")


def sorted_files(folder: pathlib.Path, suffix: str) -> list[pathlib.Path]:
    """What `sorted(folder.rglob("*" + suffix))` lists, in its order (by path components): the
    names ending with suffix below folder, a folder so named too (its reader then says what it
    is), linked folders not entered; a third of rglob's time on a tree of 2,000 pages."""
    return [pathlib.Path(path) for path in sorted_paths(folder, suffix)]


def sorted_paths(folder: pathlib.Path, suffix: str) -> list[str]:
    """`sorted_files`, as strings."""
    found: list[str] = []
    stack = [str(folder)] if folder.is_dir() else []  # as `files_below`: no recursive closure (a cycle)
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(suffix):
                found.append(entry.path)
            if entry.is_dir() and not entry.is_symlink():
                stack.append(entry.path)
    return sorted(found, key=path_order)


def path_order(path: str) -> list[str]:
    """The sort key of `sorted_files`' order: by path components."""
    return path.split(os.sep)


def write_if_changed(path: pathlib.Path, text: str, base: pathlib.Path | None = None) -> bool:
    """Writes text to path unless it already holds exactly that; True when written.
    With `base`, refuses (OSError) a path that a symlink would send outside base."""
    if base is not None and not resolves_inside(path, base):
        raise OSError(f"refusing to write {path}: it resolves outside {base}")
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def write_chunks_if_changed(path: pathlib.Path, chunks: Iterable[str]) -> bool:
    """`write_if_changed` for a text made piece by piece (a large JSON record): written to a
    temporary file as it comes, renamed into place only when its bytes differ from the file's."""
    new = hashlib.sha256()
    with _temporary(path) as (tmp, out):
        for piece in _batches(chunks):
            data = piece.encode("utf-8")
            new.update(data)
            out.write(data)
        out.close()
        if _sha256(path) == new.digest():
            os.unlink(tmp)
            return False
        _replace(tmp, path)
    return True


def _batches(chunks: Iterable[str], size: int = 1 << 16) -> Iterable[str]:
    """Small chunks joined into pieces of about `size` characters (one encode and write each)."""
    batch, length = [], 0
    for chunk in chunks:
        batch.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)


def _sha256(path: pathlib.Path) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").digest()
    except FileNotFoundError:
        return None


def write_atomic(path: pathlib.Path, data: bytes) -> None:
    """A temporary file in the same folder, renamed into place: readers see old or new, never half.

    No fsync: a killed run is covered by the rename; a power cut is the file system's business.
    The file gets the permissions of any new file (0o666 less the umask)."""
    with atomic_file(path) as out:
        out.write(data)


@contextlib.contextmanager
def atomic_file(path: pathlib.Path) -> Iterator[BinaryIO]:
    """`write_atomic` for what is written a piece at a time: the file the block writes is renamed
    into place when it ends, and removed if it fails."""
    with _temporary(path) as (tmp, out):
        yield out
        out.close()
        _replace(tmp, path)


def _replace(tmp: pathlib.Path, path: pathlib.Path) -> None:
    """The temporary file renamed into place; a refusal (a folder in the way) names the file the
    run writes, not its temporary twin, which no user knows."""
    try:
        os.replace(tmp, path)
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(path)) from None


@contextlib.contextmanager
def _temporary(path: pathlib.Path) -> Iterator[tuple[pathlib.Path, BinaryIO]]:
    """A new file beside `path` (its folder made if need be), open for writing; removed when
    anything fails before the caller has renamed it."""
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"  # the shape remove_temporaries knows
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
        except FileNotFoundError:  # its folder is not there yet
            path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with os.fdopen(fd, "wb") as out:
            yield tmp, out
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH when set (reproducible builds): the time every date written is taken from."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(epoch) if epoch.isdigit() else None


def describe(err: Exception) -> str:
    """What the system said, without the path a message already names ('No space left on device')."""
    return getattr(err, "strerror", None) or str(err)


def read_text(path: pathlib.Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def remove_temporaries(folder: pathlib.Path) -> int:
    """Temporary files a killed run left behind (only ours: `.NAME.XXXXXXXX.tmp`)."""
    removed = 0
    if folder.is_dir():
        for path in folder.rglob(".*.tmp"):
            if TEMPORARY.match(path.name) and path.is_file():
                path.unlink()
                removed += 1
    return removed


class Busy(Exception):
    """Another run holds the tree's lock."""


class LockError(Exception):
    """The tree's lock file cannot be made or written (a read-only folder, a full disk)."""


@contextlib.contextmanager
def locked(path: pathlib.Path, wait: bool = False, normal: tuple[type[BaseException], ...] = ()):
    """One run at a time per tree: an advisory lock the system drops when the process ends.

    A POSIX record lock (lockf), not flock: a forked worker does not inherit it, so the lock goes
    with the run's own process, even when a killed run's workers were still alive.
    Yields whether the last run ended cleanly: a run writes its pid in the file and empties it
    when it ends, so a pid found there is a run that was killed (and may have left temporaries).
    A run stopped by an exception leaves its pid too (its pool may have stopped a worker mid-write),
    unless the exception is one of `normal`'s (the CLI's exits and usage errors: nothing written)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        handle = open(path, "a+")
    except OSError as err:
        raise LockError(f"cannot open the tree's lock file {path}: {describe(err)}") from None
    with handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except (BlockingIOError, PermissionError):  # EAGAIN or EACCES: held by another process
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise Busy(f"another l10n run ({holder}) is working on this tree: wait for it to finish, "
                       f"or run with --wait") from None
        handle.seek(0)
        clean = existed and not handle.read().strip()
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
        except OSError as err:
            raise LockError(f"cannot write the tree's lock file {path}: {describe(err)}") from None
        ended = False  # cleanly: the pid goes
        try:
            yield clean
            ended = True
        except normal:
            ended = True
            raise
        finally:
            if ended:
                handle.seek(0)
                handle.truncate()
                handle.flush()
            fcntl.lockf(handle, fcntl.LOCK_UN)  # else the pid stays: the next run clears what this one left
