"""The bundle's history: a line per run, dated without the clock, checked when read back."""
from __future__ import annotations

import pytest

from pipeline.delivery import history
from pipeline.delivery.stats import Counts


def test_entry_dumps_and_loads():
    line = history.entry("2026-11-25T07:00:00Z", "abc", {("JP", "en"): Counts(words=300, translated_words=120),
                                                         ("CN", "zh"): Counts(words=0)})
    assert line == {"date": "2026-11-25T07:00:00Z", "commit": "abc", "words": {"JP/en": [120, 300], "CN/zh": [0, 0]}}
    text = history.dumps([line, line])
    assert text == ('{"date":"2026-11-25T07:00:00Z","commit":"abc","words":{"JP/en":[120,300],"CN/zh":[0,0]}}\n' * 2)
    assert history.loads(text) == [line, line]
    assert [history.percent(v) for v in line["words"].values()] == [40.0, 100.0]


def test_the_date_comes_from_source_date_epoch_else_the_commit():
    assert history.date_of(1764054000, "2020-01-01T00:00:00Z") == "2025-11-25T07:00:00Z"
    assert history.date_of(None, "2020-01-01T00:00:00Z") == "2020-01-01T00:00:00Z"
    assert history.date_of(None, None) is None


def test_extend_adds_one_line_and_keeps_the_last_ones():
    old = [{"date": None, "commit": str(i), "words": {}} for i in range(history.KEEP)]
    new = {"date": None, "commit": "new", "words": {}}
    assert history.extend(old[:3], new) == old[:3] + [new]
    kept = history.extend(old, new)
    assert len(kept) == history.KEEP and kept[0]["commit"] == "1" and kept[-1] == new


@pytest.mark.parametrize("text, line, problem", [
    ('{"date":null,"commit":null,"words":{}}\nnot json\n', 2, "not JSON"),
    ('[1, 2]\n', 1, "not a history line"),
    ('{"date":5,"commit":null,"words":{}}\n', 1, "'date' is not a string"),
    ('{"date":null,"commit":null,"words":{"JP/en":[1]}}\n', 1, "'JP/en' is not [translated words, words]"),
    ('{"date":null,"commit":null,"words":{"JP/en":[-1, 2]}}\n', 1, "'JP/en' is not [translated words, words]"),
])
def test_a_damaged_line_is_named(text, line, problem):
    with pytest.raises(history.HistoryError) as err:
        history.loads(text)
    assert err.value.line == line and problem in str(err.value)


def test_blank_lines_are_skipped():
    assert history.loads('\n{"date":null,"commit":null,"words":{}}\n\n') == [{"date": None, "commit": None, "words": {}}]
