"""Progress over time: the bundle's history drawn as an inline SVG line chart, one line per region ×
language, one point per nightly (in run order: a week-end without a run leaves no gap to explain).
"""
from __future__ import annotations

from html import escape

from pipeline.delivery.history import percent

WIDTH, HEIGHT = 1000, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 30
POINTS_UP_TO = 90  # more runs than this: lines only, no dots
X_LABELS = 6
PALETTE = ("#175cd3", "#d92d20", "#079455", "#dc6803", "#7a5af8", "#0e9384", "#c11574", "#4e5ba6", "#667085")


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def series(history: list[dict]) -> list[str]:
    """The region × language pairs the history knows: the latest run's first, in its order."""
    names = list(history[-1]["words"]) if history else []
    for line in history:
        names += [name for name in line["words"] if name not in names]
    return names


def label(line: dict, index: int) -> str:
    return (line.get("date") or "")[:10] or f"run {index + 1}"


def chart_svg(history: list[dict]) -> str:
    """The chart, or '' when the history is empty."""
    if not history:
        return ""
    names = series(history)
    step = (WIDTH - LEFT - RIGHT) / max(len(history) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(history) > 1 else (WIDTH - LEFT - RIGHT) / 2)

    def y(p: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - p / 100)

    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Translated words, per cent, per run">']
    for p in (0, 25, 50, 75, 100):
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(p):.1f}" y2="{y(p):.1f}"/>'
                     f'<text x="{LEFT - 6}" y="{y(p) + 4:.1f}" text-anchor="end">{p} %</text>')
    for i in _label_positions(len(history)):
        anchor = "start" if i == 0 and len(history) > 1 else "end" if i == len(history) - 1 and i else "middle"
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">{_e(label(history[i], i))}</text>')
    for n, name in enumerate(names):
        parts.append(_line(history, name, PALETTE[n % len(PALETTE)], x, y))
    return "".join(parts) + "</svg>"


def _label_positions(runs: int) -> list[int]:
    if runs <= X_LABELS:
        return list(range(runs))
    return sorted({round(k * (runs - 1) / (X_LABELS - 1)) for k in range(X_LABELS)})


def _line(history: list[dict], name: str, colour: str, x, y) -> str:
    points = [(i, line["words"][name]) for i, line in enumerate(history) if name in line["words"]]
    coords = " ".join(f"{x(i):.1f},{y(percent(value)):.1f}" for i, value in points)
    out = f'<g data-series="{_e(name)}"><polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>'
    if len(history) <= POINTS_UP_TO:
        for i, value in points:
            tip = f"{name} {label(history[i], i)}: {percent(value):.1f} % ({value[0]} of {value[1]} words)"
            out += (f'<circle cx="{x(i):.1f}" cy="{y(percent(value)):.1f}" r="3.5" fill="{colour}">'
                    f"<title>{_e(tip)}</title></circle>")
    return out + "</g>"


def trends(history: list[dict]) -> list[dict]:
    """Per pair: its colour, its latest figure, and its change since the first run that has it
    (None when that is the latest run)."""
    out = []
    for n, name in enumerate(series(history)):
        points = [(i, line["words"][name]) for i, line in enumerate(history) if name in line["words"]]
        (first_i, first), (last_i, last) = points[0], points[-1]
        out.append({"name": name, "colour": PALETTE[n % len(PALETTE)], "percent": percent(last),
                    "change": None if first_i == last_i else round(percent(last) - percent(first), 1),
                    "since": label(history[first_i], first_i)})
    return out


def legend_html(history: list[dict]) -> str:
    items = []
    for t in trends(history):
        since = "" if t["change"] is None else f" ({t['change']:+.1f} since {t['since']})"
        items.append(f'<li data-series="{_e(t["name"])}"><span class="swatch" style="background:{t["colour"]}"></span>'
                     f"<b>{_e(t['name'])}</b> {t['percent']:.1f} %{_e(since)}</li>")
    return '<ul class="series">' + "".join(items) + "</ul>"
