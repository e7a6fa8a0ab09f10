"""The cycle collector is paused while a command runs: that is safe only while a run leaves it
(almost) nothing, and what it leaves does not grow with the pages."""
import gc
import shutil

from pipeline import collector
from tests.conftest import Run


def test_paused_restores_the_collector_as_it_found_it():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # still paused for the outer one
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()  # not turned on by a pause that found it off
    finally:
        gc.enable()


def test_a_command_runs_with_the_collector_paused_and_gives_it_back(l10n, monkeypatch):
    import pipeline.cli as cli
    seen = []
    real = cli._tree
    monkeypatch.setattr(cli, "_tree", lambda *a, **k: (seen.append(gc.isenabled()), real(*a, **k))[1])
    l10n("extract")
    assert seen == [False] and gc.isenabled()


def _garbage(run: Run, *args: str) -> int:
    """The objects only the cycle collector could free after the command (run in this process)."""
    gc.collect()
    with collector.paused():
        run(*args, "--jobs", "1", code=None)
        return gc.collect()


def test_what_a_run_leaves_to_the_cycle_collector_does_not_grow_with_its_pages(demo, tmp_path):
    big = tmp_path / "big"
    shutil.copytree(demo, big)
    content = big / "source" / "content"
    for n in range(4):  # five times the pages, the same text
        for part in ("admin", "login", "user"):
            shutil.copytree(demo / "source" / "content" / part, content / f"copy{n}" / part)
    jobs = ("extract", "build", "bundle")
    left = {site: {job: _garbage(Run(site), job) for job in jobs} for site in (demo, big)}
    added = len(list(content.rglob("*.md"))) - len(list((demo / "source" / "content").rglob("*.md")))
    for job in jobs:  # a cycle per unit or per catalog entry would leave thousands more
        assert left[big][job] - left[demo][job] < 5 * added, (added, left)
