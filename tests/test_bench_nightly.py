"""bench/nightly.py measures what it says: the peak of the run's largest process and the samples."""
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "bench"))
import nightly  # noqa: E402


def test_a_sampled_run_reports_its_wall_time_and_the_memory_it_held():
    held = "x = bytearray(80_000_000); x[::4096] = b'1' * len(x[::4096]); import time; time.sleep(0.6)"
    row = nightly.sampled([sys.executable, "-c", held], every=0.05)
    assert row["wall_s"] >= 0.6 and row["peak_mb"] >= 80
    if pathlib.Path("/proc/self/status").exists():
        assert row["all_mb"] >= 80 and 0 < row["at_s"] < row["wall_s"]


def test_a_run_that_fails_otherwise_than_with_findings_stops_the_benchmark():
    assert nightly.sampled([sys.executable, "-c", "raise SystemExit(1)"], every=0.05)["wall_s"] >= 0  # findings
    with pytest.raises(SystemExit, match="failed"):
        nightly.sampled([sys.executable, "-c", "raise SystemExit(2)"], every=0.05)


def test_memory_a_forked_worker_shares_with_its_parent_is_counted_once():
    """A worker forked from a parent holding 80 MB: their resident sizes add up to 160 MB, the
    memory they hold to 80 (smaps' proportional sizes)."""
    if not pathlib.Path("/proc/self/smaps_rollup").exists():
        pytest.skip("no smaps_rollup (Linux 4.14 and later)")
    held = ("import os, time; x = bytearray(80_000_000); x[::4096] = b'1' * len(x[::4096]); "
            "pid = os.fork(); time.sleep(0.8); pid and os.waitpid(pid, 0)")
    row = nightly.sampled([sys.executable, "-c", held], every=0.05)
    assert 80 <= row["all_mb"] < 120 and row["peak_mb"] >= 80
