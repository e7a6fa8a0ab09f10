"""Reading source pages and checking what Hugo would choke on, with the file and line of each problem.

A page with any error is skipped by every command; the others go on.
"""
from __future__ import annotations

import bisect
import errno
import functools
import hashlib
import pathlib
from dataclasses import dataclass, field

from pipeline.model import SourceError
from pipeline.reading import shortcodes
from pipeline.reading.projection import CONDITIONAL, LineIndex, region_codes
from pipeline.reading import frontmatter

BOM = "\ufeff"


@dataclass
class Page:
    rel: str  # path below the source folder, with '/' separators: "login/unlock.md"
    label: str  # path as shown in messages
    body_start: int = 0  # where the Markdown after the front matter begins
    front_matter: dict = field(default_factory=dict)
    bom: bool = False  # the file began with a byte order mark, which `text` leaves out as Hugo does
    source: pathlib.Path | None = None  # the file, when its text is read only once asked for
    source_hash: str | None = None  # the sha256 of the file's bytes, as the run found them
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The page as Hugo reads it. A page the run knew from an earlier one (`site.load`) is read
        only now, when something needs its text: it must still be the file the run hashed."""
        if self._text is None:
            try:
                data = self.source.read_bytes()
            except OSError as err:
                raise OSError(err.errno, err.strerror, self.label) from None
            if hashlib.sha256(data).hexdigest() != self.source_hash:
                raise OSError(errno.ESTALE, "changed while this run was reading the site: run the command again",
                              self.label)
            self._text, self.bom = decode(data, self.label)
        return self._text

    def forget_text(self) -> None:
        """Lets the text go when the page can read it again from its file (`text`, checked against
        the hash the run took): a run's last steps need the pages' front matter, not their texts."""
        if self.source is not None and self.source_hash is not None:
            self._text = None

    @functools.cached_property
    def disabled(self) -> set[str]:
        value = self.front_matter.get("disabled") or []
        if isinstance(value, str):
            value = region_codes(value)
        return {str(v) for v in value} if isinstance(value, list) else set()

    def published_in(self, region: str) -> bool:
        return region not in self.disabled


def read(path: pathlib.Path, rel: str, label: str) -> Page:
    """Decodes and splits a page; raises SourceError for what cannot even be read."""
    page = read_unsplit(path, rel, label)
    page.front_matter, page.body_start = front_matter(page.text, label)
    return page


def read_unsplit(path: pathlib.Path, rel: str, label: str) -> Page:
    """A page read and decoded, its front matter not yet taken from its text (`front_matter`)."""
    data = path.read_bytes()
    text, bom = decode(data, label)
    return Page(rel=rel, label=label, bom=bom, source=path, source_hash=hashlib.sha256(data).hexdigest(), _text=text)


def decode(data: bytes, label: str) -> tuple[str, bool]:
    """A page's text as Hugo reads it from the file's bytes, and whether it began with a byte order
    mark; SourceError for a file that is not UTF-8 or holds nothing."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SourceError(label, line, f"not UTF-8 (byte 0x{data[err.start]:02x}): save the file as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # universal newlines, as Hugo and the oracle read
    bom = text.startswith(BOM)
    text = text.removeprefix(BOM)
    if not text.strip():
        raise SourceError(label, 1, "empty page: write its content or delete the file")
    return text, bom


def front_matter(text: str, label: str) -> tuple[dict, int]:
    """The page's front matter values and where its Markdown starts; SourceError when Hugo could
    not read the front matter either."""
    try:
        found = frontmatter.locate(text)
        return (frontmatter.load(text, found), found.body) if found is not None else ({}, 0)
    except frontmatter.FrontMatterError as err:
        raise SourceError(label, err.line, err.message) from None


def closing_names(tags: list[shortcodes.Tag]) -> set[str]:
    return {tag.name for tag in tags if tag.closing}


def check(page: Page, tags: list[shortcodes.Tag], regions: set[str],
          paired: set[str] | frozenset[str]) -> list[SourceError]:
    """Unbalanced shortcodes, unknown region codes and conditionals Hugo and the oracle read apart.
    `tags`: `shortcodes.scan(page.text)` (a page keeps none: 10,000 pages' tags take some 90 MB)."""
    errors: list[SourceError] = []
    lines = functools.cache(lambda: LineIndex(page.text))  # only a page with a problem needs it

    def error(offset: int, message: str) -> None:
        errors.append(SourceError(page.label, lines().line(offset), message))

    unknown = sorted(page.disabled - regions)
    if unknown:
        error(0, f"front matter 'disabled' names unknown region {', '.join(unknown)} (known: {', '.join(sorted(regions))})")
    unterminated = shortcodes.unterminated(page.text, page.body_start, tags)
    for opener in unterminated:
        closer = ">}}" if opener.group(1) == "<" else "%}}"
        error(opener.start(), f"shortcode tag '{opener.group()}' opened here is never closed: add '{closer}' where it ends")
    if unterminated:
        return errors  # the tags after it were read through it: their balance would say nothing true
    stack: list[shortcodes.Tag] = []
    for tag in _tags_as_read(page.text, tags):
        source = page.text[tag.start:tag.end]
        if tag.name in shortcodes.CONDITIONALS:
            if not CONDITIONAL.fullmatch(source) or tag.angle:
                error(tag.start, f"write the conditional as {{{{% {'/' if tag.closing else ''}{tag.name} … %}}}}: '{source}' is not read as one")
                continue
            if not tag.closing:
                codes = region_codes(tag.args)
                if not codes:
                    error(tag.start, f"'{source}' names no region")
                bad = [c for c in codes if c not in regions]
                if bad:
                    error(tag.start, f"unknown region code {', '.join(bad)} in '{source}' (known: {', '.join(sorted(regions))})")
        if tag.closing:
            if stack and stack[-1].name == tag.name:
                stack.pop()
            elif any(open_tag.name == tag.name for open_tag in stack):
                inner = stack[-1]
                error(inner.start, f"shortcode '{inner.name}' opened here is closed by '{source}' on line {lines().line(tag.start)} before its own closing tag")
                while stack[-1].name != tag.name:
                    stack.pop()
                stack.pop()
            else:
                twice = " (closed twice?)" if tag.name in shortcodes.CONDITIONALS else ""
                error(tag.start, f"'{source}' closes nothing{twice}: remove it or add the opening tag")
        elif (tag.name in paired or tag.name in shortcodes.CONDITIONALS) and not tag.self_closed:
            stack.append(tag)
    for tag in stack:
        delim = "<>" if tag.angle else "%%"
        error(tag.start, f"shortcode '{tag.name}' opened here is never closed: add {{{{{delim[0]} /{tag.name} {delim[1]}}}}}")
    return errors


def _tags_as_read(text: str, tags: list[shortcodes.Tag]) -> list[shortcodes.Tag]:
    """A page's tags, conditionals found the way the projection finds them (they win where the
    two readings overlap, as in `{{%s{{% enabled US %}}`), so the check sees what `project` does."""
    conditionals = [shortcodes.Tag(m.start(), m.end(), m.group(2), bool(m.group(1)), m.group(3), m.start(3), False)
                    for m in CONDITIONAL.finditer(text)]
    starts = [c.start for c in conditionals]  # they never overlap: their ends are in order too

    def overlaps(tag: shortcodes.Tag) -> bool:
        before = bisect.bisect_left(starts, tag.end) - 1  # the last conditional starting before it ends
        return before >= 0 and conditionals[before].end > tag.start

    others = [t for t in tags if t.name not in shortcodes.CONDITIONALS and not overlaps(t)]
    return sorted(conditionals + others, key=lambda t: t.start)


def variables_used(text: str, tags: list[shortcodes.Tag],
                   structural: set[str] | frozenset[str]) -> list[tuple[str, int]]:
    """(name, offset) of every variable in a page's text, including those inside shortcode
    attributes; `tags`: `shortcodes.scan(text)`."""
    found = []
    for tag in tags:
        for candidate in [tag, *shortcodes.nested(text, tag)]:
            if shortcodes.is_variable(candidate, structural):
                found.append((candidate.name, candidate.start))
    return found
