"""File digests kept between runs: trusted by size and time only when the file was read well after
its last change, so an edit is never missed and an unchanged tree is not read again."""
import hashlib
import json
import os
import time

from pipeline.run import digests


def aged(path, seconds=60):
    """The file as if last changed `seconds` ago."""
    then = time.time_ns() - seconds * 1_000_000_000
    os.utime(path, ns=(then, then))


def reads(monkeypatch):
    seen = []
    real = digests.file_bytes
    monkeypatch.setattr(digests, "file_bytes", lambda path: seen.append(path.name) or real(path))
    return seen


def test_an_old_file_as_it_was_is_not_read_again(tmp_path, monkeypatch):
    page = tmp_path / "a.md"
    page.write_text("本文", encoding="utf-8")
    aged(page)
    first = digests.Digests(tmp_path / "build")
    assert first.of(page) == hashlib.sha256("本文".encode()).hexdigest()
    first.save()
    read = reads(monkeypatch)
    assert digests.Digests(tmp_path / "build").of(page) == hashlib.sha256("本文".encode()).hexdigest()
    assert read == []


def test_a_changed_file_is_read_again(tmp_path):
    page = tmp_path / "a.md"
    page.write_text("one", encoding="utf-8")
    aged(page)
    known = digests.Digests(tmp_path / "build")
    known.of(page)
    known.save()
    page.write_text("two", encoding="utf-8")  # same size, a new time
    assert digests.Digests(tmp_path / "build").of(page) == hashlib.sha256(b"two").hexdigest()


def test_a_file_rewritten_with_its_old_size_and_time_put_back_is_read_again(tmp_path, monkeypatch):
    """Its change time moved: no tool sets that back (a page's key would otherwise miss the edit)."""
    page = tmp_path / "a.md"
    page.write_text("one", encoding="utf-8")
    aged(page)
    stat = page.stat()
    known = digests.Digests(tmp_path / "build")
    known.of(page)
    known.save()
    time.sleep(0.01)
    page.write_text("two", encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as `touch -d` or `rsync -t` leave it
    assert page.stat().st_mtime_ns == stat.st_mtime_ns and page.stat().st_size == stat.st_size
    read = reads(monkeypatch)
    assert digests.Digests(tmp_path / "build").of(page) == hashlib.sha256(b"two").hexdigest()
    assert read == ["a.md"]


def test_a_file_read_just_after_its_change_is_read_again_even_with_its_size_and_time(tmp_path, monkeypatch):
    """Changed again within the same tick of the clock, it could keep both: it is not trusted."""
    page = tmp_path / "a.md"
    page.write_text("one", encoding="utf-8")
    stat = page.stat()
    known = digests.Digests(tmp_path / "build")
    known.of(page)
    known.save()
    page.write_text("two", encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the edit the clock did not see
    read = reads(monkeypatch)
    assert digests.Digests(tmp_path / "build").of(page) == hashlib.sha256(b"two").hexdigest()
    assert read == ["a.md"]


def test_a_run_that_changed_nothing_keeps_the_file_s_bytes(tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("old", encoding="utf-8")
    new.write_text("new", encoding="utf-8")  # too recent to trust: read each time, its entry kept
    aged(old)
    first = digests.Digests(tmp_path / "build")
    first.of(old), first.of(new)
    first.save()
    before = (tmp_path / "build" / ".cache-files.json").read_bytes()
    again = digests.Digests(tmp_path / "build")
    again.of(old), again.of(new)
    again.save()
    assert (tmp_path / "build" / ".cache-files.json").read_bytes() == before
    assert set(json.loads(before)) == {str(old), str(new)}


def test_missing_files_and_a_damaged_record(tmp_path):
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / ".cache-files.json").write_text("{not json", encoding="utf-8")
    page = tmp_path / "a.md"
    page.write_text("x", encoding="utf-8")
    known = digests.Digests(tmp_path / "build")
    assert known.of(tmp_path / "gone.md") is None
    assert known.of(page) == hashlib.sha256(b"x").hexdigest()


def test_an_edit_that_keeps_size_and_second_is_not_replayed(demo, l10n):
    """The run record is keyed by these digests: a page edited at once after a run, to the same
    size, is still a change the next run sees."""
    page = demo / "source" / "content" / "admin" / "list_useradmin" / "list_user" / "change_password.md"
    l10n("extract")
    l10n("build")
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("パスワード", "パスワート", 1), encoding="utf-8")
    assert "パスワート" in page.read_text(encoding="utf-8")
    result = l10n("build")
    assert "パスワート" in (demo / "build" / "JP" / "ja" / "admin" / "list_useradmin" / "list_user" / "change_password.md").read_text(encoding="utf-8"), result


def test_a_file_hashed_just_after_it_was_written_is_trusted_once_a_run_changes_something(tmp_path, monkeypatch):
    """Read again long after its last change and found the same, its entry settles: kept by the
    next save that changes an entry anyway (a run that changed nothing keeps the file's bytes)."""
    monkeypatch.setattr(digests, "RACY", 50_000_000)  # 50 ms instead of 2 s
    page, other = tmp_path / "a.md", tmp_path / "b.md"
    page.write_text("本文", encoding="utf-8")
    other.write_text("one", encoding="utf-8")
    first = digests.Digests(tmp_path / "build")
    first.of(page), first.of(other)
    first.save()
    record = tmp_path / "build" / ".cache-files.json"
    before = record.read_bytes()
    time.sleep(0.06)
    read = reads(monkeypatch)
    second = digests.Digests(tmp_path / "build")
    second.of(page), second.of(page), second.of(other)
    assert read == ["a.md", "b.md"]  # racy: read again, but once in the run, then trusted
    second.save()
    assert record.read_bytes() == before  # nothing changed: no byte either
    other.write_text("two", encoding="utf-8")
    third = digests.Digests(tmp_path / "build")
    third.of(page), third.of(other)
    third.save()
    read.clear()
    aged(other)
    fourth = digests.Digests(tmp_path / "build")
    assert fourth.of(page) == hashlib.sha256("本文".encode()).hexdigest()
    assert "a.md" not in read


def test_files_hashed_again_by_a_replayed_run_are_not_hashed_by_the_next(demo, l10n, monkeypatch):
    """A tree copied with its times (`cp -a`, a CI cache) has new change times: the first run after
    the copy hashes every file again, even one that only replays the last report; the next reads none."""
    l10n("extract")
    l10n("build")
    for path in (demo / "source").rglob("*.md"):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a copy keeping times leaves them
    read = reads(monkeypatch)
    assert "0 catalogs written" in l10n("extract").output
    assert len(read) == len(list((demo / "source").rglob("*.md")))
    read.clear()
    l10n("extract")
    assert read == []
