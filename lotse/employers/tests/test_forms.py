from lotse.employers.forms import VacancyForm


def test_every_vacancy_field_is_in_a_fieldset_once():
    names = [name for _, names in VacancyForm.fieldsets for name in names]
    assert sorted(names) == sorted(VacancyForm.base_fields)
