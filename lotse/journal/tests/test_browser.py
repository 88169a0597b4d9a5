"""In the browser: land on "My day" after login, log a contact on a phone-sized screen with the
quick form, tick a task done (htmx swap), fix a bad entry in the full contact form and read the
journal page; axe-core on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lotse.journal.models import JournalEntry, Task
from lotse.journal.tests.factories import (
    AgreementStepFactory,
    AppointmentFactory,
    IntegrationAgreementFactory,
    MenteeFactory,
    ResidenceStatusFactory,
    TaskFactory,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_mentors_day_in_the_browser(browser_page, login, assert_accessible, alice, project_a):
    page = browser_page
    mentee = MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")
    today = timezone.localdate()
    TaskFactory(mentee=mentee, title="Zeugnis übersetzen", due_date=today - datetime.timedelta(1))
    AppointmentFactory(mentee=mentee, starts_at=timezone.now().replace(hour=15, minute=0))
    ResidenceStatusFactory(mentee=mentee, valid_until=today + datetime.timedelta(days=10))
    AgreementStepFactory(agreement=IntegrationAgreementFactory(mentee=mentee))

    login(page, alice)
    assert page.url.endswith("/journal/today/")
    main = page.locator("main")
    assert "Zeugnis übersetzen" in main.inner_text()
    assert "Amina Haddad" in main.inner_text()
    assert_accessible(page)

    # The done button swaps the row in place (htmx); the task is done in the database.
    task = Task.objects.get(title="Zeugnis übersetzen")
    row = page.locator(f"#task-{task.public_id}")
    row.get_by_role("button", name="Erledigt").click()
    page.locator(f"#task-{task.public_id} .badge-ok").wait_for()
    assert page.url.endswith("/journal/today/")
    task.refresh_from_db()
    assert task.done_at is not None

    # The quick form on a phone.
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{page.base_url}/journal/log/?mentee={mentee.public_id}")
    assert_accessible(page)
    page.get_by_label("Art des Kontakts").select_option("phone")
    page.get_by_label("Aufenthalt und Arbeitserlaubnis").check()
    page.get_by_label("Notizen").fill("Termin bei der Ausländerbehörde vorbereitet.")
    page.get_by_role("button", name="Kontakt speichern").click()
    page.wait_for_load_state()
    assert page.url.endswith("/journal/today/")
    assert "Der Kontakt mit Amina Haddad wurde erfasst." in page.locator("main").inner_text()
    entry = JournalEntry.objects.get(mentee=mentee)
    assert entry.kind == "phone" and entry.topics == ["residence"]
    assert entry.author == alice

    # A bad entry in the full form: the error sits at the field, the notes are kept.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.base_url}/journal/{mentee.public_id}/contacts/add/")
    assert page.get_by_label("Datum und Uhrzeit").input_value().startswith(today.isoformat())
    page.get_by_label("Dauer (Minuten)").fill("5000")
    page.get_by_label("Notizen").fill("Bewerbung bei der Bäckerei besprochen.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_kind_error")).to_be_visible()
    assert page.get_by_label("Notizen").input_value() == "Bewerbung bei der Bäckerei besprochen."
    assert_accessible(page)
    page.get_by_label("Art des Kontakts").select_option("in_person")
    page.get_by_label("Dauer (Minuten)").fill("45")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert JournalEntry.objects.filter(mentee=mentee).count() == 2

    page.goto(f"{page.base_url}/journal/{mentee.public_id}/")
    assert "Bewerbung bei der Bäckerei besprochen." in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(f"{page.base_url}/journal/{mentee.public_id}/appointments/add/")
    assert_accessible(page)
