"""`bundle --previous`: the previous bundle read from a folder, a manifest or an archive; damage named."""
from __future__ import annotations

import json

import pytest

from pipeline.delivery.bundle import archive
from pipeline.delivery.previous import PreviousError, read

MANIFEST = {"region": "JP", "source_commit": "abc", "languages": {"en": {"translated_words": 5, "files": {"a.md": "1"}}}}
HISTORY = '{"date":"2026-11-24T07:00:00Z","commit":"abc","words":{"JP/en":[5,10]}}\n'


def bundles(folder, manifests=None, history=HISTORY):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifests or {"JP": MANIFEST}), encoding="utf-8")
    if history is not None:
        (folder / "history.jsonl").write_text(history, encoding="utf-8")
    return folder


def region_archive(path, manifest=MANIFEST, history=HISTORY):
    files = {"en/a.md": b"x", "manifest.json": json.dumps(manifest).encode()}
    if history is not None:
        files["history.jsonl"] = history.encode()
    path.write_bytes(archive(files))
    return path


def test_the_bundles_folder(tmp_path):
    previous = read(bundles(tmp_path / "bundles"))
    assert previous.manifests == {"JP": MANIFEST}
    assert previous.history == [{"date": "2026-11-24T07:00:00Z", "commit": "abc", "words": {"JP/en": [5, 10]}}]


def test_a_manifest_with_or_without_a_history_beside_it(tmp_path):
    assert len(read(bundles(tmp_path / "a") / "manifest.json").history) == 1
    older = read(bundles(tmp_path / "b", history=None) / "manifest.json")  # a bundle made before the history
    assert older.manifests == {"JP": MANIFEST} and older.history == []
    (tmp_path / "one.json").write_text(json.dumps(MANIFEST), encoding="utf-8")  # one region's manifest
    assert read(tmp_path / "one.json").manifests == {"JP": MANIFEST}


def test_a_region_archive_and_a_folder_of_archives(tmp_path):
    previous = read(region_archive(tmp_path / "JP.tar.gz"))
    assert previous.manifests == {"JP": MANIFEST} and len(previous.history) == 1
    folder = tmp_path / "artifact"
    folder.mkdir()
    region_archive(folder / "JP.tar.gz")
    region_archive(folder / "US.tar.gz", {**MANIFEST, "region": "US"})
    assert sorted(read(folder).manifests) == ["JP", "US"]


def damaged(tmp_path, case):
    if case == "empty folder":
        (tmp_path / "empty").mkdir()
        return tmp_path / "empty", "holds neither manifest.json nor a <REGION>.tar.gz"
    if case == "not json":
        (tmp_path / "m.json").write_text('{"JP": ', encoding="utf-8")
        return tmp_path / "m.json", "m.json: not JSON"
    if case == "not a manifest":
        (tmp_path / "m.json").write_text('{"JP": {"languages": {"en": {}}}}', encoding="utf-8")
        return tmp_path / "m.json", "the manifest of JP has no languages with their files"
    if case == "history":
        return bundles(tmp_path / "b", history=HISTORY + "{oops\n"), "history.jsonl:2: not JSON"
    if case == "archive":
        (tmp_path / "JP.tar.gz").write_bytes(b"\x1f\x8b\x08\x00cut short")
        return tmp_path / "JP.tar.gz", "not a readable .tar.gz"
    if case == "archive without manifest":
        (tmp_path / "JP.tar.gz").write_bytes(archive({"en/a.md": b"x"}))
        return tmp_path / "JP.tar.gz", "holds no manifest.json"
    (tmp_path / "m.json").write_bytes(b"\xff\xfe")
    return tmp_path / "m.json", "not UTF-8 text"


@pytest.mark.parametrize("case", ["empty folder", "not json", "not a manifest", "history", "archive",
                                  "archive without manifest", "not utf-8"])
def test_damage_names_the_file_and_what_to_do(tmp_path, case):
    path, problem = damaged(tmp_path, case)
    with pytest.raises(PreviousError) as err:
        read(path)
    assert str(path) in str(err.value) and problem in str(err.value)
    assert str(err.value).endswith("or leave out --previous to start a new history")
