"""The data protection officer's desk and the readable access copy in the browser; axe-core on
each page, no CSP violation (the ``browser_page`` fixture fails on any)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lotse.cases.tests.factories import MenteeFactory
from lotse.privacy.tests.factories import DataSubjectRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dpo_handles_an_access_request(browser_page, login, assert_accessible, dora, project_a):
    today = timezone.localdate()
    mentee = MenteeFactory(
        project=project_a,
        first_name="Amina",
        last_name="Haddad",
        birth_date=datetime.date(1990, 12, 31),
    )
    DataSubjectRequestFactory(
        mentee=mentee,
        kind="access",
        received_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=9),
        recorded_by=dora,
    )
    page = browser_page
    login(page, dora)
    page.goto(f"{page.base_url}/privacy/")
    expect(page.get_by_role("heading", name="Datenschutz-Arbeitsplatz")).to_be_visible()
    expect(page.get_by_text("überfällig").first).to_be_visible()
    assert page.get_by_text("Haddad").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Auskunft (Art. 15)").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Auskunft (Art. 15)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Lesbare Kopie anzeigen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Kopie Ihrer Daten (Art. 15 DSGVO)")).to_be_visible()
    expect(page.get_by_text("31.12.1990").first).to_be_visible()
    expect(page.get_by_text("Geburtsdatum").first).to_be_visible()
    assert_accessible(page)

    # Closing without an outcome is refused at the field.
    page.go_back()
    page.wait_for_load_state()
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.get_by_text(
        "Bitte halten Sie fest, was der Person mitgeteilt wurde"
    ).first.is_visible()
    assert_accessible(page)


def test_the_lead_records_a_request_from_the_desk(
    browser_page, login, assert_accessible, lena, project_a
):
    MenteeFactory(project=project_a, first_name="Amina", last_name="Haddad")
    page = browser_page
    login(page, lena)
    page.goto(f"{page.base_url}/privacy/requests/new/")
    assert_accessible(page)
    page.get_by_label("Mentee").select_option(label="Amina Haddad")
    page.get_by_label("Beantragtes Recht").select_option("restriction")
    page.get_by_label("Eingegangen am").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Antrag erfassen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Der Antrag wurde erfasst").first).to_be_visible()
    assert_accessible(page)
