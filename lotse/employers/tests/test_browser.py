"""A mentor, in the browser, adds an employer with a contact person, logs a service and adds a
vacancy; axe-core checks every page on the way (WCAG 2.1 A/AA)."""

import re

import pytest
from playwright.sync_api import expect

from lotse.employers.models import Employer, EmployerService, Vacancy
from lotse.employers.sectors import load_sectors
from lotse.employers.tests.factories import MenteeFactory, PostcodeFactory, occupation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_mentor_adds_an_employer_a_contact_a_service_and_a_vacancy(
    browser_page, login, assert_accessible, alice, project_a
):
    load_sectors()
    PostcodeFactory(code="09111", place="Chemnitz")
    occupation(
        "29302", "Köche/Köchinnen (ohne Spezialisierung) - fachlich ausgerichtete Tätigkeiten"
    )
    mentee = MenteeFactory(project=project_a, mentor=alice, first_name="Amal", last_name="Haddad")
    page = browser_page
    login(page, alice)

    page.goto(f"{page.base_url}/employers/")
    assert_accessible(page)
    page.locator("main a[href='/employers/new/']").click()
    page.wait_for_url(re.compile(r"/employers/new/$"))
    assert_accessible(page)

    # A wrong postcode is reported at the field and the other input is kept.
    page.fill("#id_name", "Gasthof Sonne")
    page.select_option("#id_sector", "56")
    page.select_option("#id_size_class", "small")
    page.fill("#id_street", "Markt 1")
    page.fill("#id_postcode", "99999")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_postcode_error")).to_be_visible()
    assert page.input_value("#id_name") == "Gasthof Sonne"
    assert_accessible(page)
    page.fill("#id_postcode", "09111")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/employers/[0-9a-f-]{36}/$"))
    assert_accessible(page)
    employer = Employer.objects.get()
    assert employer.district is not None

    # A contact person, first without the date of consent.
    page.locator("main a[href$='/contacts/new/']").click()
    page.wait_for_url(re.compile(r"/contacts/new/$"))
    assert_accessible(page)
    page.fill("#id_name", "Petra Schulze")
    page.fill("#id_role", "Inhaberin")
    page.fill("#id_phone", "0371 123456")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_consent_given_on_error")).to_be_visible()
    assert_accessible(page)
    page.fill("#id_consent_given_on", "2026-01-15")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/employers/[0-9a-f-]{36}/$"))
    expect(page.get_by_text("Petra Schulze").first).to_be_visible()

    # The quick service form on the employer page.
    page.locator("main details summary").click()
    page.select_option("#service_kind", "acquisition")
    page.fill("#service_duration_minutes", "45")
    page.locator("main details button[type=submit]").click()
    page.wait_for_url(re.compile(r"/employers/[0-9a-f-]{36}/$"))
    assert_accessible(page)
    service = EmployerService.objects.get()
    assert (service.duration_minutes, service.author_id) == (45, alice.pk)

    # A service aimed at a mentee: first without choosing the mentee.
    page.locator("main details summary").click()
    page.select_option("#service_kind", "accompaniment")
    page.fill("#service_duration_minutes", "90")
    page.check("#service_target_1")
    page.locator("main details button[type=submit]").click()
    page.wait_for_url(re.compile(r"/services/new/$"))
    expect(page.locator("#service_mentee_error")).to_be_visible()
    assert_accessible(page)
    # The mentee picker: typing shows the matches (htmx), one match is chosen already.
    page.fill("#service_mentee", "hadd")
    page.locator("#service_mentee_options input[type=radio]").first.wait_for()
    assert page.locator("#service_mentee_options input[type=radio]").count() == 1
    assert page.locator("#service_mentee_choice_1").is_checked()
    assert_accessible(page)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/employers/[0-9a-f-]{36}/$"))
    assert EmployerService.objects.get(mentee=mentee).duration_minutes == 90
    # The mentee's page lists it.
    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/")
    expect(page.locator("#employer-services-heading")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{page.base_url}/employers/{employer.public_id}/")

    # A vacancy.
    page.locator(f"main a[href='/vacancies/new/{employer.public_id}/']").click()
    page.wait_for_url(re.compile(r"/vacancies/new/"))
    assert_accessible(page)
    page.fill("#id_title", "Koch/Köchin (m/w/d)")
    page.fill("#id_occupation", "29302")
    page.select_option("#id_german_level", "B1")
    page.fill("#id_hours_per_week", "39")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/vacancies/[0-9a-f-]{36}/$"))
    assert_accessible(page)
    vacancy = Vacancy.objects.get()
    assert (vacancy.employer, vacancy.requirement_level) == (employer, 2)

    page.goto(f"{page.base_url}/vacancies/")
    expect(page.get_by_text("Koch/Köchin (m/w/d)")).to_be_visible()
    assert_accessible(page)
