"""Which letters are the source language's: text without any is not asked of translators.

A unit such as `SUCCESS`, `png` or a user ID has letters, but none a reader of the source language
would need translated. The source language's script comes from Babel's likely subtags (`ja` is
written `Jpan`: Han, Hiragana and Katakana); a character's script from its Unicode name (Python has
no script property), after NFKC, so half-width katakana are katakana and full-width `ＯＫ` is Latin.
A language whose script is unknown counts every letter as its own: nothing is left out.
"""
from __future__ import annotations

import functools
import unicodedata

from pipeline.reading.placeholders import has_letters, prose

# ISO 15924 codes that name several scripts (Babel gives `Jpan` for ja, `Kore` for ko).
COMPOSED = {"Jpan": ("Hani", "Hira", "Kana"), "Kore": ("Hang", "Hani"), "Hans": ("Hani",), "Hant": ("Hani",),
            "Hanb": ("Hani", "Bopo")}
# The first word of the Unicode names of a script's letters, where it is not the script's English name.
NAMED = {"Hani": ("CJK", "IDEOGRAPHIC")}


@functools.lru_cache(maxsize=64)
def scripts(lang: str) -> frozenset[str] | None:
    """The first words of the names of the letters `lang` is written in; None when unknown."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    code = locale.script
    if code is None:
        likely = get_global("likely_subtags").get(locale.language, "")
        parts = [p for p in likely.split("_") if len(p) == 4 and p.istitle()]
        code = parts[0] if parts else None
    if code is None:
        return None
    names = Locale.parse("en").scripts
    words = set()
    for part in COMPOSED.get(code, (code,)):
        if part in NAMED:
            words.update(NAMED[part])
        elif part in names:
            words.add(names[part].upper())
    return frozenset(words) or None


@functools.lru_cache(maxsize=1 << 14)
def _script(char: str) -> frozenset[str]:
    """The first word of a character's Unicode name, split at '-' (KATAKANA-HIRAGANA …)."""
    name = unicodedata.name(unicodedata.normalize("NFKC", char)[:1] or char, "")
    return frozenset(name.split(" ", 1)[0].split("-"))


@functools.lru_cache(maxsize=1 << 16)
def has_source_letters(text: str, lang: str) -> bool:
    """True when the prose of `text` (outside its placeholders) has a letter of `lang`'s script."""
    words = scripts(lang)
    for char in prose(text):
        if unicodedata.category(char)[0] == "L" and (words is None or _script(char) & words):
            return True
    return False


def literal(text: str, lang: str) -> bool:
    """Letters, none of the source language: `SUCCESS`, `png`, `user01` (no letter at all: not a unit)."""
    return has_letters(text) and not has_source_letters(text, lang)


def not_asked(text: str, lang: str, literals: str) -> bool:
    """A unit translators are not asked to translate (config `literals`: optional or never)."""
    return literals != "ask" and literal(text, lang)


@functools.lru_cache(maxsize=16)
def language_name(lang: str) -> str:
    """The language's English name, for the comments translators read (`Japanese`)."""
    from babel import Locale, UnknownLocaleError
    try:
        return Locale.parse(lang.replace("-", "_")).get_display_name("en") or lang
    except (UnknownLocaleError, ValueError):
        return lang
