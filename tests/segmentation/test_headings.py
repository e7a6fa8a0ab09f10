"""A heading's trailing attribute list, read once (segmentation/headings.py) the way Hugo reads it."""
import re
import subprocess

import pytest

from conftest import RULES, needs
from pipeline.back import heading_ids
from pipeline.segmentation import segment
from pipeline.segmentation.headings import split_heading

# (page, the last line's heading text goldmark keeps, the id its attribute list sets, the id Hugo gives)
# Every row observed with the real Hugo v0.111.3 (goldmark v1.5.4), one page per row.
CASES = [
    ("## 見出し {#id}", "見出し", "id", "id"),
    ("## 見出し {.cls #myid}", "見出し", "myid", "myid"),
    ("## 見出し {#a b}", "見出し {#a b}", None, "見出し-a-b"),  # `b` is no attribute: no list at all
    ("## 見出し {#a #b}", "見出し", "b", "b"),  # the last id wins
    ("## 見出し {#a,#b}", "見出し", "b", "b"),
    ("## 見出し {#a#b}", "見出し", "b", "b"),
    ("## 見出し {#a id=b}", "見出し", "b", "b"),
    ("## 見出し {#a .c key=v}", "見出し", "a", "a"),
    ('## 見出し {key="v w" #x}', "見出し", "x", "x"),
    ('## 見出し {key="a\\"b" #x}', "見出し", "x", "x"),
    ('## 見出し {key="}" #x}', "見出し", "x", "x"),
    ('## 見出し {key="{" #x}', '見出し {key="{" #x}', None, "見出し-key-x"),  # the last `{` decides
    ("## 見出し {key='v w' #x}", "見出し {key='v w' #x}", None, "見出し-keyv-w-x"),  # no single quotes
    ('## 見出し {key="unterminated #x}', '見出し {key="unterminated #x}', None, "見出し-keyunterminated-x"),
    ("## 見出し { #x }", "見出し", "x", "x"),
    ("## 見出し {#x}   ", "見出し", "x", "x"),
    ("## 見出し {#x}\t", "見出し", "x", "x"),
    ("## 見出し {#x}\u3000", "見出し {#x}\u3000", None, "見出し-x"),  # only ASCII spaces may follow
    ("## 見出し {#x}\u00a0", "見出し {#x}\u00a0", None, "見出し-x"),
    ("## 見出し{#x}", "見出し", "x", "x"),
    ("## a\t{#x}", "a", "x", "x"),
    ("## 見出し {}", "見出し", None, "見出し"),  # an empty list is a list: the text loses it
    ("## 見出し { }", "見出し { }", None, "見出し--"),  # but a blank one is not
    ("## 見出し {#}", "見出し", "", ""),  # an empty id
    ("## 見出し {.cls}", "見出し", None, "見出し"),
    ("## 見出し {.}", "見出し", None, "見出し"),
    ("## 見出し {ID=x}", "見出し", None, "見出し"),  # only `id` is the id
    ("## 見出し {id=foo}", "見出し", "foo", "foo"),
    ('## 見出し {id="a b"}', "見出し", "a b", "a b"),
    ("## 見出し {#a.b}", "見出し", "a.b", "a.b"),
    ("## 見出し {#見出し}", "見出し", "見出し", "見出し"),
    ("## 見出し {#x\u3000y}", "見出し", "x\u3000y", "x\u3000y"),  # non-ASCII belongs to the id
    ("## 見出し {#x!y}", "見出し {#x!y}", None, "見出し-xy"),  # ASCII punctuation ends it
    ("## 見出し {#x\\y}", "見出し {#x\\y}", None, "見出し-xy"),
    ("## 見{出}し", "見{出}し", None, "見出し"),  # `{` inside the text
    ("## a { b", "a { b", None, "a--b"),
    ("## 見出し {#x} trailing text", "見出し {#x} trailing text", None, "見出し-x-trailing-text"),
    ("## 見出し {#x}}", "見出し {#x}}", None, "見出し-x"),
    ("## a {#x}#", "a {#x}#", None, "a-x"),
    ("## a `{#x}`", "a `{#x}`", None, "a-x"),
    ("## 見出し {#x} {#y}", "見出し {#x}", "y", "y"),  # only the last list is read
    ("## 見出し {#x} {.c}", "見出し {#x}", None, "見出し-x"),
    ("## 見出し {#id}{.c}", "見出し {#id}", None, "見出し-id"),
    ("## 見出し {#x} {y}", "見出し {#x} {y}", None, "見出し-x-y"),
    ("## 見出し \\{#x}", "見出し \\{#x}", None, "見出し-x"),  # `\{` is not tried
    ("## 見出し \\\\{#x}", "見出し \\\\{#x}", None, "見出し-x"),  # nor `\\{`: goldmark skips `\{` blindly
    ("## 見出し\\ {#x}", "見出し\\", "x", "x"),
    ("## {#only}", "", "only", "only"),
    ("## {.only}", "", None, "heading"),
    ("## 見出し {#x} ##", "見出し", "x", "x"),  # a closing sequence after the list
    ("## foo ## {#x}", "foo", "x", "x"),  # and before it
    ("## C # {#x}", "C", "x", "x"),  # the first ` #` counts as a closing sequence when a list follows
    ("## C # {.c}", "C", None, "c"),
    ("## a {#y} # {.c}", "a", "y", "y"),  # then the text's own list when that one set no id
    ("## a # {#x} #", "a #", "x", "x"),  # not followed by a list alone: the ordinary rules
    ("## #foo {#x}", "#foo", "x", "x"),
    ("## a \\# {#x}", "a \\#", "x", "x"),
    # values
    ("## 見出し {key=v/w #x}", "見出し {key=v/w #x}", None, "見出し-keyvw-x"),
    ("## 見出し {key=v#x}", "見出し", "x", "x"),
    ("## 見出し {key=tr#ue #x}", "見出し", "x", "x"),
    ("## 見出し {key=a.b-c:d #x}", "見出し", "x", "x"),
    ("## 見出し {key=true #x}", "見出し", "x", "x"),
    ("## 見出し {key = v #x}", "見出し", "x", "x"),
    ("## 見出し {key=v\t#x}", "見出し", "x", "x"),
    ("## 見出し {data-x=v #x}", "見出し", "x", "x"),
    ("## 見出し {1key=v #x}", "見出し {1key=v #x}", None, "見出し-1keyv-x"),
    ("## 見出し {key=1 #x}", "見出し", "x", "x"),
    ("## 見出し {key=-1.5e3 #x}", "見出し", "x", "x"),
    ("## 見出し {key=1. #x}", "見出し", "x", "x"),
    ("## 見出し {key=1.e5 #x}", "見出し", "x", "x"),
    ("## 見出し {key=1.5.5 #x}", "見出し", "x", "x"),  # 1.5, then the class `5`
    ("## 見出し {key=1e-999 #x}", "見出し", "x", "x"),
    ("## 見出し {key=1e999 #x}", "見出し {key=1e999 #x}", None, "見出し-key1e999-x"),  # overflows
    ("## 見出し {key=1e #x}", "見出し {key=1e #x}", None, "見出し-key1e-x"),
    ("## 見出し {key=+ #x}", "見出し {key=+ #x}", None, "見出し-key-x"),
    ("## 見出し {key=12abc #x}", "見出し {key=12abc #x}", None, "見出し-key12abc-x"),
    ("## 見出し {key=[1 2] #x}", "見出し", "x", "x"),
    ("## 見出し {key=[1 , 2] #x}", "見出し", "x", "x"),
    ("## 見出し {key=[] #x}", "見出し", "x", "x"),
    ("## 見出し {key=[ ] #x}", "見出し {key=[ ] #x}", None, "見出し-key--x"),
    ("## 見出し {key=[1,] #x}", "見出し {key=[1,] #x}", None, "見出し-key1-x"),
    ("## 見出し {key=[,1] #x}", "見出し {key=[,1] #x}", None, "見出し-key1-x"),
    ("## 見出し {key={a=b} #x}", "見出し {key={a=b} #x}", None, "見出し-keyab-x"),  # the last `{` again
    ("## 見出し {#x .c ,}", "見出し", "x", "x"),
    ("## 見出し {#x,}", "見出し", "x", "x"),
    ("## 見出し {,#x}", "見出し {,#x}", None, "見出し-x"),
    # setext headings: the list on their last line
    ("見出し {#sx}\n---", "見出し", "sx", "sx"),
    ("見出し {.c #sy}\n===", "見出し", "sy", "sy"),
    ("見出し {#x}  \n---", "見出し", "x", "x"),
    ("見出し {#x}\\\n---", "見出し {#x}\\", None, "見出し-x"),
    ("a\nb {#x}\n---", "b", "x", "x"),
    ("見出し\n{#sz}\n---", "", "sz", "sz"),
    ("見出し\n{.c}\n---", "", None, "heading"),
    ("見出し {C # {#x}}\n---", "見出し {C # {#x}}", None, "見出し-c--x"),  # no closing sequence
]
IDS = [case[0] for case in CASES]


def last_line(page):
    """What split_heading is given: an ATX heading's line after its `#`s, a setext heading's last line."""
    lines = page.split("\n")
    if len(lines) == 1:
        return re.sub(r"^#{1,6}[ \t]+", "", lines[0]), True
    return lines[-2], False


@pytest.mark.parametrize("page, text, explicit, hugo", CASES, ids=IDS)
def test_split_heading_reads_the_list_goldmark_reads(page, text, explicit, hugo):
    line, atx = last_line(page)
    split = split_heading(line, atx)
    assert (line[:split.end], split.id) == (text, explicit)
    assert (split.brace is None) == (text == line.rstrip(" \t"))


@pytest.mark.parametrize("page, text, explicit, hugo", CASES, ids=IDS)
def test_heading_ids_are_the_ids_hugo_gives(page, text, explicit, hugo):
    assert heading_ids.heading_ids(page + "\n") == [hugo]


def test_an_id_that_is_no_string_is_given_as_written():
    # Hugo 0.111.3 fails the build on it: "interface conversion: interface {} is float64, not []uint8"
    assert split_heading("見出し {id=1}").id == "1"
    assert split_heading("見出し {id=true}").id == "true"


@pytest.mark.parametrize("page, unit, anchor", [
    ("## 見出し {.cls #myid}\n", "見出し", "myid"),
    ("## 見出し {#a b}\n", "見出し {#a b}", None),
    ("## 見出し {.cls}\n", "見出し", None),
    ("## C # {#x}\n", "C", "x"),
    ("## 見出し {#x} ##\n", "見出し", "x"),
    ("見出し {#sx}\n---\n", "見出し", "sx"),
])
def test_a_heading_unit_ends_where_goldmark_ends_the_text(page, unit, anchor):
    [heading] = [u for u in segment(page, RULES) if u.kind == "heading"]
    assert (heading.msgid, heading.anchor) == (unit, anchor)
    assert page[heading.start:heading.end] == unit


@needs("hugo")
def test_hugo_gives_the_ids_heading_ids_predicts(tmp_path):
    (tmp_path / "layouts" / "_default").mkdir(parents=True)
    (tmp_path / "layouts" / "_default" / "single.html").write_text("{{ .Content }}\n", encoding="utf-8")
    (tmp_path / "config.json").write_text(
        '{"baseURL": "https://example.invalid/", "uglyURLs": true, "markup": {"goldmark": {"renderer": {"unsafe": true}}},'
        ' "disableKinds": ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]}',
        encoding="utf-8")
    (tmp_path / "content").mkdir()
    for n, (page, *_) in enumerate(CASES):
        (tmp_path / "content" / f"c{n}.md").write_text(f"---\ntitle: c{n}\n---\n{page}\n", encoding="utf-8")
    subprocess.run(["hugo", "--quiet", "--source", str(tmp_path), "--config", str(tmp_path / "config.json")],
                   check=True, capture_output=True)
    for n, (page, *_, hugo) in enumerate(CASES):
        html = (tmp_path / "public" / f"c{n}.html").read_text(encoding="utf-8")
        rendered = re.findall(r"<h[1-6]\b[^>]*?\sid=\"([^\"]*)\"", html)
        assert rendered == heading_ids.heading_ids(page + "\n") == [hugo], page
