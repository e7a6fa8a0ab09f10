"""A run that would change nothing replays the last one's report; any change makes it a real run."""
import pytest

from conftest import tree_bytes


@pytest.fixture
def loads(monkeypatch):
    """How many times a command loaded the site (a replayed run loads none)."""
    from pipeline import site
    calls = []
    real = site.load
    monkeypatch.setattr(site, "load", lambda config, *args, **kwargs: calls.append(1) or real(config, *args, **kwargs))
    return calls


def test_a_run_with_nothing_changed_replays_the_last_report_without_loading_the_site(demo, l10n, loads):
    first_extract = l10n("extract").output
    first_build = l10n("build", code=None).output
    outputs = tree_bytes(demo)
    assert len(loads) == 2
    again_extract = l10n("extract").output
    again_build = l10n("build", code=None).output
    assert len(loads) == 2
    assert again_extract == first_extract
    n = len([name for name in outputs if name.startswith("build/") and name.endswith(".md")])
    assert f"{n} outputs written, 0 unchanged" in first_build
    assert again_build == first_build.replace(f"{n} outputs written, 0 unchanged", f"0 outputs written, {n} unchanged")
    assert tree_bytes(demo) == outputs


def edit_page(demo):
    page = demo / "source/content/search_result.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n追記です。\n", encoding="utf-8")


def edit_catalog(demo):
    po = demo / "locales/zh/search_result.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "', 'msgstr "（', 1), encoding="utf-8")


def edit_config(demo):
    config = demo / "l10n.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\nmin_translated: {zh: 0}\n", encoding="utf-8")


def edit_output(demo):
    (demo / "build/US/en/search_result.md").write_text("edited by hand", encoding="utf-8")


def delete_output(demo):
    (demo / "build/JP/zh/login/password_reset.md").unlink()


def add_stray_output(demo):
    (demo / "build/CN/ja/login/stray.md").write_text("not from any page", encoding="utf-8")


@pytest.mark.parametrize("change", [edit_page, edit_catalog, edit_config, edit_output, delete_output, add_stray_output])
def test_any_change_to_what_a_build_read_or_wrote_makes_it_a_real_run(demo, l10n, loads, change):
    l10n("build", code=None)
    clean = {k: v for k, v in tree_bytes(demo / "build").items() if not k.startswith(".cache")}
    change(demo)
    l10n("build", code=None)
    assert len(loads) == 2
    rebuilt = {k: v for k, v in tree_bytes(demo / "build").items() if not k.startswith(".cache")}
    if change in (edit_output, delete_output, add_stray_output):
        assert rebuilt == clean  # the hand edit undone, the lost output back, the stray one removed
    l10n("build", code=None)
    assert len(loads) == 2  # and the run after that is a replay again


def test_a_file_added_to_an_output_folder_as_a_build_ends_is_removed_by_the_next_run(demo, l10n, loads, monkeypatch):
    """The output folders' signatures are taken as the stale walk lists them, not later when the
    record is written: a file the walk did not see changes its folder, and the next run is real."""
    from pipeline.run import build
    l10n("build", code=None)
    stray = demo / "build/CN/ja/login/stray.md"
    real = build._remove_stale

    def added_after_the_walk(*args, **kwargs):
        removed = real(*args, **kwargs)
        stray.write_text("not from any page", encoding="utf-8")
        return removed
    edit_page(demo)
    monkeypatch.setattr(build, "_remove_stale", added_after_the_walk)
    l10n("build", code=None)
    monkeypatch.setattr(build, "_remove_stale", real)
    assert stray.exists() and len(loads) == 2
    l10n("build", code=None)
    assert not stray.exists() and len(loads) == 3


def test_a_run_whose_writes_failed_is_never_replayed(demo, l10n, loads, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (demo / "build/JP/en").mkdir(parents=True)
    (demo / "build/JP/en/login").symlink_to(outside)
    first = l10n("build", code=1).output
    second = l10n("build", code=1).output
    assert len(loads) == 2 and "resolves outside" in second
    assert first.count("resolves outside") == second.count("resolves outside")


@pytest.mark.parametrize("command", ["extract", "build"])
def test_a_replayed_run_imports_neither_the_jobs_nor_the_parsers(demo, l10n, command):
    """The replay exists so that the nightly's nothing-changed run costs little: start-up included."""
    import subprocess
    import sys
    l10n("extract")
    l10n("build")
    probe = ("import sys\nfrom pipeline.cli import main\n"
             f"try:\n    main(['--config', {str(demo / 'l10n.yaml')!r}, {command!r}])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('markdown_it', 'polib', 'babel', 'pipeline.run.build', 'pipeline.run.extract',"
             " 'pipeline.site') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


def test_a_page_edited_while_a_build_runs_is_built_by_the_next_run(demo, l10n, monkeypatch):
    """The record names the files as the build read them, not as they are when it ends."""
    from pipeline.run import build
    l10n("build", code=None)
    page = demo / "source/content/search_result.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n最初の追記です。\n", encoding="utf-8")
    real = build._remove_stale

    def edited_meanwhile(*args, **kwargs):
        page.write_text(original + "\n二度目の追記です。\n", encoding="utf-8")
        return real(*args, **kwargs)
    monkeypatch.setattr(build, "_remove_stale", edited_meanwhile)
    l10n("build", code=None)
    output = demo / "build/JP/ja/search_result.md"
    assert "最初の追記です。" in output.read_text(encoding="utf-8")
    monkeypatch.setattr(build, "_remove_stale", real)
    l10n("build", code=None)
    assert "二度目の追記です。" in output.read_text(encoding="utf-8")


def test_a_page_edited_while_an_extract_runs_is_extracted_by_the_next_run(demo, l10n, monkeypatch):
    from pipeline.run import extract
    l10n("extract")
    page = demo / "source/content/search_result.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n最初の追記です。\n", encoding="utf-8")
    real = extract._keep_pairs

    def edited_meanwhile(*args, **kwargs):
        page.write_text(original + "\n二度目の追記です。\n", encoding="utf-8")
        return real(*args, **kwargs)
    monkeypatch.setattr(extract, "_keep_pairs", edited_meanwhile)
    l10n("extract")
    catalog = demo / "locales/en/search_result.po"
    assert 'msgid "最初の追記です。"' in catalog.read_text(encoding="utf-8")
    monkeypatch.setattr(extract, "_keep_pairs", real)
    l10n("extract")
    assert 'msgid "二度目の追記です。"' in catalog.read_text(encoding="utf-8")


def test_a_run_after_a_change_lists_the_tree_once_and_writes_what_a_fresh_listing_writes(demo, l10n, monkeypatch,
                                                                                          tmp_path):
    """The replay check's listing of pages and catalogs serves loading, the memory and the record:
    after one page changed, none lists a folder again, and the catalogs and outputs are those of a
    tree that had no record to list them from."""
    import shutil
    from pipeline import files
    l10n("extract")
    l10n("build", code=None)
    edit_page(demo)
    fresh = tmp_path / "fresh"
    shutil.copytree(demo, fresh, ignore=shutil.ignore_patterns(".cache*"))
    listed = []
    real = files.sorted_paths
    monkeypatch.setattr(files, "sorted_paths", lambda folder, suffix: listed.append(folder) or real(folder, suffix))
    for module in ("pipeline.site", "pipeline.run.replay"):  # every listing of the tree goes through these
        monkeypatch.setattr(f"{module}.sorted_paths", files.sorted_paths)
    l10n("extract")
    source, locales = demo / "source/content", demo / "locales"
    assert listed == [source, locales]  # the check's only: the record hashes the catalogs it wrote
    listed.clear()
    l10n("build", code=None)
    assert listed == [source, locales]  # the check's only
    monkeypatch.undo()
    from conftest import Run
    Run(fresh)("extract")
    Run(fresh)("build", code=None)
    assert {k: v for k, v in tree_bytes(demo).items() if ".cache" not in k and "report" not in k} == \
        {k: v for k, v in tree_bytes(fresh).items() if ".cache" not in k and "report" not in k}


def test_a_replayed_build_prints_what_the_run_printed_pages_held_back_included(demo, l10n):
    """The record keeps what the command prints of its report (not the pages' figures, nor the
    outputs each page wrote): the replay prints the same lines, the held-back pages' among them."""
    config = demo / "l10n.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\nmin_translated: {zh: 90}\n", encoding="utf-8")
    l10n("extract")
    first = l10n("build", code=None).output
    assert "not published:" in first
    record = (demo / "build/.cache-build-run").read_text(encoding="utf-8")
    assert '"pages_stats"' not in record and '"expected"' not in record
    again = l10n("build", code=None).output
    written = first.split(" outputs written, ")[0].rsplit(", ", 1)[1]
    assert again == first.replace(f"{written} outputs written, 0 unchanged", f"0 outputs written, {written} unchanged")


def test_an_extract_records_the_catalogs_it_wrote_as_a_fresh_listing_of_the_tree_finds_them(demo, l10n):
    """After one page changed and one was added, the record's digest takes the catalogs the run
    wrote (and made) as they are, the others as listed when it started: the digest of a fresh
    listing, so the next extract is replayed."""
    from pipeline.run import digests, replay
    from pipeline.settings import config as config_mod
    l10n("extract")
    edit_page(demo)
    (demo / "source/content/added.md").write_text("---\ntitle: 追加\n---\n\n新しいページです。\n", encoding="utf-8")
    l10n("extract")
    assert (demo / "locales/en/added.po").is_file()
    config = config_mod.load(demo / "l10n.yaml")
    digests.forget()
    recorded = (demo / "build/.cache-extract-run").read_text(encoding="utf-8").split("\n", 1)[0]
    assert recorded == replay.state(config, replay.extract_options(config, config.target_languages, True, False))
