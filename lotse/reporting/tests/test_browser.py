"""The report page in a real browser as the programme coordinator, checked with axe-core."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_reads_the_report_and_it_is_accessible(
    browser_page, login, assert_accessible, cora, scenario
):
    import datetime

    from lotse.reporting import published
    from lotse.reporting.tests.factories import FundingPeriodFactory

    # The funding periods the migration seeds: an earlier transactional test has flushed them,
    # and without them the year field allows no year (the browser then refuses to submit).
    FundingPeriodFactory(
        name="Förderphase 2020–2024",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2024, 12, 31),
    )
    published.refresh()  # as the hourly job does; the first page would otherwise compute it
    page = browser_page
    login(page, cora)
    # The start page sends the coordinator to the report.
    assert "/reports/" in page.url
    page.get_by_label("Zeitraum").select_option("year")
    page.get_by_label("Jahr", exact=True).fill("2021")
    with page.expect_navigation():
        page.get_by_role("button", name="Bericht anzeigen").click()
    expect(page.get_by_role("heading", name="Kennzahlen nach Projekt")).to_be_visible()
    table = page.locator("#table-key_project").locator("xpath=..").locator("table")
    assert "< 5" in table.inner_text()
    assert page.locator("svg[role=img]").count() >= 3
    assert page.locator("a[href*='/mentees/']").count() == 0
    assert_accessible(page)
    # Switching the tables to districts keeps the page accessible.
    page.get_by_label("Tabellen").select_option("district")
    # Wait for the new page: right after the click the old one may still be shown.
    with page.expect_navigation():
        page.get_by_role("button", name="Bericht anzeigen").click()
    expect(page.get_by_role("heading", name="Geschlecht nach Landkreis")).to_be_visible()
    assert_accessible(page)


def test_a_bad_period_is_reported_at_the_field(browser_page, login, assert_accessible, lena):
    page = browser_page
    login(page, lena)
    page.goto(f"{page.base_url}/reports/?kind=custom&start=2021-05-01&end=2021-04-01")
    error = page.locator("#id_end_error")
    assert "nicht vor dem ersten Tag" in error.inner_text()
    assert page.locator("#id_end").get_attribute("aria-invalid") == "true"
    assert_accessible(page)


def test_a_mentor_records_esf_data_with_keine_angabe(
    browser_page, login, assert_accessible, alice, project_a
):
    from lotse.reporting.models import EsfRecord
    from lotse.reporting.tests.factories import MenteeFactory, ParticipationFactory

    project_a.esf_indicators = True
    project_a.save()
    mentee = MenteeFactory(project=project_a)
    ParticipationFactory(mentee=mentee, project=project_a)
    page = browser_page
    login(page, alice)
    page.goto(f"{page.base_url}/reports/esf/{mentee.public_id}/")
    assert_accessible(page)
    page.get_by_label("Erwerbsstatus bei Eintritt").select_option("not_stated")
    page.get_by_label("Teilnehmende/r mit Behinderungen").select_option("not_stated")
    page.get_by_role("button", name="ESF-Plus-Daten speichern").click()
    page.wait_for_load_state()
    assert f"/mentees/{mentee.public_id}/" in page.url
    record = EsfRecord.objects.get()
    assert (record.labour_status, record.disability) == ("not_stated", "not_stated")
