"""Writes: a text made piece by piece lands whole, and not at all when the file already holds it."""
import json
import os
import pathlib

from hypothesis import given, settings, strategies as st

from pipeline.files import write_chunks_if_changed
from pipeline.run.replay import dict_chunks, json_chunks

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
                    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(JSON, st.integers(min_value=1, max_value=3), st.integers(min_value=1, max_value=4))
def test_json_a_piece_at_a_time_is_json_dumps(value, depth, batch):
    assert "".join(json_chunks(value, depth, batch)) == json.dumps(value, ensure_ascii=False, sort_keys=True)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=3), JSON, max_size=6), st.integers(min_value=1, max_value=4))
def test_a_dict_from_its_items_a_piece_at_a_time_is_json_dumps(value, batch):
    items = (item for item in sorted(value.items()))
    assert "".join(dict_chunks(items, batch)) == json.dumps(value, ensure_ascii=False, sort_keys=True)


def test_chunks_are_written_only_when_the_bytes_change(tmp_path):
    path = tmp_path / "sub" / "record.json"
    assert write_chunks_if_changed(path, ["{", '"a": "é"', "}\n"])
    assert path.read_text(encoding="utf-8") == '{"a": "é"}\n'
    os.utime(path, ns=(1, 1))
    assert not write_chunks_if_changed(path, ['{"a": ', '"é"}', "\n"])
    assert path.stat().st_mtime_ns == 1  # left alone
    assert write_chunks_if_changed(path, ['{"a": 2}\n'])
    assert path.read_text(encoding="utf-8") == '{"a": 2}\n'
    assert [p.name for p in path.parent.iterdir()] == ["record.json"]  # no temporary file left


def test_files_below_lists_what_os_walk_lists_in_its_order(tmp_path):
    from pipeline.files import files_below
    for rel in ("b.md", "a/z.md", "a/b/c.md", "a/x.po", "c/d.md", "a.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "a")  # a linked folder is not entered
    (tmp_path / "alias.md").symlink_to(tmp_path / "b.md")  # a linked file is listed
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    walked = []
    for top, dirs, names in os.walk(tmp_path):
        dirs.sort()
        walked.extend(os.path.join(top, n) for n in sorted(names) if n.endswith(".md"))
    assert files_below(tmp_path, ".md") == walked
    assert files_below(tmp_path / "missing", ".md") == []


def test_sorted_files_lists_what_sorted_rglob_lists_in_its_order(tmp_path):
    from pipeline.files import sorted_files
    for rel in ("b.md", "a/z.md", "a/b/c.md", "a/x.po", "a-b/d.md", "a.md", ".hidden/e.md", "B/f.md", "x.md/g.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "a")  # a linked folder is not entered, by either
    (tmp_path / "alias.md").symlink_to(tmp_path / "b.md")  # a linked file is listed
    listed = sorted_files(tmp_path, ".md")
    assert listed == sorted(tmp_path.rglob("*.md"))  # "a/b/c.md" before "a/z.md", "a-b" after "a"
    assert tmp_path / "x.md" in listed  # a folder named like a page is listed, for its reader to refuse
    assert listed[:3] == [tmp_path / ".hidden/e.md", tmp_path / "B/f.md", tmp_path / "a/b/c.md"]
    assert sorted_files(tmp_path / "missing", ".md") == []
    relative = sorted_files(pathlib.Path(os.path.relpath(tmp_path)), ".po")
    assert relative == [pathlib.Path(os.path.relpath(tmp_path)) / "a/x.po"]


def test_files_below_in_no_order_finds_the_same_files(tmp_path):
    for rel in ("b/z.md", "a.md", "b/a/c.md", "c/x.txt", "d.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    from pipeline.files import files_below
    ordered = files_below(tmp_path, ".md")
    assert [p[len(str(tmp_path)) + 1:] for p in ordered] == ["a.md", "d.md", "b/z.md", "b/a/c.md"]
    assert sorted(files_below(tmp_path, ".md", ordered=False)) == sorted(ordered)


def test_a_folder_where_a_file_goes_is_an_error_naming_that_file_and_leaves_no_temporary(tmp_path):
    from pipeline.files import write_atomic
    target = tmp_path / "bundles" / "US.tar.gz"
    (target / "inside").mkdir(parents=True)
    try:
        write_atomic(target, b"data")
    except IsADirectoryError as err:
        assert err.filename == str(target)  # not the temporary file's name, which no user knows
    else:
        raise AssertionError("written over a folder")
    assert sorted(p.name for p in target.parent.iterdir()) == ["US.tar.gz"]
