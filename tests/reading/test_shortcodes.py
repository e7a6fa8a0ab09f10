"""Shortcode tags: the faster readings give what the plain ones give, on any text."""
from hypothesis import given, settings, strategies as st

from pipeline.reading import pages, shortcodes

PIECES = ["{{<", "{{%", ">}}", "%}}", " screen", " enabled US", " /enabled", "enabled", " note", " /note",
          " alt=\"", "\"", "`", "{{%kintone%}}", "a", "\n", " ", "{{% enabled JP %}}", "{{% /enabled %}}",
          "{{< screen alt=\"{{%kintone%}}\" >}}"]
texts = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=60))
def test_suspect_tags_from_the_tags_already_scanned_equal_a_fresh_scan(text, start):
    start = min(start, len(text))  # the body's start: a tag may straddle it
    given_tags = [m.start() for m in shortcodes._suspects(text, start, shortcodes.scan(text))]
    assert given_tags == [m.start() for m in shortcodes._suspects(text, start, None)]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_tags_as_read_leave_out_exactly_the_tags_a_conditional_overlaps(text):
    tags = shortcodes.scan(text)
    conditionals = [(m.start(), m.end()) for m in pages.CONDITIONAL.finditer(text)]
    kept = [t for t in tags if t.name not in shortcodes.CONDITIONALS
            and not any(s < t.end and t.start < e for s, e in conditionals)]
    read = [(t.start, t.name) for t in pages._tags_as_read(text, tags) if (t.start, t.end) not in conditionals]
    assert read == [(t.start, t.name) for t in kept]
