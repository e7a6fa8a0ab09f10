"""The nightly job: reproducible bundles per region, manifests, exit statuses, the report."""
import hashlib
import json
import tarfile

import polib


def members(path):
    with tarfile.open(path) as tar:
        return {m.name: (m.mtime, m.uid, m.gid, m.mode, tar.extractfile(m).read()) for m in tar.getmembers()}


def test_bundles_hold_every_published_language_and_a_manifest(demo, l10n):
    result = l10n("bundle")
    assert "bundle: build/bundles/JP.tar.gz" in result.output and "report: build/report/index.html" in result.output
    us = members(demo / "build/bundles/US.tar.gz")
    assert sorted({name.split("/")[0] for name in us}) == ["en", "ja", "manifest.json"]
    assert all(meta[:4] == (0, 0, 0, 0o644) for meta in us.values())
    manifest = json.loads(us["manifest.json"][4])
    assert manifest["region"] == "US" and manifest["tool_version"] == "0.1.0"
    assert manifest["config_sha256"] == hashlib.sha256((demo / "l10n.yaml").read_bytes()).hexdigest()
    en = manifest["languages"]["en"]
    assert en["pages"] == len(en["files"]) == len(list((demo / "build/US/en").rglob("*.md"))) > 7
    assert en["percent"] == 100.0
    page = "login/troubleshoot_second.md"
    assert en["files"][page] == hashlib.sha256(us[f"en/{page}"][4]).hexdigest()
    assert (demo / "build/report/summary.md").read_text(encoding="utf-8").count("|") > 10


def test_same_inputs_give_the_same_bytes(demo, l10n):
    l10n("bundle")
    first = {r: (demo / f"build/bundles/{r}.tar.gz").read_bytes() for r in ("JP", "US", "CN")}
    l10n("bundle")
    assert first == {r: (demo / f"build/bundles/{r}.tar.gz").read_bytes() for r in ("JP", "US", "CN")}


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
