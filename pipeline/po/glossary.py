"""The glossary: the labels the pages name, harvested from the source, one catalog per language.

The pages write the product's UI in two conventions (`segmentation.labels`): `[保存]` for buttons and
links, `「ユーザー管理」` for screens, menus and settings. `locales/<lang>/_glossary.po` holds one entry
per label a reader of that language sees (msgctxt: the convention; msgid: the label as written
between its brackets), with its number of uses and its first pages; labels without a letter of the
source language are left out. It is updated as every catalog is (fuzzy on change, obsolete when
gone, nothing a translator wrote dropped). Its translations are what the `glossary` check expects of
every unit that names the label, and what each unit's comment shows translators
(`#. glossary: [保存] = [Save]`).

The labels of a unit are always found again in its text (`labels`), never read back from a comment.
"""
from __future__ import annotations

import hashlib
import json
import pathlib
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

import polib

from pipeline.model import Kind
from pipeline.po import catalogs, review as review_mod
from pipeline.po.memory import Memory
from pipeline.reading.scripts import has_source_letters
from pipeline.segmentation.labels import BUTTON, SCREEN, Label, candidates, labels

NAME = "_glossary.po"  # in locales/<lang>/, beside the pages' catalogs
CONVENTIONS = (BUTTON, SCREEN)
FIRST_PAGES = 3  # references to the first pages that use a label
KINDS = (Kind.SHORTCODE_TEXT,)  # how a glossary translation is checked: text inside a line
HEADER = ("Glossary of the labels the pages name: [保存] buttons and links, 「ユーザー管理」 screens, menus, settings.\n"
          "Translate each once, as the pages must show it: the glossary check reports a unit rendering it otherwise.\n"
          "Translations into {lang}.")


def path(locales: pathlib.Path, lang: str) -> pathlib.Path:
    return locales / lang / NAME


def is_glossary(catalog: pathlib.Path, locales: pathlib.Path) -> bool:
    return catalog.name == NAME and catalog.parent.parent == locales


class Use(NamedTuple):
    """A label's uses on one page in one language (the rows a page's extract records)."""

    lang: str
    convention: str
    label: str
    page: str
    line: int  # the first source line that uses it
    uses: int


@dataclass
class Term:
    """A label as the glossary lists it: where it is used, in source order."""

    convention: str
    label: str
    uses: int = 0
    pages: list[tuple[str, int]] = field(default_factory=list)  # (page, first line)


@dataclass
class Glossary:
    """A language's glossary as a run reads it: the catalog (None: none yet, or unreadable), its
    text, and the translations the checks use: translated, not fuzzy, passing the checks."""

    po: polib.POFile | None = None
    text: str | None = None
    terms: dict[tuple[str, str], str] = field(default_factory=dict)  # (convention, label) -> translation
    errors: list = field(default_factory=list)  # the glossary catalog's own problems (see po.review)
    warnings: list = field(default_factory=list)
    readable: bool = True  # False: the file is damaged, and no command rewrites it

    def __post_init__(self):
        self.by_label: dict[str, list[tuple[str, str]]] = {}
        for (convention, label), text in sorted(self.terms.items()):
            self.by_label.setdefault(label, []).append((convention, text))
        # what `matched` depends on of the glossary: the labels it translates, not their translations
        self.labels_key = hashlib.sha256("\n".join(sorted(self.by_label)).encode("utf-8")).hexdigest()

    def expected(self, msgid: str, kinds: tuple[Kind, ...]) -> list[tuple[str, str]]:
        """(label as the msgid writes it, text a translation must hold) for each label with a
        translation; none in code, which keeps the source."""
        if not self.terms or all(kind == Kind.CODE for kind in kinds):
            return []
        return [(label.shown(), rendered(label, self.terms[label])) for label in labels(msgid) if label in self.terms]

    def annotate(self, entries: list[catalogs.Entry], kinds: review_mod.Kinds) -> None:
        """Each entry's glossary lines for its comment: `[保存] = [Save]`."""
        if not self.terms:
            return
        for entry in entries:
            shown = self.expected(entry.msgid, kinds.get(entry.msgid, ()))
            entry.glossary = tuple(dict.fromkeys(f"{label} = {text}" for label, text in shown))

    def relevant(self, *texts: str | bytes | None) -> str:
        """The translations a page's checks and comments may read, for its cache keys: those of the
        labels that could be in `texts` (the page, its catalogs). A translation changed elsewhere
        leaves the page's keys alone."""
        return self.translations_of(self.matched(*texts)) if self.terms else ""

    def matched(self, *texts: str | bytes | None) -> list[str]:
        """The labels translated here that could be in `texts` (what `relevant` scans them for)."""
        found: set[str] = set()
        for text in texts:
            if text:
                found |= candidates(text.decode("utf-8", "replace") if isinstance(text, bytes) else text)
        return sorted(found & self.by_label.keys())

    def translations_of(self, matched: list[str]) -> str:
        """`relevant` for the labels `matched` found: their translations, as JSON."""
        return json.dumps([[label, self.by_label[label]] for label in matched if label in self.by_label],
                          ensure_ascii=False)


def counts(po: polib.POFile | None) -> dict:
    """The glossary's progress, as `stats` shows it: labels, translated, fuzzy, untranslated."""
    active = [e for e in po or () if not e.obsolete and e.msgctxt in CONVENTIONS]
    translated = sum(bool(e.msgstr) and not e.fuzzy for e in active)
    fuzzy = sum(bool(e.msgstr) and e.fuzzy for e in active)
    return {"labels": len(active), "translated": translated, "fuzzy": fuzzy,
            "untranslated": len(active) - translated - fuzzy}


def rendered(label: Label, translation: str) -> str:
    """What a translation must hold for a label: a button keeps its brackets in every language
    (`[Save]`); a screen's name is quoted as each language quotes (`"User Administration"`)."""
    return label.shown(translation) if label.convention == BUTTON else translation


def load(file: pathlib.Path, file_label: str, locales: pathlib.Path, lang: str, levels: dict[str, str],
         rewriter) -> Glossary:
    """The glossary of a language as it is now; SourceError when it cannot be read (then nothing
    writes it: see `po.pofile`)."""
    po, text = review_mod.load(file, file_label, locales)
    return Glossary() if po is None else from_catalog(po, text, file_label, lang, levels, rewriter)


def from_catalog(po: polib.POFile, text: str, file_label: str, lang: str, levels: dict[str, str],
                 rewriter) -> Glossary:
    """The glossary a catalog holds: its translations that pass the checks (read as text in a line)."""
    checked = review_mod.review(po, text, file_label, lang, levels, rewriter, {e.msgid: KINDS for e in po})
    terms = {(e.msgctxt, e.msgid): e.msgstr for e in po
             if e.msgctxt in CONVENTIONS and e.msgstr and not e.fuzzy and not e.obsolete
             and (e.msgctxt, e.msgid) not in checked.rejected}
    return Glossary(po, text, terms, checked.errors, checked.warnings)


def uses(entries: list[catalogs.Entry], kinds: review_mod.Kinds, lang: str, page: str,
         source_language: str) -> list[Use]:
    """The labels a page's catalog in `lang` names, with their uses (a unit's uses: its source lines)
    and first line; labels without a source-language letter left out, code never read."""
    found: dict[Label, list[int]] = {}
    for entry in entries:
        if all(kind == Kind.CODE for kind in kinds.get(entry.msgid, (Kind.CODE,))):
            continue
        for label in labels(entry.msgid):
            if has_source_letters(label.text, source_language):
                seen = found.setdefault(label, [0, entry.lines[0]])
                seen[0] += len(entry.lines)
                seen[1] = min(seen[1], entry.lines[0])
    return [Use(lang, label.convention, label.text, page, line, n) for label, (n, line) in found.items()]


def harvest(rows: Iterable[Use | list], lang: str, page_order: list[str]) -> list[Term]:
    """A language's labels from every page's uses, in source order (pages as the site orders them)."""
    rank = {page: i for i, page in enumerate(page_order)}
    unknown = len(rank)
    terms: dict[tuple[str, str], Term] = {}
    mine = [row for row in rows if row[0] == lang]  # rows as `Use` has them (the replayed ones are lists)
    mine.sort(key=lambda row: (rank.get(row[3], unknown), row[3], row[4]))  # stable: a page's rows as its text names them
    for _, convention, label, page, line, uses in mine:
        term = terms.get((convention, label))
        if term is None:
            term = terms[convention, label] = Term(convention, label)
        term.uses += uses
        term.pages.append((page, line))
    return list(terms.values())


def comment(term: Term) -> str:
    what = "button or link" if term.convention == BUTTON else "screen, menu or setting"
    pages = len(term.pages)
    return f"{what}: {term.uses} use{'s' * (term.uses != 1)} on {pages} page{'s' * (pages != 1)}"


def build(lang: str, terms: list[Term], project: str, old: polib.POFile | None, fuzzy: bool = True,
          purge: bool = False, partial: bool = False) -> polib.POFile:
    """The new glossary of a language, updated as every catalog is: an entry keeps its translation; a
    new label takes the closest label gone from the glossary (same convention) as a fuzzy translation;
    a label gone becomes obsolete when something was written for it (dropped with `purge`).
    `partial`: some pages could not be read, so a label not found is kept as it was, not retired."""
    po = catalogs.new_catalog(HEADER.format(lang=lang), lang, project, old)
    previous = catalogs.index(old)
    current = {(t.convention, t.label) for t in terms}
    reverted = {(e.msgctxt, e.previous_msgid): e for key, e in previous.items()
                if key[0] in CONVENTIONS and e.fuzzy and e.previous_msgid and e.msgstr and not e.obsolete}
    used: set[tuple[str | None, str]] = set()
    near = {convention: Memory((e.msgid, e.msgstr) for key, e in previous.items()
                               if key[0] == convention and key not in current and not e.fuzzy)
            for convention in CONVENTIONS}
    for term in terms:
        key = (term.convention, term.label)
        new = polib.POEntry(msgctxt=term.convention, msgid=term.label, msgstr="", comment=comment(term),
                            occurrences=[(page, str(line)) for page, line in term.pages[:FIRST_PAGES]])
        if key in previous:
            catalogs.carry(previous[key], new)
        elif key in reverted:  # an edit undone
            catalogs.restore(reverted[key], new)
            used.add((term.convention, reverted[key].msgid))
        elif fuzzy and (match := near[term.convention].closest(term.label)) is not None:
            new.msgstr = match.msgstr
            new.flags.append("fuzzy")
            new.previous_msgid = match.msgid
            used.add((term.convention, match.msgid))
        used.add(key)
        po.append(new)
    for key, old_entry in previous.items():
        if key in used:
            continue
        if partial and not old_entry.obsolete:
            po.append(old_entry)  # its page may be the one that could not be read
        elif not purge and (old_entry.msgstr or old_entry.tcomment or old_entry.obsolete):
            po.append(catalogs.obsolete(old_entry))
    return po
