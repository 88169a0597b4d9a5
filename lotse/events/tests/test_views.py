"""The group events' pages: scoping (anonymous → login, other project and coordinator → 404,
wrong method → 405), the event form, the invitation picker, attendance and the attendance
list, each write with its audit row."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEvent
from lotse.events.models import Attendance, EventKind, GroupEvent, Invitation
from lotse.events.tests.factories import GroupEventFactory, InvitationFactory
from lotse.journal.tests.factories import MenteeFactory

pytestmark = pytest.mark.django_db


def urls(event, invitation):
    e, i = event.public_id, invitation.public_id
    return [
        (reverse("events:list"), "get"),
        (reverse("events:create", args=[event.project.public_id]), "get"),
        (reverse("events:create", args=[event.project.public_id]), "post"),
        (reverse("events:detail", args=[e]), "get"),
        (reverse("events:edit", args=[e]), "get"),
        (reverse("events:edit", args=[e]), "post"),
        (reverse("events:delete", args=[e]), "get"),
        (reverse("events:delete", args=[e]), "post"),
        (reverse("events:invite", args=[e]), "get"),
        (reverse("events:invite", args=[e]), "post"),
        (reverse("events:withdraw", args=[e, i]), "post"),
        (reverse("events:attendance", args=[e]), "get"),
        (reverse("events:attendance", args=[e]), "post"),
        (reverse("events:sheet", args=[e]), "get"),
        (reverse("events:sheet_pdf", args=[e]), "get"),
    ]


def event_data(**values):
    data = {
        "kind": EventKind.APPLICATION_TRAINING,
        "title": "Bewerbungstraining",
        "date": "2027-01-20",
        "starts_at": "09:30",
        "ends_at": "12:00",
        "place": "Raum 2.14",
    }
    return {**data, **values}


def test_anonymous_users_are_sent_to_the_login_page(client, event, invitation):
    for url, method in urls(event, invitation):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
def test_other_projects_and_programme_roles_get_404_everywhere(
    client, event, invitation, who, request
):
    client.force_login(request.getfixturevalue(who))
    before = AuditEvent.objects.count()
    for url, method in urls(event, invitation):
        if who == "charlie" and url == reverse("events:list"):
            continue  # charlie has a project of his own: his list, without this event
        data = {"version": event.version, **event_data()} if method == "post" else {}
        assert getattr(client, method)(url, data).status_code == 404, (who, url)
    assert GroupEvent.objects.count() == 1 and Invitation.objects.count() == 1
    assert AuditEvent.objects.count() == before


def test_charlie_sees_only_his_projects_events(client, charlie, event):
    client.force_login(charlie)
    response = client.get(reverse("events:list"))
    assert response.status_code == 200
    assert event.title not in response.content.decode()


def test_wrong_methods_are_refused(client, alice, event, invitation):
    client.force_login(alice)
    e = event.public_id
    assert client.post(reverse("events:list")).status_code == 405
    assert client.post(reverse("events:detail", args=[e])).status_code == 405
    assert client.post(reverse("events:sheet", args=[e])).status_code == 405
    assert client.post(reverse("events:sheet_pdf", args=[e])).status_code == 405
    assert client.put(reverse("events:edit", args=[e])).status_code == 405
    url = reverse("events:withdraw", args=[e, invitation.public_id])
    assert client.get(url).status_code == 405


def test_the_list_shows_upcoming_and_past_events(client, alice, project_a):
    today = timezone.localdate()
    GroupEventFactory(
        project=project_a, title="Jobmesse Chemnitz", date=today + datetime.timedelta(days=30)
    )
    GroupEventFactory(
        project=project_a, title="Arbeitgebertag", date=today - datetime.timedelta(days=3)
    )
    client.force_login(alice)
    response = client.get(reverse("events:list"))
    upcoming, past = response.context["upcoming"], response.context["past"]
    assert [e.title for e in upcoming] == ["Jobmesse Chemnitz"]
    assert [e.title for e in past] == ["Arbeitgebertag"]
    assert 'aria-current="page">Veranstaltungen</a>' in response.content.decode()  # the menu


def test_a_mentor_creates_a_planned_event_with_staff_and_employers(client, alice, bob, project_a):
    from lotse.employers.tests.factories import EmployerFactory

    employer = EmployerFactory(project=project_a, name="Stadtwerke Chemnitz")
    client.force_login(alice)
    url = reverse("events:create", args=[project_a.public_id])
    assert client.get(url).status_code == 200
    data = event_data(
        staff=[str(alice.public_id), str(bob.public_id)], employers=[str(employer.public_id)]
    )
    response = client.post(url, data)
    assert response.status_code == 302
    event = GroupEvent.objects.get()
    assert event.project == project_a and event.created_by == alice
    assert event.duration_minutes == 150 and event.date == datetime.date(2027, 1, 20)
    assert set(event.staff.all()) == {alice, bob} and list(event.employers.all()) == [employer]
    rows = AuditEvent.objects.filter(object_type="events.groupevent")
    assert {r.action for r in rows} == {"create", "update"}
    staff_row = rows.get(action="update")
    assert staff_row.project_id == project_a.pk
    assert sorted(staff_row.changes["staff"][1]) == sorted(
        [str(alice.public_id), str(bob.public_id)]
    )


def test_staff_from_another_project_and_bad_times_are_refused_at_the_field(
    client, alice, charlie, project_a
):
    client.force_login(alice)
    url = reverse("events:create", args=[project_a.public_id])
    response = client.post(url, event_data(staff=[str(charlie.public_id)], ends_at="09:00"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "staff" in errors and "ends_at" in errors
    assert not GroupEvent.objects.exists()
    response = client.post(url, event_data(date="1850-01-01", title=""))
    errors = response.context["form"].errors
    assert "date" in errors and "title" in errors


def test_editing_an_old_version_is_refused_and_keeps_the_input(client, alice, event):
    client.force_login(alice)
    url = reverse("events:edit", args=[event.public_id])
    stale = event.version
    GroupEvent.objects.filter(pk=event.pk).update(version=stale + 1)
    response = client.post(url, event_data(title="Neuer Titel", version=stale))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    event.refresh_from_db()
    assert event.title != "Neuer Titel"


def test_the_picker_searches_only_the_users_mentees_and_invites(
    client, alice, lena, event, project_a, project_b
):
    from lotse.privacy.tests.factories import RestrictionFactory

    amina = MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")
    yusuf = MenteeFactory(project=project_a, mentor=alice, first_name="Yusuf", last_name="Rahimi")
    restricted = MenteeFactory(
        project=project_a, mentor=alice, first_name="Olena", last_name="Hadi"
    )
    RestrictionFactory(mentee=restricted)
    outsider = MenteeFactory(project=project_b, first_name="Amina", last_name="Hadid")
    client.force_login(alice)
    url = reverse("events:invite", args=[event.public_id])
    response = client.get(url, {"q": "Ha"})
    assert response.context["candidates"] == [amina]
    response = client.get(url)
    assert set(response.context["candidates"]) == {amina, yusuf}
    # A ticked mentee outside the scope is not a valid choice; nothing is stored.
    response = client.post(url, {"mentees": [str(outsider.public_id), str(restricted.public_id)]})
    assert response.status_code == 200 and "mentees" in response.context["form"].errors
    assert not Invitation.objects.exists()
    response = client.post(url, {"mentees": [str(amina.public_id), str(yusuf.public_id)]})
    assert response.status_code == 302
    assert {i.mentee for i in Invitation.objects.all()} == {amina, yusuf}
    rows = AuditEvent.objects.filter(object_type="events.invitation", action="create")
    assert {r.mentee_id for r in rows} == {amina.public_id, yusuf.public_id}
    # Garbage in the search and the ticks is a message or nothing, never a 500.
    assert client.get(url, {"q": "\x00"}).status_code == 200
    assert client.post(url, {"mentees": ["not-a-uuid"]}).status_code == 200


def test_the_event_page_hides_restricted_invitees_from_mentors(client, alice, lena, event):
    from lotse.privacy.tests.factories import RestrictionFactory

    restricted = MenteeFactory(
        project=event.project, mentor=alice, first_name="Olena", last_name="Hadi"
    )
    InvitationFactory(event=event, mentee=restricted)
    RestrictionFactory(mentee=restricted)
    client.force_login(alice)
    response = client.get(reverse("events:detail", args=[event.public_id]))
    assert "Olena" not in response.content.decode() and response.context["hidden"] == 1
    client.force_login(lena)
    response = client.get(reverse("events:detail", args=[event.public_id]))
    assert "Olena" in response.content.decode() and response.context["hidden"] == 0


def test_the_event_page_writes_a_view_row_naming_the_invitees(client, alice, event, invitation):
    client.force_login(alice)
    assert client.get(reverse("events:detail", args=[event.public_id])).status_code == 200
    row = AuditEvent.objects.get(action="view", object_type="events.groupevent")
    assert invitation.mentee.public_id in {s.mentee_id for s in row.subjects.all()} or (
        row.mentee_id == invitation.mentee.public_id
    )


def test_attendance_is_recorded_afterwards_with_audit_rows(client, alice, event, invitation):
    other = InvitationFactory(
        event=event, mentee=MenteeFactory(project=event.project, mentor=alice)
    )
    client.force_login(alice)
    url = reverse("events:attendance", args=[event.public_id])
    assert client.get(url).status_code == 200
    data = {
        f"a-{invitation.public_id}": Attendance.ATTENDED,
        f"v-{invitation.public_id}": invitation.version,
        f"a-{other.public_id}": Attendance.EXCUSED,
        f"v-{other.public_id}": other.version,
    }
    assert client.post(url, data).status_code == 302
    invitation.refresh_from_db()
    other.refresh_from_db()
    assert invitation.attendance == Attendance.ATTENDED and other.attendance == Attendance.EXCUSED
    rows = AuditEvent.objects.filter(object_type="events.invitation", action="update")
    assert {r.mentee_id for r in rows} == {invitation.mentee.public_id, other.mentee.public_id}
    assert rows.get(mentee_id=invitation.mentee.public_id).changes == {
        "attendance": ["", "attended"]
    }


def test_attendance_with_an_old_version_or_a_bad_value_changes_nothing(
    client, alice, event, invitation
):
    client.force_login(alice)
    url = reverse("events:attendance", args=[event.public_id])
    key = invitation.public_id
    response = client.post(url, {f"a-{key}": "maybe", f"v-{key}": invitation.version})
    assert response.status_code == 400 and f"a-{key}" in response.context["form"].errors
    response = client.post(url, {f"a-{key}": "attended", f"v-{key}": invitation.version + 5})
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.attendance == ""


def test_attendance_of_a_future_event_is_refused(client, alice, project_a, mentee):
    event = GroupEventFactory(
        project=project_a, date=timezone.localdate() + datetime.timedelta(days=7)
    )
    invitation = InvitationFactory(event=event, mentee=mentee)
    client.force_login(alice)
    url = reverse("events:attendance", args=[event.public_id])
    key = invitation.public_id
    response = client.post(url, {f"a-{key}": "attended", f"v-{key}": invitation.version})
    assert response.status_code == 400
    assert "sobald die Veranstaltung begonnen hat" in response.content.decode()


def test_withdrawing_an_invitation(client, alice, event, invitation):
    client.force_login(alice)
    url = reverse("events:withdraw", args=[event.public_id, invitation.public_id])
    assert client.post(url, {"version": invitation.version + 1}).status_code == 409
    assert client.post(url, {"version": invitation.version}).status_code == 302
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.filter(object_type="events.invitation", action="delete").exists()


def test_deleting_the_event_audits_every_invitation(client, alice, event, invitation):
    client.force_login(alice)
    url = reverse("events:delete", args=[event.public_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": event.version + 1}).status_code == 400
    assert client.post(url, {"version": event.version}).status_code == 302
    assert not GroupEvent.objects.exists() and not Invitation.objects.exists()
    assert AuditEvent.objects.filter(object_type="events.invitation", action="delete").count() == 1
    assert AuditEvent.objects.filter(object_type="events.groupevent", action="delete").count() == 1


def test_the_attendance_list_page_and_pdf(client, alice, event, invitation):
    client.force_login(alice)
    response = client.get(reverse("events:sheet", args=[event.public_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Teilnehmendenliste" in page and "Haddad, Amina" in page and "Unterschrift" in page
    response = client.get(reverse("events:sheet_pdf", args=[event.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = AuditEvent.objects.filter(action="export", object_type="events.groupevent")
    assert rows.count() == 2
    assert all(r.changes == {"attendance_list": "pdf"} for r in rows)


def test_the_pdf_has_a_name_and_a_signature_column(client, alice, bob, event, invitation):
    from lotse.employers.tests.factories import EmployerFactory

    for first, last in [("Yusuf", "Rahimi"), ("Olena", "Kovalenko"), ("Tesfay", "Gebremedhin")]:
        other = MenteeFactory(project=event.project, mentor=alice, first_name=first, last_name=last)
        InvitationFactory(event=event, mentee=other)
    event.staff.add(bob)
    event.employers.add(EmployerFactory(project=event.project, name="Stadtwerke Chemnitz GmbH"))
    import io

    from pypdf import PdfReader

    client.force_login(alice)
    response = client.get(reverse("events:sheet_pdf", args=[event.public_id]))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    if folder := os.environ.get("LOTSE_SCREENSHOT_DIR"):
        with open(os.path.join(folder, "events-attendance.pdf"), "wb") as out:
            out.write(response.content)
    for expected in (
        "Teilnehmendenliste",
        "Name, Vorname",
        "Unterschrift",
        "Haddad, Amina",
        event.project.name,
        "10. November 2026",
        "10:00–12:30",
    ):
        assert expected in text, expected


def test_the_mentee_page_shows_the_participation(client, alice, event, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(attendance=Attendance.ATTENDED)
    client.force_login(alice)
    response = client.get(reverse("cases:detail", args=[invitation.mentee.public_id]))
    page = response.content.decode()
    assert 'id="group-events-heading"' in page
    assert event.title in page and "teilgenommen" in page


def test_the_list_and_the_event_page_need_a_bounded_number_of_queries(
    client, alice, project_a, django_assert_max_num_queries
):
    def build(events, invitees):
        for n in range(events):
            event = GroupEventFactory(project=project_a, date=datetime.date(2026, 1, 1 + n))
            event.staff.add(alice)
            for _ in range(invitees):
                InvitationFactory(event=event, mentee=MenteeFactory(project=project_a))
        return event

    client.force_login(alice)
    small = build(1, 1)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("events:list")).status_code == 200
    with django_assert_max_num_queries(14) as page_few:
        assert client.get(reverse("events:detail", args=[small.public_id])).status_code == 200
    big = build(8, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("events:list")).status_code == 200
    with django_assert_max_num_queries(len(page_few.captured_queries)):
        assert client.get(reverse("events:detail", args=[big.public_id])).status_code == 200
