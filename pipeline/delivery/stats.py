"""How much of what each region shows is translated, counted on the units of its projection.

Source words are counted the way translation vendors count them: for languages written without
spaces (Japanese, Chinese, Thai …) one word per character, letters and digits only; for the others,
runs of letters and digits. Placeholders (variables, tags, link targets, code) never count.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.model import Unit
from pipeline.reading.placeholders import has_letters, prose
from pipeline.reading.scripts import not_asked

CHARACTER_COUNTED = ("ja", "zh", "th", "lo", "km", "my", "bo")
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # exactly Unicode's letters and numbers (L*, N*; tested)


@functools.lru_cache(maxsize=65536)
def words(text: str, lang: str) -> int:
    plain = prose(text)
    if lang.split("_")[0].split("-")[0] in CHARACTER_COUNTED:
        return len(LETTER_OR_DIGIT.findall(plain))
    return len(WORD.findall(plain))


@dataclass
class Counts:
    units: int = 0
    words: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    rejected: int = 0  # translated, but the translation fails a check: shown in the source language

    @property
    def fallbacks(self) -> int:
        """Units a reader sees in the source language."""
        return self.fuzzy + self.untranslated + self.rejected

    def add(self, other: "Counts") -> None:
        """Field by field, spelled out: a build replays the counts of 64,000 outputs at 10,000 pages."""
        self.units += other.units
        self.words += other.words
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated
        self.translated_words += other.translated_words
        self.rejected += other.rejected

    @property
    def percent(self) -> float:
        """Share of source words translated (100 when there is nothing to translate)."""
        return round(100.0 * self.translated_words / self.words, 1) if self.words else 100.0

    def as_dict(self) -> dict:
        return {**{key: getattr(self, key) for key in FIELDS}, "percent": self.percent}


FIELDS = ("units", "words", "translated", "fuzzy", "untranslated", "translated_words", "rejected")  # in Counts' order


def counted(unit: Unit, source_language: str, literals: str = "ask") -> bool:
    """A unit readers should see translated: not code, and not a literal translators are not asked
    for (it keeps the source unless a translator has a reason); what counts and fallbacks list."""
    return _words_counted(unit, source_language, literals) is not None


def _words_counted(unit: Unit, source_language: str, literals: str) -> int | None:
    """The words of a unit that `counted`, else None."""
    return None if unit.kind == "code" else _msgid_words(unit.msgid, source_language, literals)


@functools.lru_cache(maxsize=1 << 16)
def _msgid_words(msgid: str, source_language: str, literals: str) -> int | None:
    """The words of a msgid readers should see translated, else None: found once for the 7
    outputs of a page and the pages that share a sentence."""
    if not has_letters(msgid) or not_asked(msgid, source_language, literals):
        return None
    return words(msgid, source_language)


def count(units: list[Unit], lookup, fuzzy: set[str], source_language: str, source: bool = False,
          rejected: set[str] = frozenset(), literals: str = "ask") -> Counts:
    """Counts for one page as one region shows it in one language (`source`: it is the source language)."""
    counts = Counts()
    for unit in units:
        n = _words_counted(unit, source_language, literals)
        if n is None:
            continue
        counts.units += 1
        counts.words += n
        if source or lookup(unit.msgid) is not None:
            counts.translated += 1
            counts.translated_words += n
        elif unit.msgid in rejected:
            counts.rejected += 1
        elif unit.msgid in fuzzy:
            counts.fuzzy += 1
        else:
            counts.untranslated += 1
    return counts
