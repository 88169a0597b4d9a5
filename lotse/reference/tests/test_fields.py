import pytest
from django import forms
from django.utils import translation

from lotse.reference.fields import OccupationField
from lotse.reference.models import Occupation
from lotse.reference.tests.factories import OccupationFactory


class TargetForm(forms.Form):
    occupation = OccupationField()


class OptionalForm(forms.Form):
    occupation = OccupationField(required=False, label="Beruf")


@pytest.mark.parametrize(
    "typed", ["82312", "82312 Friseur/in", "Friseur/in", "friseurin", "FRISEUR"]
)
def test_codes_and_exact_titles_are_accepted(small_reference, typed):
    form = TargetForm(data={"occupation": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["occupation"] == Occupation.objects.get(code="82312")


@pytest.mark.parametrize("typed", ["Friseu", "8231", "99999", "Astronaut/in"])
def test_anything_else_is_rejected_at_the_field_and_the_input_kept(small_reference, typed):
    with translation.override("en"):
        form = TargetForm(data={"occupation": typed})

        assert not form.is_valid()
        assert form.errors["occupation"] == [
            f"No occupation matches “{typed}”; please enter a job title from the list or a "
            "5-digit KldB code."
        ]
        assert f'value="{typed}"' in str(form["occupation"])


def test_the_field_is_required_unless_said_otherwise(small_reference):
    assert "occupation" in TargetForm(data={"occupation": " "}).errors
    optional = OptionalForm(data={"occupation": ""})
    assert optional.is_valid()
    assert optional.cleaned_data["occupation"] is None


def test_the_field_renders_a_searching_input_with_a_live_result_region(small_reference):
    html = str(TargetForm()["occupation"])

    assert 'hx-get="/reference/occupations/"' in html
    assert 'hx-trigger="input changed delay:250ms, search"' in html
    assert 'aria-controls="id_occupation_results"' in html
    assert 'id="id_occupation_results"' in html
    assert 'aria-live="polite"' in html
    assert 'autocomplete="off"' in html


def test_an_initial_occupation_is_shown_with_its_code_and_title(small_reference):
    occupation = Occupation.objects.get(code="82312")

    by_object = str(TargetForm(initial={"occupation": occupation})["occupation"])
    by_code = str(TargetForm(initial={"occupation": "82312"})["occupation"])

    assert 'value="82312 Friseurgewerbe - Fachkraft"' in by_object
    assert 'value="82312 Friseurgewerbe - Fachkraft"' in by_code


def test_resubmitting_the_shown_value_is_not_a_change(small_reference):
    occupation = Occupation.objects.get(code="82312")
    form = TargetForm(
        data={"occupation": "82312 Friseurgewerbe - Fachkraft"},
        initial={"occupation": occupation.pk},
    )
    assert form.is_valid()
    assert not form.has_changed()
    assert TargetForm(data={"occupation": "29222"}, initial={"occupation": "82312"}).has_changed()


def test_it_works_in_a_model_form_for_a_foreign_key(db):
    OccupationFactory(code="81302", title="Gesundheits- und Krankenpflege - Fachkraft")

    class OccupationForm(forms.ModelForm):
        parent = OccupationField(queryset=Occupation.objects.filter(level=5))

        class Meta:
            model = Occupation
            fields = ["parent"]

    form = OccupationForm(data={"parent": "81302"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["parent"].code == "81302"
