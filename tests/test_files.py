"""Writes: a text made piece by piece lands whole, and not at all when the file already holds it."""
import json
import os

from hypothesis import given, settings, strategies as st

from pipeline.files import write_chunks_if_changed
from pipeline.run.replay import json_chunks

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
                    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_json_a_piece_at_a_time_is_json_dumps(value):
    assert "".join(json_chunks(value)) == json.dumps(value, ensure_ascii=False, sort_keys=True)


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
