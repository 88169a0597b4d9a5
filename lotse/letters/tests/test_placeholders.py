"""The placeholder syntax: what is refused with which message, and how a text is filled."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lotse.letters import placeholders


def refusal(text: str, kind: str = "invitation") -> str:
    with pytest.raises(ValidationError) as error:
        placeholders.check(text, kind)
    return " ".join(error.value.messages)


def test_known_placeholders_and_escaped_braces_pass():
    placeholders.check(
        "Guten Tag {name}, am {date} um {time} in {place}. {{Hinweis}}", "invitation"
    )
    placeholders.check("{ name }", "invitation")


def test_an_unknown_placeholder_is_named_with_what_may_be_used():
    with translation.override("en"):
        message = refusal("Hallo {nmae} und {iban}")
    assert "{iban}, {nmae}" in message
    assert "placeholders" in message
    assert "{name}" in message and "{date}" in message


def test_a_placeholder_of_another_kind_is_unknown_here():
    with translation.override("en"):
        message = refusal("Ihr Arbeitgeber {employer}", "invitation")
    assert "{employer}" in message
    placeholders.check("Ihr Arbeitgeber {employer}", "employer")


@pytest.mark.parametrize(
    "text",
    [
        "Eine offene { Klammer",
        "Eine } schließende",
        "{name.__class__}",
        "{name!r}",
        "{0}",
        "{}",
        "{name:>30}",
        "{{name}",
        "{Name}",
        "{" + "a" * 60 + "}",
        "{% if x %}{{ name }}",
        "{x\u0000}",
    ],
)
def test_anything_but_a_plain_name_is_refused(text):
    with translation.override("en"):
        message = refusal(text)
    assert "not a placeholder" in message or "does not know" in message


def test_nothing_is_evaluated_when_filling():
    values = {"name": "{date} <b>&</b>", "date": "01.01.2027"}
    # A value is inserted as it is: no second round, no markup (escaping is the output's job).
    assert placeholders.fill("Hallo {name}", values) == "Hallo {date} <b>&</b>"
    assert placeholders.fill("{{name}} {{ {name} }}", values) == "{name} { {date} <b>&</b> }"


def test_lines_whose_placeholders_are_all_empty_are_left_out():
    text = "Termin:\nOrt: {place}\nBei: {with_whom}\nDatum: {date}\n\nGruß"
    filled = placeholders.fill_paragraphs(text, {"place": "", "with_whom": " ", "date": "1.2."})
    assert filled == [["Termin:", "Datum: 1.2."], ["Gruß"]]


def test_paragraphs_are_split_at_blank_lines():
    assert placeholders.paragraphs("a\r\nb\n\n\n c \n \nd") == [["a", "b"], ["c"], ["d"]]


def test_every_placeholder_has_a_description():
    names = {name for names in placeholders.PLACEHOLDERS.values() for name in names}
    assert names <= set(placeholders.DESCRIPTIONS)
