import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from lotse.reference.admin import ResidenceTitleForm
from lotse.reference.models import ResidenceTitle
from lotse.reference.services import import_residence_rules

pytestmark = pytest.mark.django_db


def rule_data(**changes):
    data = {
        "code": "chancenkarte-20a",
        "name": "Chancenkarte § 20a",
        "work_permission": "restricted",
        "max_hours_per_week": 15,
        "valid_from": "2026-01-01",
    }
    return {**data, **changes}


def test_a_new_version_must_not_overlap_the_one_in_force():
    import_residence_rules()

    with translation.override("en"):
        form = ResidenceTitleForm(data=rule_data())
        assert not form.is_valid()
        assert "overlaps the version valid from 2024-06-01" in form.errors["valid_from"][0]

    current = ResidenceTitle.objects.get(code="chancenkarte-20a")
    current.valid_until = datetime.date(2025, 12, 31)
    current.save()
    assert ResidenceTitleForm(data=rule_data()).is_valid()


def test_a_rule_cannot_end_before_it_starts():
    form = ResidenceTitleForm(data=rule_data(code="neu", valid_until="2025-01-01"))
    assert not form.is_valid()
    assert "valid_until" in form.errors


def test_imported_data_is_read_only_and_rules_are_editable_in_the_admin(client, adam):
    adam.is_superuser = True
    adam.save()
    import_residence_rules()
    client.force_login(adam)
    rule = ResidenceTitle.objects.get(code="ae-25-2")

    assert client.get(reverse("admin:reference_occupation_changelist")).status_code == 200
    assert client.get(reverse("admin:reference_occupation_add")).status_code == 403
    assert (
        client.get(reverse("admin:reference_residencetitle_change", args=[rule.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("admin:reference_residencetitle_delete", args=[rule.pk])).status_code
        == 403
    )
