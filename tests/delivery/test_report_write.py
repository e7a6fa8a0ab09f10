"""build/report/: three files with the same figures, and every file the page links to copied beside it."""
from __future__ import annotations

import json
import re
import shutil
from urllib.parse import unquote

import polib

from pipeline.delivery.report_write import write_report
from report_html import matrix_cells, table


def hrefs(html: str) -> list[str]:
    return [unquote(h) for h in re.findall(r'href="([^"#][^"]*)"', html)]


def on_demo(sample: dict) -> dict:
    """The sample's figures about pages the demo site has."""
    return json.loads(json.dumps(sample).replace("login/unlock", "login/password_reset"))


def test_every_link_resolves_inside_the_report_folder(demo_config, report_sample):
    config, report_sample = demo_config, on_demo(report_sample)
    report_sample["errors"].append({"file": "../outside.md", "line": 1, "message": "x"})
    report_sample["errors"].append({"file": "/etc/hostname", "line": 1, "message": "x"})
    written = write_report(config, report_sample)
    folder = config.build_dir / "report"
    assert [p.name for p in written] == ["index.html", "summary.md", "report.json"]
    assert json.loads((folder / "report.json").read_text(encoding="utf-8")) == report_sample
    html = (folder / "index.html").read_text(encoding="utf-8")
    links = hrefs(html)
    assert "files/locales/en/login/password_reset.po" in links and "files/source/content/login/password_reset.md" in links
    for href in links:
        assert (folder / href).is_file() and (folder / href).resolve().is_relative_to(folder.resolve())
    copy = folder / "files/locales/en/login/password_reset.po"
    assert copy.read_bytes() == (config.path.parent / "locales/en/login/password_reset.po").read_bytes()
    assert ">source/content/x.md:3</td>" in html  # a file that is not there: named, not linked
    assert ">../outside.md:1</td>" in html and ">/etc/hostname:1</td>" in html


def test_copies_follow_the_links(demo_config, report_sample):
    report_sample = on_demo(report_sample)
    folder = demo_config.build_dir / "report"
    write_report(demo_config, report_sample)
    stale = folder / "files/source/content/login/troubleshoot_second.md"
    assert stale.is_file()
    report_sample["pages"] = report_sample["pages"][2:]
    report_sample["fallback_pages"] = report_sample["fallback_pages"][1:]
    report_sample["unpublished"] = []
    write_report(demo_config, report_sample)
    assert not stale.exists() and (folder / "files/source/content/login/password_reset.md").is_file()
    assert not (folder / "files/locales/zh/login/troubleshoot_second.po").exists()


def test_no_copy_goes_through_a_symlink(demo_config, report_sample):
    report_sample = on_demo(report_sample)
    folder = demo_config.build_dir / "report/files/locales"
    folder.mkdir(parents=True)
    (folder / "en").symlink_to(demo_config.path.parent / "source/content")  # a planted link into the source
    before = sorted(p.name for p in (demo_config.path.parent / "source/content").rglob("*"))
    write_report(demo_config, report_sample)
    html = (demo_config.build_dir / "report/index.html").read_text(encoding="utf-8")
    assert "files/locales/en/" not in html and "files/locales/zh/login/password_reset.po" in html
    assert sorted(p.name for p in (demo_config.path.parent / "source/content").rglob("*")) == before
    assert not (folder / "en").exists()  # not linked any more: removed, the link only


def untranslate(demo, lang, page, every=2, fuzzy=False):
    path = demo / f"locales/{lang}/{page}.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for n, entry in enumerate(po):
        if entry.msgstr and n % every == 0:
            if fuzzy:
                entry.flags.append("fuzzy")
            else:
                entry.msgstr = ""
    po.save(str(path))


def test_the_page_the_summary_and_the_json_show_the_same_figures(demo, l10n, tmp_path):
    l10n("bundle")
    shutil.copytree(demo / "build/bundles", tmp_path / "previous")
    untranslate(demo, "en", "login/troubleshoot_second")
    untranslate(demo, "zh", "login/troubleshoot_second", every=3, fuzzy=True)
    (demo / "source/content/admin/list_systemadmin/store_contact.md").unlink()
    l10n("bundle", "--previous", str(tmp_path / "previous"))
    folder = demo / "build/report"
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    html = (folder / "index.html").read_text(encoding="utf-8")
    summary = (folder / "summary.md").read_text(encoding="utf-8")

    cells = matrix_cells(html)
    for row in data["matrix"]:
        cell = cells[(row["region"], row["lang"])]
        assert (cell["data-percent"], cell["data-translated"], cell["data-units"]) == \
            (f"{row['percent']:.1f}", str(row["translated"]), str(row["units"]))
        assert f"{row['percent']:.1f} % ({row['translated']}/{row['units']})" in summary

    changes = data["changes"]
    assert (changes["added"], changes["removed"], changes["changed"]) == (0, 1, 1)
    assert {p["page"]: p["status"] for p in changes["pages"]} == {"admin/list_systemadmin/store_contact.md": "removed",
                                                                 "login/troubleshoot_second.md": "changed"}
    counts = "<b>0</b> pages added · <b>1</b> removed · <b>1</b> changed"
    assert counts in html and counts.replace("<b>", "**").replace("</b>", "**") in summary
    for pair in changes["pairs"]:
        if pair["delta"]:
            assert f"{pair['delta']:+d} translated words since the previous bundle" in cells[(pair["region"], pair["lang"])]["text"]
            assert f"| {pair['region']} | {pair['lang']} | {pair['added']} | {pair['removed']} | {pair['changed']} | " \
                   f"{pair['translated_words']} | {pair['delta']:+d} |" in summary
    assert any(pair["delta"] and pair["delta"] < 0 for pair in changes["pairs"])

    rows = {row[0]["text"]: row for row in table(html).rows}
    assert sorted(rows) == [p["page"] for p in data["pages"]]
    for page in data["pages"]:
        shown = [c["text"] for c in rows[page["page"]][5:]]
        for n, lang in enumerate(data["languages"]):
            f = page["langs"].get(lang)
            expected = ["–"] * 4 if f is None else [f"{f['percent']:.1f} %", str(f["fuzzy"]), str(f["untranslated"]),
                                                     str(f["rejected"])]
            assert shown[4 * n:4 * n + 4] == expected
    worst = next(p for p in data["pages"] if p["page"] == "login/troubleshoot_second.md")
    en = worst["langs"]["en"]
    assert f"{en['percent']:.1f} % ({en['fuzzy']} fuzzy, {en['untranslated']} untranslated, {en['rejected']} rejected)" in summary

    latest = data["history"][-1]["words"]
    assert len(data["history"]) == 2
    for name, (translated, words) in latest.items():
        percent = round(100.0 * translated / words, 1) if words else 100.0
        assert f"<b>{name}</b> {percent:.1f} %" in html and f"- {name}: {percent:.1f} %" in summary

    assert data["fallbacks_total"] == sum(p["total"] for p in data["fallback_pages"]) > 0
    assert f"<b>{data['fallbacks_total']}</b> fallbacks" in html and f"**{data['fallbacks_total']}** fallbacks" in summary
    for href in hrefs(html):
        assert (folder / href).is_file()


def test_the_files_written_a_piece_at_a_time_are_the_whole_texts(demo_config, report_sample):
    """index.html and report.json are streamed to disk: their bytes are those of the whole texts."""
    from pipeline.delivery.report import render_html
    report_sample = on_demo(report_sample)
    write_report(demo_config, report_sample)
    folder = demo_config.build_dir / "report"
    links = []
    html = render_html(report_sample, lambda file: links.append(file) or None)
    written = (folder / "index.html").read_text(encoding="utf-8")
    assert re.sub(r'<a href="[^"]*">([^<]*)</a>', r"\1", written) == html  # the same page, links aside
    assert links and (folder / "report.json").read_bytes() == \
        (json.dumps(report_sample, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert not list(folder.glob(".*.tmp"))
