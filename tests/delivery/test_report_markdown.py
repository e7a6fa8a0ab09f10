"""summary.md: the report's figures, short, escaped for Markdown."""
from __future__ import annotations

import copy

from pipeline.delivery.report_markdown import render_markdown


def test_matrix_with_the_change_in_translated_words(report_sample):
    lines = render_markdown(report_sample).splitlines()
    table = lines[lines.index("| Region | en | ja | zh |"):][:5]
    assert table[1] == "|---|---:|---:|---:|"
    assert table[2] == "| JP | 🟠 75.0 % (150/200) +250 words | 🟢 100.0 % (200/200) +10 words | 🔴 31.5 % (60/200) |"
    assert table[3] == "| US | 🟢 95.2 % (171/180) -30 words | 🟢 100.0 % (180/180) +10 words |  |"
    assert table[4] == "| CN |  | 🟢 100.0 % (150/150) +20 words | 🟠 52.3 % (80/150) |"
    without = render_markdown({**report_sample, "changes": None})
    assert "| JP | 🟠 75.0 % (150/200) | 🟢 100.0 % (200/200) | 🔴 31.5 % (60/200) |" in without
    assert "What changed" not in without


def test_counts_changes_progress_and_least_translated(report_sample):
    text = render_markdown(report_sample)
    assert ("**1** source errors · **1** rejected translations · **1** dead links · **269** fallbacks to the source "
            "text · **1** pages held back (too little translated)") in text
    assert "**1** page added · **1** removed · **1** changed (previous bundle: 2026-11-24, def4567890ab)" in text
    assert "| JP | en | 0 | 0 | 1 | 2250 | +250 |" in text and "| CN | zh | 0 | 0 | 0 | 1307 | unknown |" in text
    assert "- added: `new.md` (JP/ja, US/ja, CN/ja)" in text
    assert "### Progress over time (3 runs since 2026-11-23)" in text and "- JP/en: 75.0 % (+15.0 since 2026-11-23)" in text
    least = text[text.index("### Least translated pages (2 not done)"):].splitlines()
    assert least[4].startswith("| `login/troubleshoot_second.md` | 🔴 29.3 % (4 fuzzy, 23 untranslated, 2 rejected) |")
    assert least[5].startswith("| `login/unlock.md` | 🟢 90.0 % (1 fuzzy, 1 untranslated, 0 rejected)")


def test_lists_fallbacks_per_page():
    text = render_markdown({"matrix": [], "fallbacks_total": 7,
                            "fallback_pages": [{"page": "a.md", "total": 7, "where": {"JP/en": 4, "US/en": 3}}]})
    assert "### Fallbacks to the source text (7 units on 1 page)" in text
    assert "- `a.md`: 7 units (JP/en 4 · US/en 3)" in text


def test_escapes_html_and_markdown(report_sample):
    report_sample["errors"][0]["message"] = "unclosed <script>x</script> | *bold* `code`"
    text = render_markdown(report_sample)
    assert "<script>" not in text and r"unclosed &lt;script&gt;x&lt;/script&gt; \| \*bold\* \`code\`" in text
    assert "- `locales/en/login/unlock.po:40` (placeholders): missing '{{%store%}}'" in text


def test_lists_only_the_first_twenty(report_sample):
    data = copy.deepcopy(report_sample)
    data["dead_links"] = [{"file": f"p{i}.md", "line": i, "target": "/x", "regions": ["JP"], "reason": "no such page"}
                          for i in range(25)]
    text = render_markdown(data)
    assert "`p19.md:19`" in text and "`p20.md:20`" not in text
    assert "- … and 5 more in the HTML report" in text and "### Dead links (25)" in text


def test_leaves_out_empty_lists(report_sample):
    text = render_markdown({**report_sample, "errors": [], "dead_links": []})
    assert "### Source errors" not in text and "**0** source errors" in text and "### Dead links" not in text
