"""Shared fixtures: a scratch copy of the demo site, the CLI runner, the real gettext and Hugo tools."""
from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.segmentation import Rules
from pipeline.settings.config import DEFAULT_PAIRED
from pipeline.settings import config as config_mod

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "content" / "login" / "troubleshoot_second.md"
ORACLE = pathlib.Path(os.environ.get("L10N_ORACLE", ROOT.parent / "shared" / "oracle"))
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"
# the segmentation rules of the demo site's config, for tests that segment text directly
RULES = Rules(
    front_matter=("title",),
    attributes=(("screen", ("alt",)), ("tile", ("link_text",)), ("seealso", ("title",)), ("subnavi", ("msg", "inquiry"))),
    structural=frozenset(DEFAULT_PAIRED) | {"screen", "subnavi"},
)


def needs(*tools: str):
    missing = [t for t in tools if shutil.which(t) is None]
    return pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} (apt-get install gettext hugo)")


@pytest.fixture
def demo(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the demo site (config, source, catalogs) in a scratch folder."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "l10n.yaml", site / "l10n.yaml")
    shutil.copytree(ROOT / "source", site / "source")
    if (ROOT / "locales").is_dir():
        shutil.copytree(ROOT / "locales", site / "locales")
    return site


@pytest.fixture
def links_site(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the links fixture site (tests/fixtures/links), without its headings page."""
    root = tmp_path / "links"
    shutil.copytree(FIXTURES / "links", root)
    (root / "headings.md").unlink()
    return root


@pytest.fixture
def report_sample() -> dict:
    """A report's figures (the dict of pipeline/delivery/figures.py) with a bit of everything, odd names too."""
    return json.loads((FIXTURES / "report.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo_config(demo: pathlib.Path) -> config_mod.Config:
    return config_mod.load(demo / "l10n.yaml")


class Run:
    def __init__(self, site: pathlib.Path):
        self.site = site

    def __call__(self, *args: str, code: int | None = 0):
        result = CliRunner().invoke(main, ["--config", str(self.site / "l10n.yaml"), *args])
        if code is not None:
            assert result.exit_code == code, result.output + (repr(result.exception) if result.exception else "")
        return result


@pytest.fixture
def l10n(demo: pathlib.Path) -> Run:
    return Run(demo)


def tree_bytes(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def msgen(folder: pathlib.Path) -> None:
    """Every msgstr set to its msgid, with GNU gettext's own msgen."""
    for po in folder.rglob("*.po"):
        subprocess.run(["msgen", "-o", str(po), str(po)], check=True)
