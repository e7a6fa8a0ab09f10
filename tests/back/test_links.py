"""Links that hold in every region: Hugo's heading ids, the link check over a site, unlink.

Every expected id below was observed in the HTML of the real Hugo 0.111.3 (goldmark, default
autoHeadingIDType "github") rendering tests/fixtures/links/headings.md through ../shared/oracle;
the oracle tests at the end check them again whenever Hugo is installed.
"""
import random
import re
import shutil
import subprocess
from typing import NamedTuple

import pytest

from conftest import FIXTURES, ORACLE, needs
from pipeline import site as site_mod
from pipeline.back import heading_ids, links, unlink
from pipeline.back.links import DeadLink
from pipeline.back.merge import Plan, render_page
from pipeline.back.variables import Resolver
from pipeline.settings import config as config_mod

SITE = FIXTURES / "links"
HEADINGS = SITE / "headings.md"
BASE = "/general/ja/"


@pytest.fixture(scope="module")
def site():
    return site_mod.load(config_mod.load(SITE / "l10n.yaml"))


def resolver(site, region, lang):
    return Resolver(site.config.regions[region].values(lang), site.structural)


# --- heading ids ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("ユーザーごとに設定する", "ユーザーごとに設定する"),
    ("Users &amp; System共通管理で変更する場合", "users-amp-system共通管理で変更する場合"),
    ("「不正なリクエストです。」と表示されます。", "不正なリクエストですと表示されます"),
    ("日本語、英語、中国語（簡体字）を表示する", "日本語英語中国語簡体字を表示する"),
    ("STEP1：設定する", "step1設定する"),
    ("Code:404\u3000NotFoundが表示されます。", "code404notfoundが表示されます"),  # U+3000 is dropped
    ("Hello World", "hello-world"),
    ("Version 1.2.3 notes", "version-123-notes"),
    ("Tom & Jerry", "tom--jerry"),
    ("Tom &amp; Jerry", "tom-amp-jerry"),
    ("This is **bold** text", "this-is-bold-text"),
    ("Use `code` here", "use-code-here"),
    ("See [the guide](/general/ja/x.html) now", "see-the-guidegeneraljaxhtml-now"),  # the URL counts
    ("Trailing spaces   ", "trailing-spaces"),
    ("Leading   spaces", "leading---spaces"),
    ("Tab\tinside", "tabinside"),
    ("CamelCase ÄÖÜ Straße", "camelcase-äöü-straße"),
    ("ÉCOLE İstanbul", "école-istanbul"),
    ("２要素認証\u3000全角数字１２３", "２要素認証全角数字１２３"),
    ("！？", "heading"),
    ("", "heading"),
    ("a_b-c--d", "a_b-c--d"),
    ("<b>html</b> tag", "bhtmlb-tag"),
    ("Emoji 😀 ok", "emoji--ok"),
    ("x² y₂ ⅷ", "x-y-"),
    ("ＡＢＣ full width", "ａｂｃ-full-width"),
    ("under_score __dunder__", "under_score-__dunder__"),
    ("*em* and _em_", "em-and-_em_"),
    ("![img](/a.png) image", "imgapng-image"),
    ("Escaped \\* star", "escaped--star"),
    ("カ\u309a combining", "カ-combining"),
    ("Hyphen‐Unicode – dash — em", "hyphenunicode--dash--em"),
    ("foo {bar}", "foo-bar"),
])
def test_hugo_heading_id(text, expected):
    assert heading_ids.hugo_heading_id(text) == expected


# Every heading of tests/fixtures/links/headings.md as Hugo numbers it (region JP, language en).
OBSERVED = [
    "ユーザーごとに設定する", "users-amp-system共通管理で変更する場合", "不正なリクエストですと表示されます",
    "日本語英語中国語簡体字を表示する", "step1設定する", "code404notfoundが表示されます", "hello-world",
    "version-123-notes", "tom--jerry", "tom-amp-jerry", "this-is-bold-text", "use-code-here",
    "see-the-guidegeneraljaxhtml-now", "trailing-spaces", "trailing-hashes", "dup", "dup-1", "dup-2",
    "dup-1-1", "leading---spaces", "tabinside", "camelcase-äöü-straße", "école-istanbul",
    "２要素認証全角数字１２３", "heading", "heading-1", "heading-2", "a_b-c--d", "foo", "explicit",
    "explicit-1", "fid", "foo-bar", "a", "tail-tx", "bhtmlb-tag", "emoji--ok", "x-y-", "ａｂｃ-full-width",
    "line-two", "setid", "under_score-__dunder__", "em-and-_em_", "imgapng-image", "escaped--star",
    "カ-combining", "1-not-a-list", "hyphenunicode--dash--em", "全角で囲む", "in-a-list", "in-a-quote",
    "in-a-note", "seen", "seen", "seen-1", "heading-3", "users-amp-system",
]


def test_heading_ids_of_a_page_number_duplicates_like_hugo(site):
    """Duplicates get -1, -2 (an explicit id takes its name first); a setext heading's id comes from
    its last line; `{{< seealso >}}` inner Markdown is rendered apart, with its own numbering."""
    text = HEADINGS.read_text(encoding="utf-8")
    assert heading_ids.heading_ids(text, resolver(site, "JP", "en")) == OBSERVED


def test_heading_ids_depend_on_the_variables(site):
    text = "## {{%slash%}}共通管理で変更する場合\n"
    assert heading_ids.heading_ids(text, resolver(site, "JP", "ja")) == ["cybozucom共通管理で変更する場合"]
    assert heading_ids.heading_ids(text, resolver(site, "US", "en")) == ["kintone-users-amp-system共通管理で変更する場合"]


def test_explicit_ids_and_attribute_lists():
    text = "## 見出し {#login_unlock_10}\n\n## クラスだけ {.note}\n\n## 閉じる ## \n"
    assert [(h.id, h.explicit) for h in heading_ids.headings(text)] == [
        ("login_unlock_10", "login_unlock_10"), ("クラスだけ", None), ("閉じる", None)]


# --- stable heading ids -----------------------------------------------------------------------

def keep_ids(page, ids, hugo=None):
    """keep_heading_ids on a finished page (no units): the page with its insertions, how many."""
    edits = heading_ids.keep_heading_ids(page, ids, hugo=hugo)
    return render_page(page, Plan(edits=tuple(edits)), None, None), len(edits)


def test_a_translated_heading_keeps_the_source_id():
    ids = heading_ids.heading_ids("## ユーザーごとに設定する\n\n## 管理者の操作 {#admin}\n")
    out, added = keep_ids("## Setting it per user\n\n## Administrator {#admin}\n", ids)
    assert (out, added) == ("## Setting it per user {#ユーザーごとに設定する}\n\n## Administrator {#admin}\n", 1)


def test_an_identity_translation_is_left_byte_for_byte():
    text = HEADINGS.read_text(encoding="utf-8")
    assert keep_ids(text, heading_ids.heading_ids(text)) == (text, 0)


def test_only_headings_whose_id_changes_get_one_and_numbering_follows():
    source = "## 概要\n\n## 概要\n\n## Overview\n"
    # the first heading translated to the third one's text: its explicit id frees "overview"
    out, added = keep_ids("## Overview\n\n## 概要\n\n## Overview\n", heading_ids.heading_ids(source))
    assert (out, added) == ("## Overview {#概要}\n\n## 概要\n\n## Overview\n", 1)
    assert heading_ids.heading_ids(out) == heading_ids.heading_ids(source)


def test_ids_go_into_an_existing_attribute_list_and_before_closing_hashes():
    ids = heading_ids.heading_ids("## 見出し {.note}\n\n## 閉じる ##\n")
    out, added = keep_ids("## Heading {.note}\n\n## Closed ##\n", ids)
    assert (out, added) == ("## Heading {#見出し .note}\n\n## Closed {#閉じる} ##\n", 2)


def test_variables_are_compared_as_each_side_renders_them(site):
    """With --keep-variables Hugo resolves them later: the output's resolver says what it will see."""
    text = "## {{%slash%}}共通管理で変更する場合\n"
    ids = heading_ids.heading_ids(text, resolver(site, "JP", "ja"))
    assert keep_ids(text, ids, resolver(site, "JP", "ja")) == (text, 0)
    out, added = keep_ids(text, ids, resolver(site, "JP", "en"))
    assert (out, added) == ("## {{%slash%}}共通管理で変更する場合 {#cybozucom共通管理で変更する場合}\n", 1)


def test_a_changed_number_of_headings_leaves_the_page_alone():
    assert keep_ids("## A\n\n## B\n", ["a"]) == ("## A\n\n## B\n", 0)


# --- finding links ----------------------------------------------------------------------------

def test_find_links_reads_markdown_html_and_shortcodes_but_not_code_or_comments():
    text = (SITE / "content" / "login.md").read_text(encoding="utf-8")
    targets = [link.target for link in links.find_links(text)]
    assert "/general/ja/contact.html" in targets  # subnavi url
    assert "/general/img/icon.png" in targets  # images are links too
    assert targets.count("/general/ja/guide/jp_only.html") == 3  # Markdown twice, <a href='…'> once
    assert targets.count("/general/ja/missing.html") == 1  # not the ones in code and in a comment
    tile = (SITE / "content" / "_index.md").read_text(encoding="utf-8")
    assert [link.target for link in links.find_links(tile)] == ["/general/ja/login.html", "/general/ja/guide/jp_only.html"]


@pytest.mark.parametrize("rel, url", [
    ("_index.md", "/general/ja/"), ("login/_index.md", "/general/ja/login.html"),
    ("login/unlock.md", "/general/ja/login/unlock.html"), ("a/b/_index.md", "/general/ja/a/b.html"),
])
def test_page_urls_are_ugly(rel, url):
    assert links.page_url(rel, BASE) == url


@pytest.mark.parametrize("target, page, expected", [
    ("/general/ja/login/unlock.html#x", "/general/ja/a.html", ("/general/ja/login/unlock.html", "x")),
    ("unlock.html", "/general/ja/login/a.html", ("/general/ja/login/unlock.html", "")),
    ("../admin.html", "/general/ja/login/a.html", ("/general/ja/admin.html", "")),
    ("setup.html", "/general/ja/guide.html", ("/general/ja/setup.html", "")),  # a section's neighbours
    ("#%E8%A8%AD%E5%AE%9A", "/general/ja/a.html", ("/general/ja/a.html", "設定")),
    ("https://example.com/", "/general/ja/a.html", None), ("mailto:a@b.c", "/general/ja/a.html", None),
    ("//cdn.example.com/x.js", "/general/ja/a.html", None),
])
def test_resolve(target, page, expected):
    assert links.resolve(target, page) == expected


@pytest.mark.parametrize("path, expected", [
    ("/general/ja/", ["_index.md"]), ("/general/ja", ["_index.md"]), ("/general/ja/index.html", ["_index.md"]),
    ("/general/ja/login.html", ["login.md", "login/_index.md", "login/index.md"]),
    ("/general/ja/login/", ["login/_index.md", "login/index.md"]),
    ("/general/ja/login/index.html", ["login/_index.md", "login/index.md"]),
    ("/general/ja/login/unlock", []), ("/general/img/x.png", None), ("/k/ja/index.html", None),
])
def test_page_candidates(path, expected):
    assert links.page_candidates(path, BASE) == expected


# --- the check over a site --------------------------------------------------------------------

ALL = ("JP", "US", "CN")
EXPECTED = [
    DeadLink("content/_index.md", 11, "/general/ja/guide/jp_only.html", ("US", "CN"), "not published in US, CN"),
    DeadLink("content/guide/_index.md", 6, "setup.html", ALL, "no such page"),
    DeadLink("content/guide/setup.md", 7, "#管理者の操作", ALL, "no such anchor #管理者の操作"),
    DeadLink("content/guide/setup.md", 19, "#setup_missing", ALL, "no such anchor #setup_missing"),
    DeadLink("content/login.md", 6, "/general/ja/guide/setup.html#cybozucom共通管理で変更する場合", ("US", "CN"),
             "anchor #cybozucom共通管理で変更する場合 only in JP"),
    DeadLink("content/login.md", 7, "/general/ja/guide/setup.html#setup_jp", ("US", "CN"), "anchor #setup_jp only in JP"),
    DeadLink("content/login.md", 8, "/general/ja/guide/jp_only.html", ("US", "CN"), "not published in US, CN"),
    DeadLink("content/login.md", 10, "/general/ja/missing.html", ALL, "no such page"),
    DeadLink("content/login.md", 18, "/general/ja/guide/jp_only.html", ("US", "CN"), "not published in US, CN"),
    DeadLink("content/login.md", 30, "/general/ja/contact.html", ALL, "no such page"),
]


def test_dead_links_are_exactly_the_dead_ones(site):
    """Not reported: a heading without id linked by its derived id, a link shown only in the region
    that publishes its target (login.md:13), section links in `/` and `.html` forms, relative links
    that resolve, raw HTML anchors, other products, images, external sites, code, comments, a page
    published nowhere, and a page that exists but could not be read (broken.md)."""
    assert [e.path for e in site.errors] == ["content/broken.md"]
    assert links.dead_links(site, BASE) == EXPECTED


def test_a_dead_link_is_one_line_with_file_line_regions_and_why(site):
    assert str(links.dead_links(site, BASE)[0]) == (
        "content/_index.md:11: dead link /general/ja/guide/jp_only.html in US, CN: not published in US, CN")


# --- unlink -----------------------------------------------------------------------------------

def test_unlink_removes_only_the_links_to_given_targets():
    text = ("[a](/x.html) and [b](/y.html \"title\") and ![img](/x.html) and [![icon](/i.png)](/x.html)\n"
            "<a href='/x.html'>c<b>!</b></a> <a href=\"/y.html\">d</a> `[e](/x.html)`\n")
    out, count = unlink.unlink(text, {"/x.html"})
    assert count == 3
    assert out == ("a and [b](/y.html \"title\") and ![img](/x.html) and ![icon](/i.png)\n"
                   "c<b>!</b> <a href=\"/y.html\">d</a> `[e](/x.html)`\n")


def test_unlink_unpublished_targets_per_region(site):
    dead = links.dead_links(site, BASE)
    work = site.page_units(next(p for p in site.pages if p.rel == "login.md"))
    assert unlink.unpublished_targets(dead, "content/login.md", "JP") == set()
    targets = unlink.unpublished_targets(dead, "content/login.md", "US")
    assert targets == {"/general/ja/guide/jp_only.html"}
    out, count = unlink.unlink(work.projection("US").text, targets)
    assert count == 2 and "- JPだけのページ\n" in out and "<td>表の中のリンク</td>" in out
    assert "/general/ja/missing.html" in out  # no such page: the authors' bug, reported, not hidden



def unlink_as_it_was(text, targets):
    """`unlink` as it read the spliced page: each change made on the text already changed."""
    masked = links.mask(text)
    changes = []
    for m in links.MD_LINK.finditer(masked):
        if (m.group("angle") if m.group("angle") is not None else m.group("plain")) in targets:
            changes.append((m.start(), m.end(), text[m.start("text"):m.end("text")]))
    for m in links.A_ELEMENT.finditer(masked):
        href = links.A_HREF.match(m.group("open"))
        if href and next(g for g in href.group("dq", "sq", "bare") if g is not None) in targets:
            changes.append((m.start(), m.end(), text[m.start("text"):m.end("text")]))
    for start, end, words in sorted(changes, reverse=True):
        text = text[:start] + words + text[end:]
    return text, len(changes)


class Span(NamedTuple):
    start: int
    end: int


def spliced(text, units, rendered, edits):
    """What merge.splice makes of the pieces and the edits (deletions: each in one piece)."""
    pieces, pos = [], 0
    for i, unit in enumerate(units):
        pieces += [(None, pos, text[pos:unit.start]), (i, 0, rendered[i])]
        pos = unit.end
    pieces.append((None, pos, text[pos:]))
    out = []
    for unit, first, piece in pieces:
        at = first
        for _, a, b, new in sorted(e for e in edits if e[0] == unit and first <= e[1] < e[2] <= first + len(piece)):
            assert a >= at, "edits overlap"
            out += [piece[at - first:a - first], new]
            at = b
        out.append(piece[at - first:])
    return "".join(out)


def test_unlink_edits_make_what_unlink_made_of_the_spliced_page():
    """Deletions of the projection's bytes and of the units' text, even for links across units,
    in code a translation opens, or overlapping (an `<a>` left open)."""
    atoms = ["[a](/x.html)", "[b](/y.html)", "<a href='/x.html'>", "</a>", "<a href=/x.html>", "t", " ", "\n",
             "\n\n", "`", "```\n", "<!--", "-->", "[", "]", "(/x.html)", "![i](/x.html)", "[![i](/i.png)](/x.html)",
             "    ", "# h ", "---\n", "é"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 20)))
        cuts = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, rng.randint(0, 6))))
        units = [Span(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        rendered = [text[u.start:u.end] for u in units]
        edits, count = unlink.unlink_edits(text, {"/x.html"}, units, rendered)
        assert all(new == "" and a < b for _, a, b, new in edits)
        assert (spliced(text, units, rendered, edits), count) == unlink_as_it_was(text, {"/x.html"}), text
        assert unlink.unlink(text, {"/x.html"}) == unlink_as_it_was(text, {"/x.html"})


def test_unlink_edits_are_in_the_projection_and_in_the_translations():
    text = "- [JP](/x.html)\n\n<a href='/x.html'>T</a> [b](/y.html) U\n"
    units = [Span(3, 5), Span(35, 36), Span(54, 55)]  # `JP`, `T` and `U`, translated
    rendered = ["Japan", "Text", "U [c](/x.html)"]
    edits, count = unlink.unlink_edits(text, {"/x.html"}, units, rendered)
    assert count == 3
    assert edits == [(None, 2, 3, ""), (None, 5, 15, ""), (None, 17, 35, ""), (None, 36, 40, ""),
                     (2, 2, 3, ""), (2, 4, 14, "")]
    assert spliced(text, units, rendered, edits) == "- Japan\n\nText [b](/y.html) U c\n"


# --- against the real Hugo --------------------------------------------------------------------

def render(content, region, lang, out):
    subprocess.run(["bash", str(ORACLE / "render.sh"), str(content), region, lang, str(out), str(SITE / "l10n.yaml")],
                   check=True, capture_output=True)
    return out


def hugo_ids(html_file):
    return re.findall(r"<h[1-6]\b[^>]*?\sid=\"([^\"]*)\"", html_file.read_text(encoding="utf-8"))


def pseudo_translate(text):
    """Every ATX heading without an explicit id says the same English words, attributes kept."""
    heading = re.compile(r"^((?:[-*] |> )?#{1,6}[ \t]+)(?!.*\{#)(.+?)((?<!\{)[ \t]*\{[^{}]*\}(?!\})[ \t]*)?$", re.M)
    return heading.sub(lambda m: m.group(1) + "Same words" + (m.group(3) or ""), text)


needs_oracle = pytest.mark.skipif(not (ORACLE / "render.sh").exists(), reason="../shared/oracle is not here")


@needs_oracle
@needs("hugo")
def test_every_heading_id_matches_hugo(site, tmp_path):
    (tmp_path / "content").mkdir()
    shutil.copy(HEADINGS, tmp_path / "content" / "headings.md")
    html = render(tmp_path / "content", "JP", "en", tmp_path / "html") / "headings.html"
    assert hugo_ids(html) == OBSERVED
    text = HEADINGS.read_text(encoding="utf-8")
    assert heading_ids.heading_ids(text, resolver(site, "JP", "en")) == hugo_ids(html)


@needs_oracle
@needs("hugo")
def test_after_a_pseudo_translation_hugo_gives_every_heading_the_source_id(site, tmp_path):
    source = HEADINGS.read_text(encoding="utf-8")
    translated = pseudo_translate(source)
    assert translated.count("Same words") > 40
    ids = heading_ids.heading_ids(source, resolver(site, "JP", "ja"))
    output, added = keep_ids(translated, ids, resolver(site, "JP", "en"))
    assert added > 40
    for name, text in (("source", source), ("output", output)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "headings.md").write_text(text, encoding="utf-8")
    expected = hugo_ids(render(tmp_path / "source", "JP", "ja", tmp_path / "h-source") / "headings.html")
    actual = hugo_ids(render(tmp_path / "output", "JP", "en", tmp_path / "h-output") / "headings.html")
    assert expected == ids
    assert actual == expected


def test_a_target_linked_twice_on_one_line_names_each_region_once(tmp_path):
    shutil.copytree(SITE, tmp_path / "site")
    page = tmp_path / "site/content/twice.md"
    page.write_text("---\ntitle: 二度\n---\n[一](/general/ja/guide/jp_only.html)と[二](/general/ja/guide/jp_only.html)\n",
                    encoding="utf-8")
    found = [d for d in links.dead_links(site_mod.load(config_mod.load(tmp_path / "site/l10n.yaml")), BASE)
             if d.path == "content/twice.md"]
    assert found == [DeadLink("content/twice.md", 4, "/general/ja/guide/jp_only.html", ("US", "CN"),
                              "not published in US, CN")]
