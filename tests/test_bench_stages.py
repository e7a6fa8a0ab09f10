"""bench/stages.py says where a run's time went, and leaves the modules as they were."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "bench"))
import stages  # noqa: E402

from pipeline.run import each  # noqa: E402


def test_a_build_is_run_and_its_stages_timed(demo, capsys):
    load_site = each.load_site
    seconds = stages.main(["--config", str(demo / "l10n.yaml"), "build", "--jobs", "1"])
    assert len(list((demo / "build/JP/en").rglob("*.md"))) > 5  # the build was done
    assert {"imports", "each.load_site", "each.each_page", "dead_links.dead_links", "replay.record"} <= set(seconds)
    assert all(spent > 0 for spent in seconds.values())
    printed = capsys.readouterr().err
    assert "each.each_page" in printed and "the whole run" in printed
    assert each.load_site is load_site  # put back: the next test runs the real one
