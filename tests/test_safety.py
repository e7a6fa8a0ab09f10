"""No broken page, no injected markup, no lost file (check, build fallbacks, locks, kills)."""
import json
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import time

import polib
import pytest

from conftest import Run, tree_bytes

PO = "locales/en/login/troubleshoot_second.po"
PAGE = "build/JP/en/login/troubleshoot_second.md"


def translate(site, msgid_start, msgstr):
    path = site / PO
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgid.startswith(msgid_start))
    entry.msgstr = msgstr
    po.save(str(path))
    text = path.read_text(encoding="utf-8")
    at = text.rindex("\nmsgstr", 0, text.index(msgstr.split("\n")[0]))
    return text[:at].count("\n") + 2  # the line of the entry's msgstr


def test_check_reports_each_bad_entry_with_file_line_and_source_reference(demo, l10n):
    line = translate(demo, "ログインURLが間違っているようです。", "The login URL is wrong.\n<script>x</script>")
    result = l10n("check", code=1)
    assert (f"{PO}:{line}: error: injection: adds '</script>', '<script>' that the source does not have "
            f"(login/troubleshoot_second.md:24)") in result.output
    data = json.loads(l10n("check", "--json", code=1).stdout)
    assert data["errors"][0]["file"] == PO and data["errors"][0]["line"] == line


def test_build_falls_back_to_the_source_for_a_rejected_entry_and_strict_fails(demo, l10n):
    translate(demo, "ログインURLが間違っているようです。", "# Wrong URL\n{{< rawhtml >}}<script>x</script>{{< /rawhtml >}}\nSee it.")
    result = l10n("build", "--region", "JP", "--lang", "en")
    assert "the source text is used instead" in result.output
    out = (demo / PAGE).read_text(encoding="utf-8")
    assert "rawhtml" not in out and "ログインURLが間違っているようです。  \n" in out
    assert "Invalid request" in out  # the other translations are used
    l10n("build", "--strict", code=1)


def test_checks_can_be_turned_down_in_the_config(demo, l10n):
    translate(demo, "ログインURLが間違っているようです。", "**The login URL is wrong.\nCheck the URL and try again.\nSee [I Don't Know the Login URL](/general/ja/login/forgot_url.html).")
    (demo / "l10n.yaml").write_text((demo / "l10n.yaml").read_text(encoding="utf-8") + "checks: {balance: warning}\n",
                                    encoding="utf-8")
    result = l10n("check")
    assert "warning: balance: bold (**) opened and not closed" in result.output


def test_unreadable_catalog_is_reported_and_left_untouched(demo, l10n):
    path = demo / PO
    broken = path.read_text(encoding="utf-8").replace('msgstr "', 'msgstr "\\q', 1).replace("msgid", "msgid msgid", 3)
    path.write_text(broken, encoding="utf-8")
    for command in ("extract", "check", "build"):
        result = l10n(command, code=1)
        assert f"{PO}:" in result.output and "cannot read this catalog" in result.output
        assert path.read_text(encoding="utf-8") == broken
    assert (demo / "locales/zh/login/troubleshoot_second.po").exists()


HOLD_THE_LOCK = """
import pathlib, sys, time
from pipeline.files import locked
with locked(pathlib.Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_second_run_on_the_same_tree_refuses_while_the_first_holds_the_lock(demo):
    root = pathlib.Path(__file__).resolve().parent.parent
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(demo / ".l10n.lock")], cwd=root,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        result = Run(demo)("build", code=2)
    finally:
        holder.communicate("")
    assert f"another l10n run (pid {holder.pid})" in result.output and "--wait" in result.output
    Run(demo)("build")


def test_leftovers_of_a_killed_run_are_cleared(demo, l10n):
    l10n("build")
    leftover = demo / "build/JP/en/login/.troubleshoot_second.md.abcd1234.tmp"
    leftover.write_text("half", encoding="utf-8")
    (demo / ".l10n.lock").write_text("pid 999999", encoding="utf-8")  # what a killed run leaves there
    l10n("build")
    assert not leftover.exists()
    assert (demo / ".l10n.lock").read_text(encoding="utf-8") == ""  # this run ended cleanly


def test_killed_runs_leave_every_file_old_or_new(demo, l10n):
    """Kill `build` and `extract` at random moments: each file is the old or the new one, whole."""
    env = {**os.environ, "PYTHONPATH": str(pathlib.Path(__file__).resolve().parent.parent)}
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", "--config", str(demo / "l10n.yaml")]
    l10n("build")
    old = tree_bytes(demo / "build")
    po = demo / PO
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Cannot', 'msgstr "Unable to', 1), encoding="utf-8")
    subprocess.run(command + ["build"], env=env, capture_output=True)
    new = tree_bytes(demo / "build")
    assert new != old
    random.seed(7)
    for _ in range(6):
        for name, data in old.items():
            (demo / "build" / name).write_bytes(data)
        proc = subprocess.Popen(command + ["build"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.2, 0.9))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for name, data in tree_bytes(demo / "build").items():
            if name.endswith(".tmp") or name.endswith(".sqlite"):
                continue
            if name.startswith(".cache-"):  # derived, holds mtimes: whole is what matters
                if name.endswith("-run"):  # a run record: its digest on a line, then JSON
                    key, _, data = data.partition(b"\n")
                    assert re.fullmatch(rb"[0-9a-f]{64}", key), name
                json.loads(data)
                continue
            assert data in (old.get(name), new.get(name)), name
    subprocess.run(command + ["build"], env=env, capture_output=True, check=True)

    def outputs(tree):
        return {name: data for name, data in tree.items() if not name.startswith(".cache")}
    assert outputs(tree_bytes(demo / "build")) == outputs(new)


def test_symlinks_cannot_lead_reads_or_writes_out_of_the_tree(demo, l10n, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: 秘密\n---\n秘密の文書です。\n", encoding="utf-8")
    (demo / "source/content/leak.md").symlink_to(secret)
    outside = tmp_path / "outside"
    outside.mkdir()
    (demo / "build/JP/en").mkdir(parents=True)
    (demo / "build/JP/en/login").symlink_to(outside)
    result = l10n("build", code=1)
    assert "source/content/leak.md: error: a symlink to a file outside the source folder: not read" in result.output
    assert "resolves outside" in result.output
    assert list(outside.iterdir()) == []
    assert not (demo / "locales/en/leak.po").exists()


def test_a_folder_or_output_swapped_for_a_symlink_between_two_runs_is_refused(demo, l10n, tmp_path):
    """Writes trust what a run learnt of its folders for that run only."""
    l10n("build")
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = demo / "build/JP/en/login"
    for page in folder.iterdir():
        page.unlink()
    folder.rmdir()
    folder.symlink_to(outside)
    index = demo / "build/US/en/_index.md"
    index.unlink()
    index.symlink_to(outside / "_index.md")
    (demo / "source/content/_index.md").write_text(  # a change, so the cache does not skip the page
        (demo / "source/content/_index.md").read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")
    result = l10n("build", code=1)
    refused = [line for line in result.output.splitlines() if "resolves outside" in line]
    assert len(refused) == len(list((demo / "source/content/login").glob("*.md"))) + 1
    assert any("build/US/en/_index.md" in line for line in refused)
    assert list(outside.iterdir()) == []


def test_a_catalog_folder_swapped_for_a_symlink_between_two_commands_is_refused(demo, l10n, tmp_path):
    """Reads trust what a command learnt of the catalogs' folders for that command only, also
    when the next command runs in the same process."""
    l10n("check")
    folder = demo / "locales/en/login"
    outside = tmp_path / "outside"
    shutil.copytree(folder, outside)
    shutil.rmtree(folder)
    folder.symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    for command in ("check", "build"):
        result = l10n(command, code=1)
        assert f"{PO}: error: this catalog resolves to" in result.output, (command, result.output)
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


# Catalogs damaged by hand, or pointing outside the tree: named with file:line, left byte for byte
# untouched by every command, never a traceback; the other catalogs are still done.

DAMAGE = {
    "unterminated string": lambda text: text + '\nmsgid "unterminated\n',
    "bad escape": lambda text: text.replace('msgstr "Cannot', 'msgstr "\\qCannot', 1),
    "keyword out of place": lambda text: text.replace('msgstr "Cannot', 'msgid "x"\nmsgstr "Cannot', 1),
    "duplicate msgid": lambda text: text + '\nmsgid "社外からログインできません。"\nmsgstr "Another"\n',
    "garbage line": lambda text: text.replace("\n\n", "\nthis is not PO\n\n", 3),
    "cut inside a string": lambda text: text[:text.index('msgstr "Cannot') + 12],
    "invalid UTF-8": lambda text: text.replace("Cannot", "Can\udcffnot", 1),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_catalog_is_named_untouched_and_the_others_are_done(demo, l10n, tmp_path, damage):
    path, other = demo / PO, demo / "locales/zh/login/troubleshoot_second.po"
    data = DAMAGE[damage](path.read_text(encoding="utf-8")).encode("utf-8", "surrogateescape")
    path.write_bytes(data)
    other.unlink()
    for command in (["extract"], ["check"], ["build"], ["stats"], ["export", "--lang", "en", str(tmp_path / "x")]):
        result = l10n(*command, code=1)
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit), (command, result.output)
        assert f"{PO}:" in result.output, (command, result.output)
        assert path.read_bytes() == data
    assert other.exists()  # extract did the zh catalog
    assert (demo / "build/JP/zh/login/troubleshoot_second.md").exists()


def test_a_catalog_whose_text_names_a_file_is_text_and_a_symlink_out_is_refused(demo, l10n, tmp_path):
    outside = tmp_path / "outside.po"
    outside.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "社外からログインできません。"\n'
                       'msgstr "FROM OUTSIDE"\n', encoding="utf-8")
    path = demo / PO
    path.write_text(str(outside), encoding="utf-8")
    for command in ("extract", "build"):
        result = l10n(command, code=1)
        assert f"{PO}:1: error:" in result.output
    assert path.read_text(encoding="utf-8") == str(outside)
    path.unlink()
    path.symlink_to(outside)
    for command in ("extract", "check", "build"):
        result = l10n(command, code=1)
        assert f"{PO}: error:" in result.output and "outside" in result.output
    assert path.is_symlink() and outside.read_text(encoding="utf-8").endswith('"FROM OUTSIDE"\n')
    assert not any("FROM OUTSIDE" in p.read_text(encoding="utf-8") for p in (demo / "build").rglob("*.md"))


def test_line_separators_inside_a_translation_survive_build_and_extract(demo, l10n):
    path = demo / PO
    po = polib.pofile(str(path), wrapwidth=0)
    entry = po.find("社外からログインできません。")
    entry.msgstr = "Cannot sign in\u0085from outside\u2028the network"
    po.save(str(path))
    l10n("extract")
    from pipeline.po.pofile import read_po
    assert read_po(path.read_bytes(), PO).find(entry.msgid).msgstr == entry.msgstr
    l10n("build")
    assert "## Cannot sign in\u0085from outside\u2028the network {#" in (demo / PAGE).read_text(encoding="utf-8")


def test_a_folder_named_like_a_catalog_is_named_and_the_others_are_done(demo, l10n, tmp_path):
    (demo / PO).unlink()
    (demo / PO).mkdir()
    for command in (["extract"], ["check"], ["build"], ["stats"], ["export", "--lang", "en", str(tmp_path / "x")]):
        result = l10n(*command, code=1)
        assert f"{PO}: error:" in result.output and "Traceback" not in result.output, (command, result.output)
    assert (demo / PO).is_dir() and (demo / "build/JP/zh/login/troubleshoot_second.md").exists()


def test_a_run_stopped_by_an_error_is_cleared_after_as_a_killed_one(demo, l10n):
    """A run that ends on an error (its pool stops the workers still writing) leaves its pid in the
    lock file: the next run clears the temporaries a stopped worker may have left."""
    l10n("build")
    (demo / "build/bundles/US.tar.gz/inside").mkdir(parents=True)
    leftover = demo / "build/bundles/.JP.tar.gz.abcd1234.tmp"
    leftover.write_bytes(b"half an archive")
    l10n("bundle", code=1)
    assert (demo / ".l10n.lock").read_text(encoding="utf-8").startswith("pid ")
    (demo / "build/bundles/US.tar.gz/inside").rmdir()
    (demo / "build/bundles/US.tar.gz").rmdir()
    l10n("bundle")
    assert not leftover.exists() and (demo / "build/bundles/US.tar.gz").is_file()
    assert (demo / ".l10n.lock").read_text(encoding="utf-8") == ""


def test_a_usage_error_or_an_exit_ends_a_run_cleanly(demo, l10n):
    l10n("build", "--region", "XX", code=2)
    assert (demo / ".l10n.lock").read_text(encoding="utf-8") == ""
    l10n("build")
    assert (demo / ".l10n.lock").read_text(encoding="utf-8") == ""
