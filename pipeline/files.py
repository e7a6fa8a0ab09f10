"""File writes that are atomic and skipped when nothing would change."""
from __future__ import annotations

import os
import pathlib
import tempfile


def write_if_changed(path: pathlib.Path, text: str) -> bool:
    """Writes text to path unless it already holds exactly that; True when written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def write_atomic(path: pathlib.Path, data: bytes) -> None:
    """A temporary file in the same folder, renamed into place: readers see old or new, never half.

    No fsync: a killed run is covered by the rename; a power cut is the file system's business."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def read_text(path: pathlib.Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
