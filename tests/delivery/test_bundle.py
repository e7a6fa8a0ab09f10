"""The nightly job: reproducible bundles per region, manifests, the history, exit statuses, the report."""
import hashlib
import json
import shutil
import tarfile

import polib
import pytest

from conftest import tree_bytes


def members(path):
    with tarfile.open(path) as tar:
        return {m.name: (m.mtime, m.uid, m.gid, m.mode, tar.extractfile(m).read()) for m in tar.getmembers()}


def test_bundles_hold_every_published_language_and_a_manifest(demo, l10n):
    result = l10n("bundle")
    assert "bundle: build/bundles/JP.tar.gz" in result.output and "report: build/report/index.html" in result.output
    us = members(demo / "build/bundles/US.tar.gz")
    assert sorted({name.split("/")[0] for name in us}) == ["en", "history.jsonl", "ja", "manifest.json"]
    assert all(meta[:4] == (0, 0, 0, 0o644) for meta in us.values())
    manifest = json.loads(us["manifest.json"][4])
    assert manifest["region"] == "US" and manifest["tool_version"] == "0.1.0"
    assert manifest["config_sha256"] == hashlib.sha256((demo / "l10n.yaml").read_bytes()).hexdigest()
    en = manifest["languages"]["en"]
    assert en["pages"] == len(en["files"]) == len(list((demo / "build/US/en").rglob("*.md"))) > 7
    assert en["percent"] == 100.0 and en["translated_words"] == en["words"] > 0
    assert us["history.jsonl"][4] == (demo / "build/bundles/history.jsonl").read_bytes()
    page = "login/troubleshoot_second.md"
    assert en["files"][page] == hashlib.sha256(us[f"en/{page}"][4]).hexdigest()
    assert (demo / "build/report/summary.md").read_text(encoding="utf-8").count("|") > 10


def bundles(demo):
    return tree_bytes(demo / "build/bundles")


def test_same_inputs_give_the_same_bytes_history_included(demo, l10n):
    l10n("bundle")
    first = bundles(demo)
    assert sorted(first) == ["CN.tar.gz", "JP.tar.gz", "US.tar.gz", "history.jsonl", "manifest.json"]
    assert json.loads(first["history.jsonl"])["date"] is None  # outside git, without SOURCE_DATE_EPOCH
    l10n("bundle")
    assert bundles(demo) == first


def test_source_date_epoch_dates_the_history_and_the_archives(demo, l10n, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764054000")
    l10n("bundle")
    first = bundles(demo)
    line = json.loads(first["history.jsonl"])
    assert line["date"] == "2025-11-25T07:00:00Z" and line["words"]["JP/en"][1] > 0
    assert {meta[0] for meta in members(demo / "build/bundles/JP.tar.gz").values()} == {1764054000}
    shutil.rmtree(demo / "build")
    l10n("bundle")
    assert bundles(demo) == first


def test_each_run_given_the_previous_bundle_adds_one_line(demo, l10n, tmp_path, monkeypatch):
    runs = []
    for n, epoch in enumerate(("1764054000", "1764140400", "1764226800")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        l10n("bundle", *(["--previous", str(runs[-1])] if runs else []))
        runs.append(tmp_path / f"run{n}")
        shutil.copytree(demo / "build/bundles", runs[-1])
    lines = [(run / "history.jsonl").read_text(encoding="utf-8").splitlines() for run in runs]
    assert [len(x) for x in lines] == [1, 2, 3]
    assert lines[2][:2] == lines[1] and lines[1][:1] == lines[0]
    assert [json.loads(x)["date"][:10] for x in lines[2]] == ["2025-11-25", "2025-11-26", "2025-11-27"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764226800")
    l10n("bundle", "--previous", str(runs[1]))  # the same inputs again: the same bytes
    assert bundles(demo) == tree_bytes(runs[2])


def test_previous_as_one_region_archive_compares_that_region(demo, l10n, tmp_path):
    l10n("bundle")
    shutil.copy(demo / "build/bundles/JP.tar.gz", tmp_path / "JP.tar.gz")
    l10n("bundle", "--previous", str(tmp_path / "JP.tar.gz"))
    manifests = json.loads((demo / "build/bundles/manifest.json").read_text(encoding="utf-8"))
    assert manifests["JP"]["changed_since_previous"]["en"] == {"added": [], "removed": [], "changed": []}
    assert "changed_since_previous" not in manifests["US"]
    report = json.loads((demo / "build/report/report.json").read_text(encoding="utf-8"))
    assert report["changes"]["not_compared"] == ["US", "CN"] and len(report["history"]) == 2


@pytest.mark.parametrize("damage", ["not json", "no manifest"])
def test_a_damaged_previous_bundle_stops_before_any_work(demo, l10n, tmp_path, damage):
    previous = tmp_path / "previous"
    previous.mkdir()
    if damage == "not json":
        (previous / "manifest.json").write_text("{", encoding="utf-8")
    result = l10n("bundle", "--previous", str(previous), code=2)
    where = previous / "manifest.json" if damage == "not json" else previous
    assert str(where) in result.output and "leave out --previous to start a new history" in result.output
    assert not (demo / "build").exists() and "Traceback" not in result.output


def test_changes_since_the_previous_bundle_and_fail_under(demo, l10n, tmp_path):
    l10n("bundle")
    previous = tmp_path / "previous.json"
    previous.write_bytes((demo / "build/bundles/manifest.json").read_bytes())
    path = demo / "locales/en/login/troubleshoot_second.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        entry.msgstr = ""
    po.save(str(path))
    result = l10n("bundle", "--previous", str(previous), "--fail-under", "95", code=1)
    assert "JP/en: " in result.output and "under --fail-under 95" in result.output
    changed = json.loads((demo / "build/bundles/manifest.json").read_text(encoding="utf-8"))["JP"]["changed_since_previous"]
    assert changed["en"]["changed"] == ["login/troubleshoot_second.md"] and changed["zh"]["changed"] == []


def test_bad_page_fails_the_bundle_but_the_others_are_bundled(demo, l10n):
    page = demo / "source/content/search_result.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{% enabled XX %}}\n", encoding="utf-8")
    result = l10n("bundle", code=1)
    assert "unknown region code XX" in result.output
    assert "en/login/troubleshoot_second.md" in members(demo / "build/bundles/JP.tar.gz")


def test_report_lists_rejected_translations_with_check_and_source_reference(demo, l10n):
    path = demo / "locales/en/login/troubleshoot_second.po"
    po = polib.pofile(str(path), wrapwidth=0)
    entry = po.find("社外からログインできません。")
    entry.msgstr += "<script>x</script>"
    po.save(str(path))
    for _ in range(2):  # a fresh run, then one replayed from the cache
        l10n("bundle")
        data = json.loads((demo / "build/report/report.json").read_text(encoding="utf-8"))
        assert [(r["check"], r["message"], r["ref"]) for r in data["rejected"]] == [
            ("injection", "adds '</script>', '<script>' that the source does not have", "login/troubleshoot_second.md:28")]


def test_an_archive_is_written_as_it_is_made_with_the_bytes_of_one_made_at_once(tmp_path):
    """Each file is read when its entry comes, once, in name order; the stream is the archive."""
    import gzip
    import io
    from pipeline.delivery.bundle import archive, write_archive
    files = {f"{lang}/page{n}.md": (f"# {lang} {n}\n" * (n * 300 + 1)).encode() for lang in ("en", "ja") for n in range(6)}
    files["manifest.json"] = b"{}\n"
    read = []
    streamed = io.BytesIO()
    write_archive(streamed, {name: (lambda name=name: read.append(name) or files[name]) for name in files}, 1700000000)
    assert read == sorted(files)
    assert streamed.getvalue() == archive(files, 1700000000)
    packed = io.BytesIO()  # what archive() made before it streamed: the whole tar, then gzip at once
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode, info.uid, info.gid, info.uname, info.gname = \
                len(files[name]), 1700000000, 0o644, 0, 0, "", ""
            tar.addfile(info, io.BytesIO(files[name]))
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=1700000000, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    assert streamed.getvalue() == packed.getvalue()


def test_a_nightly_after_one_page_changed_reads_that_page_only(demo, l10n, monkeypatch):
    """The nightly loads the site as extract and build do: the other pages come from the store,
    and the outputs are those a run from nothing makes."""
    from pipeline.reading import pages
    l10n("bundle")
    page = demo / "source/content/search_result.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n新しい段落です。\n", encoding="utf-8")
    decoded = []
    real = pages.decode
    monkeypatch.setattr(pages, "decode", lambda data, label: decoded.append(label) or real(data, label))
    l10n("bundle")
    assert decoded == ["source/content/search_result.md"]

    def outputs():
        return {name: data for name, data in tree_bytes(demo / "build").items() if name[:3] in ("JP/", "US/", "CN/")}
    again = outputs()
    shutil.rmtree(demo / "build")
    l10n("bundle")
    assert outputs() == again and len(again) > 50
