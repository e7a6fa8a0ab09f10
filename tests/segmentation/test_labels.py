"""The labels a unit names: `[…]` and `「…」` in what a reader sees, as written."""
from hypothesis import example, given, strategies as st

from pipeline.segmentation.labels import BUTTON, SCREEN, Label, candidates, labels


def names(text):
    return [(("[]" if label.convention == BUTTON else "「」"), label.text) for label in labels(text)]


def test_buttons_and_screens_in_order_once_per_use():
    text = "「{{%slash%}}共通管理」画面の「ユーザー管理」の、[組織/ユーザー]をクリックし、[保存]と[保存]を押します。"
    assert names(text) == [("「」", "{{%slash%}}共通管理"), ("「」", "ユーザー管理"), ("[]", "組織/ユーザー"),
                           ("[]", "保存"), ("[]", "保存")]


def test_links_images_code_and_tags_are_not_labels_but_a_label_in_a_link_text_is():
    text = ("[ドメインID](/general/ja/a.html)の![アイコン](/img/x.png)、`[保存]`、<a title=\"[x]\">[編集]</a>、"
            "[「ユーザー管理」の設定](/general/ja/b.html)")
    assert names(text) == [("[]", "編集"), ("「」", "ユーザー管理")]


def test_a_label_is_written_as_the_source_writes_it():
    assert names(r"\[保存\] [a\*b] [&lt;表示名&gt;]") == [("[]", "保存"), ("[]", r"a\*b"), ("[]", "&lt;表示名&gt;")]
    assert names('「{{< icon name="[x]" >}}設定」') == [("「」", '{{< icon name="[x]" >}}設定')]


def test_a_label_holds_no_other_bracket_and_no_line_break():
    assert names("[[保存]ボタン] 「[編集]の画面」") == [("[]", "保存"), ("[]", "編集")]
    assert names("[保存\nする] 「画面」") == [("「」", "画面")]
    assert names("[保存 「x」 [y") == [("「」", "x")]


def test_the_convention_shows_its_brackets():
    assert Label(BUTTON, "保存").shown() == "[保存]" and Label(SCREEN, "画面").shown("Screen") == "「Screen」"


TEXT = st.text(alphabet=st.sampled_from(list("[]「」()!`\\\n &<>ab保存{}%\"*")), max_size=40)


@given(TEXT)
@example("[\\「]")  # an escaped bracket inside brackets: no label (it was one holding a bracket)
def test_the_candidates_of_a_text_hold_every_label_it_has(text):
    found = candidates(text)
    assert all(label.text in found for label in labels(text))
    po_text = text.replace("\\", "\\\\").replace('"', '\\"')  # as a PO file writes a string
    assert all(label.text in candidates(po_text) for label in labels(text))
