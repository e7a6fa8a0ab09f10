"""What `pip install .` gives a user: a wheel holding every module of the package."""
import pathlib
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_the_wheel_holds_every_module(tmp_path: pathlib.Path):
    project = tmp_path / "project"  # setuptools builds in the tree: keep its build/ out of ours
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "pipeline", project / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(project)],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("hugo_l10n-*.whl"))
    inside = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline").rglob("*.py")}
    assert modules and modules <= inside, sorted(modules - inside)
