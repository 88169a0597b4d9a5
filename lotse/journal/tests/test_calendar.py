"""Appointments as iCalendar: the .ics download, the mentor's subscription feed behind a
secret token, and "took place" offering to record the contact."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lotse.audit.models import AuditEvent
from lotse.journal import calendar
from lotse.journal.kinds import APPOINTMENT
from lotse.journal.models import CalendarFeed, CalendarTitles
from lotse.journal.tests.factories import AppointmentFactory, MenteeFactory

pytestmark = pytest.mark.django_db


def at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def appointment(mentee, alice):
    return AppointmentFactory(
        mentee=mentee,
        starts_at=at(3),
        ends_at=at(3, 11),
        place="Ausländerbehörde Chemnitz",
        notes="Geheime Notiz über die Familie",
        with_whom="Frau Sachbearbeiterin Müller",
        created_by=alice,
    )


def assert_rfc5545_basics(content: bytes) -> Calendar:
    """What every client relies on: CRLF lines of at most 75 octets, the calendar's VERSION
    and PRODID, and each event's UID, DTSTAMP and DTSTART with a TZID that a VTIMEZONE
    defines."""
    assert content.endswith(b"\r\n")
    lines = content.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    parsed = Calendar.from_ical(content)
    assert parsed["VERSION"] == "2.0"
    assert parsed["PRODID"]
    zones = {str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")}
    assert zones == {"Europe/Berlin"}
    for tz in parsed.walk("VTIMEZONE"):
        assert {c.name for c in tz.subcomponents} == {"STANDARD", "DAYLIGHT"}
    for event in parsed.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS"):
            assert name in event, name
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
    unfolded = content.replace(b"\r\n ", b"")
    assert re.search(rb"\r\nDTSTART;TZID=Europe/Berlin:\d{8}T\d{6}\r\n", unfolded)
    return parsed


# --- the .ics of one appointment -----------------------------------------------------------


def ics_url(appointment):
    return reverse(
        "journal:appointment_ics", args=[appointment.mentee.public_id, appointment.public_id]
    )


def test_an_appointment_downloads_as_a_valid_ics_file_with_an_audit_row(client, alice, appointment):
    client.force_login(alice)
    response = client.get(ics_url(appointment))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    parsed = assert_rfc5545_basics(response.content)
    (event,) = parsed.walk("VEVENT")
    assert str(event["UID"]) == f"{appointment.public_id}@lotse"
    assert event.decoded("DTSTART") == appointment.starts_at
    assert event.decoded("DTEND") == appointment.ends_at
    assert event["SEQUENCE"] == appointment.version
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Ausländerbehörde Chemnitz"
    assert "A. H." in str(event["SUMMARY"])
    text = response.content.decode()
    assert "Haddad" not in text and "Geheime" not in text and "Müller" not in text
    row = AuditEvent.objects.get(action="export", object_id=str(appointment.public_id))
    assert row.actor == alice and row.mentee_id == appointment.mentee.public_id


def test_a_change_raises_the_sequence_and_a_cancellation_says_so(client, alice, appointment):
    client.force_login(alice)
    first = Calendar.from_ical(client.get(ics_url(appointment)).content).walk("VEVENT")[0]
    APPOINTMENT.update(
        actor=alice, record=appointment, version=appointment.version, status="cancelled"
    )
    second = Calendar.from_ical(client.get(ics_url(appointment)).content).walk("VEVENT")[0]
    assert second["UID"] == first["UID"]
    assert second["SEQUENCE"] == first["SEQUENCE"] + 1
    assert str(second["STATUS"]) == "CANCELLED"


def test_the_ics_is_404_for_another_project_and_login_for_anonymous(
    client, charlie, cora, appointment
):
    assert client.get(ics_url(appointment)).status_code == 302
    for user in (charlie, cora):
        client.force_login(user)
        assert client.get(ics_url(appointment)).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_summer_and_a_winter_appointment_keep_their_local_time(mentee):
    summer = AppointmentFactory(
        mentee=mentee,
        starts_at=timezone.make_aware(datetime.datetime(2027, 7, 1, 9, 30)),
    )
    winter = AppointmentFactory(
        mentee=mentee,
        starts_at=timezone.make_aware(datetime.datetime(2027, 1, 12, 9, 30)),
    )
    content = calendar.calendar_bytes([summer, winter], titles=CalendarTitles.NEUTRAL)
    unfolded = content.replace(b"\r\n ", b"")
    assert b"DTSTART;TZID=Europe/Berlin:20270701T093000" in unfolded
    assert b"DTSTART;TZID=Europe/Berlin:20270112T093000" in unfolded
    assert_rfc5545_basics(content)


def test_long_values_are_folded_at_75_octets(mentee):
    long = AppointmentFactory(mentee=mentee, place="Straße der Nationen " * 9)
    content = calendar.calendar_bytes([long], titles=CalendarTitles.INITIALS)
    assert b"\r\n " in content
    assert_rfc5545_basics(content)


# --- the feed ----------------------------------------------------------------------------


def make_feed(client, user, titles="neutral") -> str:
    """Make the user's feed through the page and return its address (shown once)."""
    client.force_login(user)
    response = client.post(reverse("journal:calendar"), {"titles": titles})
    assert response.status_code == 302
    html = client.get(reverse("journal:calendar")).content.decode()
    (url,) = re.findall(r'<code class="feed-url">([^<]+)</code>', html)
    again = client.get(reverse("journal:calendar")).content.decode()
    assert url not in again  # shown once only
    client.logout()
    return url.replace("http://testserver", "")


def test_the_feed_works_without_login_and_shows_only_a_neutral_title(
    client, alice, appointment, mentee
):
    url = make_feed(client, alice)
    feed = CalendarFeed.objects.get(user=alice)
    path, token = url.split("?token=")
    assert path == reverse("journal:calendar_feed")  # the secret is not in the logged path
    assert feed.token_hash == calendar.token_hash(token) and token not in feed.token_hash
    response = client.get(url)  # no session
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    parsed = assert_rfc5545_basics(response.content)
    (event,) = parsed.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Termin (Lotse)"
    assert "LOCATION" not in event
    text = response.content.decode()
    for personal in ("Amina", "Haddad", "A. H.", "Geheime", "Müller", "Ausländerbehörde"):
        assert personal not in text
    row = AuditEvent.objects.filter(action="view", object_id=str(feed.public_id)).get()
    assert row.actor == alice and row.mentee_id == mentee.public_id
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_the_initials_setting_shows_kind_initials_and_place(client, alice, appointment):
    url = make_feed(client, alice, titles="initials")
    (event,) = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert str(event["SUMMARY"]).endswith("A. H.")
    assert str(event["LOCATION"]) == "Ausländerbehörde Chemnitz"


def test_each_mentor_sees_only_their_own_mentees_and_another_token_is_404(
    client, alice, bob, charlie, appointment, project_b
):
    other = MenteeFactory(project=project_b, mentor=charlie)
    AppointmentFactory(mentee=other, starts_at=at(2))
    alice_url, bob_url, charlie_url = (make_feed(client, u) for u in (alice, bob, charlie))
    uids = {
        url: {str(e["UID"]) for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")}
        for url in (alice_url, bob_url, charlie_url)
    }
    assert uids[alice_url] == {f"{appointment.public_id}@lotse"}
    assert uids[bob_url] == set()
    assert len(uids[charlie_url]) == 1 and uids[charlie_url] != uids[alice_url]
    feed = reverse("journal:calendar_feed")
    assert client.get(alice_url[:-4] + "AAAA").status_code == 404
    for garbled in ({}, {"token": ""}, {"token": "x" * 300}, {"token": "a\x00b"}):
        assert client.get(feed, garbled).status_code == 404


def test_a_revoked_or_replaced_address_stops_working(client, alice, appointment):
    first = make_feed(client, alice)
    second = make_feed(client, alice)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.force_login(alice)
    assert client.post(reverse("journal:calendar_revoke")).status_code == 302
    client.logout()
    assert client.get(second).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_deactivated_user_s_feed_is_404(client, alice, appointment):
    url = make_feed(client, alice)
    alice.is_active = False
    alice.save()
    assert client.get(url).status_code == 404


def test_the_feed_page_needs_a_login_is_404_for_the_coordinator_and_checks_input(
    client, alice, cora
):
    page = reverse("journal:calendar")
    assert client.get(page).status_code == 302
    client.force_login(cora)
    assert client.get(page).status_code == 404
    assert client.post(reverse("journal:calendar_revoke")).status_code == 404
    client.force_login(alice)
    assert client.get(reverse("journal:calendar_revoke")).status_code == 405
    response = client.post(page, {"titles": "everything"})
    assert response.status_code == 200 and "titles" in response.context["form"].errors
    assert not CalendarFeed.objects.exists()


# --- took place → record the contact --------------------------------------------------------


def test_took_place_leads_to_the_contact_form_filled_in_from_the_appointment(
    client, alice, appointment, mentee
):
    client.force_login(alice)
    url = reverse("journal:appointment_status", args=[mentee.public_id, appointment.public_id])
    response = client.post(url, {"status": "done"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("journal:add", args=[mentee.public_id, "contacts"]))
    assert f"appointment={appointment.public_id}" in response.url
    form = client.get(response.url).context["form"]
    assert form.instance.occurred_at == appointment.starts_at
    assert form.instance.duration_minutes == 60
    assert form.instance.kind == "accompaniment"


def test_cancelled_goes_back_and_a_garbled_appointment_parameter_is_ignored(
    client, alice, appointment, mentee
):
    client.force_login(alice)
    url = reverse("journal:appointment_status", args=[mentee.public_id, appointment.public_id])
    response = client.post(url, {"status": "cancelled"})
    assert response.url == reverse("cases:detail", args=[mentee.public_id])
    add = reverse("journal:add", args=[mentee.public_id, "contacts"])
    assert client.get(add, {"appointment": "not-a-uuid"}).status_code == 200
