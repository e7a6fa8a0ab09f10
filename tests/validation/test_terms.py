"""The glossary check: every label reads as the glossary translates it."""
from pipeline.model import Kind
from pipeline.validation import DEFAULT_LEVELS, check_translation
from pipeline.validation.terms import check


def test_a_translation_that_has_the_expected_text_passes():
    assert check("[保存]をクリックします。", "Click [Save].", [("[保存]", "[Save]")]) == []


def test_a_translation_without_it_names_the_label_and_the_expected_text():
    (problem,) = check("[保存]をクリックします。", "Click [Store].", [("[保存]", "[Save]"), ("[保存]", "[Save]")])
    assert problem.check == "glossary"
    assert problem.message == "[保存] is '[Save]' in the glossary: the msgstr does not have it"


def test_spacing_line_breaks_and_spaces_in_shortcodes_do_not_count():
    expected = [("「{{%slash%}}共通管理」", "{{%slash%}} Administration")]
    assert check("「{{%slash%}}共通管理」の画面", "The {{% slash %}}\nAdministration  screen", expected) == []


def test_an_identity_translation_passes_as_it_passes_every_check():
    assert check("[保存]", "[保存]", [("[保存]", "[Save]")]) == []


def test_a_warning_by_default_and_not_a_construct_check():
    assert DEFAULT_LEVELS["glossary"] == "warning" and DEFAULT_LEVELS["placeholders"] == "error"
    assert check_translation("[保存]をクリック", "Click [Store]", Kind.PARAGRAPH) == []
