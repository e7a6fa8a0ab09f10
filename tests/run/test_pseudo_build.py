"""`l10n pseudo` over the demo site: every region's pseudo build shows no source-language text."""
import re

import polib

from pipeline.delivery.pseudo import find_cjk

FENCE = re.compile(r"^\s*```.*?^\s*```", re.M | re.S)
HEADING_ID = re.compile(r"\{#[^}\s]+\}[ \t]*$", re.M)  # stable ids: structure links point at, not text


def test_pseudo_catalogs_and_builds_leave_no_source_language_text(demo, l10n):
    result = l10n("pseudo")
    assert "0 errors" in result.output
    catalog = polib.pofile(str(demo / "locales/qps/login/troubleshoot_second.po"))
    assert catalog.metadata["Language"] == "qps" and all(e.msgstr for e in catalog if "no-wrap" not in e.flags)
    built = sorted((demo / "build").glob("*/qps"))
    assert [p.parent.name for p in built] == ["CN", "JP", "US"]
    left = {}
    for page in (demo / "build").glob("*/qps/**/*.md"):
        text = HEADING_ID.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))
        if find_cjk(text):
            left[str(page.relative_to(demo))] = "".join(find_cjk(text))
    assert left == {}
    again = {p: p.read_bytes() for p in (demo / "build").glob("*/qps/**/*.md")}
    l10n("pseudo")
    assert again == {p: p.read_bytes() for p in (demo / "build").glob("*/qps/**/*.md")}
