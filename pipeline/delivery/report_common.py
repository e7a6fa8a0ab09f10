"""What the report's HTML and Markdown writers share: escaping, completeness tones, the header line."""
from __future__ import annotations

from html import escape

LOW, HIGH = 50.0, 90.0  # completeness colours: red below LOW %, amber below HIGH %, green from HIGH %


def e(value: object) -> str:
    """Any value as HTML text or attribute value."""
    return escape("" if value is None else str(value), quote=True)


def tone(percent: float) -> str:
    """The colour class of a completeness: bad (red), warn (amber) or good (green)."""
    return "bad" if percent < LOW else "warn" if percent < HIGH else "good"


def as_percent(value: object) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def short(commit: str | None) -> str:
    return (commit or "")[:12]


def day(date: str | None) -> str:
    """`2026-11-25` of an ISO date, '' for none."""
    return (date or "")[:10]


def meta_text(data: dict) -> str:
    parts = [f"Generated {data.get('generated') or '?'}", f"l10n {data.get('tool_version') or '?'}"]
    if data.get("source_commit"):
        date = f" ({day(data.get('source_date'))})" if data.get("source_date") else ""
        parts.append(f"source {short(data['source_commit'])}{date}")
    else:
        parts.append(f"source: {data.get('source_note') or 'not a git checkout'}")
    return " · ".join(parts)


def where(item: dict) -> str:
    line = item.get("line")
    return f"{item.get('file') or item.get('page') or ''}" + (f":{line}" if line else "")


def grid(matrix: list[dict]) -> tuple[list[str], list[str], dict[tuple[str, str], dict]]:
    """Regions (rows) and languages (columns) in first-seen order, and the row of each pair."""
    regions = list(dict.fromkeys(row["region"] for row in matrix))
    languages = list(dict.fromkeys(row["lang"] for row in matrix))
    return regions, languages, {(row["region"], row["lang"]): row for row in matrix}


def deltas(data: dict) -> dict[tuple[str, str], int]:
    """The changes in translated words since the previous bundle that the matrix shows: per
    (region, lang) compared, when known and not zero."""
    changes = data.get("changes") or {}
    return {(p["region"], p["lang"]): p["delta"] for p in changes.get("pairs") or [] if p.get("delta")}


def words_change(delta: int | None) -> str:
    return "unknown" if delta is None else f"{delta:+d}"
