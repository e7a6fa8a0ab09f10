"""Which letters are the source language's: literals are text with letters, none of them."""
import pytest

from pipeline.reading.scripts import has_source_letters, language_name, literal, not_asked, scripts


def test_japanese_is_written_in_han_hiragana_and_katakana():
    assert scripts("ja") == {"CJK", "IDEOGRAPHIC", "HIRAGANA", "KATAKANA"}
    assert scripts("en") == {"LATIN"} and scripts("zh_Hant") == {"CJK", "IDEOGRAPHIC"}
    assert scripts("qps") is None  # unknown: every letter counts, nothing is left out


@pytest.mark.parametrize("text", ["ユーザー", "人々", "ｱｶｳﾝﾄ", "{{%slash%}}共通管理", "ー", "user01を入力"])
def test_text_with_a_japanese_letter_is_asked(text):
    assert has_source_letters(text, "ja") and not literal(text, "ja")


@pytest.mark.parametrize("text", ["SUCCESS", "png", "user01", "ＯＫ", "`保存` OK", "[Contact](https://example.com/)",
                                  "<b>ERROR</b> 404"])
def test_letters_of_another_script_only_are_a_literal(text):
    assert literal(text, "ja")


def test_no_letter_at_all_is_not_a_literal_and_unknown_languages_have_none():
    assert not literal("2024/01/01", "ja") and not literal("{{%service%}}", "ja")
    assert not literal("SUCCESS", "qps") and has_source_letters("SUCCESS", "qps")


def test_the_setting_decides_whether_a_literal_is_asked():
    assert not_asked("SUCCESS", "ja", "optional") and not_asked("SUCCESS", "ja", "never")
    assert not not_asked("SUCCESS", "ja", "ask") and not not_asked("保存", "ja", "optional")
    assert language_name("ja") == "Japanese"
