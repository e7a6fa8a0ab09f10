"""End to end: a hostile msgstr in a catalog is reported by `l10n check` (file:line and the check's
name), `l10n build` writes the source text instead, and no trace of it reaches the page; a natural
translation of the same unit passes and is used. With the real Hugo: every page still builds.

Each attack gets a page of its own (a copy of ATTACK_PAGE), so one extract, check and build cover them
all, and each attacked page must come out exactly like the untranslated copy.
"""
import html
import pathlib
import re
import subprocess

import polib
import pytest
import yaml

from conftest import ORACLE, Run, needs
from pipeline.back.merge import _attribute
from pipeline.po.review import msgstr_line

ATTACK_PAGE = """\
---
title: "攻撃のテスト"
---
## ユーザーごとに設定する

説明の段落です。[ヘルプ](/general/ja/login/forgot_url.html)を参照してください。

1. 手順の一行目です。  
   手順の二行目です。

### 表示名

|項目|説明|
|---|---|
|表示名|画面に表示される名前です。|

<table>
  <tr>
    <td>セルの文です。</td>
  </tr>
</table>

{{< screen src="/general/img-ja/a.png" alt="設定画面の画像" >}}

```text
コードの行です。
```
"""
TITLE, HEADING, PARAGRAPH = "攻撃のテスト", "ユーザーごとに設定する", \
    "説明の段落です。[ヘルプ](/general/ja/login/forgot_url.html)を参照してください。"
ITEM, CELL, HTML_CELL, ALT, CODE = "手順の一行目です。\n手順の二行目です。", "画面に表示される名前です。", "セルの文です。", \
    "設定画面の画像", "コードの行です。"
LABEL = "表示名"  # a pipe-table cell and a heading: one msgid, two kinds
LINK = "[help](/general/ja/login/forgot_url.html)"

# name: (msgid, hostile msgstr, the check that must reject it, a trace of it that must not reach the page)
ATTACKS = {
    "unclosed img in a raw HTML cell": (HTML_CELL, "Cell <img src=x onerror=alert(1) ", "injection", "onerror"),
    "link with a quoted title": (PARAGRAPH, f"See {LINK} or [more](https://evil.example/a 'x').", "injection", "evil"),
    "link with a parenthesized title": (PARAGRAPH, f"See {LINK} or [more](https://evil.example/a (x)).", "injection", "evil"),
    "reference definition and use": (PARAGRAPH, f"[r]: https://evil.example/ref\nSee {LINK} or [more][r].", "injection", "evil"),
    "bare URL": (PARAGRAPH, f"See {LINK} or https://evil.example/ .", "injection", "evil"),
    "link turned into an image": (PARAGRAPH, "See !" + LINK + ".", "injection", "!["),
    "definition list": (ITEM, "Step line one.\n: evil definition", "structure", "evil"),
    "pipe table in a list item": (ITEM, "Step evil one.\na | b\n--|--\nc | d", "structure", "evil"),
    "trailing backslash in a pipe cell": (CELL, "The evil name shown\\", "structure", "evil"),
    "backslash before a shortcode's closing quote": (ALT, "Evil image \\", "structure", "Evil"),
    "heading with its own id": (HEADING, "Setting it per user {#per-user}", "structure", "per-user"),
    "heading with a class": (HEADING, "Setting it per user {.evil}", "structure", "evil"),
    # beyond the issue's list, one of each class
    "start of a shortcode": (PARAGRAPH, f"See {LINK} {{{{< evil", "injection", "evil"),
    "code fence closed inside a code unit": (CODE, "evil line\n```\n## Evil heading", "structure", "evil"),
    "HTML comment never closed": (HTML_CELL, "Cell <!-- evil", "injection", "evil"),
    "task checkbox": (ITEM, "[x] Evil step.\nStep line two.", "structure", "Evil"),
    "autolinked e-mail address": (PARAGRAPH, f"See {LINK} or write to evil@evil.example.", "injection", "evil"),
    "footnote reference": (PARAGRAPH, f"See {LINK}.[^evil]", "injection", "evil"),
    "javascript: target written with a character reference": (
        PARAGRAPH, f"See {LINK} or [this](&#106;avascript:alert('evil')).", "injection", "evil"),
    "setext underline": (ITEM, "Evil step line one.\n---", "structure", "Evil"),
    "a heading's text that is also a cell, with a '|'": (LABEL, "Evil name | shown", "structure", "Evil"),
}
# name: (msgid, natural msgstr, what of it the page shows)
NATURAL = {
    "cell": (HTML_CELL, "A sentence in a cell.", "A sentence in a cell."),
    "paragraph": (PARAGRAPH, f"For details, see {LINK}: it lists every case.", "For details, see [help]"),
    "list item": (ITEM, "First line of the step.\nSecond line: 10 items | 2 groups.", "Second line: 10 items"),
    "pipe cell": (CELL, "The name shown on screens \\| menus.", "The name shown on screens \\| menus."),
    "alt": (ALT, 'The "Settings" screen', 'The \\"Settings\\" screen'),
    "heading": (HEADING, "Setting it per user", "Setting it per user"),
    "title with a control character": (TITLE, "Attack\x7f test", None),  # merge escapes it in the YAML
    "code": (CODE, "A line of code.", "A line of code."),
    "heading and cell": (LABEL, "Display name", "|Display name|"),
}


def names(table: dict) -> list[str]:
    return sorted(table)


def page_name(table: dict, name: str) -> str:
    return f"{'attack' if table is ATTACKS else 'natural'}_{names(table).index(name):02d}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo site plus one copy of ATTACK_PAGE per case, extracted, translated, checked and built."""
    import shutil
    from conftest import ROOT
    root = tmp_path_factory.mktemp("injection") / "site"
    root.mkdir()
    shutil.copy(ROOT / "l10n.yaml", root / "l10n.yaml")
    shutil.copytree(ROOT / "source", root / "source")
    folder = root / "source/content/attacks"
    folder.mkdir()
    for table in (ATTACKS, NATURAL):
        for name in names(table):
            (folder / f"{page_name(table, name)}.md").write_text(ATTACK_PAGE, encoding="utf-8")
    (folder / "untranslated.md").write_text(ATTACK_PAGE, encoding="utf-8")
    run = Run(root)
    run("extract")
    lines = {}
    for table in (ATTACKS, NATURAL):
        for name in names(table):
            msgid, msgstr = table[name][:2]
            lines[name] = translate(root / f"locales/en/attacks/{page_name(table, name)}.po", msgid, msgstr)
    check = run("check", code=None).output
    run("build", "--region", "JP", "--lang", "en", code=None)
    return root, check, lines


def translate(path: pathlib.Path, msgid: str, msgstr: str) -> int:
    """Sets one entry's msgstr; the line of that msgstr in the saved catalog."""
    po = polib.pofile(str(path), wrapwidth=0)
    entry = po.find(msgid)
    assert entry is not None, (path, msgid)
    entry.msgstr = msgstr
    po.save(str(path))
    saved = polib.pofile(str(path), wrapwidth=0).find(msgid)
    return msgstr_line(path.read_text(encoding="utf-8").split("\n"), saved.linenum)


def output(root: pathlib.Path, page: str) -> str:
    return (root / f"build/JP/en/attacks/{page}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", names(ATTACKS))
def test_an_attack_is_reported_with_file_line_and_check_and_never_reaches_the_page(site, name):
    root, check, lines = site
    msgid, msgstr, expected, trace = ATTACKS[name]
    page = page_name(ATTACKS, name)
    label = f"locales/en/attacks/{page}.po:{lines[name]}: error: {expected}: "
    reported = [line for line in check.splitlines() if line.startswith(label)]
    assert reported and all(f"(attacks/{page}.md:" in line for line in reported), (name, check)
    built = output(root, page)
    assert built == output(root, "untranslated"), name  # the source text, byte for byte
    assert trace not in built


@pytest.mark.parametrize("name", names(NATURAL))
def test_a_natural_translation_of_the_same_unit_passes_and_is_used(site, name):
    root, check, _ = site
    page = page_name(NATURAL, name)
    assert f"attacks/{page}.po" not in check, check
    shown = NATURAL[name][2]
    built = output(root, page)
    if shown is not None:
        assert shown in built, (name, built)


def test_a_title_with_a_control_character_stays_valid_yaml(site):
    root, _, _ = site
    text = output(root, page_name(NATURAL, "title with a control character"))
    assert yaml.safe_load(text.split("---\n")[1])["title"] == "Attack\x7f test"


@needs("hugo")
@pytest.mark.skipif(not (ORACLE / "render.sh").exists(), reason="../shared/oracle is not here")
def test_hugo_builds_every_page_and_shows_no_attack(site, tmp_path):
    root, _, _ = site
    rendered = tmp_path / "html"
    subprocess.run(["bash", str(ORACLE / "render.sh"), str(root / "build/JP/en"), "JP", "en", str(rendered),
                    str(root / "l10n.yaml")], check=True, capture_output=True)
    reference = (rendered / "attacks/untranslated.html").read_text(encoding="utf-8")
    for name in names(ATTACKS):
        assert (rendered / f"attacks/{page_name(ATTACKS, name)}.html").read_text(encoding="utf-8") == reference, name
    title = (rendered / f"attacks/{page_name(NATURAL, 'title with a control character')}.html").read_text(encoding="utf-8")
    assert "<h1>Attack\x7f test</h1>" in title


# What merge writes into a "…" shortcode parameter, read back by the real Hugo: the page builds and
# the value is the translation (without the backslashes Hugo cannot keep). (value, what Hugo shows)
SHORTCODE_VALUES = [
    ("Image \\", "Image "),
    ("Image \\\\", "Image "),
    ("a\\`b", "a`b"),
    ("C:\\temp", "C:\\temp"),
    ('The "Settings" screen', 'The "Settings" screen'),
    ('C:\\temp "x"', 'C:temp "x"'),
    ('ends with a quote "', 'ends with a quote "'),
    ('\\" already escaped \\"', '" already escaped "'),
    ("a `raw` part", "a `raw` part"),
    ("x >}} <b>y</b> {{< z", "x >}} <b>y</b> {{< z"),
]


@needs("hugo")
@pytest.mark.skipif(not (ORACLE / "render.sh").exists(), reason="../shared/oracle is not here")
def test_shortcode_attribute_values_are_written_so_hugo_reads_them(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for n, (value, _) in enumerate(SHORTCODE_VALUES):
        written = _attribute(value, 'shortcode"')
        (content / f"p{n}.md").write_text(f'---\ntitle: p{n}\n---\n{{{{< screen src="/a.png" alt="{written}" >}}}}\n',
                                           encoding="utf-8")
    from conftest import ROOT
    rendered = tmp_path / "html"
    result = subprocess.run(["bash", str(ORACLE / "render.sh"), str(content), "JP", "en", str(rendered),
                             str(ROOT / "l10n.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for n, (value, shown) in enumerate(SHORTCODE_VALUES):
        alt = re.search(r'alt="(.*?)">', (rendered / f"p{n}.html").read_text(encoding="utf-8")).group(1)
        assert html.unescape(alt) == shown, value
