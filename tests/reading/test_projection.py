import importlib.util

import pytest

from conftest import ORACLE, SEED
from pipeline.reading.projection import LineIndex, project


def oracle_project():
    path = ORACLE / "project.py"
    if not path.exists():
        pytest.skip("the oracle (../shared/oracle) is not beside this checkout")
    spec = importlib.util.spec_from_file_location("oracle_project", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.project


NESTED = (
    "a{{% enabled JP CN %}}b{{% disabled CN %}}c{{% /disabled %}}d{{% /enabled %}}e"
    "{{% disabled US%}}f{{% /disabled %}}{{%service%}}\n"
)


@pytest.mark.parametrize("region, expected", [("JP", "abcdef"), ("CN", "abdef"), ("US", "ae")])
def test_nested_conditionals_and_sloppy_spacing(region, expected):
    assert project(NESTED, region).text == expected + "{{%service%}}\n"


@pytest.mark.parametrize("region", ["JP", "US", "CN"])
def test_same_text_as_the_oracle_on_the_seed(region):
    text = SEED.read_text(encoding="utf-8")
    assert project(text, region).text == oracle_project()(text, region)


def test_offsets_map_back_to_source_lines():
    text = "x\n{{% enabled US %}}\nUS only\n{{% /enabled %}}\nshared\n"
    p = project(text, "US")
    lines = LineIndex(text)
    assert lines.line(p.source_offset(p.text.index("US only"))) == 3
    assert lines.line(p.source_offset(p.text.index("shared"))) == 5
    jp = project(text, "JP")
    assert lines.line(jp.source_offset(jp.text.index("shared"))) == 5
