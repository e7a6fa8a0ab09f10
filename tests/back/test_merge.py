"""The way back: translations spliced into a projection, in the source's own syntax."""
import yaml
from hypothesis import example, given, strategies as st

from conftest import ROOT, RULES
from pipeline.back.merge import Plan, render_page
from pipeline.back.variables import Resolver, Rewriter
from pipeline.segmentation import segment


def build(text, translations, values=None, rewrite=()):
    units = segment(text, RULES)
    resolver = Resolver(values, RULES.structural) if values is not None else None
    return render_page(text, Plan(units, translations.get), resolver, Rewriter(list(rewrite)))


def test_identity_is_byte_for_byte():
    text = "# 見出し {#a_10}\n\n一行目です。  \n二行目です。\\\n三行目\n\n* <b>項目</b>  \n  説明です。\n"
    units = segment(text, RULES)
    assert render_page(text, Plan(units, {u.msgid: u.msgid for u in units}.get), None, None) == text


def test_same_line_count_keeps_each_break_and_indent():
    text = "* <b>項目</b>  \n  説明です。\\\n  最後です。  \n"
    out = build(text, {"<b>項目</b>\n説明です。\n最後です。": "<b>Item</b>\nDescription.\nLast."})
    assert out == "* <b>Item</b>  \n  Description.\\\n  Last.  \n"


def test_added_lines_use_the_source_break_and_indentation():
    text = "1. 一行です。\n  {{< screen src=\"/general/img-ja/a.png\"  alt=\"画面\">}}\n"
    out = build(text, {"一行です。": "First line.\nSecond line.", "画面": "The \"screen\""})
    assert out == ('1. First line.  \n   Second line.\n'
                   '  {{< screen src="/general/img-ja/a.png"  alt="The \\"screen\\"">}}\n')


def test_heading_keeps_its_anchor_and_marker():
    out = build("## 見出しです {#login_10}\n", {"見出しです": "A heading"})
    assert out == "## A heading {#login_10}\n"


def test_front_matter_stays_valid_yaml_whatever_the_translator_typed():
    text = '---\ntitle: "{{%store%}}で表示される言語を設定する"\nweight: 500\n---\n本文\n'
    out = build(text, {"{{%store%}}で表示される言語を設定する": 'Set "the" language: of {{%store%}}'},
                values={"store": "Kintone Store"})
    assert out.startswith('---\ntitle: "Set \\"the\\" language: of Kintone Store"\nweight: 500\n---\n')
    assert yaml.safe_load(out.split("---\n")[1])["title"] == 'Set "the" language: of Kintone Store'
    plain = build("---\ntitle: 見出し\n---\n本文\n", {"見出し": "Title: with colon"})
    assert yaml.safe_load(plain.split("---\n")[1]) == {"title": "Title: with colon"}


def test_variables_escaped_in_body_raw_in_attributes_and_front_matter():
    text = ('---\ntitle: "{{%slash%}}"\n---\n## {{%slash%}}共通管理 {#a}\n\n'
            '{{< screen src="/x.png" alt="{{%slash%}}の画面" >}}\n')
    out = build(text, {}, values={"slash": "Users & System"})
    assert out == ('---\ntitle: "Users & System"\n---\n## Users &amp; System共通管理 {#a}\n\n'
                   '{{< screen src="/x.png" alt="Users & System の画面" >}}\n'.replace("System の", "Systemの"))


def test_missing_value_is_remembered_not_guessed():
    resolver = Resolver({"service": "Kintone"}, RULES.structural)
    assert resolver.body("{{%service%}} {{%store%}}", 0) == "Kintone {{%store%}}"
    assert [name for name, _ in resolver.missing] == ["store"]


def test_rewrite_applies_to_targets_only():
    text = ('[ログイン](/general/ja/login.html)は /general/ja/ にあります。\n\n'
            '<a href=\'/general/ja/a.html\'>a</a>\n\n{{< screen src="/general/img-ja/x.png" alt="画面" >}}\n')
    out = build(text, {}, rewrite=[("/general/ja/", "/general/en/"), ("/general/img-ja/", "/general/img-en/")])
    assert "[ログイン](/general/en/login.html)は /general/ja/ にあります。" in out
    assert "<a href='/general/en/a.html'>" in out and 'src="/general/img-en/x.png"' in out


REWRITE_TEXT = st.lists(st.sampled_from(["](", "[r]:", "href", "src", "url", "link_href", "img_src", "=", '"', "'", "`",
                                          "<", " ", "\n", "/a/", "/a/b/", "x", "[", "]", "(", "h", "s", "_"]),
                        max_size=30).map("".join)


@given(REWRITE_TEXT)
@example("a\n  [r]: /a/b/")
def test_rewrite_looks_at_a_target_s_first_character_first_and_finds_what_the_pattern_alone_finds(text):
    """`Rewriter` checks each position's first character before trying the target pattern (a
    build rewrites 7 outputs a page); the rewritten text is what the pattern alone gives."""
    import re
    rewriter = Rewriter([("/a/", "/c/"), ("/a/b/", "/d/")])
    plain = re.compile(Rewriter.TARGET + "(/a/b/|/a/)", re.M)
    assert rewriter.apply(text, 0) == plain.sub(lambda m: m.group(1) + rewriter.targets[m.group(2)], text)


def test_identity_of_every_demo_unit_rebuilds_every_projection_through_the_splice():
    from pipeline.settings import config
    from pipeline import site as site_mod
    from pipeline.back.merge import splice
    conf = config.load(ROOT / "l10n.yaml")
    site = site_mod.load(conf)
    for page in site.pages:
        work = site.page_units(page)
        for region in conf.regions:
            text = work.projection(region).text
            assert splice(text, Plan(tuple(work.units(region)), lambda m: m)) == text, (page.rel, region)


def test_a_multi_line_attribute_comes_back_as_written():
    text = '{{< screen src="/x.png" alt="画面の\n説明" >}}\n'
    units = segment(text, RULES)
    assert render_page(text, Plan(units, lambda m: m), None, None) == text


def test_what_yaml_may_not_hold_is_every_character_outside_its_printable_set_and_nel():
    """YAML 1.1's printable characters, less NEL (read as a line break), pass; every other is escaped."""
    from pipeline.back.merge import YAML_UNPRINTABLE
    printable = [(0x09, 0x0A), (0x0D, 0x0D), (0x20, 0x7E), (0xA0, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF)]
    escaped = [c for c in range(0x110000) if YAML_UNPRINTABLE.match(chr(c))]
    assert escaped == [c for c in range(0x110000) if not any(low <= c <= high for low, high in printable)]
