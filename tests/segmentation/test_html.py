"""Raw HTML blocks: the runs between block tags without a letter are skipped before they are split
into lines, and that changes no unit."""
import re

from hypothesis import given, settings, strategies as st

from conftest import RULES
from pipeline.segmentation import html, segment

PIECES = st.sampled_from(["<table>", "</table>", "<tr>", "<td>", "</td>", "<br>", "<sup>1</sup>", "\n", "  ",
                          "\t", "　", "1", "２", "_", "・", "—", "&nbsp;", "{{% note %}}", "{{% /note %}}",
                          "{{%service%}}", "設定", "ａ", "x", "<!-- メモ -->", "\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_skipping_runs_without_a_letter_changes_no_unit(pieces):
    text = "<table>\n" + "".join(pieces) + "\n</table>\n"
    fast = segment(text, RULES)
    skipping = html.NO_LETTER
    html.NO_LETTER = re.compile(r"(?!)")  # every run split into lines
    try:
        assert segment(text, RULES) == fast
    finally:
        html.NO_LETTER = skipping
