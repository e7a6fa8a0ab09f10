"""Units as the store keeps them: what goes in comes back equal, whichever version stored it."""
import json
from dataclasses import fields

from conftest import RULES, SEED
from pipeline.model import Kind, Unit, units_from_json, units_to_json
from pipeline.segmentation import segment


def test_units_come_back_from_json_equal_and_of_the_same_types():
    every_field = Unit(start=3, end=9, msgid="一行目\n二行目", kind=Kind.HEADING, seps=(" \n",), default_sep="\n",
                       anchor="top", flags=("no-wrap",), style="cell", note="code: keep it", label="alt of screen")
    units = [every_field, *segment(SEED.read_text(encoding="utf-8"), RULES)]
    back = units_from_json(units_to_json(units))
    assert back == units
    for before, after in zip(units, back):
        assert all(type(getattr(after, f.name)) is type(getattr(before, f.name)) for f in fields(Unit))
        assert hash(after) == hash(before)


def test_units_stored_by_another_version_are_read_by_field_name():
    stored = json.loads(units_to_json([Unit(0, 2, "見出し", Kind.HEADING, anchor="a")]))
    stored["fields"] = ["msgid", "start", "end", "kind", "anchor", "gone"]  # reordered, one unknown, some missing
    stored["rows"] = [["見出し", 0, 2, "heading", "a", 1]]
    assert units_from_json(json.dumps(stored)) == [Unit(0, 2, "見出し", Kind.HEADING, anchor="a")]
