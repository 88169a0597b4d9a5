"""In Debian's Chromium: the mentee page's jump links lead to its sections and back, on a
desktop and on a phone, and axe-core finds no WCAG 2.1 A/AA violation."""

import pytest

from lotse.cases.tests.factories import MenteeFactory, ResidenceStatusFactory
from lotse.journal.tests.factories import JournalEntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_jump_links_lead_to_the_sections_and_back(
    browser_page, login, assert_accessible, alice, width
):
    mentee = MenteeFactory(project=alice.projects.get(), mentor=alice)
    ResidenceStatusFactory(mentee=mentee)
    for _ in range(12):
        JournalEntryFactory(mentee=mentee)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    login(page, alice)
    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/")
    nav = page.get_by_role("navigation", name="Auf dieser Seite")
    assert nav.get_by_role("link").all_inner_texts() == [
        "Angaben zur Person",
        "Journal",
        "Dokumente",
        "Briefe",
        "Papiere zum Aushändigen",
        "Bewerbungen und Vermittlungen",
        "Passende Stellen",
        "Datenschutz",
    ]
    assert_accessible(page)

    nav.get_by_role("link", name="Passende Stellen").click()
    page.wait_for_url("**#matching")
    # The section is fetched once scrolled into view and replaces its placeholder (heading
    # included): measure where the heading is after the swap, on a busy machine too.
    page.locator("#matching .deferred-section").wait_for(state="detached")
    page.wait_for_load_state("networkidle")
    heading = page.get_by_role("heading", name="Passende Stellen", level=2)
    heading.wait_for()
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 800  # scrolled to the section
    assert not nav.is_visible() or nav.bounding_box()["y"] + nav.bounding_box()["height"] < 0

    page.locator("#matching").get_by_role("link", name="Zurück nach oben").click()
    page.wait_for_url("**#main")
    assert nav.bounding_box()["y"] < 800  # the jump links are in view again


def test_a_deferred_section_loads_when_scrolled_into_view_and_its_link_works_without_js(
    browser_page, login, assert_accessible, alice, _chromium
):
    """The letters' section is a placeholder on the mentee page: with JavaScript it is fetched
    when scrolled into view; without, its link opens the page with the section rendered."""
    mentee = MenteeFactory(project=alice.projects.get(), mentor=alice)
    for _ in range(12):
        JournalEntryFactory(mentee=mentee)
    page = browser_page
    login(page, alice)
    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/")
    section = page.locator("#letters")
    assert section.locator(".letters-panel").count() == 0  # not in view yet
    assert section.get_by_role("link", name="Briefe anzeigen").count() == 1
    section.scroll_into_view_if_needed()
    section.locator(".letters-panel").wait_for()
    assert "Brief erstellen" in section.inner_text()
    assert section.get_by_role("link", name="Briefe anzeigen").count() == 0
    assert f"/mentees/{mentee.public_id}/" == page.url.removeprefix(page.base_url)
    assert_accessible(page)

    context = _chromium.new_context(locale="de-DE", java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.base_url = page.base_url
        login(plain, alice)
        plain.goto(f"{page.base_url}/mentees/{mentee.public_id}/")
        plain.locator("#letters").get_by_role("link", name="Briefe anzeigen").click()
        plain.wait_for_load_state()
        assert plain.url.endswith(f"/mentees/{mentee.public_id}/sections/letters/#letters")
        assert "Brief erstellen" in plain.locator("#letters .letters-panel").inner_text()
        matching = plain.locator("#matching")  # the other deferred section is still a link
        assert matching.get_by_role("link", name="Passende Stellen anzeigen").count() == 1
    finally:
        context.close()
