"""Links that hold in every region: Hugo's heading ids, the links of a page, and the check over a site.

The site writes plain Markdown links (`/general/ja/login/unlock.html#login_unlock_10`), not Hugo's
`ref`, so Hugo never notices a link into a page a region leaves out, or into an anchor only some
regions show. Everything here reads text the way Hugo does: a region's projection, variables
resolved, pages under `base` published at the URLs of the site's `uglyURLs` configs.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, replace
from urllib.parse import unquote, urljoin, urlsplit


from pipeline.back.variables import Resolver
from pipeline.reading import shortcodes
from pipeline.reading.projection import LineIndex
from pipeline.reading.frontmatter import front_matter_end
from pipeline.segmentation.headings import split_heading
from pipeline.segmentation.markdown import block_parser
from pipeline.site import Site

# Block structure only, as in segmentation: headings, code blocks and their line maps.

# ---------------------------------------------------------------------------------------------
# Heading ids

def hugo_heading_id(text: str) -> str:
    """The id Hugo 0.111 (goldmark, autoHeadingIDType "github") gives a heading whose source is `text`.

    Made from the raw Markdown of the heading's (last) line, not from the rendered text: letters
    (lowercased), decimal digits and `_` stay, each space and `-` becomes `-`, everything else goes
    (so `**b**` gives `b`, `[a](/x.html)` gives `axhtml`, `&amp;` gives `amp`, a tab or U+3000 gives
    nothing). Nothing left gives `heading`. Duplicates on a page are `headings`'s business.
    """
    out = []
    for c in text.strip():
        category = unicodedata.category(c)
        if c in " -":
            out.append("-")
        elif c == "_" or category[0] == "L" or category == "Nd":
            out.append(c.lower()[0])  # Go's unicode.ToLower is one rune: İ -> i
    return "".join(out) or "heading"


@dataclass(frozen=True)
class Heading:
    """A heading as Hugo numbers it; `insert_at` is where an explicit id can be written."""

    id: str  # the id Hugo gives it on this page
    auto: str  # hugo_heading_id of its text, before duplicates get -1, -2
    explicit: str | None  # its `{#id}`
    scope: int  # headings in one `{{< >}}` container are markdownified apart: own numbering
    insert_at: int
    in_attributes: bool  # insert_at is inside an attribute list without id: `{.cls}`

    def with_id(self, anchor: str) -> str:
        return f"#{anchor} " if self.in_attributes else f" {{#{anchor}}}"


def headings(text: str) -> list[Heading]:
    """Every heading of a page (front matter skipped), in order, with the id Hugo gives it."""
    body = front_matter_end(text)
    lines = LineIndex(text)
    offset_line = lines.line(body) - 1
    scopes = _angle_containers(text, body)
    found = []
    tokens = block_parser().parse(text[body:])
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        n = offset_line + (token.map[0] if token.markup.startswith("#") else token.map[1] - 2)
        start = lines.starts[n]
        end = text.find("\n", start)
        found.append(_heading(text, start, len(text) if end < 0 else end,
                              tokens[i + 1].content.split("\n")[-1], _scope(scopes, start),
                              token.markup.startswith("#")))
    ids = _number([(h.scope, h.explicit, h.auto) for h in found])
    return [replace(h, id=anchor) for anchor, h in zip(ids, found)]


def _heading(text: str, start: int, end: int, content: str, scope: int, atx: bool) -> Heading:
    """One heading from its last source line and markdown-it's content of that line."""
    found = text.rfind(content, start, end)
    at = found if found >= 0 else start
    line = text[found:end] if found >= 0 else content  # to the line's end: goldmark reads closing `#`s
    split = split_heading(line, atx)
    auto = hugo_heading_id(line[:split.end])
    if split.brace is not None and split.id is None:
        return Heading("", auto, None, scope, at + split.brace + 1, True)
    return Heading("", auto, split.id, scope, at + split.end, False)


def _number(specs: list[tuple[int, str | None, str]]) -> list[str]:
    """Hugo's idFactory: explicit ids are taken as they are, auto ids get -1, -2 … when taken."""
    taken: dict[int, set[str]] = {}
    ids = []
    for scope, explicit, auto in specs:
        seen = taken.setdefault(scope, set())
        anchor, n = auto if explicit is None else explicit, 0  # `{#}` is the id ""
        while explicit is None and anchor in seen:
            n += 1
            anchor = f"{auto}-{n}"
        seen.add(anchor)
        ids.append(anchor)
    return ids


def _angle_containers(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of `{{< x >}}…{{< /x >}}`: their inner Markdown is rendered on its own (markdownify)."""
    spans, stack = [], []
    for tag in shortcodes.scan(text, start):
        if not tag.angle:
            continue
        if not tag.closing:
            stack.append(tag)
            continue
        while stack and stack[-1].name != tag.name:
            stack.pop()
        if stack:
            spans.append((stack.pop().start, tag.end))
    return spans


def _scope(spans: list[tuple[int, int]], offset: int) -> int:
    inside = [a for a, b in spans if a <= offset < b]
    return max(inside) if inside else -1


def _resolved(text: str, resolver: Resolver | None) -> str:
    return text if resolver is None else resolver.body(text, front_matter_end(text))


def heading_ids(text: str, resolver: Resolver | None = None) -> list[str]:
    """The ids Hugo gives the headings of a page, in order; `resolver` first resolves its variables
    as the build does (a heading's id depends on the values: `{{%slash%}}` -> `users-amp-system`)."""
    return [h.id for h in headings(_resolved(text, resolver))]


def keep_heading_ids(text: str, ids: list[str], units=(), rendered=(), shown=None,
                     hugo: Resolver | None = None, edits=()) -> list[tuple] | None:
    """The insertions of `{#id}` on each heading whose Hugo id would not be `ids[i]`: merge.Plan edits.

    Links into a heading without an explicit id use the id Hugo derives from the source text; once
    translated, the heading would get another one. `text` is a projection, `units` its units and
    `rendered` their spliced translations (links already removed), `edits` the plan's other edits;
    `ids = heading_ids(projection.text, source_resolver)` (values the links were written against).
    `shown(line)` is a heading line as the output shows it (variables resolved, targets rewritten);
    with `--keep-variables`, `hugo` is the (region, lang) resolver Hugo applies later. Each heading's
    id is computed from its own output line, so the output is never parsed. A heading that keeps its
    id gets nothing. Headings are added one at a time, first wrong first, because an explicit id
    changes the `-1` numbering of the headings after it. If the headings differ in number, nothing.
    None when a translation may change the block structure (a heading, fence, HTML block or `{{< >}}`
    container it adds or removes): then call it on the finished page (no units) instead.
    """
    found = headings(text)
    if len(found) != len(ids):
        return []
    for unit, out in zip(units, rendered):
        source = text[unit.start:unit.end]
        if _structure(out) != _structure(source) or (unit.kind == "heading" and out.count("\n") != source.count("\n")):
            return None
    shown = shown or (lambda line: line)
    specs, places = [], []
    for h in found:
        place = _heading_place(text, h, units, rendered, shown, hugo, edits)
        if place is None:
            return None
        spec, at, with_id = place
        specs.append(spec)
        places.append((at, with_id))
    added: list[int] = []
    while True:
        current = _number(specs)
        wrong = next((i for i, (got, want) in enumerate(zip(current, ids))
                      if got != want and specs[i][1] is None), None)
        if wrong is None:
            break
        specs[wrong] = (specs[wrong][0], ids[wrong], specs[wrong][2])
        added.append(wrong)
    return [(places[i][0][0], places[i][0][1], places[i][0][1], places[i][1](ids[i])) for i in sorted(added)]


# What may start or end a block or a `{{< >}}` container: a translation that changes these may change headings.
_STRUCTURE = re.compile(r"^[ \t>]*(?:#|`{3}|~{3}|=+[ \t]*$|-+[ \t]*$|[*_]{3,}|</?[\w!?]*)|\{\{<\s*/?\s*[\w-]*", re.M)
# An ATX heading line: container markers, then the `#` marker.
_ATX = re.compile(r"(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t])))*[ \t]*#{1,6}(?=[ \t]|$)")
_CONTAINER = re.compile(r"(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t])))*")


def _structure(text: str) -> list[str]:
    return [m.group() for m in _STRUCTURE.finditer(text)]


def _content(line: str) -> str:
    """markdown-it's content of a heading's last line: marker, closing `#`s and spaces left out."""
    m = _ATX.match(line)
    if not m:
        return line[_CONTAINER.match(line).end():].strip()
    rest = line[m.end():].rstrip(" \t")
    bare = rest.rstrip("#")
    if bare and bare[-1] in " \t":
        rest = bare
    return rest.strip()


def _line_heading(line: str, scope: int) -> Heading:
    return _heading(line, 0, len(line), _content(line), scope, bool(_ATX.match(line)))


def _heading_place(text: str, h: Heading, units, rendered, shown, hugo, edits):
    """((scope, explicit, auto) as Hugo sees the output heading, (unit, offset) where its id goes,
    how the id is written), from the heading's output line; None when that cannot be told."""
    a = text.rfind("\n", 0, h.insert_at) + 1
    b = text.find("\n", h.insert_at)
    b = len(text) if b < 0 else b
    line = text[a:b]
    mine = _line_heading(line, h.scope)
    if (mine.auto, mine.explicit, mine.insert_at, mine.in_attributes) != (h.auto, h.explicit, h.insert_at - a, h.in_attributes):
        return None
    near = [i for i, u in enumerate(units) if u.start <= b and u.end >= a and not (u.start == u.end)]
    lo = min([a] + [units[i].start for i in near])
    hi = max([b] + [units[i].end for i in near])
    if any(e[0] is None and e[1] <= hi and e[2] >= lo for e in edits):
        return None
    pieces, pos = [], lo  # (unit or None, offset of its first byte in its own coordinates, text)
    for i in near:
        pieces.append((None, pos, text[pos:units[i].start]))
        pieces.append((i, 0, rendered[i]))
        pos = units[i].end
    pieces.append((None, pos, text[pos:hi]))
    spliced = "".join(p[2] for p in pieces)
    last = spliced[spliced.rfind("\n") + 1:]
    out = shown(last)
    seen = _line_heading(out, h.scope)
    hugo_seen = _line_heading(_fresh(hugo).body(out, 0), h.scope) if hugo is not None else seen
    tail = len(out) - seen.insert_at
    if tail > len(last) or last[len(last) - tail:] != out[len(out) - tail:]:
        return None
    at, off, where = len(spliced) - tail, 0, None  # `at`: in the spliced region
    for unit, first, piece in pieces:
        if unit is None and off <= at <= off + len(piece):
            where = (None, first + at - off)
            break
        if unit is not None and off < at < off + len(piece):
            where = (unit, at - off)
            break
        off += len(piece)
    if where is None:
        return None
    return (h.scope, hugo_seen.explicit, hugo_seen.auto), where, lambda anchor: seen.with_id(anchor)


def _fresh(resolver: Resolver) -> Resolver:
    """A resolver like `resolver` that does not add to its `missing` (the build reports those)."""
    return Resolver(resolver.values, resolver.structural)


# ---------------------------------------------------------------------------------------------
# Links and anchors in a page

MD_TARGET = re.compile(r"\]\([ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>[^\s()<>]*(?:\([^\s()]*\)[^\s()]*)*))")
REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>\S+))", re.M)
A_HREF = re.compile(r"""<a\s[^<>]*?\bhref\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'<>`]+))""", re.I)
A_ELEMENT = re.compile(r"(?P<open><a\s[^<>]*>)(?P<text>.*?)</a\s*>", re.I | re.S)
MD_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:[^\[\]\\]|\\.|!?\[[^\[\]]*\](?:\([^()\s]*\))?)*)\]"
    r"\([ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>[^\s()<>]*(?:\([^\s()]*\)[^\s()]*)*))"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)")
TAG = re.compile(r"<[A-Za-z][^<>]*>")
ID_ATTRIBUTE = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+))""", re.I)
COMMENT = re.compile(r"<!--.*?-->", re.S)
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
URL_ATTRIBUTES = ("link_href", "url", "href")  # shortcode attributes that hold a link


@dataclass(frozen=True)
class Link:
    start: int  # offset of the target in the text
    target: str  # as written


def _blank(text: str, spans) -> str:
    out, pos = [], 0
    for a, b in sorted(spans):
        if a < pos:
            a = pos
        out.append(text[pos:a])
        out.append(re.sub(r"[^\n]", " ", text[a:b]))
        pos = max(pos, b)
    out.append(text[pos:])
    return "".join(out)


def mask(text: str) -> str:
    """`text` with what is never a link or anchor blanked (front matter, code, comments); same offsets."""
    body = front_matter_end(text)
    lines = LineIndex(text)
    first = lines.line(body) - 1
    spans = [(0, body)]
    for token in block_parser().parse(text[body:]):
        if token.type in ("fence", "code_block") and token.map:
            a, b = first + token.map[0], first + token.map[1]
            spans.append((lines.starts[a], lines.starts[b] if b < len(lines.starts) else len(text)))
    text = _blank(text, spans)
    text = _blank(text, [m.span() for m in COMMENT.finditer(text)])
    return _blank(text, [m.span() for m in CODE_SPAN.finditer(text)])


def _group(m: re.Match, *names: str) -> tuple[int, str] | None:
    for name in names:
        if m.group(name) is not None:
            return m.start(name), m.group(name)
    return None


def find_links(text: str) -> list[Link]:
    """Every link target of a page: Markdown links, images and references, `<a href>`, and the
    shortcode attributes that hold a URL (`link_href`, `url`, `href`); not in code or comments."""
    masked = mask(text)
    found = []
    for pattern, groups in ((MD_TARGET, ("angle", "plain")), (REFERENCE, ("angle", "plain")),
                            (A_HREF, ("dq", "sq", "bare"))):
        for m in pattern.finditer(masked):
            hit = _group(m, *groups)
            if hit and hit[1].strip():
                found.append(Link(*hit))
    for tag in shortcodes.scan(masked, front_matter_end(masked)):
        for name, start, end, _ in shortcodes.attributes(masked, tag):
            if name.lower() in URL_ATTRIBUTES and masked[start:end].strip():
                found.append(Link(start, masked[start:end]))
    return sorted(set(found), key=lambda link: link.start)


def anchors(text: str) -> set[str]:
    """What `#x` may point at in a page Hugo reads as `text`: heading ids, `id`/`name` in raw HTML."""
    found = {h.id for h in headings(text)}
    for tag in TAG.finditer(mask(text)):
        for m in ID_ATTRIBUTE.finditer(tag.group()):
            found.add(html.unescape(next(g for g in m.groups() if g is not None)))
    return found


def unlink(text: str, targets: set[str]) -> tuple[str, int]:
    """`text` with each Markdown link `[t](x)` and `<a href="x">t</a>` whose x is in `targets`
    written as its bare text t; how many. Images stay: a picture is not a way to a 404."""
    edits, count = unlink_edits(text, targets)
    out, pos = [], 0
    for _, start, end, new in edits:
        out += [text[pos:start], new]
        pos = end
    return "".join(out) + text[pos:], count


def unlink_edits(text: str, targets: set[str], units=(), rendered=()) -> tuple[list[tuple], int]:
    """What `unlink` removes from the page that `text` (a projection) becomes once its `units` are
    replaced by `rendered` (their spliced text, merge.render_unit), as merge.Plan edits
    (unit, start, end, ""): unit None for the projection's own bytes (offsets of `text`), else
    offsets in `rendered[unit]`; and how many links. A link becomes deletions around its text (the
    text stays in place: other edits can go into it; a link across units is cut at their bounds).
    The pieces are joined only to read them as Hugo reads the page (front matter, code and comments
    are never links, and a translation may open or close them); no output is made or read again:
    merge carries the edits out."""
    pieces, pos = [], 0  # (unit or None, offset of its first byte in its own coordinates, text)
    for i, unit in enumerate(units):
        pieces += [(None, pos, text[pos:unit.start]), (i, 0, rendered[i])]
        pos = unit.end
    pieces.append((None, pos, text[pos:]))
    page = "".join(piece for _, _, piece in pieces)
    changes = _link_changes(page, targets)
    edits = []
    for start, end in _removals(page, changes):
        edits += _in_pieces(pieces, start, end)
    return edits, len(changes)


def _link_changes(text: str, targets: set[str]) -> list[tuple[int, int, int, int]]:
    """(start, end, text start, text end) of each link to one of `targets`, in the order unlink
    has always made them: the last first."""
    masked = mask(text)
    changes = []
    for m in MD_LINK.finditer(masked):
        hit = _group(m, "angle", "plain")
        if hit and hit[1] in targets:
            changes.append((m.start(), m.end(), m.start("text"), m.end("text")))
    for m in A_ELEMENT.finditer(masked):
        href = A_HREF.match(m.group("open"))
        hit = href and _group(href, "dq", "sq", "bare")
        if hit and hit[1] in targets:
            changes.append((m.start(), m.end(), m.start("text"), m.end("text")))
    return sorted(changes, reverse=True)


def _removals(text: str, changes) -> list[tuple[int, int]]:
    """The spans of `text` to delete so that it reads as replacing each change's span by its text,
    one after another in `changes`' order, does. Links that overlap (an `<a>` left open, say) are
    replaced in the text already changed, at their first offsets: that is kept byte for byte. Each
    replacement keeps a piece of what it replaces and later ones start before it, so what is left
    is always bytes of `text` in order: deletions are enough."""
    rope = [(0, len(text))]  # the current text as spans of `text`, in order
    for start, end, a, b in changes:
        rope = _spans(rope, 0, start) + [(a, b)] + _spans(rope, end, None)
    removed, pos = [], 0
    for a, b in rope + [(len(text), len(text))]:
        assert a >= pos, "a replacement made bytes out of order"
        if a > pos:
            removed.append((pos, a))
        pos = max(pos, b)
    return removed


def _spans(rope: list[tuple[int, int]], start: int, end: int | None) -> list[tuple[int, int]]:
    """The spans of the rope's text[start:end], as Python slices it."""
    out, at = [], 0
    for a, b in rope:
        lo, hi = max(start, at), (b - a + at) if end is None else min(end, b - a + at)
        if lo < hi:
            out.append((a + lo - at, a + hi - at))
        at += b - a
    return out


def _in_pieces(pieces, start: int, end: int) -> list[tuple]:
    """A deletion from the joined pieces as deletions from each piece it spans."""
    edits, at = [], 0
    for unit, first, piece in pieces:
        lo, hi = max(start, at), min(end, at + len(piece))
        if lo < hi:
            edits.append((unit, first + lo - at, first + hi - at, ""))
        at += len(piece)
    return edits


# ---------------------------------------------------------------------------------------------
# URLs of an uglyURLs site

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def page_url(rel: str, base: str) -> str:
    """Where Hugo publishes a source page: `a/b.md` -> base + `a/b.html`, `a/_index.md` -> `a.html`."""
    stem = rel[:-3] if rel.endswith(".md") else rel
    if stem in ("_index", "index"):
        return base
    for bundle in ("/_index", "/index"):
        if stem.endswith(bundle):
            return base + stem[:-len(bundle)] + ".html"
    return base + stem + ".html"


def resolve(target: str, page: str) -> tuple[str, str] | None:
    """(path, anchor) a link on the page at URL path `page` leads to; None when it leaves the site
    (a scheme, `//host`) or cannot be told before Hugo runs (a shortcode in it)."""
    target = html.unescape(target.strip())
    if not target or SCHEME.match(target) or target.startswith("//") or "{{" in target:
        return None
    parts = urlsplit(urljoin("http://site" + page, target))
    return unquote(parts.path), unquote(parts.fragment)


def page_candidates(path: str, base: str) -> list[str] | None:
    """The source files a URL path can be (first that exists wins); None when outside `base`."""
    if path + "/" == base:
        path = base
    if not path.startswith(base):
        return None
    rest = path[len(base):]
    if rest in ("", "index.html"):
        return ["_index.md"]
    if rest.endswith("/index.html"):
        rest = rest[:-len("index.html")]
    if rest.endswith("/"):
        return [rest + "_index.md", rest + "index.md"]
    if rest.endswith(".html"):
        stem = rest[:-len(".html")]
        return [stem + ".md", stem + "/_index.md", stem + "/index.md"]
    return []  # under base but no page URL of an uglyURLs site


# ---------------------------------------------------------------------------------------------
# The check over a site

NOT_PUBLISHED = "not published"


@dataclass(frozen=True)
class DeadLink:
    path: str  # the source page, as messages name it
    line: int  # line in the source page
    target: str  # as written
    regions: tuple[str, ...]  # where it is dead, in the config's order
    reason: str  # not published in US, CN / no such page / no such anchor #x / anchor #x only in JP

    @property
    def unpublished(self) -> bool:
        """The target page exists but these regions leave it out: what `unpublished: unlink` removes."""
        return self.reason.startswith(NOT_PUBLISHED)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: dead link {self.target} in {', '.join(self.regions)}: {self.reason}"


class _Index:
    """The pages under `base`, who publishes them, and their anchors as each region shows them."""

    def __init__(self, site: Site, base: str):
        self.site, self.base = site, base
        self.pages = {p.rel: p for p in site.pages}
        self.work = {p.rel: site.page_units(p) for p in site.pages}
        self.unreadable = _unreadable(site)
        self._anchors: dict[tuple[str, str], set[str]] = {}

    def anchors(self, rel: str, region: str) -> set[str]:
        if (rel, region) not in self._anchors:
            config = self.site.config
            values = config.regions[region].values(config.source_language)
            text = self.work[rel].projection(region).text
            self._anchors[(rel, region)] = anchors(_resolved(text, Resolver(values, self.site.structural)))
        return self._anchors[(rel, region)]

    def problem(self, target: str, url: str, region: str) -> str | None:
        """Why a link is dead in a region, in words the same for every region it is dead in."""
        resolved = resolve(target, url)
        candidates = None if resolved is None else page_candidates(resolved[0], self.base)
        if candidates is None:
            return None
        rel = next((c for c in candidates if c in self.pages or c in self.unreadable), None)
        if rel is None:
            return "no such page"
        if rel in self.unreadable:
            return None  # reported by the page checks; its anchors are unknown
        if not self.pages[rel].published_in(region):
            return NOT_PUBLISHED
        anchor = resolved[1]
        if not anchor or anchor in self.anchors(rel, region):
            return None
        shown = [r for r in self.site.config.regions
                 if self.pages[rel].published_in(r) and anchor in self.anchors(rel, r)]
        return f"anchor #{anchor} only in {', '.join(shown)}" if shown else f"no such anchor #{anchor}"


def _unreadable(site: Site) -> set[str]:
    """Pages that exist but could not be loaded (errors): a link to them is not 'no such page'."""
    prefix = site.config.label(site.config.source_dir).rstrip("/") + "/"
    return {e.path[len(prefix):] for e in site.errors if e.path.startswith(prefix) and e.path.endswith(".md")}


def dead_links(site: Site, base: str) -> list[DeadLink]:
    """Every internal link that leads nowhere in some region, one per (file, line, target, reason).

    `site` is `pipeline.site.load(config)`; `base` the URL prefix of the source-language pages
    (`/general/ja/`). Each region's projection of each page it publishes is read; links outside
    `base` (other products, images, external sites) are not checked.
    """
    base = base if base.endswith("/") else base + "/"
    index = _Index(site, base)
    regions = list(site.config.regions)
    found: dict[tuple[str, int, str, str], list[str]] = {}
    links_of: dict[str, list[Link]] = {}
    for page in site.pages:
        lines, url = LineIndex(page.text), page_url(page.rel, base)
        for region in regions:
            if not page.published_in(region):
                continue
            projection = index.work[page.rel].projection(region)
            if projection.text not in links_of:
                links_of[projection.text] = find_links(projection.text)
            for link in links_of[projection.text]:
                reason = index.problem(link.target, url, region)
                if reason:
                    line = lines.line(projection.source_offset(link.start))
                    where = found.setdefault((page.label, line, link.target, reason), [])
                    if region not in where:  # the same target twice on a line: one region, once
                        where.append(region)
    dead = [DeadLink(path, line, target, tuple(where), _reason(reason, where))
            for (path, line, target, reason), where in found.items()]
    return sorted(dead, key=lambda d: (d.path, d.line, d.target, d.reason))


def _reason(reason: str, regions: list[str]) -> str:
    return f"{NOT_PUBLISHED} in {', '.join(regions)}" if reason == NOT_PUBLISHED else reason


def unpublished_targets(dead: list[DeadLink], path: str, region: str) -> set[str]:
    """The targets `unlink` should remove from page `path` (a DeadLink.path) in `region`."""
    return {d.target for d in dead if d.path == path and region in d.regions and d.unpublished}
