"""Group events in the API: the list and the event with its invitees through the events
selectors, attendance through the events service with the invitation's version, the same
refusals as the attendance form, and problems (never a 500) for bad input."""

import datetime

import pytest
from django.utils import timezone

from lotse.api.tests import scenario
from lotse.audit.models import AuditAction, AuditEvent, AuditSubject
from lotse.cases.tests.factories import MenteeFactory
from lotse.events.models import Attendance, Invitation
from lotse.events.tests.factories import GroupEventFactory, InvitationFactory
from lotse.privacy.tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world(project_a, alice):
    return scenario.build(project_a, alice)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_the_list_shows_the_own_projects_events_newest_first(
    world, api_as, alice, project_a, project_b
):
    later = GroupEventFactory(project=project_a, date=TODAY + datetime.timedelta(days=7))
    GroupEventFactory(project=project_b, title="Fremd")
    body = api_as(alice).get("/api/events").json()
    assert body["count"] == 2
    assert [e["id"] for e in body["items"]] == [str(later.public_id), str(world.event.public_id)]
    held = body["items"][1]
    assert held == {
        "id": str(world.event.public_id),
        "version": world.event.version,
        "kind": "workshop",
        "title": world.event.title,
        "date": world.event.date.isoformat(),
        "starts_at": "10:00",
        "ends_at": "12:30",
        "duration_minutes": 150,
        "place": world.event.place,
        "district": None,
        "cancelled": False,
        "staff_count": 1,
        "invitation_count": 1,
        "created_at": held["created_at"],
        "updated_at": held["updated_at"],
    }


def test_the_list_is_filtered_by_date_and_paged(world, api_as, alice, project_a):
    GroupEventFactory(project=project_a, date=TODAY + datetime.timedelta(days=7))
    api = api_as(alice)
    yesterday = world.event.date.isoformat()
    assert api.get("/api/events", {"until": yesterday}).json()["count"] == 1
    assert api.get("/api/events", {"since": TODAY.isoformat()}).json()["count"] == 1
    both = {"since": yesterday, "until": yesterday}
    assert [e["id"] for e in api.get("/api/events", both).json()["items"]] == [
        str(world.event.public_id)
    ]
    first = api.get("/api/events", {"limit": 1}).json()
    second = api.get("/api/events", {"limit": 1, "offset": 1}).json()
    assert first["count"] == second["count"] == 2
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert api.get("/api/events", {"since": "0001-01-01"}).json()["count"] == 2


@pytest.mark.parametrize("who", ["cora", "dora"])
def test_coordinators_and_data_protection_officers_see_no_events(request, world, api_as, who):
    client = api_as(request.getfixturevalue(who))
    assert client.get("/api/events").json() == {"count": 0, "items": []}
    _problem(client.get(f"/api/events/{world.event.public_id}"), 404)


def test_the_detail_shows_the_invitees_by_public_id_and_audits_the_view(world, api_as, alice):
    response = api_as(alice).get(f"/api/events/{world.event.public_id}")
    assert response.status_code == 200
    assert response["ETag"] == f'"{world.event.version}"'
    body = response.json()
    assert body["invitations"] == [
        {
            "id": str(world.invitation.public_id),
            "version": world.invitation.version,
            "event": str(world.event.public_id),
            "mentee": str(world.mentee.public_id),
            "attendance": "",
        }
    ]
    assert "first_name" not in response.content.decode()
    assert world.mentee.last_name not in response.content.decode()
    view = AuditEvent.objects.get(action=AuditAction.VIEW, actor=alice)
    assert AuditSubject.objects.filter(event=view, mentee_id=world.mentee.public_id).exists()


def test_an_invitee_whose_processing_is_restricted_is_left_out(world, api_as, alice, project_a):
    hidden = MenteeFactory(project=project_a, mentor=alice)
    RestrictionFactory(mentee=hidden)
    InvitationFactory(event=world.event, mentee=hidden)
    body = api_as(alice).get(f"/api/events/{world.event.public_id}").json()
    assert [i["mentee"] for i in body["invitations"]] == [str(world.mentee.public_id)]
    assert body["invitation_count"] == 2


def test_another_projects_user_gets_404(world, api_as, charlie):
    client = api_as(charlie)
    assert client.get("/api/events").json()["count"] == 0
    _problem(client.get(f"/api/events/{world.event.public_id}"), 404)
    url = f"/api/invitations/{world.invitation.public_id}"
    _problem(client.get(url), 404)
    _problem(client.patch(url, {"attendance": "attended"}, headers={"If-Match": '"1"'}), 404)
    assert Invitation.objects.get(pk=world.invitation.pk).attendance == ""


def test_attendance_is_recorded_through_the_service_with_the_version(world, api_as, alice):
    api = api_as(alice)
    url = f"/api/invitations/{world.invitation.public_id}"
    etag = api.get(url)["ETag"]
    missing = api.patch(url, {"attendance": "attended"})
    _problem(missing, 428)
    done = api.patch(url, {"attendance": "attended"}, headers={"If-Match": etag})
    assert done.status_code == 200, done.content
    assert done.json()["attendance"] == "attended"
    assert done["ETag"] != etag and done["ETag"] == f'"{done.json()["version"]}"'
    assert Invitation.objects.get(pk=world.invitation.pk).attendance == Attendance.ATTENDED
    update = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_id=str(world.invitation.public_id)
    )
    assert update.actor == alice
    shown = api.get(f"/api/events/{world.event.public_id}").json()["invitations"][0]
    assert shown["attendance"] == "attended"

    stale = api.patch(url, {"attendance": "absent"}, headers={"If-Match": etag})
    _problem(stale, 412)
    assert Invitation.objects.get(pk=world.invitation.pk).attendance == Attendance.ATTENDED

    cleared = api.patch(url, {"attendance": ""}, headers={"If-Match": done["ETag"]})
    assert cleared.status_code == 200 and cleared.json()["attendance"] == ""


def test_attendance_before_the_event_has_begun_is_refused_at_the_field(
    world, api_as, alice, project_a
):
    upcoming = GroupEventFactory(project=project_a, date=TODAY + datetime.timedelta(days=3))
    invitation = InvitationFactory(event=upcoming, mentee=world.mentee)
    url = f"/api/invitations/{invitation.public_id}"
    api = api_as(alice)
    german = _problem(api.patch(url, {"attendance": "attended"}, headers={"If-Match": '"1"'}), 422)
    assert german["errors"] == [
        {
            "field": "attendance",
            "message": "Die Teilnahme kann erfasst werden, sobald die Veranstaltung begonnen hat.",
        }
    ]
    english = api.patch(
        url, {"attendance": "attended"}, headers={"If-Match": '"1"', "Accept-Language": "en"}
    )
    assert english.json()["errors"][0]["message"] == (
        "Attendance can be recorded once the event has begun."
    )
    assert Invitation.objects.get(pk=invitation.pk).attendance == ""


def test_attendance_of_a_cancelled_event_is_refused(world, api_as, alice):
    world.event.cancelled = True
    world.event.save()
    url = f"/api/invitations/{world.invitation.public_id}"
    body = _problem(
        api_as(alice).patch(url, {"attendance": "attended"}, headers={"If-Match": '"1"'}), 422
    )
    assert body["errors"][0]["field"] == "attendance"


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/events", {"since": "0001-13-01"}),
        ("/api/events", {"until": "a\x00b"}),
        ("/api/events", {"since": "\x00"}),
        ("/api/events", {"limit": "0"}),
        ("/api/events", {"offset": "-1"}),
    ],
)
def test_bad_query_values_are_problems(world, api_as, alice, url, params):
    body = _problem(api_as(alice).get(url, params), 422)
    assert body["errors"][0]["field"] in params


@pytest.mark.parametrize("ident", ["nope", "1", "\x00", "00000000-0000-4000-8000-000000000000"])
def test_garbage_and_unknown_ids_are_problems(world, api_as, alice, ident):
    api = api_as(alice)
    for url in (f"/api/events/{ident}", f"/api/invitations/{ident}"):
        response = api.get(url)
        assert response.status_code in (404, 422), (url, response.content)
        assert response["Content-Type"] == "application/problem+json"
    patched = api.patch(
        f"/api/invitations/{ident}", {"attendance": "attended"}, headers={"If-Match": '"1"'}
    )
    assert patched.status_code in (404, 422)
    assert patched["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("body", "if_match", "status"),
    [
        ({"attendance": "there"}, '"1"', 422),
        ({"attendance": "a\x00"}, '"1"', 422),
        ({"attendance": None}, '"1"', 422),
        ({}, '"1"', 422),
        ({"attendance": "attended"}, '"eins"', 412),
        ({"attendance": "attended"}, '"0001"', 200),
        ({"attendance": "attended"}, '"99"', 412),
    ],
)
def test_bad_attendance_input_is_a_problem(world, api_as, alice, body, if_match, status):
    url = f"/api/invitations/{world.invitation.public_id}"
    response = api_as(alice).patch(url, body, headers={"If-Match": if_match})
    assert response.status_code == status, response.content
    if status >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert Invitation.objects.get(pk=world.invitation.pk).attendance == ""


def test_a_body_that_is_no_json_is_a_problem(world, api_as, alice):
    api = api_as(alice)
    response = api.client.patch(
        f"/api/invitations/{world.invitation.public_id}",
        "{nope",
        content_type="application/json",
        headers=api._headers({"If-Match": '"1"'}),
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"
