"""What git says of the source: the commit, its date, each page's last change; nothing outside git."""
from __future__ import annotations

import io
import os
import subprocess

import pytest

from conftest import needs
from pipeline.delivery import git

pytestmark = needs("git")


def commit(repo, date: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "a",
           "GIT_AUTHOR_EMAIL": "a@example.invalid", "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.invalid"}
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", date], check=True, env=env)


@pytest.fixture
def repo(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    repo = tmp_path / "repo"
    commit(repo, "2026-11-01T09:00:00+09:00", {"content/a.md": "a", "content/sub/b.md": "b", "content/日本.md": "c",
                                              "other.md": "x"})
    commit(repo, "2026-11-08T09:00:00+09:00", {"content/sub/b.md": "b2", "other.md": "y"})
    return repo


def test_outside_git_nothing_and_no_failure(tmp_path):
    assert git.source(tmp_path) == git.Source(None, None, "not a git checkout")
    assert git.last_changes(tmp_path, {"a.md"}) == {}


def test_the_commit_and_its_date_in_utc(repo):
    found = git.source(repo / "content")
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert found == git.Source(head, "2026-11-08T00:00:00Z", None)


def test_each_page_dated_by_its_last_commit_below_the_source_folder(repo):
    (repo / "content/new.md").write_text("not committed", encoding="utf-8")
    pages = {"a.md", "sub/b.md", "日本.md", "new.md"}
    assert git.last_changes(repo / "content", pages) == {
        "a.md": "2026-11-01T00:00:00Z", "sub/b.md": "2026-11-08T00:00:00Z", "日本.md": "2026-11-01T00:00:00Z"}


def test_a_shallow_clone_dates_only_what_changed_after_its_cut(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    assert git.last_changes(clone / "content", {"a.md", "sub/b.md"}) == {}  # the cut lists every file
    commit(clone, "2026-11-15T09:00:00+09:00", {"content/a.md": "a3"})
    assert git.last_changes(clone / "content", {"a.md", "sub/b.md"}) == {"a.md": "2026-11-15T00:00:00Z"}


def test_the_log_is_read_only_until_every_page_is_dated():
    log = b"\x01c2 2026-11-08T00:00:00Z\0\na.md\0b.md\0\x01c1 2026-11-01T00:00:00Z\0\nc.md\0"

    class Stream(io.BytesIO):
        reads = 0

        def read(self, size=-1):
            Stream.reads += 1
            return super().read(8)

    assert git._read_log(Stream(log), {"a.md"}, set()) == {"a.md": "2026-11-08T00:00:00Z"}
    assert Stream.reads < len(log) // 8
    assert git._read_log(io.BytesIO(log), {"a.md", "c.md", "x.md"}, {"c1"}) == {"a.md": "2026-11-08T00:00:00Z"}


def test_utc():
    assert git.utc("2026-11-01T09:00:00+09:00") == "2026-11-01T00:00:00Z"
    assert git.utc("2026-11-01T09:00:00") == "2026-11-01T09:00:00Z" and git.utc("garbage") is None
