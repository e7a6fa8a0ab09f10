"""Finding Hugo shortcode tags in a page, and telling variables from structure.

A tag is `{{< name args >}}` or `{{% name args %}}` (spacing is sloppy in real pages), possibly over
several lines. A *variable* is a tag with no arguments and no closing tag (`{{%service%}}`); every
other tag is structure or a container.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# The two delimiters must match, so `{{< screen alt="{{%kintone%}}" >}}` is one angle tag with a
# percent tag inside its arguments, found by scanning the arguments again.
TAG = re.compile(
    r"\{\{<\s*(?P<ac>/?)\s*(?P<an>[A-Za-z_][\w.-]*)(?P<aa>.*?)>\}\}"
    r"|\{\{%\s*(?P<pc>/?)\s*(?P<pn>[A-Za-z_][\w.-]*)(?P<pa>.*?)%\}\}",
    re.S,
)
ATTRIBUTE = re.compile(r"""(?P<name>[A-Za-z_][\w-]*)\s*=\s*(?:"(?P<dq>(?:[^"\\]|\\.)*)"|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`]+))""", re.S)
CONDITIONALS = ("enabled", "disabled")


@dataclass(frozen=True)
class Tag:
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


def nested(text: str, tag: Tag) -> list[Tag]:
    """Tags inside another tag's arguments (variables in attribute values)."""
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


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
