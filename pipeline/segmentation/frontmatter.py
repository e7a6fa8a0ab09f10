"""Front matter values of the configured keys (`title`), located with PyYAML's node marks."""
from __future__ import annotations

import re

import yaml

from ..model import Unit
from ..pages import SAFE_LOADER

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---(?:\n|\Z)", re.S)
STYLES = {None: "yaml-plain", '"': 'yaml"', "'": "yaml'"}


def front_matter_end(text: str) -> int:
    m = FRONT_MATTER.match(text)
    return m.end() if m else 0


def front_matter_units(text: str, keys: tuple[str, ...]) -> list[Unit]:
    """Also values without prose (`title: "{{%slash_help%}}"`): their variables are resolved on the
    way back, though the catalogs leave them out."""
    m = FRONT_MATTER.match(text)
    if not m or not keys:
        return []
    offset = m.start(1)
    try:
        root = yaml.compose(m.group(1), Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return []  # reported by pages.read on the source; a projection cannot add YAML errors
    if not isinstance(root, yaml.MappingNode):
        return []
    units = []
    for key, value in root.value:
        style = getattr(value, "style", None) or None  # libyaml says '' for a plain scalar, PyYAML None
        if key.value in keys and isinstance(value, yaml.ScalarNode) and style in STYLES \
                and value.tag == "tag:yaml.org,2002:str" and value.value.strip():
            units.append(Unit(start=offset + value.start_mark.index, end=offset + value.end_mark.index,
                              msgid=value.value, kind=f"front matter: {key.value}",
                              style=STYLES[style]))
    return units
