"""The bundle's history: one line per nightly, so the report can draw progress over weeks.

`build/bundles/history.jsonl` holds one JSON object a line, oldest first:

    {"date": "2026-11-25T07:00:00Z", "commit": "abc…", "words": {"JP/en": [1500, 3000], …}}

`words` gives, per published region × language, the source words translated and the source words in
all. A run given the previous bundle copies its lines and adds its own; without one it starts a new
history. The date is SOURCE_DATE_EPOCH's, else the source commit's (null outside git): never the
clock, so the same inputs give the same bytes.
"""
from __future__ import annotations

import datetime
import json

NAME = "history.jsonl"
KEEP = 400  # lines kept (more than a year of nightlies): the oldest go first


class HistoryError(ValueError):
    """A history line that is not what a bundle writes: which line and what is wrong."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


def date_of(epoch: int | None, commit_date: str | None) -> str | None:
    """The run's date: SOURCE_DATE_EPOCH when set, else the source commit's date (UTC)."""
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return commit_date


def entry(date: str | None, commit: str | None, pairs: dict) -> dict:
    """This run's line, from a build's counts per (region, lang), in the config's order."""
    words = {f"{region}/{lang}": [counts.translated_words, counts.words] for (region, lang), counts in pairs.items()}
    return {"date": date, "commit": commit, "words": words}


def extend(previous: list[dict], line: dict) -> list[dict]:
    """The previous history and this run's line, the oldest dropped beyond KEEP."""
    return (previous + [line])[-KEEP:]


def dumps(history: list[dict]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in history)


def loads(text: str) -> list[dict]:
    """A history file's lines, checked; raises HistoryError at the first line a bundle would not write."""
    history = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except ValueError as err:
            raise HistoryError(number, f"not JSON ({err})") from None
        history.append(_checked(line, number))
    return history


def _checked(line: object, number: int) -> dict:
    if not isinstance(line, dict) or not isinstance(line.get("words"), dict):
        raise HistoryError(number, 'not a history line: {"date": …, "commit": …, "words": {…}}')
    for key in ("date", "commit"):
        if line.get(key) is not None and not isinstance(line[key], str):
            raise HistoryError(number, f"'{key}' is not a string")
    for pair, value in line["words"].items():
        if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int and v >= 0 for v in value)):
            raise HistoryError(number, f"'{pair}' is not [translated words, words]")
    return {"date": line.get("date"), "commit": line.get("commit"), "words": line["words"]}


def percent(value: list[int]) -> float:
    """The share of words translated, as the matrix rounds it (100 when there is nothing to translate)."""
    translated, total = value
    return round(100.0 * translated / total, 1) if total else 100.0
