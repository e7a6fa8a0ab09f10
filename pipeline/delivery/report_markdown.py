"""The report, short, as Markdown for a CI job summary or a pull request: the same figures as the
HTML page (the matrix, what changed, progress, the least translated pages, the first items of each
list), never more than a screenful per part.
"""
from __future__ import annotations

from html import escape

from pipeline.delivery import report_chart
from pipeline.delivery.report import LISTS, count
from pipeline.delivery.report_common import as_percent, day, deltas, grid, meta_text, plural, short, tone, where, words_change

MARKDOWN_ITEMS = 20
TONE_DOT = {"bad": "🔴", "warn": "🟠", "good": "🟢"}


def render_markdown(data: dict) -> str:
    lines = ["## Translation report", "", md(meta_text(data)), ""]
    lines += _matrix(data)
    lines += ["", " · ".join(f"**{count(data, key)}** {title.lower()}" for key, title, _ in LISTS), ""]
    lines += _changes(data) + _progress(data) + _least_translated(data)
    for key, title, _ in LISTS:
        items = data.get(key) or []
        if items:
            lines += _list(data, key, title, items)
    return "\n".join(lines).rstrip("\n") + "\n"


def md(text: object) -> str:
    """Text safe in a Markdown table cell or list item: HTML escaped, Markdown characters backslashed."""
    value = escape("" if text is None else str(text), quote=False).replace("\n", " ↵ ")
    return "".join("\\" + c if c in "\\`*_[]|#~" else c for c in value)


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else md(text)


def _first(items: list, render) -> list[str]:
    lines = ["- " + render(item) for item in items[:MARKDOWN_ITEMS]]
    if len(items) > MARKDOWN_ITEMS:
        lines.append(f"- … and {len(items) - MARKDOWN_ITEMS} more in the HTML report")
    return lines


def _matrix(data: dict) -> list[str]:
    regions, languages, rows = grid(data.get("matrix") or [])
    if not regions:
        return ["_No published region × language._"]
    changed = deltas(data)
    lines = ["| Region | " + " | ".join(md(lang) for lang in languages) + " |", "|---|" + "---:|" * len(languages)]
    for region in regions:
        cells = []
        for lang in languages:
            row = rows.get((region, lang))
            if row is None:
                cells.append("")
                continue
            percent = as_percent(row.get("percent"))
            delta = f" {words_change(changed[(region, lang)])} words" if (region, lang) in changed else ""
            cells.append(f"{TONE_DOT[tone(percent)]} {percent:.1f} % ({row.get('translated', 0)}/{row.get('units', 0)}){delta}")
        lines.append(f"| {md(region)} | " + " | ".join(cells) + " |")
    return lines


def _changes(data: dict) -> list[str]:
    changes = data.get("changes")
    if not changes:
        return []
    previous = changes.get("previous") or {}
    of = ", ".join(x for x in (day(previous.get("date")), short(previous.get("commit"))) if x) or "unknown date"
    lines = ["### What changed since the previous bundle", "",
             f"**{changes['added']}** {'page' if changes['added'] == 1 else 'pages'} added · **{changes['removed']}** "
             f"removed · **{changes['changed']}** changed (previous bundle: {md(of)})", ""]
    if changes.get("not_compared"):
        lines += [f"Not in the previous bundle, not compared: {md(', '.join(changes['not_compared']))}", ""]
    lines += ["| Region | Language | Added | Removed | Changed | Translated words | Change |", "|---|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {md(p['region'])} | {md(p['lang'])} | {p['added']} | {p['removed']} | {p['changed']} | "
              f"{p['translated_words']} | {words_change(p.get('delta'))} |" for p in changes.get("pairs") or []]
    pages = changes.get("pages") or []
    return lines + [""] + _first(pages, lambda p: f"{p['status']}: {_code(p['page'])} ({md(', '.join(p['where']))})") \
        + ([""] if pages else [])


def _progress(data: dict) -> list[str]:
    history = data.get("history") or []
    if not history:
        return []
    since = day(history[0].get("date"))
    lines = [f"### Progress over time ({plural(len(history), 'run')}{' since ' + since if since else ''})", ""]
    for t in report_chart.trends(history):
        since = "" if t["change"] is None else f" ({t['change']:+.1f} since {md(t['since'])})"
        lines.append(f"- {md(t['name'])}: {t['percent']:.1f} %{since}")
    return lines + [""]


def _least_translated(data: dict) -> list[str]:
    langs = data.get("languages") or []
    pages = [p for p in data.get("pages") or [] if any(f["percent"] < 100 for f in (p.get("langs") or {}).values())]
    if not pages or not langs:
        return []
    pages.sort(key=lambda p: (min(f["percent"] for f in p["langs"].values()), p["page"]))
    lines = [f"### Least translated pages ({len(pages)} not done)", "",
             "| Page | " + " | ".join(md(lang) for lang in langs) + " |", "|---|" + "---|" * len(langs)]
    for page in pages[:MARKDOWN_ITEMS]:
        cells = []
        for lang in langs:
            f = page["langs"].get(lang)
            cells.append("" if f is None else f"{TONE_DOT[tone(f['percent'])]} {f['percent']:.1f} % ({f['fuzzy']} fuzzy, "
                         f"{f['untranslated']} untranslated, {f['rejected']} rejected)")
        lines.append(f"| {_code(page['page'])} | " + " | ".join(cells) + " |")
    if len(pages) > MARKDOWN_ITEMS:
        lines.append(f"\n… and {len(pages) - MARKDOWN_ITEMS} more in the HTML report")
    return lines + [""]


def _list(data: dict, key: str, title: str, items: list[dict]) -> list[str]:
    n = f"{count(data, key)} units on {plural(len(items), 'page')}" if key == "fallback_pages" else len(items)
    return [f"### {title} ({n})", ""] + _first(items, lambda item: _item(key, item)) + [""]


def _item(key: str, item: dict) -> str:
    place = _code(where(item))
    if key == "errors":
        return f"{place}: {md(item.get('message'))}"
    if key == "rejected":
        return f"{place} ({md(item.get('check'))}): {md(item.get('message'))} — {md(item.get('ref'))}"
    if key == "dead_links":
        regions = ", ".join(item.get("regions") or [])
        return f"{place}: {md(item.get('target'))} ({md(regions)}: {md(item.get('reason'))})"
    if key == "fallback_pages":
        pairs = " · ".join(f"{pair} {n}" for pair, n in (item.get("where") or {}).items())
        return f"{_code(item.get('page') or '')}: {plural(item.get('total') or 0, 'unit')} ({md(pairs)})"
    return f"{md(item.get('region'))}/{md(item.get('lang'))} {md(item.get('page'))}: {as_percent(item.get('percent')):.1f} %"
