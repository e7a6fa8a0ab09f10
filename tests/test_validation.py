"""The checks a translation must pass before it may reach a published page."""
import pytest

from pipeline.validation import check_translation
from pipeline.variables import Rewriter


def problems(msgid, msgstr, kind="paragraph", rewrite=None):
    rewrite = rewrite or (lambda token: token)
    return [(p.check, p.message) for p in check_translation(msgid, msgstr, kind, rewrite)]


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
    ("見出し", "# Heading", ("structure", "line 1 starts with '#', which changes the block")),
    ("一行\n二行", "Line one\n- Line two", ("structure", "line 2 starts with '-', which changes the block")),
    ("一行\n二行", "Line one\n\nLine two", ("structure", "line 2 is blank: it would split the block")),
    ("説明", "    Indented", ("structure", "line 1 starts with 'indentation', which changes the block")),
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

    from pipeline.review import review
    from pipeline.variables import Rewriter

    po = polib.POFile()
    po.metadata = {"Language": "fr", "Content-Type": "text/plain; charset=ISO-8859-1"}
    po.append(polib.POEntry(msgid="ファイル", msgid_plural="ファイル", msgstr_plural={0: "file", 1: "files", 2: "x"}))
    text = str(po)
    result = review(polib.pofile(text), text, "locales/en/a.po", "en", {}, Rewriter([]))
    messages = [p.message for p in result.errors]
    assert "format: header says Language: fr, but the catalog is in the 'en' folder" in messages
    assert "format: header says charset=iso-8859-1: catalogs are read and written as UTF-8" in messages
    assert any("no valid Plural-Forms" in m for m in messages)
    po.metadata.update({"Language": "en", "Content-Type": "text/plain; charset=UTF-8",
                        "Plural-Forms": "nplurals=2; plural=(n != 1);"})
    result = review(polib.pofile(str(po)), str(po), "locales/en/a.po", "en", {}, Rewriter([]))
    assert [p.message for p in result.errors] == ["format: 3 plural forms where the header's Plural-Forms says 2"]
