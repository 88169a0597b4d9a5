"""Add, edit and delete pages of the profile records; exit, re-entry, mentor and export."""

import datetime
import json

import pytest
from django.urls import reverse

from lotse.audit.models import AuditAction, AuditEvent
from lotse.cases.models import (
    Consent,
    ExternalReference,
    LanguageSkill,
    MenteeStatus,
    Participation,
    Qualification,
    ResidenceStatus,
    TargetOccupation,
    WorkExperience,
)
from lotse.cases.tests.factories import (
    ConsentFactory,
    CountryFactory,
    ExternalReferenceFactory,
    LanguageFactory,
    LanguageSkillFactory,
    MenteeFactory,
    QualificationFactory,
    ResidenceStatusFactory,
    ResidenceTitleFactory,
    TargetOccupationFactory,
    WorkExperienceFactory,
    occupation,
)

pytestmark = pytest.mark.django_db


def _valid(kind):
    """A valid POST for each kind, and the model it creates."""
    if kind == "language":
        return {
            "language": LanguageFactory().pk,
            "level": "B1",
            "certificate": "DTZ",
        }, LanguageSkill
    if kind == "qualification":
        return {
            "title": "Bauingenieur",
            "kind": "4",
            "country": CountryFactory().pk,
            "reference_occupation": occupation("31104").pk,
            "recognition_result": "full",
            "application_date": "2024-01-10",
            "decision_date": "2024-04-10",
        }, Qualification
    if kind == "work":
        return {
            "occupation": occupation().pk,
            "description": "Pflege",
            "years": "3.5",
        }, WorkExperience
    if kind == "target":
        return {"occupation": occupation().pk, "priority": "1"}, TargetOccupation
    if kind == "residence":
        return {
            "title": ResidenceTitleFactory().pk,
            "valid_from": "2024-01-01",
            "valid_until": "2027-01-01",
            "identity_clarified": "on",
        }, ResidenceStatus
    if kind == "reference":
        return {"agency": "jobcenter", "reference": "123D456789"}, ExternalReference
    if kind == "consent":
        from lotse.privacy.models import ConsentText

        text = ConsentText.objects.get(purpose="case", version="v1", language="en")
        return {
            "consent_text": str(text.public_id),
            "given_on": "2025-01-15",
            "method": "written",
        }, Consent
    raise AssertionError(kind)


FACTORIES = {
    "language": LanguageSkillFactory,
    "qualification": QualificationFactory,
    "work": WorkExperienceFactory,
    "target": TargetOccupationFactory,
    "residence": ResidenceStatusFactory,
    "reference": ExternalReferenceFactory,
    "consent": ConsentFactory,
}
KINDS = list(FACTORIES)


@pytest.mark.parametrize("kind", KINDS)
def test_add_record(client, mentee, alice, charlie, cora, kind):
    url = reverse(f"cases:{kind}_add", args=[mentee.public_id])
    data, model = _valid(kind)
    assert reverse("accounts:login") in client.get(url)["Location"]
    for outsider in (charlie, cora):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert not model.objects.exists()
    client.force_login(alice)
    assert client.put(url).status_code == 405
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    record = model.objects.get()
    assert record.mentee == mentee
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(record.public_id), mentee_id=mentee.public_id
    ).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_edit_and_delete_record(client, mentee, alice, charlie, kind):
    record = FACTORIES[kind](mentee=mentee)
    model = type(record)
    edit = reverse(f"cases:{kind}_edit", args=[mentee.public_id, record.public_id])
    delete = reverse(f"cases:{kind}_delete", args=[mentee.public_id, record.public_id])
    data, _ = _valid(kind)
    client.force_login(charlie)
    assert client.get(edit).status_code == 404
    assert client.post(delete).status_code == 404
    client.force_login(alice)
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**data, "version": "1"}).status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(record.public_id)
    ).exists()
    assert client.get(delete).status_code == 405
    # A delete from a page showing the old version is refused; the current one deletes.
    assert client.post(delete, {"version": "1"}).status_code == 409
    assert model.objects.filter(pk=record.pk).exists()
    assert client.post(delete, {"version": "2"}).status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.DELETE, object_id=str(record.public_id)
    ).exists()


def test_a_record_of_another_mentee_is_404_through_this_mentee(client, project_a, mentee, alice):
    other = MenteeFactory(project=project_a)
    skill = LanguageSkillFactory(mentee=other)
    client.force_login(alice)
    url = reverse("cases:language_edit", args=[mentee.public_id, skill.public_id])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("kind", "overrides", "field"),
    [
        ("qualification", {"decision_date": "2023-01-01"}, "decision_date"),
        ("qualification", {"year": "1800"}, "year"),
        ("residence", {"valid_until": "2023-01-01"}, "valid_until"),
        ("consent", {"given_on": "2999-01-01"}, "given_on"),
        ("work", {"years": "-1"}, "years"),
        ("target", {"priority": "0"}, "priority"),
    ],
)
def test_record_validation_at_the_field(client, mentee, alice, kind, overrides, field):
    data, model = _valid(kind)
    data.update(overrides)
    client.force_login(alice)
    response = client.post(reverse(f"cases:{kind}_add", args=[mentee.public_id]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not model.objects.exists()


def test_the_same_language_twice_is_refused_at_the_field(client, mentee, alice):
    LanguageSkillFactory(mentee=mentee)
    data, _ = _valid("language")
    client.force_login(alice)
    response = client.post(reverse("cases:language_add", args=[mentee.public_id]), data)
    assert "language" in response.context["form"].errors
    assert LanguageSkill.objects.count() == 1


def test_consent_withdrawal_page(client, mentee, alice, charlie):
    consent = ConsentFactory(mentee=mentee)
    url = reverse("cases:consent_withdraw", args=[mentee.public_id, consent.public_id])
    client.force_login(charlie)
    assert client.post(url, {"withdrawn_on": "2025-08-01"}).status_code == 404
    client.force_login(alice)
    assert client.put(url).status_code == 405
    response = client.post(url, {"withdrawn_on": "2024-01-01", "version": "1"})
    assert "withdrawn_on" in response.context["form"].errors
    assert client.post(url, {"withdrawn_on": "2025-08-01"}).status_code == 200  # no version
    assert client.post(url, {"withdrawn_on": "2025-08-01", "version": "1"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2025, 8, 1)


# --- exit, re-entry, mentor ------------------------------------------------------------------


def test_exit_and_reenter_pages(client, mentee, alice, charlie):
    exit_url = reverse("cases:exit", args=[mentee.public_id])
    reenter_url = reverse("cases:reenter", args=[mentee.public_id])
    assert reverse("accounts:login") in client.get(exit_url)["Location"]
    client.force_login(charlie)
    assert (
        client.post(exit_url, {"exit_date": "2025-06-01", "exit_reason": "job"}).status_code == 404
    )
    client.force_login(alice)
    assert client.delete(exit_url).status_code == 405
    response = client.post(exit_url, {"exit_date": "2024-06-01", "exit_reason": "job"})
    assert "exit_date" in response.context["form"].errors  # before the entry
    assert (
        client.post(exit_url, {"exit_date": "2025-06-01", "exit_reason": "job"}).status_code == 302
    )
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.EXITED
    response = client.post(reenter_url, {"project": mentee.project_id, "entry_date": "2025-05-01"})
    assert "entry_date" in response.context["form"].errors  # before the exit
    response = client.post(
        reenter_url, {"project": mentee.project_id, "mentor": alice.pk, "entry_date": "2025-10-01"}
    )
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.ACTIVE
    assert Participation.objects.filter(mentee=mentee).count() == 2


def test_assign_mentor_page_is_for_the_project_lead(client, mentee, alice, bob, lena, charlie):
    url = reverse("cases:assign_mentor", args=[mentee.public_id])
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(lena)
    assert client.put(url).status_code == 405
    assert client.get(url).status_code == 200
    assert client.post(url, {"mentor": bob.pk}).status_code == 302
    mentee.refresh_from_db()
    assert mentee.mentor == bob
    response = client.post(url, {"mentor": charlie.pk})
    assert "mentor" in response.context["form"].errors


# --- export ----------------------------------------------------------------------------------


def test_export_is_a_json_download_of_the_whole_record_and_is_audited(client, mentee, alice):
    LanguageSkillFactory(mentee=mentee, level="B2")
    ConsentFactory(mentee=mentee)
    url = reverse("cases:export", args=[mentee.public_id])
    assert reverse("accounts:login") in client.get(url)["Location"]
    client.force_login(alice)
    assert client.post(url).status_code == 405
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["mentee"]["last_name"] == "Haddad"
    assert data["languages"][0]["level"] == "B2"
    assert len(data["consents"]) == 1 and len(data["participations"]) == 1
    assert "id" not in data["mentee"]
    assert (
        AuditEvent.objects.filter(action=AuditAction.EXPORT, mentee_id=mentee.public_id).count()
        == 1
    )


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
def test_export_is_404_for_outsiders(client, mentee, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cases:export", args=[mentee.public_id])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_residence_form_offers_the_rules_in_force_and_keeps_an_older_choice(
    client, mentee, alice
):
    current = ResidenceTitleFactory(code="a", name="In Kraft", valid_from=datetime.date(2024, 1, 1))
    old = ResidenceTitleFactory(
        code="b",
        name="Alte Fassung",
        valid_from=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2023, 12, 31),
    )
    client.force_login(alice)
    form = client.get(reverse("cases:residence_add", args=[mentee.public_id])).context["form"]
    choices = set(form.fields["title"].queryset)
    assert current in choices and old not in choices
    status = ResidenceStatusFactory(mentee=mentee, title=old)
    url = reverse("cases:residence_edit", args=[mentee.public_id, status.public_id])
    assert old in set(client.get(url).context["form"].fields["title"].queryset)


def test_identity_clarified_is_not_ticked_in_advance_on_a_new_residence_status(
    client, mentee, alice
):
    client.force_login(alice)
    url = reverse("cases:residence_add", args=[mentee.public_id])
    field = client.get(url).context["form"]["identity_clarified"]
    assert 'name="identity_clarified"' in str(field)
    assert "checked" not in str(field)

    data = {"title": ResidenceTitleFactory().pk, "valid_from": "2024-01-01"}
    assert client.post(url, data).status_code == 302
    assert ResidenceStatus.objects.get(mentee=mentee).identity_clarified is False


@pytest.mark.parametrize("kind", list(FACTORIES))
@pytest.mark.parametrize("version", [None, "", "x", "2", "-1", "1e3"])
def test_an_edit_without_the_opened_version_is_refused_and_the_input_kept(
    client, mentee, alice, kind, version
):
    """Regression: the profile records had no stale check at all."""
    record = FACTORIES[kind](mentee=mentee)
    before = {f.attname: getattr(record, f.attname) for f in type(record)._meta.concrete_fields}
    edit = reverse(f"cases:{kind}_edit", args=[mentee.public_id, record.public_id])
    data, _ = _valid(kind)
    if version is not None:
        data = {**data, "version": version}
    client.force_login(alice)
    response = client.post(edit, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()["__all__"]] == ["stale"]
    kept = {name: form.data.get(name) for name in data if name != "version"}
    assert kept == {name: str(value) for name, value in data.items() if name != "version"}
    assert form["version"].value() == "1"  # the current version: saving again overwrites
    stored = type(record).objects.get(pk=record.pk)
    assert {f.attname: getattr(stored, f.attname) for f in stored._meta.concrete_fields} == before
