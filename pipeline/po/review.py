"""Reading a catalog for use: what may be published from it, and what is wrong with the rest.

`build`, `check` and `import` all go through `review`, so they accept and reject the same entries.
"""
from __future__ import annotations

import json
import pathlib
import re
from dataclasses import dataclass, field
from typing import Mapping, Protocol

import polib

from pipeline.back.variables import Rewriter
from pipeline.model import Kind, L10nError
from pipeline.po import catalogs
from pipeline.po.pofile import load_po
from pipeline.validation import Problem, check_translation, level, terms as glossary_check


@dataclass
class Review:
    translations: catalogs.Translations
    errors: list[L10nError] = field(default_factory=list)  # problems at 'error' level: entry not used
    warnings: list[L10nError] = field(default_factory=list)
    # (msgctxt, msgid) of each entry kept out of the build -> its problems (export sends them back)
    rejected: dict[tuple[str | None, str], list[L10nError]] = field(default_factory=dict)

    def as_json(self) -> str:
        """For the store (see `run.reviews`): the build then needs neither polib nor the checks."""
        def problems(found):
            return [[p.path, p.line, p.message, p.check, p.detail, p.ref] for p in found]
        t = self.translations
        rejected = [[context, msgid, problems(found)] for (context, msgid), found in self.rejected.items()]
        return json.dumps([t.plain, t.by_region, sorted(t.fuzzy), problems(self.errors), problems(self.warnings),
                           rejected], ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Review":
        plain, by_region, fuzzy, errors, warnings, rejected = json.loads(text)
        result = cls(catalogs.Translations(plain, by_region, set(fuzzy)),
                     [L10nError(*p) for p in errors], [L10nError(*p) for p in warnings])
        result.reject({(context, msgid): [L10nError(*p) for p in found] for context, msgid, found in rejected})
        return result

    def reject(self, rejected: dict[tuple[str | None, str], list[L10nError]]) -> None:
        self.rejected = rejected
        self.translations.rejected = {msgid for _, msgid in rejected}


Kinds = Mapping[str, tuple[Kind, ...]]  # msgid -> the kinds of the units it goes back into (Site.unit_kinds)


class Terms(Protocol):
    """A language's glossary as the checks read it (`po.glossary.Glossary`)."""

    def expected(self, msgid: str, kinds: tuple[Kind, ...]) -> list[tuple[str, str]]:
        """(label as the msgid writes it, text a translation must hold) for each translated label."""


ANY_KIND = (Kind.PARAGRAPH,)  # a msgid no unit of the page has (a stale entry): checked as text that starts a block


def load(path: pathlib.Path, label: str,
         root: pathlib.Path | None = None) -> tuple[polib.POFile | None, str | None]:
    """The catalog and its text, or (None, None) when there is none; SourceError when unreadable
    (see `po.pofile.load_po`: nothing it cannot read in full is used or rewritten)."""
    return load_po(path, label, root)


def review(po: polib.POFile, text: str, label: str, lang: str, levels: dict[str, str],
           rewriter: Rewriter, kinds: Kinds, glossary: Terms | None = None) -> Review:
    """Splits a catalog's translations into those that pass the checks and the problems of the others.
    Each msgstr is checked as every kind of unit its msgid goes back into (`kinds`, from the source:
    never read back from the entry's comments, which a translator may edit), and against the
    language's `glossary` for the labels its msgid names."""
    result = Review(catalogs.Translations())
    for message in header_problems(po, lang):
        _report(result, label, 1, "format", message, levels)
    nplurals = plural_count(po)
    lines = text.split("\n")

    def rewrite(token: str) -> str:
        return rewriter.apply(token, 0)

    accepted, rejected = [], {}
    for entry in po:
        plurals = _plural_problem(entry, nplurals)
        if plurals:
            _report(result, label, msgstr_line(lines, entry.linenum), plurals.check, plurals.message, levels)
            continue
        if entry.obsolete or entry.fuzzy or not entry.msgstr:
            accepted.append(entry)  # not used by the build, but counted (fuzzy) by stats
            continue
        ref = " ".join(f"{path}:{line}" for path, line in entry.occurrences[:1])
        line = msgstr_line(lines, entry.linenum)
        blocking = []
        for problem in _checked(entry, kinds.get(entry.msgid, ANY_KIND), rewrite, glossary):
            if _report(result, label, line, problem.check, problem.message, levels, ref or None):
                blocking.append(result.errors[-1])
        if blocking:
            rejected[(entry.msgctxt, entry.msgid)] = blocking
        else:
            accepted.append(entry)
    result.translations = catalogs.translations(accepted)
    result.reject(rejected)
    return result


def entry_problems(entry: polib.POEntry, nplurals: int | None, kinds: Kinds, rewrite,
                   glossary: Terms | None = None) -> list[Problem]:
    """What keeps one translated entry out of the build (import refuses the same)."""
    plurals = _plural_problem(entry, nplurals)
    if plurals:
        return [plurals]
    return _checked(entry, kinds.get(entry.msgid, ANY_KIND), rewrite, glossary)


def _checked(entry: polib.POEntry, kinds: tuple[Kind, ...], rewrite, glossary: Terms | None) -> list[Problem]:
    found = problems(entry.msgid, entry.msgstr, kinds, rewrite)
    if glossary is not None:
        found += glossary_check.check(entry.msgid, entry.msgstr, glossary.expected(entry.msgid, kinds))
    return found


def _plural_problem(entry: polib.POEntry, nplurals: int | None) -> Problem | None:
    if entry.msgid_plural and not entry.obsolete and any(entry.msgstr_plural.values()) \
            and nplurals is not None and len(entry.msgstr_plural) != nplurals:
        return Problem("format", f"{len(entry.msgstr_plural)} plural forms where the header's Plural-Forms says {nplurals}")
    return None


def plural_count(po: polib.POFile) -> int | None:
    """nplurals of the catalog's header, None when it has no valid one."""
    return _nplurals(po.metadata.get("Plural-Forms", ""))


def problems(msgid: str, msgstr: str, kinds: tuple[Kind, ...], rewrite) -> list[Problem]:
    """The problems of a msgstr as each of `kinds`, each problem once."""
    found = {}
    for kind in kinds:
        for problem in check_translation(msgid, msgstr, kind, rewrite):
            found.setdefault(problem, None)
    return list(found)


def header_problems(po: polib.POFile, lang: str, language: bool = True) -> list[str]:
    """What `msgfmt -c` and Poedit expect of a header, and (`language`) the Language the folder implies."""
    problems = []
    expected, _ = catalogs.language_header(lang)
    found = po.metadata.get("Language", "")
    if language and found.replace("-", "_") not in (expected, lang):
        problems.append(f"header says Language: {found or '(none)'}, but the catalog is in the '{lang}' folder")
    charset = po.metadata.get("Content-Type", "").lower().partition("charset=")[2].strip()
    if charset and charset not in ("utf-8", "utf8"):
        problems.append(f"header says charset={charset}: catalogs are read and written as UTF-8")
    if any(e.msgid_plural for e in po) and _nplurals(po.metadata.get("Plural-Forms", "")) is None:
        problems.append("plural entries but no valid Plural-Forms in the header (nplurals=N; plural=EXPR;)")
    return problems


def _nplurals(header: str) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=", header)
    return int(match.group(1)) if match else None


def _report(result: Review, label: str, line: int, check: str, detail: str, levels: dict[str, str],
            ref: str | None = None) -> bool:
    """Records a problem at its configured level; True when it keeps the entry out of the build."""
    severity = level(levels, check)
    if severity == "off":
        return False
    message = f"{check}: {detail}" + (f" ({ref})" if ref else "")
    problem = L10nError(label, line, message, check=check, detail=detail, ref=ref)
    (result.errors if severity == "error" else result.warnings).append(problem)
    return severity == "error"


def msgstr_line(lines: list[str], start: int) -> int:
    """The line of an entry's msgstr (polib gives the entry's first line), 1-based."""
    start = start or 1  # entries made in memory have no line
    for n in range(start - 1, len(lines)):
        if lines[n].startswith("msgstr"):
            return n + 1
    return start
