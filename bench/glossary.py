"""Measures the glossary on a real site: how many of the labels the pages use twice or more it holds,
how many units are not asked (no source-language letter), and whether the glossary check reports
exactly the units that render a label otherwise.

    python bench/glossary.py [--site ../shared/corpus] [--perturb 20] [--json FILE]

The site is copied to a scratch folder; nothing in it is changed. Without the site, it says so and
exits 0. Labels are counted in the pages by a plain scan of their text (`[…]` not followed by `(`
nor after `!`, and `「…」`, outside code fences and HTML comments), independently of the pipeline.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUTTON, SCREEN = "[…] button or link", "「…」 screen, menu or setting"
SCAN = re.compile(r"(?<![!\\\]])\[([^\[\]\n]+)\](?![(\[])|「([^「」\n]+)」")
HIDDEN = re.compile(r"^\s*```.*?^\s*```|<!--.*?-->", re.M | re.S)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f々〆]")


def l10n(config: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", "--config", str(config), *args],
                          capture_output=True, text=True, cwd=ROOT)


def scanned(content: pathlib.Path, skip: set = frozenset()) -> collections.Counter:
    """(convention, label) -> uses, counted in the pages' text (but the pages in `skip`)."""
    found: collections.Counter = collections.Counter()
    for page in sorted(p for p in content.rglob("*.md") if p not in skip):
        text = HIDDEN.sub("", page.read_text(encoding="utf-8"))
        for m in SCAN.finditer(text):
            label = m.group(1) if m.group(1) is not None else m.group(2)
            if JAPANESE.search(re.sub(r"\{\{[<%].*?[>%]\}\}", "", label)):
                found[(BUTTON if m.group(1) is not None else SCREEN, label)] += 1
    return found


def coverage(labels: set, held: set) -> dict:
    return {"labels": len(labels), "in_glossary": len(labels & held),
            "percent": round(100 * len(labels & held) / len(labels), 1) if labels else 100.0,
            "missing": sorted(f"{c[:2]} {label}" for c, label in labels - held)}


def glossary(locales: pathlib.Path) -> dict[str, list]:
    import polib
    return {p.parent.name: [e for e in polib.pofile(str(p)) if not e.obsolete]
            for p in sorted(locales.glob("*/_glossary.po"))}


def literals(locales: pathlib.Path, lang: str) -> tuple[int, int]:
    """(entries with no source-language letter, entries) of a language's page catalogs."""
    import polib
    entries = [e for p in (locales / lang).rglob("*.po") if p.name != "_glossary.po"
               for e in polib.pofile(str(p)) if not e.obsolete and e.msgctxt is None]
    return sum("letter: published as it is" in e.comment for e in entries), len(entries)


def fake(label: str) -> str:
    """A translation of a label no other label gets, with the label's variables (a translation must keep them)."""
    kept = "".join(f"{m.group()} " for m in re.finditer(r"\{\{[<%].*?[>%]\}\}", label))
    return kept + "Term" + hashlib.sha1(label.encode()).hexdigest()[:6]


def rendered(convention: str, text: str) -> str:
    return f"[{text}]" if convention == BUTTON else f'"{text}"'


def translate_consistently(locales: pathlib.Path, lang: str, terms: dict) -> list[tuple[pathlib.Path, str]]:
    """Every glossary entry translated, every page entry naming a label translated with it; returns the
    (catalog, msgid) of the entries that name a label."""
    import polib
    from pipeline.segmentation.labels import labels
    gpath = locales / lang / "_glossary.po"
    po = polib.pofile(str(gpath), wrapwidth=0)
    for e in po:
        if not e.obsolete:
            e.msgstr = fake(e.msgid)
    po.save(str(gpath))
    naming = []
    for path in sorted((locales / lang).rglob("*.po")):
        if path.name == "_glossary.po":
            continue
        po = polib.pofile(str(path), wrapwidth=0)
        for e in po:
            found = [label for label in labels(e.msgid) if tuple(label) in terms] if not e.obsolete else []
            if not found or "no-wrap" in e.flags or e.msgctxt is not None:
                continue
            text = e.msgid
            for label in found:
                text = text.replace(label.shown(), rendered(label.convention, fake(label.text)))
            e.msgstr, e.flags = text, [f for f in e.flags if f != "fuzzy"]
            naming.append((path, e.msgid))
        po.save(str(path))
    return naming


def perturb(chosen: list[tuple[pathlib.Path, str]], terms: set) -> list[str]:
    """Renders the first glossary label of each chosen entry otherwise; returns the `file:line` of each msgstr."""
    import polib
    from pipeline.segmentation.labels import labels
    where = []
    for path, msgid in chosen:
        po = polib.pofile(str(path), wrapwidth=0)
        entry = next(e for e in po if e.msgid == msgid and e.msgctxt is None and not e.obsolete)
        label = next(label for label in labels(msgid) if tuple(label) in terms)
        before = entry.msgstr
        entry.msgstr = entry.msgstr.replace(rendered(label.convention, fake(label.text)),
                                            rendered(label.convention, "Something else"))
        assert entry.msgstr != before
        po.save(str(path))
        text = path.read_text(encoding="utf-8")
        start = text.index(f"msgid {json.dumps(msgid, ensure_ascii=False)}" if "\n" not in msgid else 'msgid ""\n"'
                           + json.dumps(msgid.split("\n")[0] + "\n", ensure_ascii=False)[1:])
        line = text[:text.index("\nmsgstr", start)].count("\n") + 2
        where.append(f"{path}:{line}")
    return where


def reports(output: str) -> list[str]:
    """The `file:line` of each glossary report (an error is a glossary translation the check cannot use)."""
    return [re.split(r": (?:warning|error): ", line)[0] for line in output.splitlines()
            if re.search(r": (?:warning|error): glossary:|the glossary check does not use it", line)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=pathlib.Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--perturb", type=int, default=20)
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()
    if not (args.site / "l10n.yaml").is_file():
        print(f"glossary bench: no site at {args.site}: skipped")
        return 0
    figures: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        site = pathlib.Path(scratch) / "site"
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("locales", "build"))
        config = site / "l10n.yaml"
        import yaml
        raw = yaml.safe_load(config.read_text(encoding="utf-8"))
        content, locales = site / raw["source"], site / raw.get("locales", "locales")
        unread = {line.split(":")[0] for line in l10n(config, "extract").stderr.splitlines() if ": error:" in line}
        counted = scanned(content)
        readable = scanned(content, skip={site / name for name in unread})
        held = glossary(locales)
        union = {(e.msgctxt, e.msgid) for entries in held.values() for e in entries}
        twice = {key for key, n in counted.items() if n >= 2}
        for convention, name in ((BUTTON, "buttons"), (SCREEN, "screens")):
            mine = {k: n for k, n in counted.items() if k[0] == convention}
            figures[name] = {"distinct": len(mine), "uses": sum(mine.values()),
                             "used_twice_or_more": sum(n >= 2 for n in mine.values())}
        figures["glossary_entries"] = {lang: len(entries) for lang, entries in held.items()}
        figures["coverage_of_labels_used_twice_or_more"] = coverage(twice, union)
        figures["pages_the_pipeline_cannot_read"] = sorted(unread)
        figures["coverage_on_the_pages_it_reads"] = coverage({k for k, n in readable.items() if n >= 2}, union)
        lang = "en" if "en" in held else sorted(held)[0]
        no_letter, entries = literals(locales, lang)
        figures["not_asked"] = {"lang": lang, "entries_without_source_letter": no_letter, "entries": entries}
        terms = {(e.msgctxt, e.msgid) for e in held[lang]}
        naming = translate_consistently(locales, lang, terms)
        consistent = reports(l10n(config, "check", "--lang", lang).stderr)
        chosen = naming[::max(1, len(naming) // args.perturb)][:args.perturb]
        expected = perturb(chosen, terms)
        found = reports(l10n(config, "check", "--lang", lang).stderr)
        label = lambda p: str(pathlib.Path(p.split(":")[0]).relative_to(site)) + ":" + p.split(":")[1]  # noqa: E731
        figures["experiment"] = {
            "lang": lang, "units_naming_a_label": len(naming), "reports_when_consistent": len(consistent),
            "perturbed": len(expected), "reports_after": len(found),
            "every_perturbed_unit_reported_at_its_line": sorted(map(label, expected)) == sorted(found),
            "not_reported": sorted(set(map(label, expected)) - set(found)),
            "reported_elsewhere": sorted(set(found) - set(map(label, expected)))}
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
