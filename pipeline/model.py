"""The small data model every stage shares: translatable units and the errors that name a place."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import NamedTuple

MAX_FALLBACKS_LISTED = 2000  # a report lists this many units shown in the source language; counts cover all
FALLBACKS_PER_PAGE = 5  # and this many per page, region and language
PSEUDO_LANGUAGE = "qps"  # the code `l10n pseudo` publishes (a private-use code, as Windows uses)


class Kind(str, Enum):
    """What a unit is where it goes back, which says how a translation is read and written there
    (see `validation.READINGS`). A str, so it compares, hashes and serializes as its value."""

    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    HEADING = "heading"
    PIPE_CELL = "pipe table cell"
    CODE = "code"
    SHORTCODE_TEXT = "text inside a shortcode"  # the inner of an inline shortcode holding prose
    HTML_TEXT = "HTML text"  # text of a raw HTML block
    HTML_LINE = "HTML text on one line"  # … in an element that holds one line (a cell, a term)
    HTML_ITEM = "HTML list item"
    SHORTCODE_VALUE = "shortcode attribute value"
    HTML_VALUE = "HTML attribute value"
    FRONT_MATTER = "front matter value"


@dataclass(frozen=True)
class Unit:
    """A piece of text a reader of one region sees, as a span of that region's projection.

    `seps` are the exact bytes between the unit's lines in the projection (break marker, newline and
    the next line's indentation), so an identity translation rebuilds the span byte for byte; `msgid`
    is the lines joined by plain newlines. `default_sep` joins lines a translation adds or removes.
    `style` tells how a translation is written back (see `back.merge.render_unit`). `label` is what
    translators read as its kind in the catalog ("alt of screen", "table cell"): the kind's own
    name unless the segmenter gives a closer one.
    """

    start: int
    end: int
    msgid: str
    kind: Kind
    seps: tuple[str, ...] = ()
    default_sep: str = "  \n"
    anchor: str | None = None
    flags: tuple[str, ...] = ()
    style: str = "text"
    note: str | None = None  # an extracted comment beyond the kind (e.g. "code: keep it as it is")
    label: str = ""

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))  # a kind's value is as good as the kind
        if not self.label:
            object.__setattr__(self, "label", self.kind.value)


def units_to_json(units: list[Unit]) -> str:
    """Units as JSON, each field by its name (stored once): a field added or removed later never
    shifts the others (`units_from_json` gives a missing one its default)."""
    return json.dumps({"fields": UNIT_FIELDS, "rows": [[getattr(u, n) for n in UNIT_FIELDS] for u in units]},
                      ensure_ascii=False)


def units_from_json(text: str) -> list[Unit]:
    data = json.loads(text)
    if data["fields"] == UNIT_FIELDS:
        return [_stored_unit(row) for row in data["rows"]]
    known = set(UNIT_FIELDS)  # stored by another version: each field by its name, defaults for the rest
    names = [(n, n in known, n in TUPLE_FIELDS) for n in data["fields"]]
    return [Unit(**{n: tuple(v) if is_tuple else v for (n, ok, is_tuple), v in zip(names, row) if ok})
            for row in data["rows"]]


def _stored_unit(row: list) -> Unit:
    """A unit from a row of every field in order, as `units_to_json` wrote it from a Unit: its
    fields set at once (a frozen dataclass's __init__ sets them one call at a time; a build
    decodes some 100,000 units)."""
    unit = object.__new__(Unit)
    values = dict(zip(UNIT_FIELDS, row))
    values["kind"], values["seps"], values["flags"] = Kind(values["kind"]), tuple(values["seps"]), tuple(values["flags"])
    unit.__dict__.update(values)
    return unit


TUPLE_FIELDS = ("seps", "flags")  # JSON gives lists back
UNIT_FIELDS = [f.name for f in fields(Unit)]


@dataclass(frozen=True)
class Place:
    """A unit of one region, with the source line it comes from (references point at the source)."""

    unit: Unit
    region: str
    line: int
    offset: int  # offset in the source page: orders units of different regions


class L10nError(Exception):
    """An error a user can act on: where it is and what is wrong."""

    rejected = False  # a translation kept out of the build for it (the build then shows the source text)

    def __init__(self, path: str, line: int | None, message: str, check: str | None = None,
                 detail: str | None = None, ref: str | None = None):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message
        # for a failed check: its name, what is wrong, and the source reference (the report lists them)
        self.check, self.detail, self.ref = check, detail, ref

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def __reduce__(self):
        """Rebuilt from its fields, whatever a subclass's __init__ takes: errors found in a worker
        process travel back to the parent by pickle (see `parallel`)."""
        return _rebuild, (type(self), self.message, self.__dict__)


def _rebuild(cls: type, message: str, fields: dict) -> L10nError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(fields)
    return error


class SourceError(L10nError):
    """A page that cannot be processed; the page is skipped, the others go on."""


class ConfigError(L10nError):
    """A configuration that cannot be used; nothing is done."""

    def __init__(self, path: str, key: str, message: str):
        super().__init__(path, None, message)
        self.key = key

    def __str__(self) -> str:
        return f"{self.path}: {self.key}: {self.message}" if self.key else f"{self.path}: {self.message}"


class PageRow(NamedTuple):
    """A page's counts as one region shows it in one language (`Report.pages_stats`), read by name
    as the dict it replaces (`row["words"]`): a tuple takes a fifth of a dict's room, and a build of
    10,000 pages has 70,000 rows."""

    page: str
    region: str
    lang: str
    units: int
    words: int
    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int
    rejected: int
    percent: float

    def __getitem__(self, key):
        return getattr(self, key) if isinstance(key, str) else tuple.__getitem__(self, key)


@dataclass
class Report:
    """What a run did, for the summary line and the exit status."""

    pages: int = 0
    units: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    failed_writes: int = 0  # writes the system refused: a run with any is not replayed (see `replay`)
    errors: list[L10nError] = field(default_factory=list)
    warnings: list[L10nError] = field(default_factory=list)
    pairs: dict = field(default_factory=dict)  # (region, lang) -> stats.Counts of what is published
    pages_stats: list[PageRow] = field(default_factory=list)  # one row per page, region and language
    unpublished: list[PageRow] = field(default_factory=list)  # pages held back by min_translated
    rejected: list[L10nError] = field(default_factory=list)  # translations that failed a check
    fallbacks: list[dict] = field(default_factory=list)  # units shown in the source language
    dead_links: list = field(default_factory=list)  # links.DeadLink found by the links check
    unlinked: list[dict] = field(default_factory=list)  # links removed from outputs (unpublished: unlink)
    kept: set[str] = field(default_factory=set)  # pages skipped on an error: their last outputs stay
    expected: dict = field(default_factory=dict)  # (region, lang) -> paths (str: 70,000 Paths take 35 MB) this build owns
    labels: list = field(default_factory=list)  # po.glossary.Use rows: the labels each page names (extract)

    def merge(self, other: "Report") -> None:
        """Adds the findings of another part of the same run (pages done by another worker)."""
        for name in ("units", "written", "unchanged", "removed", "failed_writes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("errors", "warnings", "pages_stats", "unpublished", "rejected", "fallbacks", "unlinked", "labels"):
            getattr(self, name).extend(getattr(other, name))
        del self.fallbacks[MAX_FALLBACKS_LISTED:]
        for pair, counts in other.pairs.items():
            if pair in self.pairs:
                self.pairs[pair].add(counts)
            else:
                self.pairs[pair] = counts
        for pair, paths in other.expected.items():
            self.expected.setdefault(pair, set()).update(paths)
        self.kept |= other.kept
