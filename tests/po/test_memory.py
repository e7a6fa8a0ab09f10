"""The translation memory: exact matches, and the near match a full difflib scan would choose."""
import difflib

from hypothesis import given, settings, strategies as st

from pipeline.po.memory import THRESHOLD, Memory

TEXTS = st.text(alphabet="設定管理画面のをユーザーabc [](){}%", min_size=1, max_size=24)  # msgids are never empty


def scan(memory: Memory, msgid: str):
    """Every entry scored with difflib, ties to the shortest then the first: what `closest` answers."""
    best = None
    for candidate in sorted(memory.exact, key=len):
        score = difflib.SequenceMatcher(None, candidate, msgid, autojunk=False).ratio()
        if score >= THRESHOLD and (best is None or score > best[1]):
            best = (candidate, score)
    return best


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, max_size=30), TEXTS)
def test_the_near_match_is_the_one_a_full_difflib_scan_gives(entries, msgid):
    memory = Memory((text, "translation") for text in entries)
    found = memory.closest(msgid)
    assert ((found.msgid, found.score) if found else None) == scan(memory, msgid)


def test_exact_and_near_matches_and_the_threshold():
    memory = Memory([("ユーザーを追加する", "Add a user"), ("設定画面を開く", "Open the settings"), ("空", "")])
    assert memory.exact == {"ユーザーを追加する": "Add a user", "設定画面を開く": "Open the settings"}
    near = memory.closest("ユーザーを削除する")
    assert (near.msgid, near.msgstr) == ("ユーザーを追加する", "Add a user") and THRESHOLD <= near.score < 1
    assert memory.closest("まったく別の文です") is None


def test_each_language_gets_its_own_translation_of_the_same_near_match():
    """The ratio of a pair is kept for the next language's memory; its translation is not."""
    english = Memory([("ユーザーを追加する", "Add a user"), ("ユーザーを追加した", "Added a user")])
    chinese = Memory([("ユーザーを追加した", "已添加用户"), ("ユーザーを追加する", "添加用户")])
    assert (english.closest("ユーザーを削除する").msgstr, chinese.closest("ユーザーを削除する").msgstr) == ("Add a user", "添加用户")
    assert chinese.closest("ユーザーを削除した").msgstr == "已添加用户"
    assert english.closest("ユーザーを削除した").msgstr == "Added a user"
