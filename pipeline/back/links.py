"""Links that hold in every region: the links of a page, where they lead, and the check over a site.

The site writes plain Markdown links (`/general/ja/login/unlock.html#login_unlock_10`), not Hugo's
`ref`, so Hugo never notices a link into a page a region leaves out, or into an anchor only some
regions show. Everything here reads text the way Hugo does: a region's projection, variables
resolved, pages under `base` published at the URLs of the site's `uglyURLs` configs.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol
from urllib.parse import unquote, urljoin, urlsplit

from pipeline.back.heading_ids import headings, resolved
from pipeline.back.variables import Resolver
from pipeline.reading import shortcodes
from pipeline.reading.frontmatter import front_matter_end
from pipeline.reading.pages import Page
from pipeline.reading.projection import LineIndex, project
from pipeline.segmentation.markdown import code_blocks
from pipeline.site import Site


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


def mask(text: str, code: list[tuple[int, int]] | None = None) -> str:
    """`text` with what is never a link or anchor blanked (front matter, code, comments); same offsets.
    `code`: the text's `code_blocks`, when they are known already."""
    code = code_blocks(text) if code is None else code
    text = _blank(text, [(0, front_matter_end(text)), *code])
    text = _blank(text, [m.span() for m in COMMENT.finditer(text)])
    return _blank(text, [m.span() for m in CODE_SPAN.finditer(text)])


def group(m: re.Match, *names: str) -> tuple[int, str] | None:
    for name in names:
        if m.group(name) is not None:
            return m.start(name), m.group(name)
    return None


def find_links(text: str, code: list[tuple[int, int]] | None = None) -> list[Link]:
    """Every link target of a page: Markdown links, images and references, `<a href>`, and the
    shortcode attributes that hold a URL (`link_href`, `url`, `href`); not in code or comments.
    `code`: the text's `code_blocks`, when they are known already."""
    masked = mask(text, code)
    found = []
    for pattern, groups in ((MD_TARGET, ("angle", "plain")), (REFERENCE, ("angle", "plain")),
                            (A_HREF, ("dq", "sq", "bare"))):
        for m in pattern.finditer(masked):
            hit = group(m, *groups)
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
        self.unreadable = _unreadable(site)
        self._anchors: dict[tuple[str, str], set[str]] = {}
        self._targets: dict[tuple[str, str], tuple[str | None, str] | None] = {}

    def anchors(self, rel: str, region: str) -> set[str]:
        if (rel, region) not in self._anchors:
            config = self.site.config
            values = config.regions[region].values(config.source_language)
            text = project(self.pages[rel].text, region).text  # not kept: the anchors are
            self._anchors[(rel, region)] = anchors(resolved(text, Resolver(values, self.site.structural)))
        return self._anchors[(rel, region)]

    def target(self, target: str, url: str) -> tuple[str | None, str] | None:
        """(source page or None, anchor) a link on the page at `url` leads to; None when it leads
        out of the checked pages. Remembered: a site links to the same pages from thousands of
        places (a target from the root is the same on every page)."""
        key = (target, "" if target.startswith("/") else url)
        if key not in self._targets:
            if len(self._targets) > 20_000:  # flat in memory on any site
                self._targets.clear()
            resolved = resolve(target, url)
            candidates = None if resolved is None else page_candidates(resolved[0], self.base)
            self._targets[key] = None if candidates is None else (
                next((c for c in candidates if c in self.pages or c in self.unreadable), None), resolved[1])
        return self._targets[key]

    def problem(self, target: str, url: str, region: str) -> str | None:
        """Why a link is dead in a region, in words the same for every region it is dead in."""
        found = self.target(target, url)
        if found is None:
            return None
        rel, anchor = found
        if rel is None:
            return "no such page"
        if rel in self.unreadable:
            return None  # reported by the page checks; its anchors are unknown
        if not self.pages[rel].published_in(region):
            return NOT_PUBLISHED
        if not anchor or anchor in self.anchors(rel, region):
            return None
        shown = [r for r in self.site.config.regions
                 if self.pages[rel].published_in(r) and anchor in self.anchors(rel, r)]
        return f"anchor #{anchor} only in {', '.join(shown)}" if shown else f"no such anchor #{anchor}"


def _unreadable(site: Site) -> set[str]:
    """Pages that exist but could not be loaded (errors): a link to them is not 'no such page'."""
    prefix = site.config.label(site.config.source_dir).rstrip("/") + "/"
    return {e.path[len(prefix):] for e in site.errors if e.path.startswith(prefix) and e.path.endswith(".md")}


class Remembered(Protocol):
    """A page's dead links as an earlier check found them (`dead_links`' `remembered`): `get` gives
    them while the page and the pages its links lead to are unchanged, else None; `put` keeps them,
    with the pages they lead to."""

    def get(self, page: Page) -> list[DeadLink] | None: ...
    def put(self, page: Page, dead: list[DeadLink], targets: set[str]) -> None: ...


def dead_links(site: Site, base: str, remembered: Remembered | None = None,
               map_pages: Callable[[Callable, list[Page]], Iterable[list]] = lambda check, pages: [check(pages)]
               ) -> list[DeadLink]:
    """Every internal link that leads nowhere in some region, one per (file, line, target, reason).

    `site` is `pipeline.site.load(config)`; `base` the URL prefix of the source-language pages
    (`/general/ja/`). Each region's projection of each page it publishes is read; links outside
    `base` (other products, images, external sites) are not checked. With `remembered`, a page
    whose links and their targets are unchanged is not read again. `map_pages(check, pages)`
    gives `check` of pieces of `pages`, in order (the run layer's worker processes).
    """
    base = base if base.endswith("/") else base + "/"
    index = _Index(site, base)

    def spots(text: str) -> list[tuple[int, str]]:  # (start, target) of each link, memoized as data
        return [(link.start, link.target) for link in find_links(text, site.code_blocks(text))]
    found_in = site.memo("links", spots) if site.memo else spots
    dead: list[DeadLink] = []
    todo: list[Page] = []
    for page in site.pages:
        mine = remembered.get(page) if remembered else None
        if mine is None:
            todo.append(page)
        else:
            dead.extend(mine)

    def check(pages: Iterable[Page]) -> list[tuple[list[DeadLink], set[str]]]:
        return [_page_dead_links(site, index, page, base, found_in) for page in pages]
    for page, (mine, targets) in zip(todo, (one for part in map_pages(check, todo) for one in part)):
        if remembered:
            remembered.put(page, mine, targets)
        dead.extend(mine)
    return sorted(dead, key=lambda d: (d.path, d.line, d.target, d.reason))


def _page_dead_links(site: Site, index: _Index, page: Page, base: str,
                     found_in: Callable[[str], list[tuple[int, str]]]) -> tuple[list[DeadLink], set[str]]:
    """A page's dead links, and the pages its links lead to (what else they depend on)."""
    lines, url = None, page_url(page.rel, base)
    found: dict[tuple[int, str, str], list[str]] = {}
    targets: set[str] = set()
    for region in site.config.regions:
        if not page.published_in(region):
            continue
        projection = project(page.text, region)  # one at a time: a site's projections take room
        for start, target in found_in(projection.text):
            leads_to = index.target(target, url)
            if leads_to is not None and leads_to[0] is not None:
                targets.add(leads_to[0])
            reason = index.problem(target, url, region)
            if reason:
                lines = lines or LineIndex(page.text)  # only a page with a dead link needs it
                line = lines.line(projection.source_offset(start))
                where = found.setdefault((line, target, reason), [])
                if region not in where:  # the same target twice on a line: one region, once
                    where.append(region)
    return [DeadLink(page.label, line, target, tuple(where), _reason(reason, where))
            for (line, target, reason), where in found.items()], targets


def _reason(reason: str, regions: list[str]) -> str:
    return f"{NOT_PUBLISHED} in {', '.join(regions)}" if reason == NOT_PUBLISHED else reason
