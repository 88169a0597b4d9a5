"""In the browser: open a mentee, see the matching vacancies with their reasons, filter, show the
left-out ones and propose one; axe-core on every page."""

import pytest

from lotse.matching.tests.factories import LEIPZIG, job, welder
from lotse.placements.models import Application


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_open_a_mentee_see_matching_vacancies_and_propose_one(
    browser_page, login, assert_accessible, alice, project_a
):
    page = browser_page
    mentee = welder(project_a, alice)
    welding = job(project_a, title="Schweißer/in MAG", german_level="B1", hours_per_week=40)
    job(project_a, code="81302", title="Pflegefachkraft", german_level="B2")
    job(project_a, title="Schweißer/in Leipzig", where=LEIPZIG)
    login(page, alice)

    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/#matching")  # deferred: loads in view
    panel = page.locator("#matching-panel")
    assert panel.locator("h2").inner_text() == "Passende Stellen"
    rows = panel.locator("tbody tr")
    assert rows.first.inner_text().startswith("Schweißer/in MAG")
    assert "Gleicher Beruf wie ein Zielberuf." in rows.first.inner_text()
    assert "1 Stelle ausgelassen" in panel.inner_text()
    assert_accessible(page)

    panel.get_by_role("link", name="Anzeigen").click()
    page.wait_for_load_state()
    assert "Schweißer/in Leipzig" in page.locator("#matching-panel").inner_text()
    assert (
        "mehr als doppelt so weit wie der Pendelweg" in page.locator("#matching-panel").inner_text()
    )
    assert_accessible(page)

    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/#matching")  # deferred: loads in view
    page.select_option("#id_kind", "apprenticeship")
    page.locator("#matching-panel form.filters button").click()
    page.wait_for_load_state()
    page.locator("#matching-panel", has_text="nicht die gewählte Art").wait_for()
    assert page.locator("#matching-panel tbody tr").count() == 0
    assert "keine passende offene Stelle" in page.locator("#matching-panel").inner_text()
    assert_accessible(page)

    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/")  # a reload (not just the #)
    page.locator("#matching").scroll_into_view_if_needed()  # deferred: loads in view
    page.locator("#matching-panel tbody tr").first.get_by_role("button", name="Vorschlagen").click()
    page.wait_for_load_state()
    assert f"/mentees/{mentee.public_id}/" in page.url
    assert "wurde für „Schweißer/in MAG“ vorgeschlagen" in page.content()
    assert Application.objects.filter(mentee=mentee, vacancy=welding, stage="proposed").exists()
    assert_accessible(page)
