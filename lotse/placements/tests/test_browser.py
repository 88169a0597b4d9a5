"""In the browser: propose a mentee for a vacancy, move the application to "started" on the
board (without JavaScript-only controls) and see the placement with its adequacy; axe-core on
every page."""

import pytest
from playwright.sync_api import expect

from lotse.cases.models import QualificationKind, RecognitionResult
from lotse.placements.models import Application, Placement
from lotse.placements.tests.factories import (
    MenteeFactory,
    QualificationFactory,
    VacancyFactory,
    occupation,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_propose_move_to_started_and_see_the_adequate_placement(
    browser_page, login, assert_accessible, alice, project_a
):
    page = browser_page
    mentee = MenteeFactory(project=project_a, mentor=alice, first_name="Amal", last_name="Haddad")
    QualificationFactory(
        mentee=mentee, kind=QualificationKind.VOCATIONAL, recognition_result=RecognitionResult.FULL
    )
    vacancy = VacancyFactory(
        employer__project=project_a,
        employer__name="Gasthof Sonne",
        title="Koch/Köchin",
        occupation=occupation("29302"),
    )
    login(page, alice)

    page.goto(f"{page.base_url}/placements/applications/new/?vacancy={vacancy.public_id}")
    assert_accessible(page)
    page.select_option("#id_mentee", str(mentee.public_id))
    page.fill("#id_note", "Erfahrung als Koch")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/placements/applications/" in page.url
    assert_accessible(page)
    application = Application.objects.get(mentee=mentee, vacancy=vacancy)
    assert application.stage == "proposed"

    # closing without a reason: refused, with the message at the field, nothing changed
    page.select_option("#id_to_stage", "rejected")
    page.locator("main form[action$='/move/'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_reason_error")).to_be_visible()
    assert page.locator("#id_reason").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    application.refresh_from_db()
    assert application.stage == "proposed"

    # drag and drop (the enhancement): the card goes to the "applied" column by an htmx POST
    page.goto(f"{page.base_url}/placements/")
    assert_accessible(page)
    page.locator(".board-card", has_text="Amal Haddad").drag_to(
        page.locator('.board-column[data-stage="applied"]')
    )
    # A locator wait, not wait_for_function: a string predicate is eval, which the CSP forbids.
    page.locator(".board-column[data-stage=applied] .board-card").first.wait_for()
    application.refresh_from_db()
    assert application.stage == "applied"

    # the buttons on the card (keyboard and no-JavaScript way) for the rest of the road
    for stage in ("interview", "offer", "contract"):
        page.goto(f"{page.base_url}/placements/")
        card = page.locator(".board-card", has_text="Amal Haddad")
        card.locator(f"button[name=to_stage][value={stage}]").click()
        page.wait_for_load_state()
        assert page.url.split("?")[0].endswith("/placements/")
        application.refresh_from_db()
        assert application.stage == stage
    assert_accessible(page)

    page.locator(".board-card", has_text="Amal Haddad").locator(
        "button[name=to_stage][value=started]"
    ).click()
    page.wait_for_load_state()
    placement = Placement.objects.get(application=application)
    assert page.url.endswith(f"/placements/{placement.public_id}/")
    assert_accessible(page)
    main = page.locator("main")
    assert "Gasthof Sonne" in main.inner_text()
    assert "Anforderungsniveau 2 (Fachkraft)" in main.inner_text()
    assert placement.adequacy_computed is True

    page.goto(f"{page.base_url}/placements/applications/{application.public_id}/")
    assert_accessible(page)
    page.goto(f"{page.base_url}/placements/list/?adequacy=yes")
    assert "Amal Haddad" in page.locator("main").inner_text()
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_interview_is_planned_ahead_and_the_next_step_is_one_click_on_the_mentee_page(
    browser_page, login, assert_accessible, alice, project_a
):
    import datetime

    from django.utils import timezone

    from lotse.placements.stages import Stage
    from lotse.placements.tests.factories import ApplicationFactory

    page = browser_page
    mentee = MenteeFactory(project=project_a, mentor=alice, first_name="Omid", last_name="Karimi")
    application = ApplicationFactory(mentee=mentee, stage=Stage.APPLIED)
    planned = timezone.localdate() + datetime.timedelta(days=7)
    login(page, alice)

    # On the application's page: an interview next week, entered with its planned date.
    page.goto(f"{page.base_url}/placements/applications/{application.public_id}/")
    page.select_option("#id_to_stage", "interview")
    page.fill("#id_on_date", planned.isoformat())
    page.locator("main form[action$='/move/'] button[type=submit]").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert (application.stage, application.stage_date) == ("interview", planned)
    page.goto(f"{page.base_url}/placements/")
    assert f"geplant für {planned:%d.%m.%Y}" in page.content()
    assert_accessible(page)

    # On the mentee page: the next stage is one click, and the page comes back to it.
    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/")
    page.get_by_role("button", name="→ Zusage").first.click()
    page.wait_for_url("**/mentees/*/#applications")
    assert_accessible(page)
    application.refresh_from_db()
    assert application.stage == "offer"

    # The contract is signed today; the start is planned for the first of next month.
    start = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    page.goto(f"{page.base_url}/placements/applications/{application.public_id}/")
    page.select_option("#id_to_stage", "contract")
    page.fill("#id_planned_start", start.isoformat())
    page.locator("main form[action$='/move/'] button[type=submit]").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert (application.stage, application.planned_start) == ("contract", start)
    page.goto(f"{page.base_url}/placements/")
    assert f"Start geplant für {start:%d.%m.%Y}" in page.content()
    assert_accessible(page)
