"""Property-based: pages built from the site's constructs round-trip exactly and never crash the tool."""
import pathlib
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import RULES
from pipeline.back.merge import Plan, render_page
from pipeline.model import SourceError
from pipeline.reading import pages, shortcodes
from pipeline.reading.projection import project
from pipeline.segmentation import segment
from pipeline.settings.config import DEFAULT_PAIRED

REGIONS = ["JP", "US", "CN"]
words = st.sampled_from(["ログイン", "管理者", "{{%service%}}", "{{% slash %}}", "<b>注意</b>", "[リンク](/general/ja/a.html)",
                         "`code`", "&lt;名前&gt;", "**重要**", "設定します。", "<sup>1</sup>", "![画像](/img/x.png)", "Kintone"])
sentence = st.lists(words, min_size=1, max_size=5).map("".join)
breaks = st.sampled_from(["  \n", "\n", "\\\n"])
regions = st.lists(st.sampled_from(REGIONS), min_size=1, max_size=3, unique=True).map(" ".join)


def paragraph(draw):
    lines = draw(st.lists(sentence, min_size=1, max_size=3))
    return "".join(line + draw(breaks) for line in lines[:-1]) + lines[-1] + "  \n"


@st.composite
def block(draw, depth=0):
    kind = draw(st.sampled_from(["heading", "para", "list", "table", "note", "code", "screen", "cond", "inline"]
                                if depth < 2 else ["heading", "para", "list"]))
    if kind == "heading":
        return f"## {draw(sentence)} {{#h_{draw(st.integers(0, 99))}}}\n"
    if kind == "para":
        return paragraph(draw)
    if kind == "list":
        items = draw(st.lists(sentence, min_size=1, max_size=3))
        marker = draw(st.sampled_from(["* ", "1. "]))
        shot = ' {{< screen src="/general/img-ja/x.png"  alt="画面の例">}}\n'
        return "".join(f"{marker}{item}  \n" + (shot if draw(st.booleans()) else "") for item in items)
    if kind == "table":
        cells = draw(st.lists(sentence, min_size=1, max_size=3))
        cond = f"{{{{% disabled {draw(regions)} %}}}}{draw(sentence)}{{{{% /disabled %}}}}"
        rows = "".join(f"    <tr><td>{c}</td><td>{cond}{c}</td></tr>\n" for c in cells)
        return f"<table>\n    <caption>{draw(sentence)}</caption>\n{rows}</table>\n"
    if kind == "note":
        return "{{% note %}}\n" + draw(block(depth + 1)) + "{{% /note %}}\n"
    if kind == "code":
        return "```text\n" + draw(sentence) + "\n```\n"
    if kind == "screen":
        return '{{< screen src="/general/img-ja/y.png"  alt="' + draw(sentence).replace('"', "") + '">}}\n'
    if kind == "inline":
        return (f"{{{{% enabled {draw(regions)} %}}}}{draw(sentence)}{{{{% /enabled %}}}}"
                f"{{{{% enabled {draw(regions)} %}}}}{draw(sentence)}{{{{% /enabled %}}}}{draw(sentence)}\n")
    name = draw(st.sampled_from(["enabled", "disabled"]))
    inner = "\n".join(draw(st.lists(block(depth + 1), min_size=1, max_size=3)))
    return f"{{{{% {name} {draw(regions)} %}}}}\n{inner}{{{{% /{name} %}}}}\n"


@st.composite
def page(draw):
    body = "\n".join(draw(st.lists(block(), min_size=1, max_size=6)))
    title = draw(sentence).replace('"', "")
    return f'---\ntitle: "{title}"\nweight: 100\n---\n\n{body}'


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_identity_round_trip_in_every_region(text):
    for region in REGIONS:
        projected = project(text, region).text
        units = segment(projected, RULES)
        assert render_page(projected, Plan(units, lambda msgid: msgid), None, None) == projected
        for unit in units:  # every unit is a span of what the region shows, never conditional markup
            assert "enabled" not in unit.msgid and "disabled" not in unit.msgid


def pseudo(text):
    return re.sub(r"[\u3040-\u30ff\u3400-\u9fff]", "x", text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_translated_units_land_exactly_in_their_spans(text):
    """A translation with the same lines keeps every separator: only the unit spans change."""
    for region in REGIONS:
        projected = project(text, region).text
        units = segment(projected, RULES)
        expected, pos = [], 0
        for unit in units:
            expected += [projected[pos:unit.start], pseudo(projected[unit.start:unit.end])]
            pos = unit.end
        expected.append(projected[pos:])
        out = render_page(projected, Plan(units, lambda m: pseudo(m) if pseudo(m) != m else None), None, None)
        assert out == "".join(expected)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page(), st.integers(0, 10_000), st.sampled_from(["{{% /enabled %}}", "{{% /note %}}", "{{% enabled EU %}}",
                                                         "---\n", "{{< seealso >}}", "\x00", "\n---\n"]))
def test_damaged_pages_give_an_error_or_a_page_never_a_crash(tmp_path_factory, text, at, damage):
    at = at % (len(text) + 1)
    broken = text[:at] + damage + text[at:]
    path = pathlib.Path(tmp_path_factory.mktemp("p")) / "page.md"
    path.write_text(broken, encoding="utf-8")
    try:
        page_ = pages.read(path, "page.md", "page.md")
    except SourceError as err:
        assert err.line is not None and err.line >= 1
        return
    problems = pages.check(page_, shortcodes.scan(page_.text), set(REGIONS), set(DEFAULT_PAIRED))
    assert all(p.line >= 1 for p in problems)
    if not problems:
        for region in REGIONS:
            projected = project(broken, region).text
            assert render_page(projected, Plan(segment(projected, RULES), lambda m: m), None, None) == projected
