"""What git knows of the source: the commit a nightly was made from, its date, each page's last change.

Read with `git` only when the tree is a git checkout; anywhere else (or without git) every answer is
None and nothing fails. Each page's last change comes from one `git log` over the source folder,
read as it streams and stopped once every page is dated: one process, whatever the number of pages.
"""
from __future__ import annotations

import datetime
import pathlib
import subprocess
from dataclasses import dataclass

NOT_GIT = "not a git checkout"
MARK = "\x01"  # starts each commit's line in the log: no file name holds it


@dataclass(frozen=True)
class Source:
    """The commit of the checkout, its date (UTC, ISO 8601) and, outside git, why there is none."""

    commit: str | None = None
    date: str | None = None
    note: str | None = NOT_GIT


def _git(folder: pathlib.Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def utc(stamp: str) -> str | None:
    """An ISO 8601 time with any offset as UTC, `2026-11-25T07:00:00Z`; None when it is not one."""
    try:
        when = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def source(folder: pathlib.Path) -> Source:
    """The HEAD commit of the checkout holding `folder` and its commit date."""
    found = _git(folder, "log", "-1", "--format=%H %cI")
    if not found:
        return Source()
    commit, _, date = found.partition(" ")
    return Source(commit, utc(date), None)


def _shallow_commits(folder: pathlib.Path) -> set[str]:
    """The commits a shallow clone was cut at: the files they list are every file, not their changes."""
    path = _git(folder, "rev-parse", "--git-path", "shallow")
    shallow = folder / path if path else None
    try:
        return set(shallow.read_text(encoding="ascii").split()) if shallow else set()
    except OSError:
        return set()


def last_changes(folder: pathlib.Path, pages: set[str]) -> dict[str, str]:
    """The date (UTC) of the last commit that changed each page, by path below `folder`; pages git
    has never seen, or seen only at a shallow clone's cut, are left out."""
    if not pages or _git(folder, "rev-parse", "--is-inside-work-tree") != "true":
        return {}
    cut = _shallow_commits(folder)
    command = ["git", "-C", str(folder), "log", f"--format={MARK}%H %cI", "--name-only", "-z", "--relative",
               "--no-renames", "--", "."]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return {}
    try:
        return _read_log(process.stdout, pages, cut)
    finally:
        process.kill()
        process.stdout.close()
        process.wait()


def _read_log(stream, pages: set[str], cut: set[str]) -> dict[str, str]:
    """Each page's first (newest) date in a `git log -z --name-only` stream; stops when all are dated."""
    dates: dict[str, str] = {}
    date, rest = None, b""
    while len(dates) < len(pages):
        chunk = stream.read(65536)
        if not chunk:
            break
        *tokens, rest = (rest + chunk).split(b"\0")
        for raw in tokens:
            token = raw.decode("utf-8", "surrogateescape").removeprefix("\n")
            if token.startswith(MARK):
                commit, _, stamp = token[1:].partition(" ")
                date = None if commit in cut else utc(stamp)
            elif date and token in pages and token not in dates:
                dates[token] = date
    return dates
