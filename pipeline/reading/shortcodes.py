"""Finding Hugo shortcode tags in a page, and telling variables from structure.

A tag is `{{< name args >}}` or `{{% name args %}}` (spacing is sloppy in real pages), possibly over
several lines. A *variable* is a tag with no arguments and no closing tag (`{{%service%}}`); every
other tag is structure or a container.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# The two delimiters must match, so `{{< screen alt="{{%kintone%}}" >}}` is one angle tag with a
# percent tag inside its arguments, found by scanning the arguments again.
TAG = re.compile(
    r"\{\{<\s*(?P<ac>/?)\s*(?P<an>[A-Za-z_][\w.-]*)(?P<aa>.*?)>\}\}"
    r"|\{\{%\s*(?P<pc>/?)\s*(?P<pn>[A-Za-z_][\w.-]*)(?P<pa>.*?)%\}\}",
    re.S,
)
OPENER = re.compile(r"\{\{([<%])\s*/?\s*[A-Za-z_][\w.-]*")  # how every tag of TAG begins, to its name
# Arguments as Hugo lexes them: quoted and raw strings whole (a lone quote opens one never closed),
# the two closers, the start of another tag.
ARGUMENT_LEXEME = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|>\}\}|%\}\}|\{\{[<%]|["`]', re.S)
ATTRIBUTE = re.compile(r"""(?P<name>[A-Za-z_][\w-]*)\s*=\s*(?:"(?P<dq>(?:[^"\\]|\\.)*)"|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`]+))""", re.S)
CONDITIONALS = ("enabled", "disabled")


class Tag(NamedTuple):
    """A tuple: pages hold hundreds of thousands of them at 10,000 pages (a frozen dataclass
    takes twice the room and four times as long to make)."""
    start: int
    end: int
    name: str
    closing: bool
    args: str  # the raw text after the name
    args_start: int
    angle: bool

    @property
    def self_closed(self) -> bool:
        return self.args.rstrip().endswith("/")

    @property
    def bare(self) -> bool:
        """No arguments at all: a variable, unless the name says otherwise."""
        return not self.closing and not self.args.strip()


def scan(text: str, start: int = 0, end: int | None = None) -> list[Tag]:
    """Every top-level tag in text[start:end], in order."""
    tags = []
    for m in TAG.finditer(text, start, len(text) if end is None else end):
        angle = m.group("an") is not None
        key = "a" if angle else "p"
        tags.append(Tag(m.start(), m.end(), m.group(key + "n"), bool(m.group(key + "c")),
                        m.group(key + "a"), m.start(key + "a"), angle))
    return tags


def unterminated(text: str, start: int = 0, tags: list[Tag] | None = None) -> list[re.Match]:
    """Where tags open that Hugo finds no end for (it then fails the whole site), in text[start:]
    (Hugo reads no tags in front matter): OPENER's match of each such tag's beginning (`{{< screen`).

    A suspect is an opener TAG found no tag at, or one whose arguments hold the start of a tag that
    does not end inside them (TAG then took a later tag's end as its own); complete tags there are
    variables (`alt="{{%kintone%}}…"`). A suspect is cleared when read as Hugo reads arguments
    (quoted strings whole) it still reaches its own end: `{{% note title="{{%kintone%}}" %}}`.
    `tags`: `scan(text)` when the caller has it already."""
    return [m for m in _suspects(text, start, tags) if not _reaches_its_end(text, m)]


def _suspects(text: str, start: int, tags: list[Tag] | None) -> list[re.Match]:
    found, pos = [], start
    for tag in _from(text, start, tags):
        found.extend(OPENER.finditer(text, pos, tag.start))
        if "{{" in tag.args:
            inner = {t.start for t in nested(text, tag)}
            if any(m.start() not in inner
                   for m in OPENER.finditer(text, tag.args_start, tag.args_start + len(tag.args))):
                found.append(OPENER.match(text, tag.start))
        pos = tag.end
    found.extend(OPENER.finditer(text, pos))
    return found


def _from(text: str, start: int, tags: list[Tag] | None) -> list[Tag]:
    """`scan(text, start)`, taken from `tags` (all of the text's) when no tag of them straddles
    `start`: a match never depends on where the search began, only on where the last one ended."""
    if tags is None or any(t.start < start < t.end for t in tags):
        return scan(text, start)
    return [t for t in tags if t.start >= start]


def _reaches_its_end(text: str, opener: re.Match) -> bool:
    closer = ">}}" if opener.group(1) == "<" else "%}}"
    for m in ARGUMENT_LEXEME.finditer(text, opener.end()):
        if m.group() == closer:
            return True
        if m.group() in ('"', "`") or m.group().startswith("{{"):
            return False  # a string never closed, or another tag begins: this one never ended
    return False


def nested(text: str, tag: Tag) -> list[Tag]:
    """Tags inside another tag's arguments (variables in attribute values)."""
    if "{{" not in tag.args:  # every tag begins so
        return []
    return scan(text, tag.args_start, tag.args_start + len(tag.args))


def attributes(text: str, tag: Tag) -> list[tuple[str, int, int, str]]:
    """(name, value start, value end, quote) of each named attribute, offsets into `text`."""
    found = []
    for m in ATTRIBUTE.finditer(tag.args):
        for quote, group in (('"', "dq"), ("`", "bq"), ("", "bare")):
            if m.group(group) is not None:
                found.append((m.group("name"), tag.args_start + m.start(group),
                              tag.args_start + m.end(group), quote))
    return found


def is_variable(tag: Tag, structural: frozenset[str] | set[str]) -> bool:
    return tag.bare and tag.name not in structural and tag.name not in CONDITIONALS

