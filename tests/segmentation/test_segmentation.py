"""What translators see: the units of a projection (examples from ../shared/docs/EXAMPLES.md)."""
from conftest import RULES, SEED
from pipeline.model import Kind
from pipeline.reading.projection import project
from pipeline.segmentation import segment



def units(text, region=None):
    return segment(project(text, region).text if region else text, RULES)


def msgids(text, region=None):
    return [u.msgid for u in units(text, region)]


def test_seed_region_variants_are_whole_paragraphs():
    seed = SEED.read_text(encoding="utf-8")
    jp, us = units(seed, "JP"), units(seed, "US")
    heading = next(u for u in jp if u.kind == "heading")
    assert heading.msgid == "「不正なリクエストです。」と表示されます。" and heading.anchor == "login_troubleshoot_second_10"
    jp_para = (
        "{{%service%}}のメンテナンス中です。\n"
        "しばらく経ってから、再度ログインしてください。\n"
        "メンテナンスの進捗は、[メンテナンス情報](https://cs.cybozu.co.jp/maintenance/)で確認できます。")
    assert jp_para in [u.msgid for u in jp] and jp_para not in [u.msgid for u in us]
    assert all("enabled" not in u.msgid and "disabled" not in u.msgid for u in jp + us)


def test_front_matter_title_with_variable():
    found = units('---\ntitle: "{{%store%}}で表示される言語を設定する"\nweight: 500\n---\n本文です。\n')
    assert [(u.label, u.msgid) for u in found] == [
        ("front matter: title", "{{%store%}}で表示される言語を設定する"), ("paragraph", "本文です。")]


def test_list_item_then_screenshot_on_next_line():
    text = ('1. 「ユーザー管理」の[組織/ユーザー]をクリックします。\n'
            '  {{< screen src="/general/img-ja/login_unlock_img01.png"  alt="組織とユーザーの設定画面">}}\n')
    assert [(u.label, u.msgid) for u in units(text)] == [
        ("list item", "「ユーザー管理」の[組織/ユーザー]をクリックします。"), ("alt of screen", "組織とユーザーの設定画面")]


def test_hard_breaks_become_newlines_and_separators_are_kept():
    text = "一行目です。  \n二行目です。\\\n三行目です。\n四行目です。  \n"
    (unit,) = units(text)
    assert unit.msgid == "一行目です。\n二行目です。\n三行目です。\n四行目です。"
    assert unit.seps == ("  \n", "\\\n", "\n")
    assert text[unit.start:unit.end] == text.rstrip()


def test_inline_conditional_in_table_cell_gives_one_sentence_per_region():
    text = ("<table>\n<tr>\n<td>{{% disabled US CN %}}{{%store%}}で{{% /disabled %}}"
            "サービスを契約した地域のタイムゾーン</td>\n</tr>\n</table>\n")
    assert msgids(text, "JP") == ["{{%store%}}でサービスを契約した地域のタイムゾーン"]
    assert msgids(text, "US") == ["サービスを契約した地域のタイムゾーン"]


def test_raw_html_split_at_block_elements_inline_tags_kept():
    text = ("<table>\n    <caption>タイムゾーン</caption>\n    <tr>\n        <th>適用される項目</th>\n"
            "        <td>\n        <ul>\n            <li>監査ログで出力するデータの日時</li>\n"
            "            <li>「契約状況」画面の「開始日」と「終了日」<sup>1</sup></li>  \n        </ul>\n"
            "        次のページを参照してください。<br />\n"
            "        <a href='/general/ja/x.html'>タイムゾーンの一覧</a></td>\n    </tr>\n</table>\n"
            "<img src=\"/general/img/tree.png\" alt=\"ツリー\" />\n\n<!-- 著者メモ: 翻訳しない -->\n")
    found = [(u.label, u.msgid) for u in units(text)]
    assert found == [
        ("table caption", "タイムゾーン"),
        ("table header", "適用される項目"),
        ("list item", "監査ログで出力するデータの日時"),
        ("list item", "「契約状況」画面の「開始日」と「終了日」<sup>1</sup>"),
        ("list item", "次のページを参照してください。<br />\n<a href='/general/ja/x.html'>タイムゾーンの一覧</a>"),
        ("alt of <img>", "ツリー"),
    ]
    assert [u.kind for u in units(text)] == [Kind.HTML_LINE, Kind.HTML_LINE, Kind.HTML_ITEM, Kind.HTML_ITEM,
                                             Kind.HTML_ITEM, Kind.HTML_VALUE]  # what the checks read them as


def test_block_shortcodes_are_structure_and_subtitle_inner_is_a_unit():
    text = ("{{% note %}}\n{{% subtitle %}}<sup>1</sup>ドメインによる違い{{% /subtitle %}}\n"
            "注意してください。\n{{% /note %}}\n\n{{< tile\nlink_text=\"ログインできない場合\"\nlink_href=\"/general/ja/login.html\"\n>}}\n"
            "ログインに関するトラブル\n{{< /tile >}}\n")
    assert [(u.label, u.msgid) for u in units(text)] == [
        ("subtitle", "<sup>1</sup>ドメインによる違い"),
        ("paragraph", "注意してください。"),
        ("link_text of tile", "ログインできない場合"),
        ("paragraph", "ログインに関するトラブル"),
    ]


def test_fenced_code_is_one_no_wrap_unit_and_pipe_table_cells_are_units():
    text = "```text\n件名: お知らせ\n  本文\n```\n\n| 項目 | 説明 |\n|---|---|\n| 名前 | `name` の値 |\n"
    found = units(text)
    assert (found[0].label, found[0].msgid, found[0].flags) == ("code", "件名: お知らせ\n  本文", ("no-wrap",))
    assert [(u.label, u.msgid) for u in found[1:]] == [
        ("pipe table cell", "項目"), ("pipe table cell", "説明"), ("pipe table cell", "名前"),
        ("pipe table cell", "`name` の値")]


def test_nothing_without_prose_and_no_anchor_in_headings():
    text = "## {{%slash%}}共通管理で変更する {#admin_10}\n\n&#10004;\n\n<br>\n\n{{%service%}}\n"
    assert [(u.msgid, u.anchor) for u in units(text)] == [("{{%slash%}}共通管理で変更する", "admin_10")]


def test_units_are_spans_of_the_projection():
    seed = SEED.read_text(encoding="utf-8")
    for region in ("JP", "US", "CN"):
        text = project(seed, region).text
        for unit in segment(text, RULES):
            if unit.style.startswith("yaml"):
                assert text[unit.start:unit.end] == '"' + unit.msgid + '"'
                continue
            lines = unit.msgid.split("\n")
            rebuilt = lines[0] + "".join(s + line for s, line in zip(unit.seps, lines[1:]))
            assert text[unit.start:unit.end] == rebuilt
