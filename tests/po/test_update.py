"""Updating catalogs when the source changes: nothing a translator wrote is ever lost."""
import random
import sys
from conftest import ROOT

import polib

sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402  (the benchmark's tree replication)

PAGE = "source/content/login/troubleshoot_second.md"
PO = "locales/en/login/troubleshoot_second.po"


def entries(path):
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path), wrapwidth=0)}


def edit(site, old, new):
    page = site / PAGE
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


def test_changed_unit_gets_the_previous_translation_as_fuzzy_with_previous_msgid(demo, l10n):
    edit(demo, "URLを確認し、再度ログインを試してください。", "URLを確認し、もう一度ログインを試してください。")
    l10n("extract")
    changed = next(e for e in entries(demo / PO).values() if e.msgid.startswith("ログインURLが間違っているようです。"))
    assert changed.fuzzy and changed.msgstr.startswith("The login URL")
    assert "URLを確認し、再度ログインを試してください。" in changed.previous_msgid
    assert not any(e.obsolete for e in entries(demo / PO).values())  # the old entry lives on in the fuzzy one


def test_moved_sentence_gets_the_memory_translation_unmarked(demo, l10n):
    other = demo / "source/content/login/password_reset.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n\n社外からログインできません。\n", encoding="utf-8")
    l10n("extract")
    moved = entries(demo / "locales/en/login/password_reset.po")[(None, "社外からログインできません。")]
    assert not moved.fuzzy and moved.msgstr == entries(demo / PO)[(None, "社外からログインできません。")].msgstr != ""


def test_removed_text_becomes_obsolete_and_comes_back(demo, l10n):
    page = demo / PAGE
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("## 社外からログインできません。", "## 社外から接続できない場合の対処方法"), encoding="utf-8")
    l10n("extract", "--no-fuzzy-matching")
    gone = entries(demo / PO)[(None, "社外からログインできません。")]
    assert gone.obsolete and gone.msgstr
    page.write_text(original, encoding="utf-8")
    l10n("extract")
    back = entries(demo / PO)[(None, "社外からログインできません。")]
    assert not back.obsolete and back.msgstr == gone.msgstr
    l10n("extract", "--purge-obsolete")
    assert not any(e.obsolete for e in entries(demo / PO).values())


def test_translators_comments_and_flags_survive(demo, l10n):
    po = polib.pofile(str(demo / PO), wrapwidth=0)
    entry = po.find("社外からログインできません。")
    entry.tcomment = "Term approved by the product team"
    entry.flags.append("fuzzy")
    po.save(str(demo / PO))
    l10n("extract")
    kept = entries(demo / PO)[(None, "社外からログインできません。")]
    assert kept.tcomment == "Term approved by the product team" and kept.fuzzy


def test_no_translation_is_lost_when_a_real_size_tree_changes(tmp_path, l10n):
    """Edit, move, delete and add paragraphs across 90 pages; every msgstr survives in its catalog."""
    site = tmp_path / "tree"
    config = bench.replicate(ROOT, 90, site)
    from conftest import Run
    run = Run(site)
    run("extract")
    before = {p: {e.msgstr for e in polib.pofile(str(p), wrapwidth=0) if e.msgstr}
              for p in (site / "locales").rglob("*.po")}
    assert sum(map(len, before.values())) > 1000
    rng = random.Random(3)
    pages = sorted((site / "source/content").rglob("*.md"))
    moved = []
    for page in rng.sample(pages, 40):
        blocks = page.read_text(encoding="utf-8").split("\n\n")
        action = rng.choice(["edit", "move", "delete", "add"])
        i = rng.randrange(1, len(blocks))
        if "{{%" in blocks[i] or "{{<" in blocks[i] or "```" in blocks[i]:
            continue  # keep shortcodes balanced: damaged pages are another test's business
        if action == "edit":
            blocks[i] = blocks[i].replace("。", "！", 1)
        elif action == "move":
            moved.append(blocks.pop(i))
        elif action == "delete":
            blocks.pop(i)
        else:
            blocks.insert(i, "この段落は新しく追加されました。")
        page.write_text("\n\n".join(blocks), encoding="utf-8")
    for block in moved:
        page = rng.choice(pages)
        page.write_text(page.read_text(encoding="utf-8") + "\n\n" + block + "\n", encoding="utf-8")
    run("extract")
    for path, msgstrs in before.items():
        after = {e.msgstr for e in polib.pofile(str(path), wrapwidth=0) if e.msgstr}
        assert msgstrs <= after, (path, msgstrs - after)
    assert config.exists()


def test_a_small_edit_undone_brings_the_translations_back_unfuzzy(demo, l10n):
    page = demo / PAGE
    original = page.read_text(encoding="utf-8")
    before = {key: (e.msgstr, e.fuzzy) for key, e in entries(demo / PO).items()}
    paragraphs = [e.msgid for e in entries(demo / PO).values()
                  if e.msgstr and not e.fuzzy and "。" in e.msgid and "\n" not in e.msgid and original.count(e.msgid) == 1]
    assert len(paragraphs) >= 5
    text = original
    for msgid in paragraphs[:5]:
        text = text.replace(msgid, msgid.replace("。", "とても。", 1))
    page.write_text(text, encoding="utf-8")
    l10n("extract")
    assert sum(e.fuzzy for e in entries(demo / PO).values()) >= 5
    page.write_text(original, encoding="utf-8")
    l10n("extract")
    assert {key: (e.msgstr, e.fuzzy) for key, e in entries(demo / PO).items()} == before
    assert not any(e.previous_msgid for e in entries(demo / PO).values() if not e.fuzzy)


def test_a_plural_entry_that_left_the_source_is_kept_obsolete(demo, l10n):
    path = demo / PO
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "{n} ユーザー"\nmsgid_plural "{n} ユーザー"\n'
                    'msgstr[0] "{n} user"\nmsgstr[1] "{n} users"\n', encoding="utf-8")
    l10n("extract")
    text = path.read_text(encoding="utf-8")
    assert '#~ msgid_plural "{n} ユーザー"\n#~ msgstr[0] "{n} user"\n#~ msgstr[1] "{n} users"' in text
