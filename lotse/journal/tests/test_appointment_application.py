"""An appointment may belong to one of the mentee's open applications (an interview, trial work):
chosen in the appointment form, shown on the application page with a prefilled link."""

import pytest
from django.urls import reverse

from lotse.journal.models import Appointment
from lotse.placements.stages import Stage
from lotse.placements.tests.factories import ApplicationFactory, MenteeFactory

pytestmark = pytest.mark.django_db

DATA = {
    "starts_at": "2026-12-03T09:00",
    "kind": "interview",
    "with_whom": "Frau Roth",
    "status": "planned",
}


@pytest.fixture
def mentee(project_a, alice):
    return MenteeFactory(project=project_a, mentor=alice)


def test_the_form_offers_the_mentees_open_applications_and_links_the_appointment(
    client, alice, mentee, project_a
):
    open_one = ApplicationFactory(mentee=mentee, stage=Stage.INTERVIEW)
    closed = ApplicationFactory(mentee=mentee, stage=Stage.REJECTED)
    other = ApplicationFactory(mentee=MenteeFactory(project=project_a))
    client.force_login(alice)
    url = reverse("journal:add", args=[mentee.public_id, "appointments"])

    response = client.get(url, {"application": str(open_one.public_id)})
    field = response.context["form"]["application"]
    assert [a.pk for a in field.field.queryset] == [open_one.pk]
    assert response.context["form"].instance.application == open_one  # prefilled
    assert closed.vacancy.title not in response.content.decode()

    refused = client.post(url, {**DATA, "application": other.pk})
    assert "application" in refused.context["form"].errors
    response = client.post(url, {**DATA, "application": open_one.pk})
    assert response.status_code == 302
    assert Appointment.objects.get().application == open_one


def test_garbage_in_the_prefill_is_ignored(client, alice, mentee):
    client.force_login(alice)
    url = reverse("journal:add", args=[mentee.public_id, "appointments"])
    for value in ["x", "-1", "00000000-0000-0000-0000-000000000000"]:
        response = client.get(url, {"application": value})
        assert response.status_code == 200
        assert response.context["form"].instance.application is None


def test_the_application_page_lists_its_appointments_and_plans_one(client, alice, mentee):
    application = ApplicationFactory(mentee=mentee, stage=Stage.INTERVIEW)
    client.force_login(alice)
    client.post(
        reverse("journal:add", args=[mentee.public_id, "appointments"]),
        {**DATA, "application": application.pk},
    )
    html = client.get(reverse("placements:application", args=[application.public_id]))
    text = html.content.decode()
    assert "Frau Roth" in text
    plan = (
        reverse("journal:add", args=[mentee.public_id, "appointments"])
        + f"?application={application.public_id}&amp;next="
    )
    assert plan in text


def test_deleting_the_application_keeps_the_appointment(client, alice, mentee):
    application = ApplicationFactory(mentee=mentee, stage=Stage.INTERVIEW)
    client.force_login(alice)
    client.post(
        reverse("journal:add", args=[mentee.public_id, "appointments"]),
        {**DATA, "application": application.pk},
    )
    application.delete()
    assert Appointment.objects.get().application is None


def test_another_projects_user_gets_404(client, charlie, mentee):
    application = ApplicationFactory(mentee=mentee, stage=Stage.INTERVIEW)
    client.force_login(charlie)
    url = reverse("journal:add", args=[mentee.public_id, "appointments"])
    assert client.get(url, {"application": str(application.public_id)}).status_code == 404


def test_the_service_refuses_another_mentees_application(alice, mentee, project_a):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from lotse.journal.kinds import APPOINTMENT

    other = ApplicationFactory(mentee=MenteeFactory(project=project_a))
    with pytest.raises(ValidationError) as error:
        APPOINTMENT.create(
            actor=alice,
            mentee=mentee,
            starts_at=timezone.now(),
            kind="interview",
            application=other,
        )
    assert "application" in error.value.message_dict
