"""The worker pool: results in order, errors back intact, no worker outliving its parent."""
import importlib
import os
import pathlib
import pkgutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import pipeline
from pipeline.model import L10nError
from pipeline import parallel

from conftest import ROOT, Run, tree_bytes


def _plain(items, label, length=None):
    return items


def run(work, items, jobs=2):
    return list(parallel.map_chunks(work, items, jobs, _plain, "test"))


def _pids(chunk):
    return [(item, os.getpid()) for item in chunk]


def test_chunks_run_in_other_processes_and_come_back_in_order():
    results = [pair for part in run(_pids, list(range(100))) for pair in part]
    assert [item for item, _ in results] == list(range(100))
    pids = {pid for _, pid in results}
    assert len(pids) == 2 and os.getpid() not in pids


def test_heavy_items_may_each_have_a_worker():
    """Three items, each worth a process (the nightly's regions): two workers, not this process."""
    results = [pair for part in parallel.map_chunks(_pids, ["JP", "US", "CN"], 2, _plain, "test", least=1)
               for pair in part]
    assert [item for item, _ in results] == ["JP", "US", "CN"]
    pids = {pid for _, pid in results}
    assert len(pids) == 2 and os.getpid() not in pids
    assert {pid for part in run(_pids, ["JP", "US", "CN"]) for _, pid in part} == {os.getpid()}  # pages: too few


def test_no_fork_while_another_thread_runs():
    import threading
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        results = [pair for part in run(_pids, list(range(100))) for pair in part]
    finally:
        stop.set()
        thread.join()
    assert {pid for _, pid in results} == {os.getpid()}  # done here: a forked child could inherit a held lock


def _error_types() -> list[type]:
    for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        importlib.import_module(module.name)
    found, todo = [], [L10nError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _example(cls: type) -> L10nError:
    error = cls.__new__(cls)
    Exception.__init__(error, "something is wrong")
    error.__dict__.update(path="locales/en/a.po", line=7, message="something is wrong", check="format",
                          detail="why", ref="a.md:3", key="regions.US")
    return error


@pytest.mark.parametrize("cls", _error_types(), ids=lambda c: c.__name__)
def test_every_error_type_raised_in_a_worker_arrives_intact(cls):
    expected = _example(cls)

    def fail(chunk):
        if 50 in chunk:
            raise _example(cls)
        return len(chunk)

    with pytest.raises(cls) as caught:
        run(fail, list(range(100)))
    assert type(caught.value) is cls
    assert caught.value.__dict__ == expected.__dict__ and str(caught.value) == str(expected)


class Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(a)


def test_an_exception_that_does_not_pickle_arrives_as_a_worker_error_with_its_traceback():
    def fail(chunk):
        raise Unpicklable("lost", "args")

    with pytest.raises(parallel.WorkerError, match="Unpicklable: lost"):
        run(fail, list(range(100)))


def test_a_worker_that_dies_is_an_error_not_a_hang():
    def die(chunk):
        os._exit(3)

    with pytest.raises(parallel.WorkerError, match="exit code 3"):
        run(die, list(range(100)))


PARENT = textwrap.dedent("""
    import os, pathlib, sys, time
    from pipeline import parallel
    folder = pathlib.Path(sys.argv[1])

    def work(chunk):
        (folder / str(os.getpid())).write_text("")
        time.sleep(60)
        return chunk

    list(parallel.map_chunks(work, list(range(100)), 2, lambda items, label, length=None: items, "x"))
""")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its reaper is gone for our purpose
        return pathlib.Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


def test_workers_end_when_their_parent_is_killed(tmp_path):
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(tmp_path)],
                              cwd=pathlib.Path(pipeline.__file__).parent.parent)
    deadline = time.monotonic() + 20
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(p.name) for p in tmp_path.iterdir()]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers))


# The jobs on workers: a tree large enough for the pool (48 pages or more), as the nightly job runs it.

def big_tree(tmp_path: pathlib.Path, pages: int = 60, varied: bool = False, name: str = "tree") -> pathlib.Path:
    sys.path.insert(0, str(ROOT / "bench"))
    import bench
    site = tmp_path / name
    bench.replicate(ROOT, pages, site, varied)
    return site


SEED_PO = "locales/en/{copy}/login/troubleshoot_second.po"


def careless(site: pathlib.Path) -> int:
    """Drops the first variable of every translation that has one: each such entry must be rejected."""
    import re
    spoiled = 0
    for path in sorted((site / "locales/en").rglob("*.po")):
        text = path.read_text(encoding="utf-8")
        new = re.sub(r'(msgstr "[^"\n]*?)\{\{%\s*\w+\s*%\}\}', r"\1", text)
        spoiled += new != text
        path.write_text(new, encoding="utf-8")
    return spoiled


def test_a_cold_extract_reads_the_memory_on_workers_and_writes_what_one_process_writes(tmp_path, monkeypatch):
    """Every sentence of a varied tree looks for its near match in a memory read from 120 catalogs:
    read on two workers or in one process, the catalogs come out the same."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    written = []
    for jobs in ("1", "2"):
        site = big_tree(tmp_path, varied=True, name=f"jobs{jobs}")
        result = Run(site)("extract", "--jobs", jobs, code=None)
        assert "Traceback" not in result.output
        written.append(tree_bytes(site / "locales"))
    assert written[0] == written[1]
    assert sum(b"#| msgid" in text for text in written[0].values()) > 50  # near matches, from the memory


def test_a_cold_build_on_two_workers_reports_rejected_translations_and_finishes(tmp_path):
    site = big_tree(tmp_path)
    assert careless(site) > 10
    result = Run(site)("build", "--jobs", "2")
    assert "Traceback" not in result.output
    assert result.output.count("the source text is used instead") > 10
    assert len(list((site / "build").rglob("*.md"))) > 300
    strict = Run(site)("build", "--jobs", "2", "--strict", code=1)
    assert "Traceback" not in strict.output and "error: placeholders: missing" in strict.output


def test_the_nightly_writes_its_archives_on_workers_with_the_bytes_one_process_writes(tmp_path, monkeypatch):
    """The archives, a region per worker: each the same file, the manifests and the report the same."""
    from pipeline.delivery import bundle
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    writers = tmp_path / "writers"
    writers.mkdir()
    write_archive = bundle.write_archive

    def spied(out, files, mtime=0):  # forked workers inherit the spy: each leaves its pid
        (writers / str(os.getpid())).touch()
        write_archive(out, files, mtime)
    monkeypatch.setattr(bundle, "write_archive", spied)
    made = []
    for jobs in ("1", "2"):
        site = big_tree(tmp_path, name=f"jobs{jobs}")
        result = Run(site)("bundle", "--jobs", jobs, code=None)
        assert "Traceback" not in result.output and "bundle: build/bundles/CN.tar.gz" in result.output
        made.append((tree_bytes(site / "build" / "bundles"), (site / "build/report/report.json").read_bytes()))
        pids = {int(p.name) for p in writers.iterdir()}
        assert (pids == {os.getpid()}) if jobs == "1" else (len(pids) == 2 and os.getpid() not in pids)
        for p in writers.iterdir():
            p.unlink()
    assert made[0] == made[1]
    assert sorted(made[0][0]) == ["CN.tar.gz", "JP.tar.gz", "US.tar.gz", "history.jsonl", "manifest.json"]


@pytest.mark.parametrize("unpublished", ["keep", "unlink"])
def test_a_cold_build_checks_links_on_workers_as_one_process_does(tmp_path, unpublished):
    """The links check reads every page's projections on the workers too (before the pages when
    dead links are unlinked, after them otherwise): the same findings and outputs as one process."""
    found = []
    for jobs in ("1", "2"):
        site = big_tree(tmp_path, name=f"jobs{jobs}")
        with (site / "l10n.yaml").open("a", encoding="utf-8") as config:
            config.write(f"links: {{base: /general/ja/, unpublished: {unpublished}}}\n")
        result = Run(site)("build", "--jobs", jobs, code=None)
        assert "Traceback" not in result.output
        dead = [line for line in result.output.splitlines() if "links: dead link" in line]
        found.append((dead, tree_bytes(site / "build" / "JP")))
    assert len(found[0][0]) > 48  # every copy of the pages has its own dead links
    assert found[0] == found[1]


def test_a_killed_build_leaves_no_worker_and_the_next_run_is_not_refused(tmp_path):
    import random
    site = big_tree(tmp_path, 200)
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", "--config", str(site / "l10n.yaml")]
    rng = random.Random(11)
    seen = 0
    for _ in range(4):
        for cache in (site / "build").glob(".cache*"):
            cache.unlink()  # cold each time: the workers have work to do
        run = subprocess.Popen([*command, "build", "--jobs", "2"], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not _children(run.pid) and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # until the workers are there
        time.sleep(rng.uniform(0, 0.2))
        children = _children(run.pid)
        seen += len(children)
        run.send_signal(signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 5
        while any(map(_alive, children)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(_alive, children)), children
        done = subprocess.run([*command, "build", "--jobs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert seen >= 4  # the runs were killed while their workers worked


def _children(pid: int) -> list[int]:
    found = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


# What the system refuses (a full disk, a read-only folder, a folder where a cache file goes) is a
# message naming the file, with workers as without, and files stay old or new.

def _refuse(monkeypatch, where: str, code: int) -> None:
    from pipeline import files
    real = files.write_atomic

    def write_atomic(path, data):
        if where in str(path):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, data)

    monkeypatch.setattr(files, "write_atomic", write_atomic)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_and_a_read_only_catalog_folder_are_messages(tmp_path, monkeypatch, jobs):
    import errno
    site = big_tree(tmp_path)
    before = tree_bytes(site / "locales")
    careless(site)
    spoiled = tree_bytes(site / "locales")
    _refuse(monkeypatch, "/locales/", errno.EACCES)
    result = Run(site)("extract", "--jobs", jobs, code=1)
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert "locales/en/b000/login/troubleshoot_second.po: error: cannot write: Permission denied" in result.output
    assert tree_bytes(site / "locales") == spoiled != before
    monkeypatch.undo()
    _refuse(monkeypatch, "/build/", errno.ENOSPC)
    result = Run(site)("build", "--jobs", jobs, code=1)
    assert "build/JP/en/b000/login/troubleshoot_second.md: error: cannot write: No space left on device" in result.output
    assert not (site / "build/.cache-build-run").exists()  # a run whose writes failed is never replayed
    assert not list((site / "build").rglob("*.md")) and not list((site / "build").rglob("*.tmp"))


def test_a_folder_where_a_cache_file_goes_is_a_warning(tmp_path):
    site = big_tree(tmp_path)
    for name in (".cache.sqlite", ".cache-extract-run", ".cache-build-run"):
        (site / "build" / name).mkdir(parents=True)
    for command in ("extract", "build"):
        result = Run(site)(command, "--jobs", "2")
        assert "build/.cache.sqlite: warning: cache not usable" in result.output
    assert len(list((site / "build").rglob("*.md"))) > 300


def test_a_lock_file_that_cannot_be_written_is_a_message(demo):
    (demo / ".l10n.lock").mkdir()
    result = Run(demo)("build", code=2)
    assert "error: cannot open the tree's lock file" in result.output and "Is a directory" in result.output


def test_a_folder_where_an_archive_goes_stops_the_nightly_with_a_message_naming_it(tmp_path):
    """The archive is written on a worker; what the system refused comes back as one line naming
    the archive (not its temporary file), and the other regions' archives are written."""
    site = big_tree(tmp_path)
    (site / "build/bundles/US.tar.gz/inside").mkdir(parents=True)
    result = Run(site)("bundle", "--jobs", "2", code=1)
    assert "Traceback" not in result.output
    assert f"error: {site / 'build/bundles/US.tar.gz'}: Is a directory" in result.output
    assert (site / "build/bundles/JP.tar.gz").is_file() and not list((site / "build/bundles").glob(".*.tmp"))


def test_stale_outputs_are_found_on_workers_as_one_process_finds_them(tmp_path):
    """A page gone from the source and a file added by hand: each region × language's folder walked
    on a worker, the same files removed as by one process; the run record holds each output folder
    as the removals left it (the workers take the folders' signatures as they list them)."""
    import json
    from pipeline.files import signature
    found = []
    for jobs in ("1", "2"):
        site = big_tree(tmp_path, name=f"jobs{jobs}")
        Run(site)("build", "--jobs", jobs, code=None)
        (site / "source/content/b001/login/troubleshoot_second.md").unlink()
        (site / "build/JP/en/b002/stray.md").write_text("left by hand\n", encoding="utf-8")
        result = Run(site)("build", "--jobs", jobs, code=None)
        assert "Traceback" not in result.output
        record = json.loads((site / "build/.cache-build-run").read_text(encoding="utf-8").split("\n", 1)[1])
        assert record["outputs"] == {name: signature(name) for name in record["outputs"]}  # folders as left
        found.append((result.output.split("stale removed")[0].rsplit(", ", 1)[1],
                      sorted(p.relative_to(site).as_posix() for p in (site / "build").rglob("*.md"))))
    assert found[0] == found[1]
    removed, left = found[0]
    assert int(removed) > 5 and "build/JP/en/b002/stray.md" not in left
    assert not [p for p in left if p.endswith("b001/login/troubleshoot_second.md")]
