"""Pseudo-localization: placeholders kept, no Japanese left, Markdown unchanged, always the same output."""
from __future__ import annotations

import re
from collections import Counter

import polib
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from pipeline.delivery.pseudo import find_cjk, pseudo
from pipeline.model import PSEUDO_LANGUAGE, Kind
from pipeline.reading.placeholders import PLACEHOLDER

TAG_TEXT = re.compile(r"""(\s(?:alt|title)\s*=\s*)(?:"[^"]*"|'[^']*')""", re.I)
SAMPLES = [
    "ログインできない場合の対処方法",
    "{{%slash%}}共通管理で**パスワード**を変更します。\n[詳細](/general/ja/x.html)を参照してください。",
    "チェックボックス「ユーザー」を選択し、[保存]をクリックします。",
    '<img src="/general/img/tree.png" alt="ツリー" />をクリックすると、<b>組織</b>の一覧から選択できます。',
    "`cybozu.com` と &amp; と https://example.com/a?b=1 と {{< tooltip >}} の _強調_ です",
    "１．設定する\n＃見出し\n－項目\n＞引用\n　字下げ",
    "全角の＊星＊と＿下線＿と｀記号｀と［括弧］と｜縦棒｜と＜ｂ＞",
    "ｶﾞｲﾄﾞ ＡＢＣ ㈱ ㎡ 人々 キャッシュ ファイル ティー じゃあ しゅっちょう",
    "Already English, with a [link](https://example.com) and ![an icon](/img/x.png).",
]


def tokens(text: str) -> Counter:
    """Placeholders as a multiset; the alt/title of an HTML tag is text, so its value does not count."""
    return Counter(TAG_TEXT.sub(r'\1""', m.group()) if m.group().startswith("<") else m.group()
                   for m in PLACEHOLDER.finditer(text))


def prose(text: str) -> str:
    return PLACEHOLDER.sub("", text)


def test_the_pseudo_language_code():
    assert PSEUDO_LANGUAGE == "qps"


@pytest.mark.parametrize("msgid", SAMPLES)
def test_placeholders_kept_and_no_japanese_left(msgid):
    result = pseudo(msgid)
    assert tokens(result) == tokens(msgid)
    assert find_cjk(result) == []
    assert result.startswith("⟦") and result.endswith("⟧")
    assert result.count("\n") == msgid.count("\n")
    assert pseudo(msgid) == result


@pytest.mark.parametrize("msgid", SAMPLES)
def test_markdown_markers_unchanged(msgid):
    result = pseudo(msgid)
    for marker in ("**", "*", "_", "`", "[", "]", "|", "<", ">", "#"):
        assert prose(result).count(marker) == prose(msgid).count(marker), marker
    for line in result.split("\n")[1:]:
        assert not re.match(r"[ \t]|#|>|[-*+][ \t]|\d+[.)]", line), line


@pytest.mark.parametrize("msgid, expected", [
    ("設定する", "⟦þîķášûŕû ĺö⟧"),
    ("キャッシュを削除します。", "⟦ķýáššĥûö ɱöñķášĥîɱášû. ĺöŕéɱ î⟧"),
    ("ログインできない場合の対処方法", "⟦ŕöĝûîñðéķîñáî ŕûƀîñö šûñƀûĝáñĝá ĺöŕéɱ îþšû⟧"),  # a space where a word starts
    ("Hello, world!", "⟦Ĥéĺĺö, ŵöŕĺð! ĺöŕé⟧"),
    ("{{%store%}}で表示される言語", "⟦{{%store%}}ðé ţöñɱîšáŕéŕû ñéñɱö ĺöŕéɱ⟧"),
    ("「保存」（詳細）", "⟦“ðáţá”(þîšö) ĺöŕé⟧"),
    ("[設定]（詳細）", "⟦[þîķá] (þîšö) ĺöŕé⟧"),  # no link target appears
    ("注意！[リンク](/x.html)", "⟦ñîýöñ! [ŕîñķû](/x.html) ĺöŕé⟧"),  # no image appears
    ("１．設定する\n２．保存", "⟦1. þîķášûŕû\n\u00a02. ðáţá ĺöŕéɱ⟧"),  # no list appears
    ("OK", "⟦ÖĶ⟧"),
    ("\n改行\n", "\n⟦ŵáţûñ ĺ⟧\n"),
    ("", ""),
    ("\u3000字下げ", "⟦ žáĝûñĝé ĺö⟧"),  # the ideographic space is a space, inside the brackets
])
def test_exact_examples(msgid, expected):
    assert pseudo(msgid) == expected


def test_lengthened_by_about_a_third():
    msgid = "Select the users whose password you want to reset, then click Save."
    grown = len(prose(pseudo(msgid))) - 2
    assert 1.3 <= grown / len(msgid) <= 1.4


def test_alt_and_title_of_html_tags_are_pseudo_text():
    result = pseudo("<img src=\"/x.png\" alt=\"ツリー\" />と<a href='y' title='詳細'>リンク</a>")
    assert 'src="/x.png" alt="⟦ţšûŕîî ĺö⟧"' in result and "title='⟦þîšö ĺ⟧'" in result


def test_no_trailing_backslash_escapes_what_follows():
    assert pseudo("a\\").endswith(" ⟧")


JAPANESE = st.sampled_from(list("あいうえおかきくけこっゃゅょーアイウエオッャュョー設定変更管理、。「」（）！：＊＿［］｜＃１．　々ｶﾞ"))
PIECES = st.one_of(
    st.text(JAPANESE, min_size=1, max_size=6),
    st.sampled_from(["{{%service%}}", "<b>", "</b>", "](/general/ja/x.html)", "`code`", "&amp;", "**", "_", "\n",
                     " ", "[", "]", "1. ", "- ", "# ", "Save", '<img alt="画像" />', "\\", "<div>", "</div>", "> "]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
@example("１1. か定")  # a fullwidth digit is no list number: its line is prose
@example('<img alt="画像" />\u3000\n、[](/general/ja/x.html)変')  # blanks after a tag alone on its line
def test_any_mix_keeps_placeholders_and_leaves_no_japanese(msgid):
    result = pseudo(msgid)
    assert tokens(result) == tokens(msgid)
    assert find_cjk(result) == []
    assert result.count("\n") == msgid.count("\n")
    assert pseudo(msgid) == result


def demo_entries() -> list[polib.POEntry]:
    return [entry for po in sorted((ROOT / "locales").rglob("*.po")) for entry in polib.pofile(str(po))
            if "no-wrap" not in entry.flags]


def test_demo_catalogs_pass_the_translation_checks():
    validation = pytest.importorskip("pipeline.validation")
    entries = demo_entries()
    if not entries:
        pytest.skip("no demo catalogs")
    for entry in entries:
        result = pseudo(entry.msgid)
        for kind in Kind:  # whatever unit it goes back into
            assert validation.check_translation(entry.msgid, result, kind) == [], (entry.msgid, result, kind)
        assert find_cjk(result) == [], entry.msgid


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
@example("<b>\n1. 、")  # ⟦ before the tag made the block a paragraph, and `1.` a list
@example("# [｜\nー](/general/ja/x.html)変")  # ⟦ before `#` joined the heading to a link target
@example("＃ﾞあ</b>\n ：管")  # an indented line that became a definition
@example('<img alt="画像" />\u3000\n、．けﾞ。[](/general/ja/x.html)変。')  # an ideographic space is a blank
def test_any_mix_passes_the_translation_checks(msgid):
    """What the source passes, its pseudo-translation passes too (a pseudo catalog is never rejected)."""
    validation = pytest.importorskip("pipeline.validation")
    assume(msgid == msgid.strip() and not validation.check_translation(msgid, msgid, Kind.PARAGRAPH))
    assert validation.check_translation(msgid, pseudo(msgid), Kind.PARAGRAPH) == []
