"""Creating and editing a mentee, with validation at the field and optimistic locking."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEvent
from lotse.cases.models import Mentee, Participation

pytestmark = pytest.mark.django_db
CREATE = reverse("cases:create")


def valid_data(project, **overrides):
    data = {
        "project": project.pk,
        "mentor": "",
        "entry_date": "2025-03-01",
        "first_name": "Amal",
        "last_name": "Haddad",
        "birth_date": "1990-05-17",
        "gender": "f",
        "phone": "",
        "email": "",
        "street": "",
        "postcode": "",
        "arrival_date": "2016-01-10",
        "goal": "job",
        "driving_licence": "",
        "commute_limit_km": "25",
        "hours_per_week": "30",
        "referrer": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def edit_data(mentee, **overrides):
    data = valid_data(mentee.project, first_name=mentee.first_name, last_name=mentee.last_name)
    data["version"] = str(mentee.version)
    data.update(overrides)
    return data


# --- create ---------------------------------------------------------------------------------


def test_create_anonymous_is_sent_to_login(client):
    assert reverse("accounts:login") in client.get(CREATE)["Location"]


@pytest.mark.parametrize("who", ["cora", "dora", "adam"])
def test_create_is_404_without_projects(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(CREATE).status_code == 404


def test_create_wrong_method_is_405(client, alice):
    client.force_login(alice)
    assert client.put(CREATE).status_code == 405


def test_alice_creates_a_mentee_with_district_from_the_postcode(client, project_a, alice, postcode):
    client.force_login(alice)
    response = client.post(
        CREATE, valid_data(project_a, mentor=alice.pk, postcode="09111", email="a@example.org")
    )
    mentee = Mentee.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[mentee.public_id])
    assert mentee.project == project_a and mentee.mentor == alice
    assert mentee.place == postcode and mentee.district_id == "14511"
    participation = Participation.objects.get(mentee=mentee)
    assert participation.entry_date == datetime.date(2025, 3, 1) and participation.exit_date is None
    actions = set(
        AuditEvent.objects.filter(mentee_id=mentee.public_id).values_list("action", "object_type")
    )
    assert actions == {("create", "cases.mentee"), ("create", "cases.participation")}


def test_alice_cannot_create_a_mentee_in_project_b(client, project_a, project_b, alice):
    client.force_login(alice)
    response = client.post(CREATE, valid_data(project_b))
    assert response.status_code == 200
    assert "project" in response.context["form"].errors
    assert not Mentee.objects.exists()


def _future(days=1):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"birth_date": "future"}, "birth_date", "Zukunft"),
        ({"birth_date": "2020-01-01"}, "birth_date", "15 bis 70"),
        ({"birth_date": "1900-01-01"}, "birth_date", "15 bis 70"),
        ({"arrival_date": "1985-01-01"}, "arrival_date", "vor dem Geburtsdatum"),
        ({"arrival_date": "future"}, "arrival_date", "Zukunft"),
        ({"postcode": "0911"}, "postcode", "fünf Ziffern"),
        ({"postcode": "99999"}, "postcode", "nicht in den Referenzdaten"),
        ({"hours_per_week": "61"}, "hours_per_week", "60"),
        ({"commute_limit_km": "301"}, "commute_limit_km", "300"),
        ({"email": "not-an-address"}, "email", "E-Mail"),
        ({"first_name": ""}, "first_name", "erforderlich"),
    ],
)
def test_bad_input_is_reported_at_the_field_in_german(
    client, project_a, alice, postcode, overrides, field, fragment
):
    overrides = {k: (_future() if v == "future" else v) for k, v in overrides.items()}
    client.force_login(alice)
    response = client.post(CREATE, valid_data(project_a, **overrides), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert fragment in " ".join(errors[field]), errors[field]
    # the user's other input is kept
    assert 'value="Haddad"' in response.content.decode()
    assert not Mentee.objects.exists()


def test_messages_are_in_english_when_asked(client, project_a, alice):
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    response = client.post(CREATE, valid_data(project_a, birth_date=_future()))
    assert "cannot be in the future" in " ".join(response.context["form"].errors["birth_date"])


def test_a_mentor_of_another_project_is_refused(client, project_a, alice, charlie):
    client.force_login(alice)
    response = client.post(CREATE, valid_data(project_a, mentor=charlie.pk))
    assert "mentor" in response.context["form"].errors
    assert not Mentee.objects.exists()


def test_the_notes_field_warns_against_asylum_grounds_and_health_data(client, alice):
    client.force_login(alice)
    content = client.get(CREATE + "?searched=1", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Asylgründe" in content and "Gesundheit" in content


# --- edit -----------------------------------------------------------------------------------


def edit_url(mentee):
    return reverse("cases:edit", args=[mentee.public_id])


def test_edit_anonymous_is_sent_to_login(client, mentee):
    assert reverse("accounts:login") in client.get(edit_url(mentee))["Location"]


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
def test_edit_is_404_for_outsiders(client, mentee, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(edit_url(mentee)).status_code == 404
    assert client.post(edit_url(mentee), edit_data(mentee, last_name="X")).status_code == 404
    mentee.refresh_from_db()
    assert mentee.last_name == "Haddad"


def test_opening_the_edit_form_is_audited_as_a_view(client, mentee, alice):
    client.force_login(alice)
    assert client.get(edit_url(mentee)).status_code == 200
    assert (
        AuditEvent.objects.filter(action=AuditAction.VIEW, mentee_id=mentee.public_id).count() == 1
    )


def test_edit_wrong_method_is_405(client, mentee, alice):
    client.force_login(alice)
    assert client.delete(edit_url(mentee)).status_code == 405


def test_bob_edits_his_teammates_mentee_and_the_change_is_audited(client, mentee, bob):
    client.force_login(bob)
    response = client.post(edit_url(mentee), edit_data(mentee, last_name="Haddad-Nasser"))
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.last_name == "Haddad-Nasser"
    assert mentee.version == 2
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.actor == bob
    assert event.changes["last_name"] == ["…", "…"]  # a name is recorded as changed, not copied


def test_a_second_edit_from_the_same_version_is_refused_and_the_first_kept(
    client, mentee, alice, bob
):
    form_a = edit_data(mentee, last_name="Haddad-Nasser")  # both opened version 1
    form_b = edit_data(mentee, last_name="Hadad", phone="0371 123")
    client.force_login(alice)
    assert client.post(edit_url(mentee), form_a).status_code == 302
    client.force_login(bob)
    response = client.post(edit_url(mentee), form_b, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Dieser Datensatz wurde inzwischen von {alice} geändert" in content
    assert 'value="Hadad"' in content and 'value="0371 123"' in content  # bob's input kept
    mentee.refresh_from_db()
    assert (mentee.last_name, mentee.phone, mentee.version) == ("Haddad-Nasser", "", 2)
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1
    # the re-rendered form carries the current version: a deliberate second save goes through
    assert response.context["form"]["version"].value() == "2"
    form_b["version"] = "2"
    assert client.post(edit_url(mentee), form_b).status_code == 302
    mentee.refresh_from_db()
    assert (mentee.last_name, mentee.version) == ("Hadad", 3)


def test_edit_validation_keeps_the_record(client, mentee, alice):
    client.force_login(alice)
    response = client.post(edit_url(mentee), edit_data(mentee, hours_per_week="99"))
    assert "hours_per_week" in response.context["form"].errors
    mentee.refresh_from_db()
    assert mentee.version == 1


def test_a_tampered_version_field_is_refused(client, mentee, alice):
    client.force_login(alice)
    response = client.post(edit_url(mentee), edit_data(mentee, version="7", last_name="X"))
    assert response.status_code == 200
    mentee.refresh_from_db()
    assert mentee.last_name == "Haddad"


@pytest.mark.parametrize("version", [None, "", "eins", "1.5", "-1"])
def test_a_missing_or_garbled_version_is_refused_with_the_input_kept(
    client, mentee, alice, version
):
    """Regression: a garbled version was a bare "enter a whole number" at a hidden field."""
    client.force_login(alice)
    data = edit_data(mentee, last_name="Nasser")
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    response = client.post(edit_url(mentee), data)
    assert response.status_code == 200
    assert response.context["conflict"]["message"]
    assert response.context["form"]["last_name"].value() == "Nasser"
    assert response.context["form"]["version"].value() == "1"
    mentee.refresh_from_db()
    assert mentee.last_name == "Haddad"


def test_a_possible_duplicate_is_shown_before_a_second_file_is_created(
    client, project_a, alice, mentee
):
    client.force_login(alice)
    data = valid_data(project_a, first_name="amal", last_name="HADDAD")
    response = client.post(CREATE, data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert response.context["duplicates"] == [mentee]
    assert reverse("cases:detail", args=[mentee.public_id]) in response.content.decode()
    assert Mentee.objects.count() == 1
    data["create_anyway"] = "on"
    assert client.post(CREATE, data).status_code == 302
    assert Mentee.objects.count() == 2


def test_a_namesake_in_another_project_is_not_revealed(client, project_b, charlie, mentee):
    client.force_login(charlie)
    response = client.post(CREATE, valid_data(project_b))
    assert response.status_code == 302
