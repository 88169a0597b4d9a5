"""In Debian's Chromium: a mentor creates a mentee through the form, sees the page, edits it,
adds a language; axe-core finds no WCAG 2.1 A/AA violation on any page visited."""

import datetime

import pytest
from playwright.sync_api import expect

from lotse.cases.models import Mentee
from lotse.cases.tests.factories import (
    ConsentFactory,
    LanguageFactory,
    MenteeFactory,
    PostcodeFactory,
    QualificationFactory,
    ResidenceStatusFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_a_mentee_and_visit_the_case_file(browser_page, login, assert_accessible, alice):
    PostcodeFactory()
    LanguageFactory()
    page = browser_page
    login(page, alice)
    page.goto(f"{page.base_url}/mentees/")
    assert_accessible(page)
    page.get_by_role("link", name="Neue Mentee-Akte").click()
    # First the search: nobody with this name is known, so the form comes prefilled.
    page.get_by_label("Vorname").fill("Amal")
    page.get_by_label("Nachname").fill("Haddad")
    page.get_by_label("Geburtsdatum").fill("1990-05-17")
    page.get_by_role("button", name="Person suchen").click()
    expect(page.get_by_text("Niemand gefunden")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Akte anlegen").click()
    assert page.get_by_label("Nachname").input_value() == "Haddad"
    assert_accessible(page)

    # A wrong postcode is reported at the field; the other input stays.
    page.get_by_label("Vorname").fill("Amal")
    page.get_by_label("Nachname").fill("Haddad")
    page.get_by_label("Geburtsdatum").fill("1990-05-17")
    page.get_by_label("Postleitzahl").fill("99999")
    page.get_by_role("button", name="Mentee anlegen").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert page.get_by_label("Postleitzahl").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Vorname").input_value() == "Amal"
    assert_accessible(page)

    page.get_by_label("Postleitzahl").fill("09111")
    page.get_by_role("button", name="Mentee anlegen").click()
    page.wait_for_url("**/mentees/*/")
    mentee = Mentee.objects.get()
    assert mentee.district_id == "14511"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Amal Haddad")
    assert_accessible(page)

    page.get_by_role("link", name="Sprache hinzufügen").click()
    page.locator("main #id_language").select_option("de")
    page.get_by_label("Niveau (GER)").select_option("B1")
    page.get_by_role("button", name="Hinzufügen").click()
    page.wait_for_url(lambda url: url.split("#")[0].endswith(f"/mentees/{mentee.public_id}/"))
    assert "Deutsch: B1" in page.content()

    page.get_by_role("link", name="Bearbeiten", exact=True).first.click()
    assert_accessible(page)
    page.get_by_label("Telefon").fill("0371 123456")
    page.get_by_role("button", name="Änderungen speichern").click()
    page.wait_for_url(lambda url: url.split("#")[0].endswith(f"/mentees/{mentee.public_id}/"))
    mentee.refresh_from_db()
    assert mentee.phone == "+49371123456"


def test_a_full_case_file_passes_axe_on_a_phone(browser_page, login, assert_accessible, alice):
    mentee = MenteeFactory(project=alice.projects.get(), mentor=alice)
    QualificationFactory(mentee=mentee, recognition_result="partial")
    ResidenceStatusFactory(
        mentee=mentee, valid_until=datetime.date.today() + datetime.timedelta(days=20)
    )
    ConsentFactory(mentee=mentee)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, alice)
    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/")
    expect(page.get_by_role("heading", name="Aufenthaltsstatus")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{page.base_url}/mentees/")
    assert_accessible(page)


def test_the_list_searches_as_you_type(browser_page, login, assert_accessible, alice):
    project = alice.projects.get()
    MenteeFactory(project=project, first_name="Amal", last_name="Haddad")
    MenteeFactory(project=project, first_name="Omid", last_name="Karimi")
    page = browser_page
    login(page, alice)
    page.goto(f"{page.base_url}/mentees/")
    rows = page.locator("#mentee-results tbody tr")
    assert rows.count() == 2
    page.locator("#id_q").fill("karim")
    page.wait_for_url("**/mentees/?*q=karim*")
    rows.first.wait_for()
    assert rows.count() == 1 and "Karimi" in rows.first.inner_text()
    assert_accessible(page)
