import pytest
from django import forms
from django.utils import translation

from lotse.cases.forms import LanguageSkillForm
from lotse.cases.tests.factories import MenteeFactory
from lotse.journal.forms import JournalEntryForm
from lotse.reference.fields import LanguageField
from lotse.reference.models import Language
from lotse.reference.selectors import COMMON_LANGUAGES, languages_common_first

pytestmark = pytest.mark.django_db


@pytest.fixture
def languages():
    for code, name_de, name_en in [
        ("ab", "Abchasisch", "Abkhazian"),
        ("ar", "Arabisch", "Arabic"),
        ("de", "Deutsch", "German"),
        ("prs", "Dari", "Dari"),
        ("uk", "Ukrainisch", "Ukrainian"),
        ("ti", "Tigrinya", "Tigrinya"),
        ("tlh", "Klingonisch", "Klingon"),
        ("sq", "Albanisch", "Albanian"),
    ]:
        Language.objects.create(iso_code=code, name_de=name_de, name_en=name_en)


class PickerForm(forms.Form):
    language = LanguageField(required=False)


def _groups(field: forms.BoundField) -> list[tuple[str, list[str]]]:
    return [
        (str(group), [str(label) for _value, label in options])
        for group, options in field.field.choices
        if isinstance(options, list)
    ]


def test_the_common_languages_come_first_then_the_others_alphabetically(languages):
    with translation.override("de"):
        groups = _groups(PickerForm()["language"])

    assert groups == [
        ("Häufige Sprachen", ["Arabisch", "Dari", "Ukrainisch", "Tigrinya"]),
        ("Weitere Sprachen", ["Abchasisch", "Albanisch", "Deutsch", "Klingonisch"]),
    ]


def test_in_english_the_others_are_sorted_by_their_english_names(languages):
    with translation.override("en"):
        common, others = languages_common_first()

        assert [str(language) for language in common] == ["Arabic", "Dari", "Ukrainian", "Tigrinya"]
        assert [str(language) for language in others] == [
            "Abkhazian",
            "Albanian",
            "German",
            "Klingon",
        ]


def test_the_rendered_select_has_the_groups_and_an_empty_choice_first(languages):
    with translation.override("de"):
        html = str(PickerForm()["language"])

    common, others = '<optgroup label="Häufige Sprachen">', '<optgroup label="Weitere Sprachen">'
    assert html.index('<option value="" selected>') < html.index(common)
    assert html.index(common) < html.index('value="ti"') < html.index(others)
    assert html.index(others) < html.index('value="ab"')


def test_a_language_of_either_group_is_accepted(languages):
    for code in ("prs", "tlh"):
        form = PickerForm(data={"language": code})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["language"].iso_code == code


def test_the_common_list_names_each_language_once_by_its_iso_code():
    assert len(set(COMMON_LANGUAGES)) == len(COMMON_LANGUAGES)
    assert all(code.isascii() and code.islower() for code in COMMON_LANGUAGES)
    assert all(len(code) in (2, 3) for code in COMMON_LANGUAGES)


def test_every_language_picker_of_the_project_lists_the_common_languages_first():
    mentee = MenteeFactory()

    assert isinstance(JournalEntryForm().fields["interpreter_language"], LanguageField)
    assert isinstance(LanguageSkillForm(mentee=mentee).fields["language"], LanguageField)
