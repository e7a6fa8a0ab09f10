"""Export to translators and vendors, and import of what they send back.

Export writes a language's catalogs (all entries, or only those still to translate) to a folder or a
zip, with a manifest of word counts. Import matches the returned entries to the current catalogs by
msgctxt and msgid, runs the same checks as the build, and writes atomically: a rejected entry is
reported with its file and line, never written; a translation of a unit that changed meanwhile
becomes a fuzzy suggestion on the closest current unit; one whose unit is gone is kept as obsolete.
"""
from __future__ import annotations

import io
import json
import pathlib
import posixpath
import zipfile
from dataclasses import dataclass, field

import polib

from pipeline.back.variables import Rewriter
from pipeline.delivery.stats import words
from pipeline.files import forget_folders, sorted_files, write_atomic, write_if_changed
from pipeline.model import L10nError, SourceError
from pipeline.po import catalogs, glossary, review
from pipeline.po.memory import Memory
from pipeline.po.pofile import PoSyntaxError, read_po
from pipeline.reading.pages import Page
from pipeline.reading.scripts import not_asked
from pipeline.site import Site, catalog_path, catalog_rel
from pipeline.validation import level

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _to_translate(entry: polib.POEntry, source_language: str, literals: str) -> bool:
    """Empty or fuzzy, and asked of a translator: not code, not text without a source-language letter."""
    return not entry.obsolete and (entry.fuzzy or not entry.msgstr) and "no-wrap" not in entry.flags \
        and not not_asked(entry.msgid, source_language, literals)


REJECTED_NOTE = "rejected: "  # the translator comment export adds to a translation that fails a check


def export(site: Site, lang: str, out: pathlib.Path, only_untranslated: bool = False) -> tuple[dict, list[L10nError]]:
    """Writes the catalogs of `lang` to `out` (a folder, or a zip when it ends in .zip); the manifest,
    and the catalogs that could not be read (left out).

    A translation that fails a check goes back to the translator: fuzzy, with what is wrong as a
    translator comment (Poedit shows it), and counted as still to translate."""
    config = site.config
    folder = config.locales_dir / lang
    rewriter = Rewriter([rule.for_language(lang) for rule in config.rewrite])
    files: dict[str, str] = {}
    rows, errors = [], []
    pages = _pages_by_catalog(site, lang)
    terms = _glossary(site, lang, rewriter, [])  # an unreadable glossary is reported below, as any catalog
    asked = (config.source_language, config.literals)
    for path in sorted_files(folder, ".po"):
        rel = path.relative_to(folder).as_posix()
        try:
            po, text = review.load(path, config.label(path), config.locales_dir)
        except SourceError as err:
            errors.append(err)
            continue
        kinds = _kinds(site, lang, path, pages, po)
        rejected = review.review(po, text, config.label(path), lang, config.checks, rewriter, kinds, terms).rejected
        for entry in po:
            _send_back(entry, rejected.get((entry.msgctxt, entry.msgid)))
        chosen = [e for e in po if _to_translate(e, *asked)] if only_untranslated else [e for e in po if not e.obsolete]
        if not chosen:
            continue
        if only_untranslated or rejected:
            kept = polib.POFile(wrapwidth=0)
            kept.header, kept.metadata = po.header, po.metadata
            kept.extend(chosen)
            text = catalogs.render(kept)
        files[rel] = text
        rows.append(_manifest_row(rel, chosen, rejected, *asked))
    manifest = {"language": lang, "source_language": config.source_language,
                "only_untranslated": only_untranslated,
                "word_count": "source words: Japanese and Chinese by characters, other languages by words",
                "files": rows, "total": {k: sum(r[k] for r in rows) for k in
                                         ("entries", "to_translate", "fuzzy", "rejected", "source_words",
                                          "words_to_translate")}}
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    _write_out(out, files)
    return manifest, errors


def _send_back(entry: polib.POEntry, problems: list[L10nError] | None) -> None:
    """A rejected translation, as the translator gets it: fuzzy, with the checks' messages."""
    if not problems:
        return
    if not entry.fuzzy:
        entry.flags.append("fuzzy")
    notes = [f"{REJECTED_NOTE}{p.check}: {p.detail}" for p in problems]
    entry.tcomment = "\n".join([*notes, *([entry.tcomment] if entry.tcomment else [])])


def _manifest_row(rel: str, chosen: list[polib.POEntry], rejected: dict, source_language: str,
                  literals: str) -> dict:
    todo = [e for e in chosen if _to_translate(e, source_language, literals)]
    return {"path": rel, "entries": len(chosen), "to_translate": len(todo),
            "fuzzy": sum(e.fuzzy and (e.msgctxt, e.msgid) not in rejected for e in todo),
            "rejected": sum((e.msgctxt, e.msgid) in rejected for e in todo),
            "source_words": sum(words(e.msgid, source_language) for e in chosen),
            "words_to_translate": sum(words(e.msgid, source_language) for e in todo)}


def _write_out(out: pathlib.Path, files: dict[str, str]) -> None:
    if out.suffix == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.external_attr = 0o644 << 16
                archive.writestr(info, files[name].encode("utf-8"), zipfile.ZIP_DEFLATED)
        write_atomic(out, buffer.getvalue())
        return
    for name, text in files.items():
        write_if_changed(out / name, text)


@dataclass
class Incoming:
    label: str  # where it came from, for messages: "delivery.zip:login/unlock.po"
    rel: str | None  # path relative to the language folder, when the container says it
    data: bytes  # as received: read_po names the line of a byte that is not UTF-8

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")  # once read_po has taken it, it is UTF-8


def gather(sources: list[pathlib.Path]) -> tuple[list[Incoming], list[L10nError]]:
    """PO files from files, folders and zips; archive members with unsafe names are refused."""
    found, errors = [], []
    for source in sources:
        if source.is_dir():
            for path in sorted(source.rglob("*.po")):
                found.append(Incoming(str(path), path.relative_to(source).as_posix(), _read(path)))
        elif source.suffix == ".zip":
            try:
                with zipfile.ZipFile(source) as archive:
                    for name in sorted(archive.namelist()):
                        if not name.endswith(".po"):
                            continue
                        clean = posixpath.normpath(name)
                        if name.startswith(("/", "\\")) or clean.startswith("..") or "\\" in name or ":" in name:
                            errors.append(L10nError(f"{source}:{name}", None, "unsafe path in the archive: refused"))
                            continue
                        found.append(Incoming(f"{source}:{name}", clean, archive.read(name)))
            except zipfile.BadZipFile:
                errors.append(L10nError(str(source), None, "not a zip archive"))
        elif source.is_file():
            found.append(Incoming(str(source), None, _read(source)))
        else:
            errors.append(L10nError(str(source), None, "no such file or folder"))
    return found, errors


def _read(path: pathlib.Path) -> bytes:
    return path.read_bytes()


@dataclass
class ImportReport:
    accepted: int = 0
    unchanged: int = 0
    suggested: int = 0
    obsolete: int = 0
    written: int = 0
    errors: list[L10nError] = field(default_factory=list)
    warnings: list[L10nError] = field(default_factory=list)


def import_files(site: Site, lang: str, sources: list[pathlib.Path]) -> ImportReport:
    config = site.config
    forget_folders()
    report = ImportReport()
    incoming, report.errors = gather(sources)
    targets: dict[pathlib.Path, tuple[polib.POFile, str, str]] = {}
    rewriter = Rewriter([rule.for_language(lang) for rule in config.rewrite])
    parsed = []
    for item in incoming:
        try:
            po = read_po(item.data, item.label)
        except PoSyntaxError as err:
            report.errors.append(err)
            continue
        parsed.append((item, po))
    translators: dict[pathlib.Path, str] = {}
    pages = _pages_by_catalog(site, lang)
    parsed.sort(key=lambda found: not _is_glossary(*found))  # its translations are what the pages are checked by
    glossary_file, terms = glossary.path(config.locales_dir, lang), None
    for item, po in _in_language(parsed, lang, report):
        report.warnings.extend(L10nError(item.label, 1, f"format: {message}")  # its entries are still checked
                               for message in review.header_problems(po, lang, language=False))
        path = _target(site, lang, item, po)
        if path is None:
            report.errors.append(L10nError(item.label, None, "no current catalog matches this file (by its path or "
                                                             "its references): run l10n extract, or check the language"))
            continue
        if path not in targets:
            try:
                current, text = review.load(path, config.label(path), config.locales_dir)
            except SourceError as err:
                report.errors.append(err)
                continue
            targets[path] = (current, text, config.label(path))
        if terms is None and path != glossary_file:  # the glossary as this import leaves it
            in_memory = targets[glossary_file][0] if glossary_file in targets else None
            terms = _glossary(site, lang, rewriter, [], in_memory) or glossary.Glossary()
        taken = report.accepted + report.suggested + report.obsolete
        _merge(targets[path][0], po, item, rewriter, config.checks, _kinds(site, lang, path, pages, targets[path][0]),
               report, terms)
        if report.accepted + report.suggested + report.obsolete > taken and po.metadata.get("Last-Translator"):
            translators[path] = po.metadata["Last-Translator"]
    for path, (current, text, _) in targets.items():
        if catalogs.same_content(catalogs.render(current), text):
            continue
        current.metadata["PO-Revision-Date"] = catalogs.date(catalogs.now())
        if path in translators:
            current.metadata["Last-Translator"] = translators[path]
        if write_if_changed(path, catalogs.render(current), config.locales_dir):
            report.written += 1
    return report


def _in_language(parsed: list[tuple[Incoming, polib.POFile]], lang: str, report: ImportReport):
    """The files whose header says `lang` (or nothing); the others are one error per language."""
    wrong: dict[str, list[Incoming]] = {}
    for item, po in parsed:
        language = po.metadata.get("Language", "").replace("-", "_")
        if language and language not in (lang, catalogs.language_header(lang)[0]):
            wrong.setdefault(language, []).append(item)
        else:
            yield item, po
    for language, items in wrong.items():
        others = f" and {len(items) - 1} other files" if len(items) > 1 else ""
        report.errors.append(L10nError(items[0].label, None, f"this file{others} is in '{language}', not '{lang}': "
                                                             f"nothing of it imported (l10n import {language} … takes it)"))


def _is_glossary(item: Incoming, po: polib.POFile) -> bool:
    """A glossary by its name, or by its entries' contexts (a file given alone has no path)."""
    if item.rel is not None:
        return posixpath.basename(item.rel) == glossary.NAME
    return any(e.msgctxt in glossary.CONVENTIONS for e in po)


def _target(site: Site, lang: str, item: Incoming, po: polib.POFile) -> pathlib.Path | None:
    folder = site.config.locales_dir / lang
    if item.rel and (folder / item.rel).is_file():
        return folder / item.rel
    if _is_glossary(item, po):  # its references name pages, whose catalogs it is not
        file = glossary.path(site.config.locales_dir, lang)
        return file if file.is_file() else None
    for entry in po:
        for page, _ in entry.occurrences:
            candidate = folder / catalog_rel(page)
            if candidate.is_file():
                return candidate
    return None


def _pages_by_catalog(site: Site, lang: str) -> dict[pathlib.Path, Page]:
    return {catalog_path(site.config, lang, page): page for page in site.pages}


def _kinds(site: Site, lang: str, path: pathlib.Path, pages: dict[pathlib.Path, Page],
           po: polib.POFile) -> review.Kinds:
    """The kinds of the units each msgid of a catalog goes back into (none: its page left the source;
    the glossary's entries are read as text inside a line)."""
    if glossary.is_glossary(path, site.config.locales_dir):
        return {e.msgid: glossary.KINDS for e in po}
    page = pages.get(path)
    return site.unit_kinds(site.page_units(page), lang) if page is not None else {}


def _glossary(site: Site, lang: str, rewriter: Rewriter, errors: list[L10nError],
              po: polib.POFile | None = None) -> glossary.Glossary | None:
    """The language's glossary as the checks read it (`po`: as an import is about to leave it)."""
    config = site.config
    file = glossary.path(config.locales_dir, lang)
    try:
        if po is not None:
            return glossary.from_catalog(po, catalogs.render(po), config.label(file), lang, config.checks, rewriter)
        return glossary.load(file, config.label(file), config.locales_dir, lang, config.checks, rewriter)
    except SourceError as err:
        errors.append(err)
        return None


def _merge(current: polib.POFile, incoming: polib.POFile, item: Incoming, rewriter: Rewriter,
           levels: dict[str, str], kinds: review.Kinds, report: ImportReport,
           terms: glossary.Glossary | None = None) -> None:
    by_key = {(e.msgctxt, e.msgid): e for e in current if not e.obsolete}
    open_units = Memory((e.msgid, e.msgid) for e in current if not e.obsolete and (e.fuzzy or not e.msgstr)
                        and e.msgctxt is None)
    lines = item.text.split("\n")
    nplurals = review.plural_count(incoming)
    for entry in incoming:
        if entry.obsolete or not entry.msgstr:
            continue
        line = review.msgstr_line(lines, entry.linenum)
        target = by_key.get((entry.msgctxt, entry.msgid))
        found = review.entry_problems(entry, nplurals, kinds, lambda t: rewriter.apply(t, 0), terms)
        problems = [p for p in found if level(levels, p.check) == "error"]
        report.warnings.extend(L10nError(item.label, line, f"{p.check}: {p.message}", p.check, p.message)
                               for p in found if level(levels, p.check) == "warning")
        if problems:
            why = "; ".join(f"{p.check}: {p.message}" for p in problems)
            report.errors.append(L10nError(item.label, line, f"rejected: {why}"))
            continue
        if target is not None:
            _accept(target, entry, report)
        else:
            _keep_elsewhere(current, by_key, open_units, entry, item, line, report)


def _accept(target: polib.POEntry, entry: polib.POEntry, report: ImportReport) -> None:
    fuzzy = entry.fuzzy
    if target.msgstr == entry.msgstr and target.fuzzy == fuzzy:
        report.unchanged += 1
        return
    target.msgstr = entry.msgstr
    if fuzzy and not target.fuzzy:
        target.flags.append("fuzzy")
    if not fuzzy:
        target.flags = [f for f in target.flags if f != "fuzzy"]
        target.previous_msgid = target.previous_msgctxt = None
    report.accepted += 1


def _keep_elsewhere(current, by_key, open_units: Memory, entry, item, line, report: ImportReport) -> None:
    """A translation of a unit that changed meanwhile: a fuzzy suggestion, else an obsolete entry."""
    match = open_units.closest(entry.msgid) if entry.msgctxt is None else None
    if match is not None:
        target = by_key[(None, match.msgid)]
        if target.msgstr == entry.msgstr and target.fuzzy:
            report.unchanged += 1
            return
        if not target.msgstr or target.fuzzy:
            target.msgstr = entry.msgstr
            target.previous_msgid = entry.msgid
            if not target.fuzzy:
                target.flags.append("fuzzy")
            report.suggested += 1
            report.warnings.append(L10nError(item.label, line, "the source changed since export: kept as a fuzzy "
                                                               "suggestion for the current text"))
            return
    twin = next((e for e in current if e.obsolete and (e.msgctxt, e.msgid) == (entry.msgctxt, entry.msgid)), None)
    if twin is not None and twin.msgstr == entry.msgstr:
        report.unchanged += 1
        return
    if twin is not None:
        twin.msgstr = entry.msgstr  # one entry per msgid, obsolete ones too: gettext allows no duplicate
    else:
        current.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr, obsolete=True))
    report.obsolete += 1
    report.warnings.append(L10nError(item.label, line, "no longer in the source: kept as an obsolete entry"))
