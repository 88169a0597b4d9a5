"""In the browser: make the calendar subscription from "My day", see its address once, revoke
it; axe-core on the page."""

import os

import pytest

from lotse.journal.models import CalendarFeed


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_making_and_revoking_the_calendar_subscription(
    browser_page, login, assert_accessible, alice
):
    page = browser_page
    login(page, alice)
    page.get_by_role("link", name="Kalenderabonnement").click()
    page.wait_for_load_state()
    assert page.url.endswith("/journal/calendar/")
    assert_accessible(page)
    page.get_by_label("die Art des Termins, die Initialen").check()
    page.get_by_role("button", name="Meine Kalenderadresse erstellen").click()
    page.wait_for_load_state()
    address = page.locator("code.feed-url").inner_text()
    assert "/journal/calendar/feed.ics?token=" in address
    assert CalendarFeed.objects.get(user=alice).titles == "initials"
    assert_accessible(page)
    if folder := os.environ.get("LOTSE_SCREENSHOT_DIR"):
        page.locator("main").screenshot(path=os.path.join(folder, "calendar-page.png"))
    page.reload()
    assert page.locator("code.feed-url").count() == 0  # shown once only
    page.get_by_role("button", name="Abonnement widerrufen").click()
    page.wait_for_load_state()
    assert "widerrufen" in page.locator("main").inner_text()
    assert not CalendarFeed.objects.exists()
