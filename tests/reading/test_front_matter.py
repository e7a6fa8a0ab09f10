"""Every front matter form Hugo reads, on a small site of our own whose source language is English.

YAML (with keys, only a comment, empty), TOML (basic and literal strings), JSON, none, and YAML
after a byte order mark: each page is read, gives its title unit, rebuilds byte for byte under an
identity translation, and keeps front matter its own parser reads back to exactly the translated
value whatever a translator typed. Also: an unterminated shortcode tag is reported, not built.
"""
import html
import json
import pathlib
import re
import subprocess
import tomllib

import polib
import pytest
import yaml

from conftest import ORACLE, Run, needs
from pipeline.reading import pages, shortcodes
from pipeline.reading.frontmatter import front_matter_end

BOM = "\ufeff"
CONFIG = """\
source_language: en
source: content
locales: locales
build: build
front_matter: [title]
checks: {structure: "off", balance: "off"}   # let hostile titles through to the way back
regions:
  EU:
    variables: {product: Widget}
    languages:
      en: {vendor: Acme & Sons}
      de: {vendor: Acme & Söhne}
  AS:
    variables: {product: Gadget}
    languages:
      en: {vendor: Acme Asia}
      ja: {vendor: アクメ}
shortcodes:
  translatable_attributes: {figure: [caption]}
"""
# name: (the page, its title or None); BODY_STARTS: how its Markdown starts
PAGES = {
    "yaml.md": ('---\ntitle: "Set up {{%product%}}"\nweight: 2\n---\n\n'
                '{{< figure src="/a.png" caption="A caption by {{%vendor%}}" >}}\n\nText about {{%product%}}.\n',
                "Set up {{%product%}}"),
    "yaml_single.md": ("---\ntitle: 'It''s {{%product%}}'\n---\nText.\n", "It's {{%product%}}"),
    "yaml_comment.md": ("---\n# Do not remove front matter.\n---\n\nA page whose front matter holds only a comment.\n",
                        None),
    "yaml_empty.md": ("---\n---\nA page right after empty front matter.\n", None),
    "toml.md": ('+++\ntitle = "Install the {{%product%}} app"\nweight = 3\n\n[params]\ntitle = "Not the title"\n+++\n\n'
                "## Before you start\n\nText.\n", "Install the {{%product%}} app"),
    "toml_literal.md": ("+++\ntitle = 'Paths like C:\\temp'  # a literal string\ndisabled = [\"AS\"]\n+++\n\nText.\n",
                        "Paths like C:\\temp"),
    "json.md": ('{\n  "title": "Use the \\"{{%product%}}\\" API \\u00e9",\n  "weight": 4,\n'
                '  "params": {"title": "Not the title"}\n}\n\n{{< figure src="/b.png" caption="Another caption" >}}\n',
                'Use the "{{%product%}}" API é'),
    "plain.md": ('No front matter here.\n\n{{< figure src="/c.png" caption="Plain caption" >}}\n', None),
    "bom.md": (BOM + "---\ntitle: A page saved with a BOM\n---\n\nText.\n", "A page saved with a BOM"),
}
BODY_STARTS = {"yaml.md": "\n{{< figure", "yaml_single.md": "Text.", "yaml_comment.md": "\nA page",
               "yaml_empty.md": "A page", "toml.md": "\n## Before", "toml_literal.md": "\nText.",
               "json.md": "\n{{< figure", "plain.md": "No front", "bom.md": "\nText."}
TITLED = sorted(name for name, (_, title) in PAGES.items() if title)
HOSTILE = 'a "b" \\ c +++ }{ \'\n+++\n---\n}\n\x7f \x85 \t\x01 ]] """ \'\'\' '  # + the msgid: its placeholders stay


@pytest.fixture
def site(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "l10n.yaml").write_text(CONFIG, encoding="utf-8")
    for name, (text, _) in PAGES.items():
        (root / "content" / name).write_bytes(text.encode("utf-8"))
    return root


def fill(root: pathlib.Path, msgstr) -> None:
    """Every entry of every catalog translated as msgstr(entry) says."""
    for path in (root / "locales").rglob("*.po"):
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            entry.msgstr = msgstr(entry)
        po.save(str(path))


def outputs(root: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(root / "build").as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*.md"))}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_form_is_read_as_hugo_reads_it(site, name):
    text, title = PAGES[name]
    page = pages.read(site / "content" / name, name, name)
    assert page.text == text.removeprefix(BOM) and page.bom == text.startswith(BOM)
    assert page.text[page.body_start:].startswith(BODY_STARTS[name])
    assert front_matter_end(page.text) == page.body_start
    assert page.front_matter.get("title") == title
    assert pages.check(page, shortcodes.scan(page.text), {"EU", "AS"}, set()) == []


def test_disabled_works_in_toml_and_json_front_matter(site):
    (site / "content" / "json_disabled.md").write_text('{"title": "EU only", "disabled": ["AS"]}\nText.\n', encoding="utf-8")
    for name in ("toml_literal.md", "json_disabled.md"):
        page = pages.read(site / "content" / name, name, name)
        assert page.published_in("EU") and not page.published_in("AS")


def test_each_title_is_a_unit_of_its_catalog(site):
    Run(site)("extract")
    for name in TITLED:
        po = polib.pofile(str(site / "locales/de" / name.replace(".md", ".po")))
        entry = po.find(PAGES[name][1])
        assert entry is not None and "front matter: title" in entry.comment, name
    for name, caption in (("yaml.md", "A caption by {{%vendor%}}"), ("json.md", "Another caption"),
                          ("plain.md", "Plain caption")):
        assert polib.pofile(str(site / "locales/de" / name.replace(".md", ".po"))).find(caption) is not None, name
    assert not any(e.msgid == "Not the title" for e in polib.pofile(str(site / "locales/de/toml.po")))
    assert not any("=" in e.msgid or "{" in e.msgid.replace("{{%", "") for e in polib.pofile(str(site / "locales/de/json.po")))


def test_identity_translation_rebuilds_every_form_byte_for_byte(site):
    Run(site)("extract")
    fill(site, lambda entry: entry.msgid)
    Run(site)("build", "--keep-variables")
    built = outputs(site)
    for region, langs in (("EU", ("en", "de")), ("AS", ("en", "ja"))):
        for lang in langs:
            for name, (text, _) in PAGES.items():
                if name == "toml_literal.md" and region == "AS":
                    assert f"{region}/{lang}/{name}" not in built  # disabled = ["AS"]
                    continue
                assert built[f"{region}/{lang}/{name}"].decode("utf-8") == text, (region, lang, name)


def front_matter_of(text: str, name: str) -> dict:
    """Read with the format's own parser, cutting the page as Hugo does (no help from the pipeline)."""
    text = text.removeprefix(BOM)
    if name.startswith("toml"):
        return tomllib.loads(text.split("+++\n")[1])
    if name.startswith("json"):
        return json.JSONDecoder().raw_decode(text)[0]
    return yaml.safe_load(text.split("---\n")[1])


def body(text: str) -> str:
    text = text.removeprefix(BOM)
    return text[front_matter_end(text):]


def hostile(entry: polib.POEntry) -> str:
    return HOSTILE + entry.msgid if entry.msgid in {PAGES[n][1] for n in TITLED} else ""


def test_hostile_titles_keep_every_front_matter_valid(site):
    Run(site)("extract")
    fill(site, hostile)
    Run(site)("build", "--region", "EU", "--lang", "de", "--keep-variables")
    for name in TITLED:
        text = (site / "build/EU/de" / name).read_text(encoding="utf-8")
        assert front_matter_of(text, name)["title"] == HOSTILE + PAGES[name][1], name
        assert body(text) == body(PAGES[name][0]), name


def test_untranslated_titles_get_the_values_of_their_variables(site):
    Run(site)("build", "--region", "AS", "--lang", "ja")
    assert front_matter_of((site / "build/AS/ja/toml.md").read_text(encoding="utf-8"), "toml")["title"] == \
        "Install the Gadget app"
    assert front_matter_of((site / "build/AS/ja/json.md").read_text(encoding="utf-8"), "json")["title"] == \
        'Use the "Gadget" API é'


@needs("hugo")
@pytest.mark.skipif(not (ORACLE / "render.sh").exists(), reason="../shared/oracle is not here")
def test_hugo_reads_every_form_and_every_hostile_title(site, tmp_path):
    Run(site)("extract")
    fill(site, hostile)
    Run(site)("build", "--region", "EU", "--lang", "de")
    rendered = tmp_path / "html"
    subprocess.run(["bash", str(ORACLE / "render.sh"), str(site / "build/EU/de"), "EU", "de", str(rendered),
                    str(site / "l10n.yaml")], check=True, capture_output=True)
    assert sorted(p.name for p in rendered.glob("*.html")) == sorted(n.replace(".md", ".html") for n in PAGES)
    for name in TITLED:
        h1 = re.search(r"<h1>(.*?)</h1>", (rendered / name.replace(".md", ".html")).read_text(encoding="utf-8")).group(1)
        expected = (HOSTILE + PAGES[name][1]).replace("{{%product%}}", "Widget")
        assert html.unescape(h1) == re.sub(r"\s+", " ", expected), name  # render.sh folds white space


def test_unterminated_shortcode_tag_is_reported_and_the_page_skipped(site):
    (site / "content" / "broken.md").write_text(
        '---\ntitle: Broken\n---\n\n{{< figure src="/d.png" caption="{{%vendor%}} screen" >}}\n\n'
        '{{< figure src="/e.png" caption="Never ended"\n\nText.\n\n{{< figure src="/f.png" caption="Later" >}}\n',
        encoding="utf-8")
    result = Run(site)("extract", code=1)
    assert "content/broken.md:7: error: shortcode tag '{{< figure' opened here is never closed: add '>}}' where it ends" \
        in result.output
    assert not (site / "locales/de/broken.po").exists() and (site / "locales/de/toml.po").exists()
    Run(site)("build", code=1)
    built = outputs(site)
    assert "EU/de/toml.md" in built and not any("broken" in name for name in built)
