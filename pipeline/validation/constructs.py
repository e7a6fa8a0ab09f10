"""What a text *is* once Hugo has read it, and the comparison of a msgid's with its msgstr's.

Both texts are parsed the same way (`markdown.py`, `html.py`) into constructs: links, images, bare
URLs, reference definitions, footnote and reference links, HTML tags with their attributes,
comments, and (for text that starts a block) the blocks. The msgstr may reorder them, not add,
drop or change any: an added one is `injection` (a block: `structure`), a dropped one `placeholders`.
What the token comparison (`tokens.py`) already named is not named twice.
"""
from __future__ import annotations

import functools
import re
import zlib
from collections import Counter
from typing import Callable

from pipeline.validation.parts import Construct, Problem

SHORTCODE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}", re.S)
SPACES = re.compile(r"\s+")
PRIVATE_USE = 0xE000  # shortcodes become one character of the private use area each (see `mask`)
DANGEROUS_SCHEME = re.compile(r"(?i)^(?:javascript|vbscript|data):")
CONTROL = re.compile(r"[\x00-\x20\x7f]")  # what browsers ignore inside a URL's scheme
FILLED_HOST = re.compile(r"((?:https?|ftp)://)[\w-]+(\..*)", re.A | re.S)  # a URL: its first host label apart
TARGETED = ("link", "image", "definition")  # constructs whose target the rewrite rules apply to
BLOCKS = ("heading", "list", "numbered list", "list item", "quote", "code block", "rule", "HTML block",
          "table", "definition list", "checkbox")




def mask(text: str) -> tuple[str, Callable[[str], str]]:
    """The text with each shortcode as one private-use character, the same for the same shortcode
    however it is spaced (Hugo, too, swaps shortcodes for a placeholder word before it reads the
    Markdown, so what they hold is never Markdown or HTML), and the function that undoes it."""
    if "{{" not in text:
        return text, _same
    written: dict[str, str] = {}

    def one(m: re.Match) -> str:
        char = chr(PRIVATE_USE + zlib.crc32(SPACES.sub("", m.group()).encode()) % 0x1800)
        written[char] = m.group()
        return char
    masked = SHORTCODE.sub(one, text)
    return masked, lambda s: "".join(written.get(c, c) for c in s)


def _same(text: str) -> str:
    return text


def found(text: str, syntax: str) -> tuple[Construct, ...]:
    """The constructs of a text read as `syntax` says (see `Reading`)."""
    from pipeline.validation import html, markdown  # only when some msgstr differs: not at start-up
    masked, unmask = mask(text)
    blocks = syntax in ("block", "list item")
    return tuple(markdown.constructs(masked, unmask, blocks, item=syntax == "list item")) \
        + tuple(html.constructs(masked, unmask))


@functools.lru_cache(maxsize=1 << 14)
def signature(text: str, syntax: str) -> tuple[tuple[str, str], ...]:
    """What is compared of a text's constructs, in a fixed order: equal signatures, nothing to report
    (the constructs themselves are found again for the few entries whose signatures differ).
    Remembered per text: a msgid is checked once per language."""
    return tuple(sorted((c.what, c.target) for c in found(text, syntax)))


def compare(msgid: str, msgstr: str, syntax: str, rewrite: Callable[[str], str],
            reported: dict[str, str]) -> list[Problem]:
    """Problems of the msgstr's constructs; `reported`: what the token comparison named (left out)."""
    if signature(msgid, syntax) == signature(msgstr, syntax):
        return []  # the same constructs (the rewrite rules could only make more of them equal)
    by_id, by_str = _keyed(found(msgid, syntax), rewrite), _keyed(found(msgstr, syntax), rewrite)
    missing, added = _more(by_id, by_str), _more(by_str, by_id)
    problems: list[Problem] = []
    lines: set[int] = set()  # a list and its first item start on one line: one message
    for key in sorted(added, key=lambda k: by_str[k][0].line):
        if not _fills_in_host(by_str[key][0], msgid):
            problems.extend(_added(key, by_str[key][0], missing, lines, reported["adds"]))
    dropped = (by_id[key][0] for key in missing)  # a block may go: it only takes structure away
    problems.extend(Problem("placeholders", "missing " + _describe(c)) for c in dropped
                    if c.what not in BLOCKS and not _named(c, reported["missing"]))
    return problems


def _fills_in_host(construct: Construct, msgid: str) -> bool:
    """A URL whose host the msgid names in words (`https://（サブドメイン名）.example.com/`, which goldmark
    does not link) and the msgstr fills in (`https://example.example.com/`): the same address, not an
    added one."""
    m = FILLED_HOST.fullmatch(construct.target) if construct.what == "URL" else None
    if m is None:
        return False
    named = re.escape(m[1]) + r"[^\s/.]*[^\x00-\x7f\ue000-\uf7ff][^\s/.]*" + re.escape(m[2])
    return re.search(named, mask(msgid)[0]) is not None


def _more(these: dict, those: dict) -> Counter:
    """The keys `these` has more often than `those`, with how many more."""
    return Counter({k: len(v) for k, v in these.items()}) - Counter({k: len(v) for k, v in those.items()})


def _added(key: tuple[str, str], construct: Construct, missing: Counter, lines: set[int],
           reported: str) -> list[Problem]:
    changed = _same_target(key, missing)
    if changed:
        del missing[changed]
        into = "an image" if key[0] == "image" else "a link"
        return [Problem("injection", f"turns the {changed[0]} to '{construct.shown}' into {into}")]
    if construct.what in BLOCKS:
        if construct.line in lines:
            return []
        lines.add(construct.line)
        return [Problem("structure", f"line {construct.line} starts {_block(construct)}, which changes the block")]
    return [] if _named(construct, reported) else [Problem("injection", "adds " + _describe(construct))]


def _keyed(constructs: tuple[Construct, ...], rewrite: Callable[[str], str]) -> dict[tuple[str, str], list[Construct]]:
    keyed: dict[tuple[str, str], list[Construct]] = {}
    for c in constructs:
        target = _rewritten(c.target, rewrite) if c.what in TARGETED else c.target
        keyed.setdefault((c.what, target), []).append(c)
    return keyed


def _rewritten(target: str, rewrite: Callable[[str], str]) -> str:
    """A target after the language's rewrite rules, which apply to link targets `](…)`."""
    token = rewrite("](" + target + ")")
    return token[2:-1] if token.startswith("](") and token.endswith(")") else token


def _same_target(key: tuple[str, str], missing: Counter) -> tuple[str, str] | None:
    """A link that became an image (or the other way round): one change, not a loss and an addition."""
    if key[0] not in ("link", "image"):
        return None
    other = ("image" if key[0] == "link" else "link", key[1])
    return other if missing.get(other) else None


def _named(construct: Construct, reported: str) -> bool:
    """Whether the token comparison already quoted this construct (a link's target, a tag's name)."""
    if construct.what in ("tag", "unclosed tag"):
        needle = "<" + construct.target.split(" ", 1)[0]
    elif construct.what == "end tag":
        needle = "</" + construct.target
    elif construct.what == "comment":
        needle = "<!--"
    else:
        needle = construct.shown.lower()
    return bool(needle) and needle.lower() in reported


def _describe(c: Construct) -> str:
    danger = " (a javascript:, vbscript: or data: URL)" if DANGEROUS_SCHEME.match(CONTROL.sub("", c.shown)) else ""
    return {
        "link": f"a link to '{c.shown}'{danger}",
        "image": f"an image '{c.shown}'{danger}",
        "URL": f"'{c.shown}', which Hugo turns into a link",
        "definition": f"the link reference definition '{c.shown}'{danger}",
        "footnote": f"the footnote reference '{c.shown}'",
        "reference": f"the reference link '{c.shown}'",
        "tag": f"the HTML tag '{c.shown}'{_danger_in_attributes(c)}",
        "unclosed tag": f"the HTML tag '{c.shown}', never closed: a browser reads it up to the next '>' of the page",
        "end tag": f"'{c.shown}'",
        "comment": f"the HTML comment '{c.shown}'",
        "unclosed comment": f"'{c.shown}', an HTML comment never closed: it would hide the rest of the page",
    }.get(c.what, f"'{c.shown}'")


def _danger_in_attributes(c: Construct) -> str:
    values = re.findall(r"=(\S*)", c.target)
    dangerous = any(DANGEROUS_SCHEME.match(CONTROL.sub("", v)) for v in values)
    return " (a javascript:, vbscript: or data: URL)" if dangerous else ""


def _block(c: Construct) -> str:
    article = "an" if c.what[0] in "aeiouHA" else "a"
    return f"{article} {c.what} ({c.shown})"
