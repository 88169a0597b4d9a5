"""The API's behaviour: scoping and audit as the pages, versions (ETag, If-Match), problem
details in German and English, pagination and filters, the services behind the writes."""

import datetime

import pytest
from django.utils import timezone

from lotse.api.tests import scenario
from lotse.audit.models import AuditAction, AuditEvent, AuditSubject
from lotse.cases.models import Mentee
from lotse.cases.tests.factories import MenteeFactory
from lotse.journal.models import JournalEntry
from lotse.placements.models import Application, Placement
from lotse.placements.stages import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(project_a, alice):
    return scenario.build(project_a, alice)


def test_anonymous_requests_get_401_as_problem(client):
    response = client.get("/api/mentees")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Anmeldung erforderlich"


def test_the_schema_is_public_at_a_stable_url(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Lotse API"


def test_the_list_shows_the_own_projects_mentees_and_audits_the_view(
    world, api_as, alice, project_b
):
    MenteeFactory(project=project_b)
    response = api_as(alice).get("/api/mentees", {"limit": 1})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2 and len(body["items"]) == 1
    shown = body["items"][0]["id"]
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="page")
    assert AuditSubject.objects.filter(event=event, mentee_id=shown).exists()
    assert event.actor == alice


def test_filters_and_pages(world, api_as, alice):
    api = api_as(alice)
    name = world.mentee.last_name
    found = api.get("/api/mentees", {"q": name}).json()
    assert [m["id"] for m in found["items"]] == [str(world.mentee.public_id)]
    second = api.get("/api/mentees", {"limit": 1, "offset": 1, "sort": "name"}).json()
    first = api.get("/api/mentees", {"limit": 1, "offset": 0, "sort": "name"}).json()
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert api.get("/api/mentees", {"status": "exited"}).json()["count"] == 0
    refused = api.get("/api/mentees", {"q": "a\x00b"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "q"


def test_coordinators_see_no_mentees(world, api_as, cora):
    assert api_as(cora).get("/api/mentees").json() == {"count": 0, "items": []}


def test_the_detail_sends_the_version_as_etag_and_audits(world, api_as, alice):
    response = api_as(alice).get(f"/api/mentees/{world.mentee.public_id}")
    assert response.status_code == 200
    assert response["ETag"] == f'"{world.mentee.version}"'
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, mentee_id=world.mentee.public_id, actor=alice
    ).exists()


def test_a_change_needs_if_match(world, api_as, alice):
    api = api_as(alice)
    url = f"/api/mentees/{world.mentee.public_id}"
    missing = api.patch(url, {"notes": "new"})
    assert missing.status_code == 428
    assert missing["Content-Type"] == "application/problem+json"
    etag = api.get(url)["ETag"]
    changed = api.patch(url, {"notes": "new"}, headers={"If-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag and changed.json()["notes"] == "new"
    stale = api.patch(url, {"notes": "newer"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert Mentee.objects.get(pk=world.mentee.pk).notes == "new"
    garbled = api.patch(url, {"notes": "newer"}, headers={"If-Match": '"drei"'})
    assert garbled.status_code == 412
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.UPDATE, object_id=str(world.mentee.public_id), actor=alice
        ).count()
        == 1
    )


def test_bad_input_is_refused_at_the_field_in_german_and_english(world, api_as, alice):
    api = api_as(alice)
    url = f"/api/mentees/{world.mentee.public_id}"
    etag = api.get(url)["ETag"]
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    german = api.patch(url, {"birth_date": future}, headers={"If-Match": etag})
    assert german.status_code == 422
    assert german.json()["errors"] == [
        {"field": "birth_date", "message": "Das Geburtsdatum darf nicht in der Zukunft liegen."}
    ]
    english = api.patch(
        url, {"birth_date": future}, headers={"If-Match": etag, "Accept-Language": "en"}
    )
    assert english.json()["errors"][0]["message"] == "The date of birth cannot be in the future."
    assert english.json()["title"] == "The input is not valid"
    typed = api.patch(url, {"school_years": "many"}, headers={"If-Match": etag})
    assert typed.status_code == 422
    assert typed.json()["errors"][0]["field"] == "school_years"
    assert typed.json()["errors"][0]["message"] == "Bitte geben Sie eine ganze Zahl ein."


def test_create_a_mentee_through_the_service(world, api_as, alice, project_a):
    api = api_as(alice)
    body = {
        "project": str(project_a.public_id),
        "first_name": "Yusuf",
        "last_name": "Rahimi",
        "entry_date": timezone.localdate().isoformat(),
    }
    response = api.post("/api/mentees", body)
    assert response.status_code == 201, response.content
    mentee = Mentee.objects.get(public_id=response.json()["id"])
    assert mentee.participations.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, mentee_id=mentee.public_id)
    again = api.post("/api/mentees", body)
    assert again.status_code == 409
    assert api.post("/api/mentees", {**body, "create_anyway": True}).status_code == 201


def test_a_mentee_cannot_be_created_in_another_project(world, api_as, alice, project_b):
    body = {
        "project": str(project_b.public_id),
        "first_name": "Yusuf",
        "last_name": "Rahimi",
        "entry_date": timezone.localdate().isoformat(),
    }
    response = api_as(alice).post("/api/mentees", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "project"


def test_contacts_list_log_and_change(world, api_as, alice):
    api = api_as(alice)
    listed = api.get(f"/api/mentees/{world.mentee.public_id}/contacts").json()
    assert [c["id"] for c in listed["items"]] == [str(world.contact.public_id)]
    logged = api.post(
        f"/api/mentees/{world.mentee.public_id}/contacts",
        {"occurred_at": "2025-03-03T09:30:00+01:00", "kind": "phone", "topics": ["housing"]},
    )
    assert logged.status_code == 201, logged.content
    entry = JournalEntry.objects.get(public_id=logged.json()["id"])
    assert entry.author == alice and entry.topics == ["housing"]
    url = f"/api/contacts/{entry.public_id}"
    changed = api.patch(url, {"duration_minutes": 45}, headers={"If-Match": logged["ETag"]})
    assert changed.status_code == 200, changed.content
    entry.refresh_from_db()
    assert entry.duration_minutes == 45 and entry.topics == ["housing"]
    bad = api.patch(url, {"topics": ["astrology"]}, headers={"If-Match": changed["ETag"]})
    assert bad.status_code == 422


def test_vacancies_list_and_change(world, api_as, alice):
    api = api_as(alice)
    listed = api.get("/api/vacancies", {"status": "open"}).json()
    assert [v["id"] for v in listed["items"]] == [str(world.vacancy.public_id)]
    url = f"/api/vacancies/{world.vacancy.public_id}"
    etag = api.get(url)["ETag"]
    changed = api.patch(url, {"title": "Koch (m/w/d)"}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Koch (m/w/d)"
    assert changed.json()["occupation"] == world.vacancy.occupation_id


def test_an_application_is_proposed_and_moved_through_the_services(world, api_as, alice):
    api = api_as(alice)
    proposed = api.post(
        "/api/applications",
        {"mentee": str(world.proposable.public_id), "vacancy": str(world.vacancy.public_id)},
    )
    assert proposed.status_code == 201, proposed.content
    url = f"/api/applications/{proposed.json()['id']}/moves"
    today = timezone.localdate().isoformat()
    moved = api.post(url, {"to_stage": "applied", "on_date": today})
    assert moved.status_code == 200, moved.content
    assert [h["to_stage"] for h in moved.json()["history"]] == ["proposed", "applied"]
    backwards = api.post(url, {"to_stage": "proposed", "on_date": today})
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "to_stage"
    assert Application.objects.get(public_id=proposed.json()["id"]).stage == Stage.APPLIED


def test_placements_read_and_correct(world, api_as, alice):
    api = api_as(alice)
    listed = api.get("/api/placements", {"mentee": str(world.mentee.public_id)}).json()
    assert [p["id"] for p in listed["items"]] == [str(world.placement.public_id)]
    url = f"/api/placements/{world.placement.public_id}"
    etag = api.get(url)["ETag"]
    changed = api.patch(url, {"hours_per_week": 20}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.content
    assert Placement.objects.get(pk=world.placement.pk).hours_per_week == 20


def test_report_figures_for_a_coordinator_are_suppressed(world, api_as, cora):
    year = timezone.localdate().year
    response = api_as(cora).get("/api/reports/figures", {"kind": "year", "year": year})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["suppressed"] is True
    cells = [c for t in body["tables"] for r in t["rows"] for c in r["cells"]]
    assert cells and all(c["value"] is None for c in cells if c["state"] != "shown")
    assert any(c["value"] is None for c in cells)  # one mentee: below the threshold


def test_report_figures_while_the_audited_set_is_being_published_are_a_503(
    world, api_as, cora, settings
):
    settings.LOTSE_REPORT_AUDIT = True  # nothing stored: the job is enqueued, not waited for
    year = timezone.localdate().year
    response = api_as(cora).get("/api/reports/figures", {"kind": "year", "year": year})
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert "veröffentlicht" in response.json()["detail"]


def test_report_figures_for_a_mentor_are_exact(world, api_as, alice):
    year = timezone.localdate().year
    body = api_as(alice).get("/api/reports/figures", {"kind": "year", "year": year}).json()
    assert body["suppressed"] is False


def test_the_data_protection_officer_gets_no_report(world, api_as, dora):
    year = timezone.localdate().year
    assert (
        api_as(dora).get("/api/reports/figures", {"kind": "year", "year": year}).status_code == 404
    )


def test_report_figures_count_towards_the_report_limit(world, api_as, alice, settings):
    settings.LOTSE_REPORT_RATE_LIMIT = (1, 600)
    api = api_as(alice)
    query = {"kind": "year", "year": timezone.localdate().year}
    assert api.get("/api/reports/figures", query).status_code == 200
    refused = api.get("/api/reports/figures", query, headers={"Accept-Language": "en"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()["title"] == "Too many requests"


def test_reading_a_mentees_contacts_is_audited(world, api_as, alice):
    api_as(alice).get(f"/api/mentees/{world.mentee.public_id}/contacts")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, mentee_id=world.mentee.public_id, reason="journal"
    ).exists()


def test_an_unknown_id_is_404_in_english_too(world, api_as, alice):
    import uuid

    response = api_as(alice).get(
        f"/api/applications/{uuid.uuid4()}", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such record, or it is outside your projects."


def test_appointments_plan_and_change(world, api_as, alice):
    api = api_as(alice)
    planned = api.post(
        f"/api/mentees/{world.mentee.public_id}/appointments",
        {"starts_at": "2025-03-03T09:30:00+01:00", "kind": "interview", "place": "Chemnitz"},
    )
    assert planned.status_code == 201, planned.content
    url = f"/api/appointments/{planned.json()['id']}"
    done = api.patch(url, {"status": "done"}, headers={"If-Match": planned["ETag"]})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done" and done.json()["place"] == "Chemnitz"
    listed = api.get(f"/api/mentees/{world.mentee.public_id}/appointments").json()
    assert planned.json()["id"] in [a["id"] for a in listed["items"]]
    backwards = api.patch(
        url, {"ends_at": "2025-03-03T08:00:00+01:00"}, headers={"If-Match": done["ETag"]}
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "ends_at"


def test_writes_with_a_token_need_no_csrf_token(world, alice):
    """The API authenticates by the bearer token, never by the session cookie, so Django's
    CSRF check does not apply (and a browser session alone gets 401)."""
    from django.test import Client

    from lotse.api.tests.conftest import make_token

    client = Client(enforce_csrf_checks=True)
    body = {"occurred_at": "2025-03-03T09:30:00+01:00", "kind": "phone"}
    url = f"/api/mentees/{world.mentee.public_id}/contacts"
    token = make_token(alice)
    response = client.post(
        url, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201
    client.force_login(alice)
    assert client.post(url, body, content_type="application/json").status_code == 401
