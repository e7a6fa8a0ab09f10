"""The checks a translation must pass before it may reach a published page."""

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.back.variables import Rewriter
from pipeline.model import Kind
from pipeline.validation import check_translation

# the labels translators read, and the kinds of units the segmenter gives them
LABELS = {"table cell": Kind.HTML_LINE, "alt of screen": Kind.SHORTCODE_VALUE}


def problems(msgid, msgstr, kind="paragraph", rewrite=None):
    rewrite = rewrite or (lambda token: token)
    return [(p.check, p.message) for p in check_translation(msgid, msgstr, LABELS.get(kind) or Kind(kind), rewrite)]


def checks(msgid, msgstr, kind="paragraph"):
    return {p.check for p in check_translation(msgid, msgstr, LABELS.get(kind) or Kind(kind))}


def test_good_translation_reorders_placeholders_freely():
    assert problems("{{%store%}}で<b>確認</b>できます。[詳細](/general/ja/a.html)",
                    "See [details](/general/ja/a.html): you can <b>check</b> it in {{% store %}}.") == []


@pytest.mark.parametrize("msgid, msgstr, expected", [
    ("{{%store%}}で確認できます。", "You can check it in the store.", ("placeholders", "missing '{{%store%}}'")),
    ("[詳細](/general/ja/a.html)", "[Details](/general/ja/b.html)", ("placeholders", "missing '](/general/ja/a.html)'")),
    ("テキスト", "Text<script>alert(1)</script>", ("injection", "adds '</script>', '<script>' that the source does not have")),
    ("テキスト", "Text {{< rawhtml >}}", ("injection", "adds '{{< rawhtml >}}' that the source does not have")),
    ("テキスト", "<a href=\"javascript:alert(1)\">Text</a>", ("injection", "adds a javascript:, vbscript: or data: URL")),
    ("**太字**です", "**Bold is", ("balance", "bold (**) opened and not closed")),
    ("<b>太字</b>です", "<b>Bold</i> is", ("placeholders", "missing '</b>'")),
    ("見出し", "# Heading", ("structure", "line 1 starts a heading ('#'), which changes the block")),
    ("一行\n二行", "Line one\n- Line two", ("structure", "line 2 starts a list ('-'), which changes the block")),
    ("一行\n二行", "Line one\n\nLine two", ("structure", "line 2 is blank: it would split the block")),
    ("説明", "    Indented", ("structure", "line 1 starts a code block (indentation), which changes the block")),
    ("見出し", "Heading\nsecond line", ("structure", "a heading cannot hold a line break")),
    ("文", "\nText", ("format", "msgid and msgstr must both begin and end with a newline, or neither")),
    ("セル", "A | B", ("structure", "a '|' would split the table cell: write it as \\|")),
])
def test_each_check_names_what_is_wrong(msgid, msgstr, expected):
    kind = "heading" if msgid == "見出し" and "\n" in msgstr else "pipe table cell" if msgid == "セル" else "paragraph"
    assert expected in problems(msgid, msgstr, kind)


def test_link_targets_compare_after_the_rewrite_rules():
    rewrite = Rewriter([("/general/ja/", "/general/en/")])
    assert problems("[詳細](/general/ja/a.html)", "[Details](/general/en/a.html)",
                    rewrite=lambda t: rewrite.apply(t, 0)) == []


def test_messages_quote_placeholders_as_the_translator_sees_them_in_the_msgid():
    rewrite = Rewriter([("/general/ja/", "/general/en/")])
    found = problems("[詳細](/general/ja/a.html)", "[Details](/general/ja/b.html)", rewrite=lambda t: rewrite.apply(t, 0))
    assert found == [("placeholders", "missing '](/general/ja/a.html)'"),
                     ("injection", "adds '](/general/ja/b.html)' that the source does not have")]


def test_alt_text_inside_a_tag_is_translatable():
    assert problems('<img src="/t.png" alt="ツリー" />をクリック', 'Click <img src="/t.png" alt="Tree" />') == []


def test_code_is_not_held_to_prose_rules():
    assert problems("  インデント\n# コメント", "  indent\n# comment", "code") == []


def test_what_the_source_already_has_is_not_a_problem():
    assert problems("1. 手順", "1. Step") == []
    assert problems("<b>開く", "<b>Open") == []  # the source itself leaves the tag open


def test_catalog_level_format_checks():
    import polib

    from pipeline.po.review import review
    from pipeline.back.variables import Rewriter

    po = polib.POFile()
    po.metadata = {"Language": "fr", "Content-Type": "text/plain; charset=ISO-8859-1"}
    po.append(polib.POEntry(msgid="ファイル", msgid_plural="ファイル", msgstr_plural={0: "file", 1: "files", 2: "x"}))
    text = str(po)
    result = review(polib.pofile(text), text, "locales/en/a.po", "en", {}, Rewriter([]), {})
    messages = [p.message for p in result.errors]
    assert "format: header says Language: fr, but the catalog is in the 'en' folder" in messages
    assert "format: header says charset=iso-8859-1: catalogs are read and written as UTF-8" in messages
    assert any("no valid Plural-Forms" in m for m in messages)
    po.metadata.update({"Language": "en", "Content-Type": "text/plain; charset=UTF-8",
                        "Plural-Forms": "nplurals=2; plural=(n != 1);"})
    result = review(polib.pofile(str(po)), str(po), "locales/en/a.po", "en", {}, Rewriter([]), {})
    assert [p.message for p in result.errors] == ["format: 3 plural forms where the header's Plural-Forms says 2"]


def test_a_msgstr_is_checked_as_every_kind_the_source_gives_its_msgid_never_as_its_comment_says():
    import polib

    from pipeline.po.review import review
    from pipeline.back.variables import Rewriter

    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="設定", msgstr="Settings | Options", comment="code"))  # edited by hand
    text = str(po)

    def checks(kinds):
        return [p.check for p in review(polib.pofile(text), text, "a.po", "en", {}, Rewriter([]), kinds).errors]
    assert checks({"設定": ("heading",)}) == []
    assert checks({"設定": ("heading", "pipe table cell")}) == ["structure"]
    assert checks({"設定": ("pipe table cell", "heading")}) == ["structure"]


# The attacks of the issue, and one of each class found beyond them: each crafted msgstr is rejected
# by the named check, and a natural translation of the same unit passes.
LINK = "[ヘルプ](/general/ja/help.html)"
PARAGRAPH = f"詳細は{LINK}を参照してください。"
NATURAL_PARAGRAPH = "For details, see [Help](/general/ja/help.html)."
ITEM = "手順の一行目です。\n手順の二行目です。"
NATURAL_ITEM = "First line of the step.\nSecond line: 10 users | 2 groups."
ATTACKS = [
    # (kind, msgid, hostile msgstr, check, natural msgstr)
    ("table cell", "セルの文です。", "Cell <img src=x onerror=alert(1) ", "injection", "A sentence in a cell (1 < 2)."),
    ("paragraph", PARAGRAPH, NATURAL_PARAGRAPH + " [more](https://evil.example/a 'x')", "injection", NATURAL_PARAGRAPH),
    ("paragraph", PARAGRAPH, NATURAL_PARAGRAPH + " [more](https://evil.example/a (x))", "injection", NATURAL_PARAGRAPH),
    ("paragraph", PARAGRAPH, "[r]: https://evil.example/ref\n" + NATURAL_PARAGRAPH + " [more][r]", "injection",
     "For details,\nsee [Help](/general/ja/help.html)."),
    ("paragraph", PARAGRAPH, NATURAL_PARAGRAPH + " https://evil.example/", "injection",
     NATURAL_PARAGRAPH + " (See also: the help.)"),
    ("paragraph", PARAGRAPH, "For details, see ![Help](/general/ja/help.html).", "injection", NATURAL_PARAGRAPH),
    ("list item", ITEM, "Step line one.\n: evil definition", "structure", NATURAL_ITEM),
    ("list item", ITEM, "Step line one.\na | b\n--|--\nc | d", "structure", NATURAL_ITEM),
    ("pipe table cell", "表示名", "Display name\\", "structure", "Display name \\| label"),
    ("alt of screen", "設定画面", "Settings screen \\", "structure", 'The "Settings" screen'),
    ("heading", "ユーザーごとに設定する", "Setting it per user {#per-user}", "structure", "Setting it per user"),
    ("heading", "ユーザーごとに設定する", "Setting it per user {.evil}", "structure", "Setting {it} per user"),
    # beyond the list
    ("paragraph", PARAGRAPH, NATURAL_PARAGRAPH + " {{< evil", "injection", NATURAL_PARAGRAPH),
    ("code", "コードの行です。\n二行目", "A line of code.\n```\n# Evil", "structure", "A line of code.\n# a comment"),
    ("table cell", "セルの文です。", "Cell <!-- evil", "injection", "A cell sentence (2 < 3, 3 > 2)."),
    ("list item", ITEM, "[ ] Evil step.\nLine two.", "structure", "[Save] the step.\nLine two."),
    ("paragraph", PARAGRAPH, NATURAL_PARAGRAPH + "[^1]", "injection", NATURAL_PARAGRAPH + " [1]"),
    ("paragraph", PARAGRAPH, NATURAL_PARAGRAPH + " [Evil][r]", "injection", NATURAL_PARAGRAPH + " [Save] [Cancel]"),
    ("paragraph", PARAGRAPH, NATURAL_PARAGRAPH + " Mail evil@evil.example.", "injection", NATURAL_PARAGRAPH + " Mail @admin."),
    ("paragraph", PARAGRAPH, NATURAL_PARAGRAPH + " www.evil.example", "injection", NATURAL_PARAGRAPH + " www. is no host"),
    ("paragraph", PARAGRAPH, NATURAL_PARAGRAPH + " <https://evil.example>", "injection", NATURAL_PARAGRAPH),
    ("paragraph", PARAGRAPH, "For details, see [Help](&#106;avascript:x).", "injection", NATURAL_PARAGRAPH),
    ("paragraph", "<a href=\"/a\">詳細</a>を見る", "<a href=\"/a\" onclick=\"x\">See</a> details", "injection",
     "See <a href=\"/a\">details</a>"),
    ("paragraph", "<img src=\"/t.png\" alt=\"木\">を押す", "Press <img src=\"/t.png\" alt=\"Tree\" onerror=x>",
     "injection", "Press <img src=\"/t.png\" alt=\"Tree\">"),
    ("list item", ITEM, "Step line one.\n---", "structure", NATURAL_ITEM),
    ("list item", ITEM, "Step line one.\n> quoted", "structure", "Step line one.\nIt is > 2."),
    ("list item", ITEM, "Step line one.\n<div>evil</div>", "structure", "Step line one.\nIt takes < 2 minutes."),
    ("pipe table cell", "表示名", "`Display|name`", "structure", "Display \\| name"),
    ("pipe table cell", "表示名", "[Display](/a|b)", "injection", "Display name"),
]


@pytest.mark.parametrize("kind, msgid, hostile, check, natural", ATTACKS)
def test_each_attack_is_rejected_and_a_natural_translation_passes(kind, msgid, hostile, check, natural):
    assert check in checks(msgid, hostile, kind), problems(msgid, hostile, kind)
    assert problems(msgid, natural, kind) == []


def test_a_link_made_an_image_is_one_change():
    assert problems("[詳細](/a.html)", "![Details](/a.html)") == [
        ("injection", "turns the link to '/a.html' into an image")]


def test_reference_definitions_and_constructs_the_token_check_misses_are_named():
    found = problems("詳細", "[r]: https://evil.example/ref\nSee [more][r].")
    assert ("injection", "adds the link reference definition '[r]: https://evil.example/ref'") in found
    assert ("injection", "adds a link to 'https://evil.example/ref'") in found
    assert problems("[詳細](/a.html 'タイトル')", "Details") == [("placeholders", "missing a link to '/a.html'")]


def test_an_unclosed_tag_is_read_as_the_browser_reads_it():
    assert problems("セル", "Cell <img src=x onerror=alert(1) ", "table cell") == [
        ("injection", "adds the HTML tag '<img src=x onerror=alert(1)', never closed: "
                      "a browser reads it up to the next '>' of the page")]


def test_code_is_read_as_code():
    assert problems("  インデント\n# コメント", "  indent\n# comment", "code") == []


def test_goldmark_links_only_urls_with_a_host():
    msgid = "https://（サブドメイン名）.{{%cybozu_com%}}/ にアクセスします。"
    assert problems(msgid, "Go to https://(subdomain).{{%cybozu_com%}}/.") == []
    assert checks(msgid, "Go to https://evil.example/ ({{%cybozu_com%}}).") == {"injection"}


def test_a_url_may_fill_in_the_host_the_msgid_names_in_words():
    msgid = "https://（サブドメイン名）.{{%cybozu_com%}}/ にアクセスします。"
    assert problems(msgid, "Go to https://subdomain.{{%cybozu_com%}}/.") == []
    assert checks(msgid, "Go to https://sub.evil.example/{{%cybozu_com%}}/.") == {"injection"}
    assert checks(msgid, "Go to https://sub.{{%cybozu_com%}}.evil.example/.") == {"injection"}
    assert checks(msgid, "Go to https://a.b.{{%cybozu_com%}}/.") == {"injection"}
    assert "injection" in checks("https://example.com/ を開く", "Open https://evil.example.com/")


def test_what_the_msgid_has_the_msgstr_may_reorder():
    msgid = "詳細はhttps://example.com/aと<b>[ヘルプ](/h.html)</b>、{{%store%}}を参照。"
    assert problems(msgid, "See {{% store %}}, <b>[Help](/h.html)</b> and https://example.com/a.") == []


# Property: a msgstr made of the msgid's own constructs, in any order, passes; the same with one
# construct of the kinds a translation must not add, anywhere between them, is rejected.
PIECES = ["[ヘルプ](/general/ja/help.html)", "![画像](/general/img-ja/a.png)", "<b>太字</b>", "{{%service%}}",
          "`code`", "&lt;", "https://example.com/path", "user@example.com", '<img src="/t.png" alt="木">']
INJECTED = ["[more](https://evil.example/ 'x')", "![x](/evil.png)", "<img src=x onerror=alert(1)",
            "https://evil.example/", "www.evil.example", "evil@evil.example", "<https://evil.example>", "[^1]",
            "{{< evil >}}", "{{<", "<!--", "</b>", "[x][r]", '<b onclick="x">', "[x](javascript:alert(1))",
            '<a href="/general/ja/help.html">', "<script>", "](/evil.html)", "&#60;<i>"]
LINE_INJECTED = ["# evil", "- evil", "1. evil", "> evil", ": evil", "a | b\n--|--", "```", "<div>", "---"]
WORDS = ["See", "the", "help", "for", "details", "and", "more"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=5, unique=True), st.randoms(use_true_random=False),
       st.sampled_from(INJECTED + LINE_INJECTED + ["[r]: /evil"]), st.sampled_from(["paragraph", "list item", "table cell"]))
def test_own_pieces_in_any_order_pass_and_any_injected_construct_is_rejected(pieces, rnd, injected, kind):
    msgid = "、".join(f"{p}を参照" for p in pieces) + "。"
    parts = [f"{rnd.choice(WORDS)} {p}" for p in rnd.sample(pieces, len(pieces))]
    assert problems(msgid, " ".join(parts) + ".", kind) == []
    at = 0 if injected.startswith("[r]:") else rnd.randint(0, len(parts))  # a definition starts a block
    if injected in LINE_INJECTED:  # on a line of its own, where it starts a block
        hostile = "\n".join(filter(None, [" ".join(parts[:at]), injected, " ".join(parts[at:]) + "."]))
    else:
        hostile = " ".join(parts[:at] + [injected + ("\n" if injected.startswith("[r]:") else "")] + parts[at:]) + "."
    assert problems(msgid, hostile, kind), hostile


def test_a_msgstr_far_longer_than_any_translation_is_refused_unread():
    found = problems("テキスト", "<b>" * 400_000)
    assert [check for check, _ in found] == ["injection", "structure"] and "too long to be read" in found[0][1]
    assert [c for c, _ in problems("テキスト", "Text " + "{{<" * 17)] == ["injection", "structure"]


@pytest.mark.parametrize("unit", ["{{<", "<!--", "](", "`", "- x\n", "[![", "<a ", "x", "``x`", "<", "[a]: /x\n"])
def test_hostile_text_costs_little_to_check(unit):
    """The patterns have quadratic (one was cubic) cases; the longest msgstr read keeps them cheap."""
    import time
    from pipeline.validation import longest
    msgid = "テ" * 300
    text = "<" + (unit * longest(msgid))[:longest(msgid) - 1]
    start = time.process_time()
    for kind in Kind:
        check_translation(msgid, text, kind)
    assert time.process_time() - start < 3  # ~0.1 s on the development machine
