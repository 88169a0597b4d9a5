"""In the browser: a mentor creates a group event, invites a mentee with the picker (no
JavaScript needed), records the attendance afterwards and sees it on the mentee page; the
attendance list's print page. axe-core on every page."""

import datetime
import os

import pytest
from django.utils import timezone

from lotse.events.models import Attendance, GroupEvent, Invitation
from lotse.journal.tests.factories import MenteeFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_event_with_invitation_and_attendance(
    browser_page, login, assert_accessible, alice, project_a
):
    page = browser_page
    amina = MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")
    MenteeFactory(project=project_a, mentor=alice, first_name="Yusuf", last_name="Rahimi")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    login(page, alice)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Veranstaltungen"
    ).click()
    page.wait_for_load_state()
    assert "Es sind keine Veranstaltungen geplant." in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Neue Gruppenveranstaltung").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Art der Veranstaltung").select_option("application_training")
    page.get_by_label("Titel oder Thema").fill("Bewerbungstraining: Lebenslauf")
    page.get_by_label("Datum").fill(yesterday.isoformat())
    page.get_by_label("Beginn").fill("10:00")
    page.get_by_label("Ende").fill("09:00")  # before the start: refused at the field
    page.locator("#id_place").fill("Raum 2.14")
    page.get_by_label(alice.get_full_name()).check()
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "nach ihrem Beginn enden" in page.locator("#id_ends_at_error").inner_text()
    assert not GroupEvent.objects.exists()
    assert_accessible(page)
    page.get_by_label("Ende").fill("12:30")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    event = GroupEvent.objects.get()
    assert event.duration_minutes == 150 and list(event.staff.all()) == [alice]
    assert "Die Gruppenveranstaltung wurde angelegt." in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Mentees einladen").click()
    page.wait_for_load_state()
    page.get_by_label("Name").fill("Hadd")
    page.get_by_role("button", name="Suche").click()
    page.wait_for_load_state()
    assert "Yusuf" not in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Amina Haddad").check()
    page.get_by_role("button", name="Einladen", exact=True).click()
    page.wait_for_load_state()
    assert "1 Mentee wurde eingeladen." in page.locator("main").inner_text()
    assert Invitation.objects.get().mentee == amina

    page.get_by_role("link", name="Teilnahme erfassen").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("group", name="Amina Haddad").get_by_label("teilgenommen").check()
    page.get_by_role("button", name="Teilnahme speichern").click()
    page.wait_for_load_state()
    assert "Die Teilnahme wurde gespeichert." in page.locator("main").inner_text()
    assert Invitation.objects.get().attendance == Attendance.ATTENDED
    assert "1 hat teilgenommen" in page.locator("main").inner_text()
    if folder := os.environ.get("LOTSE_SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, "events-detail.png"), full_page=True)

    page.get_by_role("link", name="Amina Haddad").click()
    page.wait_for_load_state()
    section = page.locator("#group-events-heading").locator("..")
    assert "Bewerbungstraining: Lebenslauf" in section.inner_text()
    assert "teilgenommen" in section.inner_text()
    assert_accessible(page)

    page.goto(f"{page.base_url}/events/{event.public_id}/attendance-list/")
    assert "Teilnehmendenliste" in page.locator("main").inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    if folder:
        page.screenshot(path=os.path.join(folder, "events-sheet-390.png"), full_page=True)
