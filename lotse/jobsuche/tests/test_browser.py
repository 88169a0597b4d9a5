"""In the browser: a mentee's matches show a vacancy from the BA job board with its source and
link; the mentor takes it over and proposes the mentee for the project's copy; axe-core."""

import pytest

from lotse.employers.models import Vacancy
from lotse.jobsuche.tests.test_matching import REFNR, ba_job
from lotse.matching.tests.factories import welder
from lotse.placements.models import Application


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_take_a_ba_vacancy_over_and_propose_the_mentee(
    browser_page, login, assert_accessible, alice, project_a
):
    page = browser_page
    mentee = welder(project_a, alice)
    board = ba_job()
    login(page, alice)

    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/#matching")  # deferred: loads in view
    row = page.locator("#matching-panel tbody tr").first
    assert "Stahlbau Erzgebirge GmbH" in row.inner_text()
    assert "Jobbörse der BA, kein Projekt" in row.inner_text()
    link = row.get_by_role("link", name="Schweißer/in MAG (m/w/d)")
    assert link.get_attribute("href").endswith(f"/jobsuche/jobdetail/{REFNR}")
    assert_accessible(page)

    row.get_by_role("button", name="Übernehmen").click()
    page.wait_for_load_state()
    assert "in Ihre Stellen bei Stahlbau Erzgebirge GmbH übernommen" in page.content()
    copy = Vacancy.objects.get(origin=board)
    assert_accessible(page)

    panel = page.locator("#matching-panel")
    assert panel.get_by_role("link", name="Übernommen").count() == 1
    # The project's copy is a row of its own, proposed as usual.
    panel.get_by_role("button", name="Vorschlagen").first.click()
    page.wait_for_load_state()
    assert Application.objects.filter(mentee=mentee, vacancy=copy).exists()
