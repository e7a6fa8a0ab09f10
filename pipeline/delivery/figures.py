"""The nightly report's figures: one plain dict that `report.json` holds and both renderers draw.

    {
      "generated": "2026-11-25 07:00 UTC", "tool_version": "0.1.0",
      "source_commit": "abc…" | None, "source_date": "2026-11-24T18:00:00Z" | None,
      "source_note": None | "not a git checkout",
      "source_language": "ja", "regions": ["JP", "US", "CN"], "languages": ["en", "zh"],  # target languages
      "matrix": [{"region": "JP", "lang": "en", "pages": 9, "units": 200, "words": 3000, "translated": 150,
                  "translated_words": 2200, "fuzzy": 5, "untranslated": 45, "rejected": 0, "fallbacks": 50,
                  "percent": 73.3}],                         # one per published region × language, config order
      "pages": [{"page": "login/unlock.md", "title": "…", "source": "source/content/login/unlock.md",
                 "changed": "2026-11-20T09:00:00Z" | None,   # the last commit that changed the source
                 "words": 310, "fuzzy": 3,                   # the largest region's words; fuzzy in all languages
                 "langs": {"en": FIGURES + {"region": "US"}},  # per language, the least translated region
                 "regions": {"JP": {"words": 310, "langs": {"en": FIGURES}}},
                 "catalogs": {"en": "locales/en/login/unlock.po"}}],
      "changes": None | {"previous": {"commit", "date"}, "not_compared": ["CN"],
                         "added": 1, "removed": 0, "changed": 2,
                         "pages": [{"page", "status": "added" | "removed" | "changed", "where": ["JP/en"]}],
                         "pairs": [{"region", "lang", "added", "removed", "changed", "translated_words",
                                    "previous_translated_words", "delta"}]},
      "history": [{"date", "commit", "words": {"JP/en": [translated, total]}}],
      "fallback_pages": [{"page", "source", "total": 12, "where": {"JP/en": 7, "US/en": 5},
                          "example": {"region", "lang", "line", "msgid"} | None}],
      "fallbacks_total": 50,
      "rejected": [{"file", "line", "check", "message", "ref"}], "errors": [{"file", "line", "message"}],
      "dead_links": [{"file", "line", "target", "regions", "reason"}],
      "unpublished": [{"region", "lang", "page", "percent"}]
    }

FIGURES = {"units", "translated", "fuzzy", "untranslated", "rejected", "percent"} (+ "held": true for
a page held back by min_translated). Every list may be empty; `line` may be None; paths are relative
to the project's root. Counts cover every page: nothing is cut to a first few here.
"""
from __future__ import annotations

from pipeline import __version__
from pipeline.site import catalog_rel

FIGURE_KEYS = ("units", "translated", "fuzzy", "untranslated", "rejected", "percent")
STATUSES = ("added", "removed", "changed")


def report_data(site, report, generated: str, source, bundled, previous, changed: dict[str, str]) -> dict:
    """The report's figures from a build's Report, the bundles written and the previous bundle."""
    config = site.config
    matrix = _matrix(report)
    targets = list(dict.fromkeys(row["lang"] for row in matrix if row["lang"] != config.source_language))
    titles = {p.rel: str(p.front_matter["title"]) for p in site.pages if p.front_matter.get("title") is not None}
    return {
        "generated": generated, "tool_version": __version__,
        "source_commit": source.commit, "source_date": source.date, "source_note": source.note,
        "source_language": config.source_language, "regions": list(config.regions), "languages": targets,
        "matrix": matrix,
        "pages": page_rows(config, report, titles, changed, targets),
        "changes": changes(bundled.manifests, previous),
        "history": bundled.history,
        "fallback_pages": fallback_pages(config, report),
        "fallbacks_total": sum(row["fallbacks"] for row in matrix if row["lang"] != config.source_language),
        **problems(report),
    }


def _matrix(report) -> list[dict]:
    matrix = []
    for (region, lang), counts in report.pairs.items():
        pages = sum(1 for row in report.pages_stats if row["region"] == region and row["lang"] == lang)
        matrix.append({"region": region, "lang": lang, "pages": pages, **counts.as_dict(), "fallbacks": counts.fallbacks})
    return matrix


def problems(report) -> dict:
    """The lists of problems, most urgent first, each complete."""
    def where(problem):
        return {"file": problem.path, "line": problem.line, "message": problem.message}

    return {
        "rejected": [{**where(p), "check": p.check, "message": p.detail, "ref": p.ref} for p in report.rejected],
        "errors": [where(p) for p in report.errors if not p.rejected and p.check != "links"],
        "dead_links": [{"file": d.path, "line": d.line, "target": d.target, "regions": list(d.regions),
                        "reason": d.reason} for d in report.dead_links],
        "unpublished": [{k: row[k] for k in ("region", "lang", "page", "percent")} for row in report.unpublished],
    }


def page_rows(config, report, titles: dict[str, str], changed: dict[str, str], targets: list[str]) -> list[dict]:
    """One row per page published somewhere, in path order, with every region's figures."""
    found: dict[str, dict[str, dict]] = {}
    rows = [(row, False) for row in report.pages_stats] + [(row, True) for row in report.unpublished]
    for row, held in rows:
        region = found.setdefault(row["page"], {}).setdefault(row["region"], {"words": row["words"], "langs": {}})
        if row["lang"] != config.source_language:
            region["langs"][row["lang"]] = {k: row[k] for k in FIGURE_KEYS} | ({"held": True} if held else {})
    source_label, locales_label = config.label(config.source_dir), config.label(config.locales_dir)
    out = []
    for page in sorted(found):
        regions = {r: _ordered(found[page][r], targets) for r in config.regions if r in found[page]}
        langs = _least_translated(regions, targets)
        out.append({
            "page": page, "title": titles.get(page), "source": f"{source_label}/{page}", "changed": changed.get(page),
            "words": max(r["words"] for r in regions.values()), "fuzzy": sum(f["fuzzy"] for f in langs.values()),
            "langs": langs, "regions": regions,
            "catalogs": {lang: f"{locales_label}/{lang}/{catalog_rel(page)}" for lang in langs},
        })
    return out


def _ordered(region: dict, targets: list[str]) -> dict:
    return {"words": region["words"], "langs": {lang: region["langs"][lang] for lang in targets if lang in region["langs"]}}


def _least_translated(regions: dict[str, dict], targets: list[str]) -> dict[str, dict]:
    """Per language, the figures of the region that shows the page least translated (the first
    such region in the config's order): what is still to do for the page to be done everywhere."""
    langs = {}
    for lang in targets:
        shown = [(figures["percent"], region, figures) for region, info in regions.items()
                 if (figures := info["langs"].get(lang)) is not None]
        if shown:
            percent, region, figures = min(shown, key=lambda item: item[0])
            langs[lang] = {**figures, "region": region}
    return langs


def fallback_pages(config, report) -> list[dict]:
    """Per page, how many units readers see in the source text, per region × language: most first."""
    found: dict[str, dict[str, int]] = {}
    for row in report.pages_stats:
        n = row["fuzzy"] + row["untranslated"] + row["rejected"]
        if row["lang"] != config.source_language and n:
            found.setdefault(row["page"], {})[f"{row['region']}/{row['lang']}"] = n
    examples = {}
    for item in report.fallbacks:
        examples.setdefault(item["page"], {k: item[k] for k in ("region", "lang", "line", "msgid")})
    source_label = config.label(config.source_dir)
    pages = [{"page": page, "source": f"{source_label}/{page}", "total": sum(where.values()), "where": where,
              "example": examples.get(page)} for page, where in found.items()]
    return sorted(pages, key=lambda p: (-p["total"], p["page"]))


def changes(manifests: dict[str, dict], previous) -> dict | None:
    """What changed since the previous bundle: pages added, removed and changed (their outputs, in
    the regions both bundles have), and per region × language the change in translated words."""
    if previous is None:
        return None
    compared = [region for region in manifests if "changed_since_previous" in manifests[region]]
    now, before, where, pairs = set(), set(), {}, []
    for region in compared:
        old_languages = previous.manifests[region]["languages"]
        before.update(page for info in old_languages.values() for page in info["files"])
        for lang, diff in manifests[region]["changed_since_previous"].items():
            info = manifests[region]["languages"][lang]
            now.update(info["files"])
            old = old_languages.get(lang, {}).get("translated_words")
            old = old if type(old) is int else None
            pairs.append({"region": region, "lang": lang, **{s: len(diff[s]) for s in STATUSES},
                          "translated_words": info["translated_words"], "previous_translated_words": old,
                          "delta": None if old is None else info["translated_words"] - old})
            for status in STATUSES:
                for page in diff[status]:
                    where.setdefault(page, []).append(f"{region}/{lang}")
    pages = [{"page": page, "status": "added" if page not in before else "removed" if page not in now else "changed",
              "where": where[page]} for page in where]
    pages.sort(key=lambda p: (STATUSES.index(p["status"]), p["page"]))
    last = previous.history[-1] if previous.history else {}
    commit = last.get("commit") or next((m.get("source_commit") for m in previous.manifests.values()), None)
    return {"previous": {"commit": commit, "date": last.get("date")},
            "not_compared": [region for region in manifests if region not in compared],
            **{status: sum(1 for p in pages if p["status"] == status) for status in STATUSES},
            "pages": pages, "pairs": pairs}
