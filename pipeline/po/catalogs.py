"""Catalogs: the units of a page for one language, as a gettext PO file (polib).

A language's catalog holds the union of the units of the regions that publish it, once each, in
source order, annotated with the regions that show them when not all do. Existing translations,
translators' comments and flags are carried over; entries whose text left the source stay as
obsolete entries, so no msgstr a translator wrote is ever dropped. Files are unwrapped, the layout
`msgcat --no-wrap` writes, so Poedit saves them back without a diff.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field

import polib

from pipeline import __version__
from pipeline.files import source_date_epoch
from pipeline.model import Place
from pipeline.po.memory import Match, Memory
from pipeline.po.pofile import PoSyntaxError, read_po
from pipeline.po.writer import write_entries, write_header, write_po
from pipeline.reading.placeholders import has_letters
from pipeline.reading.scripts import language_name, not_asked

DATE_KEYS = ("POT-Creation-Date", "PO-Revision-Date")
REGION_CONTEXT = "region:"
OUR_FLAGS = {"no-wrap"}


@dataclass
class Entry:
    msgid: str
    labels: list[str]  # the kinds of its units, as translators read them (Unit.label)
    lines: list[int]
    regions: list[str]
    anchor: str | None = None
    flags: tuple[str, ...] = ()
    note: str | None = None
    literal: str | None = None  # the source language's name, when the unit has none of its letters
    glossary: tuple[str, ...] = ()  # "[保存] = [Save]": the glossary's translations of its labels


@dataclass
class Translations:
    """What the build takes from a catalog: translated, non-fuzzy entries, with region overrides."""

    plain: dict[str, str] = field(default_factory=dict)
    by_region: dict[str, dict[str, str]] = field(default_factory=dict)
    fuzzy: set[str] = field(default_factory=set)  # msgids whose only translation is fuzzy
    rejected: set[str] = field(default_factory=set)  # msgids whose translation fails a check

    def lookup(self, region: str):
        override = self.by_region.get(region, {})
        plain = self.plain
        return lambda msgid: override.get(msgid, plain.get(msgid))


def collect(places: list[Place], region_order: list[str], source_language: str | None = None,
            literals: str = "ask") -> list[Entry]:
    """One entry per distinct msgid, in source order (ties: config order of regions). With the
    source language, units without any of its letters are marked (`literals: optional`) or left
    out (`never`): translators are not asked for them."""
    rank = {r: i for i, r in enumerate(region_order)}
    entries: dict[str, Entry] = {}
    for place in sorted(places, key=lambda p: (p.offset, rank[p.region], p.unit.start)):
        unit = place.unit
        if not has_letters(unit.msgid):
            continue  # a front matter value made only of variables: nothing to translate
        entry = entries.get(unit.msgid)
        if entry is None:
            literal = source_language is not None and unit.kind != "code" \
                and not_asked(unit.msgid, source_language, literals)
            if literal and literals == "never":
                continue
            entries[unit.msgid] = Entry(unit.msgid, [unit.label], [place.line], [place.region],
                                        unit.anchor, unit.flags, unit.note,
                                        language_name(source_language) if literal else None)
            continue
        if unit.label not in entry.labels:
            entry.labels.append(unit.label)
        if place.line not in entry.lines:
            entry.lines.append(place.line)
        if place.region not in entry.regions:
            entry.regions.append(place.region)
        entry.anchor = entry.anchor or unit.anchor
    for entry in entries.values():
        entry.regions.sort(key=rank.__getitem__)
        entry.lines.sort()
    return list(entries.values())


def comment(entry: Entry, language_regions: list[str]) -> str:
    parts = [", ".join(entry.labels)]
    if entry.anchor:
        parts.append(f"anchor: {entry.anchor}")
    if set(entry.regions) != set(language_regions):
        parts.append(f"regions: {' '.join(entry.regions)}")
    lines = ["; ".join(parts), *(f"glossary: {term}" for term in entry.glossary)]
    if entry.literal:
        lines.append(f"no {entry.literal} letter: published as it is unless translated")
    return "\n".join(lines + ([entry.note] if entry.note else []))


@functools.lru_cache(maxsize=64)
def language_header(lang: str) -> tuple[str, str]:
    """(Language, Plural-Forms) from babel, for a code like en, zh, zh_TW or pt-BR."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural
    try:
        locale = Locale.parse(lang.replace("-", "_"))
        return str(locale), get_plural(locale).plural_forms
    except (UnknownLocaleError, ValueError):
        return lang, "nplurals=2; plural=(n != 1);"


def build_catalog(rel: str, lang: str, entries: list[Entry], language_regions: list[str],
                  project: str, old: polib.POFile | None, memory: Memory | None = None,
                  fuzzy: bool = True, purge: bool = False) -> polib.POFile:
    """The new catalog of one page and language, updated the way msgmerge does, and better.

    An entry keeps its old translation; a new one takes an exact match from the language's memory,
    else the closest earlier version (this page's first, then the memory's), marked fuzzy with the
    previous msgid. Old entries whose text left the page become obsolete (dropped with `purge`).
    Dates are taken from `old` (see `stamp`)."""
    po = new_catalog(f"{rel}: translations into {lang}.", lang, project, old)
    previous = index(old)
    reverted = fuzzy_by_previous(previous)
    current = {(None, e.msgid) for e in entries}
    local = Memory((e.msgid, e.msgstr) for key, e in previous.items() if key[0] is None and key not in current)
    used: set[tuple[str | None, str]] = set()
    for entry in entries:
        new = polib.POEntry(msgid=entry.msgid, msgstr="", comment=comment(entry, language_regions),
                            occurrences=[(rel, str(n)) for n in entry.lines], flags=list(entry.flags))
        if (None, entry.msgid) in previous:
            carry(previous[(None, entry.msgid)], new)
        elif entry.msgid in reverted:  # an edit undone: the translation was made for this very text
            restore(reverted[entry.msgid], new)
            used.add((None, reverted[entry.msgid].msgid))
        else:
            source = suggest(entry.msgid, memory, local if fuzzy else None, memory if fuzzy else None)
            if source is not None:
                new.msgstr = source.msgstr
                if source.msgid != entry.msgid:
                    new.flags.append("fuzzy")
                    new.previous_msgid = source.msgid
                    used.add((None, source.msgid))
        used.add((None, entry.msgid))
        po.append(new)
        for region in language_regions:  # region-specific translations follow their plain entry
            key = (REGION_CONTEXT + region, entry.msgid)
            if key in previous and region in entry.regions:
                override = polib.POEntry(msgctxt=key[0], msgid=entry.msgid, msgstr="", comment=new.comment,
                                         occurrences=new.occurrences, flags=list(entry.flags))
                carry(previous[key], override)
                used.add(key)
                po.append(override)
    if not purge:
        for key, old_entry in previous.items():
            if key not in used and (old_entry.msgstr or any(old_entry.msgstr_plural.values())
                                    or old_entry.tcomment or old_entry.obsolete):
                po.append(obsolete(old_entry))
    return po


def new_catalog(header: str, lang: str, project: str, old: polib.POFile | None) -> polib.POFile:
    """An empty catalog with the header every catalog of the tool has (`old`'s comments and dates kept)."""
    po = polib.POFile(wrapwidth=0)
    po.header = old.header if old is not None and old.header else header
    language, plural_forms = language_header(lang)
    kept = old.metadata if old is not None else {}
    po.metadata = {
        "Project-Id-Version": project,
        **{k: kept[k] for k in ("Report-Msgid-Bugs-To", *DATE_KEYS) if k in kept},
        "Last-Translator": kept.get("Last-Translator", ""),
        "Language-Team": kept.get("Language-Team", ""),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
        "X-Generator": f"hugo-l10n {__version__}",
    }
    return po


def suggest(msgid: str, exact: Memory | None, *near: Memory | None) -> Match | None:
    """An exact translation from the memory, else the closest earlier version."""
    if exact is not None and msgid in exact.exact:
        return Match(msgid, exact.exact[msgid], 1.0)
    for memory in near:
        if memory is not None and (match := memory.closest(msgid)) is not None:
            return match
    return None


def index(old: polib.POFile | None) -> dict[tuple[str | None, str], polib.POEntry]:
    """Old entries by (msgctxt, msgid); an active entry wins over an obsolete twin."""
    found: dict[tuple[str | None, str], polib.POEntry] = {}
    if old is None:
        return found
    for entry in old:
        key = (entry.msgctxt, entry.msgid)
        if key not in found or found[key].obsolete and not entry.obsolete:
            found[key] = entry
    return found


def carry(old: polib.POEntry | None, new: polib.POEntry) -> None:
    """What a translator wrote goes into the new entry: msgstr, comments, flags, previous msgid."""
    if old is None:
        return
    new.msgstr = old.msgstr
    new.msgstr_plural = dict(old.msgstr_plural)
    new.tcomment = old.tcomment
    new.flags = list(dict.fromkeys([*new.flags, *(f for f in old.flags if f not in OUR_FLAGS)]))
    new.previous_msgctxt, new.previous_msgid = old.previous_msgctxt, old.previous_msgid
    new.previous_msgid_plural = old.previous_msgid_plural


def fuzzy_by_previous(previous: dict[tuple[str | None, str], polib.POEntry]) -> dict[str, polib.POEntry]:
    """Fuzzy translations by the msgid they were made for (their `#| msgid`)."""
    return {e.previous_msgid: e for (context, _), e in previous.items()
            if context is None and e.fuzzy and e.previous_msgid and e.msgstr and not e.obsolete}


def restore(fuzzy: polib.POEntry, new: polib.POEntry) -> None:
    """`_carry` of a fuzzy entry into the entry of its previous msgid: no longer fuzzy."""
    carry(fuzzy, new)
    new.flags = [f for f in new.flags if f != "fuzzy"]
    new.previous_msgctxt = new.previous_msgid = new.previous_msgid_plural = None


def obsolete(old: polib.POEntry) -> polib.POEntry:
    entry = polib.POEntry(msgctxt=old.msgctxt, msgid=old.msgid, msgid_plural=old.msgid_plural, msgstr=old.msgstr,
                          tcomment=old.tcomment, flags=list(old.flags), obsolete=True)
    entry.msgstr_plural = dict(old.msgstr_plural)
    return entry


def render(po: polib.POFile) -> str:
    """The file text in GNU gettext's own layout (`msgcat --no-wrap`): see `write_po`."""
    return write_po(po)


def now() -> float | None:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else None: the clock's time."""
    epoch = source_date_epoch()
    return None if epoch is None else float(epoch)


def date(at: float | None = None) -> str:
    """A header date as gettext writes it."""
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(time.time() if at is None else at))


def stamp(po: polib.POFile, old: polib.POFile | None, old_text: str | None, now: float | None = None) -> str:
    """The file text; dates move only when something else in the file changed. `old` is the
    catalog as read from `old_text` (None, None: there was none)."""
    entries = write_entries(po)
    if old is not None:
        text = write_header(po) + entries
        if text == old_text or text == render(old):
            return old_text  # a file saved by another tool keeps its layout
    po.metadata["POT-Creation-Date"] = date(now)
    po.metadata.setdefault("PO-Revision-Date", date(now))
    return write_header(po) + entries  # polib orders the header fields the usual gettext way


def number_lines(po: polib.POFile, text: str) -> None:
    """Gives entries made in memory the line numbers polib would read from `text`, the file `render`
    wrote for them: entries are blocks separated by one empty line, active ones first, the header
    block before them all. Reviewing them then reports the lines a reader of the file sees."""
    starts, line = [], 1
    for block in text.split("\n\n"):
        starts.append(line)
        line += block.count("\n") + 2
    ordered = [e for e in po if not e.obsolete] + [e for e in po if e.obsolete]
    for entry, start in zip(ordered, starts[1:]):
        entry.linenum = start


def same_content(text: str, old_text: str) -> bool:
    """True when `text` (our layout) says what `old_text` says, whatever layout that file has."""
    return text == old_text or text == canonical(old_text)


def canonical(text: str) -> str | None:
    """`text` in our layout; None when it is not a catalog `read_po` reads in full."""
    try:
        return render(read_po(text, "catalog"))
    except PoSyntaxError:
        return None


def translations(po: polib.POFile) -> Translations:
    found = Translations()
    for entry in po:
        if entry.fuzzy and entry.msgstr and not entry.obsolete:
            found.fuzzy.add(entry.msgid)
        if entry.obsolete or entry.fuzzy or not entry.msgstr:
            continue
        if entry.msgctxt and entry.msgctxt.startswith(REGION_CONTEXT):
            found.by_region.setdefault(entry.msgctxt[len(REGION_CONTEXT):], {})[entry.msgid] = entry.msgstr
        elif entry.msgctxt is None:
            found.plain[entry.msgid] = entry.msgstr
    return found
