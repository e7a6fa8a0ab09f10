import pathlib

import pytest

from pipeline.model import SourceError
from pipeline.reading import pages, shortcodes
from pipeline.settings.config import DEFAULT_PAIRED

REGIONS = {"JP", "US", "CN"}


def read(tmp_path: pathlib.Path, text: str | bytes) -> pages.Page:
    path = tmp_path / "page.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return pages.read(path, "page.md", "page.md")


def problems(tmp_path, text):
    page = read(tmp_path, text)
    return [str(e) for e in pages.check(page, shortcodes.scan(page.text), REGIONS, set(DEFAULT_PAIRED))]


def test_unclosed_shortcode_is_reported_where_it_was_opened(tmp_path):
    text = "---\ntitle: t\n---\n\ntext\n\n{{< seealso title=\"関連\" >}}\n[a](/b.html)\n"
    assert problems(tmp_path, text) == [
        "page.md:7: shortcode 'seealso' opened here is never closed: add {{< /seealso >}}"]


def test_unknown_region_code(tmp_path):
    errors = problems(tmp_path, "{{% enabled JP EU %}}\nx\n{{% /enabled %}}\n")
    assert errors == ["page.md:1: unknown region code EU in '{{% enabled JP EU %}}' (known: CN, JP, US)"]


def test_conditional_closed_twice(tmp_path):
    errors = problems(tmp_path, "{{% enabled JP %}}\nx\n{{% /enabled %}}\ny\n{{% /enabled %}}\n")
    assert errors == ["page.md:5: '{{% /enabled %}}' closes nothing (closed twice?): remove it or add the opening tag"]


def test_mismatched_nesting(tmp_path):
    errors = problems(tmp_path, "{{% enabled JP %}}\n{{% note %}}\nx\n{{% /enabled %}}\n{{% /note %}}\n")
    assert errors[0].startswith("page.md:2: shortcode 'note' opened here is closed by '{{% /enabled %}}' on line 4")


def test_unknown_region_in_front_matter(tmp_path):
    assert problems(tmp_path, "---\ntitle: t\ndisabled: [US, XX]\n---\nx\n")[0].startswith(
        "page.md:1: front matter 'disabled' names unknown region XX")


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: [unclosed\n---\nx\n", 2, "invalid YAML"),
    ("---\ntitle: t\nbody without end\n", 1, "never closed"),
    ("---\n- a\n- b\n---\nx\n", 2, "mapping"),
    ("   \n\n", 1, "empty page"),
    (b"ok\n\xff\xfe bad\n", 2, "not UTF-8"),
    ("+++\ntitle = \"t\"\nweight = \n+++\nx\n", 3, "invalid TOML in front matter: Invalid value"),
    ("+++\ntitle = \"t\"\nbody without end\n", 1, "never closed: add a line '+++' after it"),
    ('{\n  "title": "t",\n}\nx\n', 3, "invalid JSON in front matter"),
    ('{\n  "title": "t {"\nx\n', 1, "never closed: add the '}'"),
    ("\ufeff---\ntitle: [unclosed\n---\nx\n", 2, "invalid YAML"),
])
def test_unreadable_pages(tmp_path, text, line, words):
    with pytest.raises(SourceError) as err:
        read(tmp_path, text)
    assert err.value.line == line and words in err.value.message


def test_disabled_regions_and_variables(tmp_path):
    page = read(tmp_path, '---\ntitle: "{{%store%}}で"\ndisabled: [US,CN]\n---\n{{< screen alt="{{%kintone%}}" >}}{{% service %}}\n')
    assert not page.published_in("US") and page.published_in("JP")
    names = [name for name, _ in pages.variables_used(page.text, shortcodes.scan(page.text), frozenset({"screen"}))]
    assert names == ["store", "kintone", "service"]


def test_windows_line_endings_are_read_like_unix_ones(tmp_path):
    page = read(tmp_path, b"---\r\ntitle: t\r\ndisabled: [CN]\r\n---\r\n\xe6\x9c\xac\xe6\x96\x87\r\n")
    assert page.text == "---\ntitle: t\ndisabled: [CN]\n---\n本文\n"
    assert not page.published_in("CN")


def test_a_bom_is_left_out_of_the_text_and_lines_still_count_from_the_file(tmp_path):
    page = read(tmp_path, "\ufeff---\ntitle: t\n---\n\ntext\n\n{{< seealso title=\"関連\" >}}\n[a](/b.html)\n")
    assert page.bom and page.text.startswith("---\n") and page.front_matter == {"title": "t"}
    assert [str(e) for e in pages.check(page, shortcodes.scan(page.text), REGIONS, set(DEFAULT_PAIRED))] == [
        "page.md:7: shortcode 'seealso' opened here is never closed: add {{< /seealso >}}"]


def test_unterminated_shortcode_tags_are_reported_where_they_open(tmp_path):
    text = ('---\ntitle: "{{< not read by Hugo"\n---\n\n'
            '{{< screen src="/a.png" alt="{{%kintone%}}のアカウント" >}}\n\n'  # a variable inside a quoted attribute
            '{{< tile\n  link_text="a"\n  link_href="/b.html"\n>}}\ninner\n{{< /tile >}}\n\n'  # one attribute a line
            '{{< screen src="/c.png"\n\n本文 "quoted\n\n'  # line 14: never ended; the next tag's end is not its own
            '{{< screen src="/d.png" alt="d" >}}\n\n'
            '{{% note title="{{%kintone%}}" %}}\nx\n{{% /note %}}\n\n'  # ends after the variable's end
            '{{% note\n')  # line 24: never ended, nothing after it
    assert problems(tmp_path, text) == [
        "page.md:14: shortcode tag '{{< screen' opened here is never closed: add '>}}' where it ends",
        "page.md:24: shortcode tag '{{% note' opened here is never closed: add '%}}' where it ends"]


def test_a_forgotten_text_is_read_again_from_its_file_only_as_the_run_found_it(tmp_path):
    page = read(tmp_path, "\ufeff---\ntitle: t\n---\n本文\r\n")
    page.forget_text()
    assert page.text == "---\ntitle: t\n---\n本文\n" and page.bom
    page.forget_text()
    (tmp_path / "page.md").write_text("---\ntitle: t\n---\n書き換えた本文\n", encoding="utf-8")
    with pytest.raises(OSError, match="changed while this run was reading the site"):
        page.text
    made = pages.Page(rel="made.md", label="made.md", _text="本文\n")  # no file to read it from: kept
    made.forget_text()
    assert made.text == "本文\n"
