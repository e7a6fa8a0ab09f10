"""The history chart: one line per region × language, one point per run, and the trends beside it."""
from __future__ import annotations

import re

from pipeline.delivery.report_chart import HEIGHT, POINTS_UP_TO, chart_svg, legend_html, series, trends


def line(date, **words):
    return {"date": date, "commit": None, "words": {k.replace("_", "/"): v for k, v in words.items()}}


HISTORY = [line("2026-11-01T02:00:00Z", JP_en=[0, 100], JP_ja=[100, 100]),
           line("2026-11-02T02:00:00Z", JP_en=[50, 100], JP_ja=[100, 100], US_en=[10, 40]),
           line("2026-11-03T02:00:00Z", JP_en=[75, 100], US_en=[40, 40])]


def test_series_latest_first_then_those_gone():
    assert series(HISTORY) == ["JP/en", "US/en", "JP/ja"]
    assert series([]) == []


def test_one_polyline_per_pair_with_a_point_per_run_it_has():
    svg = chart_svg(HISTORY)
    assert svg.startswith('<svg viewBox="0 0 1000 240"') and svg.endswith("</svg>")
    groups = dict(re.findall(r'<g data-series="([^"]+)"><polyline[^>]* points="([^"]+)"', svg))
    assert {k: len(v.split()) for k, v in groups.items()} == {"JP/en": 3, "US/en": 2, "JP/ja": 2}
    ys = [float(point.split(",")[1]) for point in groups["JP/en"].split()]
    assert ys[0] > ys[1] > ys[2]  # 0 %, 50 %, 75 %: higher on the page as it grows
    assert "<title>JP/en 2026-11-02: 50.0 % (50 of 100 words)</title>" in svg
    assert ">2026-11-01</text>" in svg and ">2026-11-03</text>" in svg


def test_runs_without_a_date_are_numbered_and_many_runs_have_no_dots():
    runs = [line(None, JP_en=[i, 200]) for i in range(POINTS_UP_TO + 1)]
    svg = chart_svg(runs)
    assert "<circle" not in svg and ">run 1</text>" in svg and f">run {POINTS_UP_TO + 1}</text>" in svg
    assert len(re.findall(rf'y="{HEIGHT - 8}"', svg)) == 6  # a few dates along the axis, not one per run


def test_a_single_run_and_none():
    assert "<circle" in chart_svg(HISTORY[:1]) and chart_svg([]) == ""


def test_trends_and_legend():
    assert [(t["name"], t["percent"], t["change"], t["since"]) for t in trends(HISTORY)] == [
        ("JP/en", 75.0, 75.0, "2026-11-01"), ("US/en", 100.0, 75.0, "2026-11-02"), ("JP/ja", 100.0, 0.0, "2026-11-01")]
    assert trends(HISTORY[:1])[0]["change"] is None
    legend = legend_html(HISTORY)
    assert "<b>US/en</b> 100.0 % (+75.0 since 2026-11-02)</li>" in legend


def test_names_are_escaped():
    svg = chart_svg([line("2026-11-01", **{"<b>_x": [1, 2]})])
    assert "<b>" not in svg and 'data-series="&lt;b&gt;/x"' in svg and "<title>&lt;b&gt;/x 2026-11-01" in svg
