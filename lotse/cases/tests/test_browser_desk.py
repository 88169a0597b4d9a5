"""In Debian's Chromium: a project lead opens the team desk, follows a mentor's figures into the
mentee list, ticks two mentees, confirms the assignment to another mentor; axe-core finds no
violation on the pages visited, on a wide screen and on a phone."""

import pytest
from playwright.sync_api import expect

from lotse.cases.models import Mentee
from lotse.cases.tests.factories import MenteeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_moves_two_cases_from_the_desk(
    browser_page, login, assert_accessible, lena, alice, bob, project_a
):
    amal = MenteeFactory(project=project_a, mentor=alice, first_name="Amal", last_name="Haddad")
    omid = MenteeFactory(project=project_a, mentor=alice, first_name="Omid", last_name="Karimi")
    MenteeFactory(project=project_a, mentor=alice, first_name="Olena", last_name="Bondar")
    page = browser_page
    login(page, lena)
    page.get_by_role("link", name="Team").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Team von Projekt Chemnitz"
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Alice").click()
    page.get_by_label("Amal Haddad ankreuzen").check()
    page.get_by_label("Omid Karimi ankreuzen").check()
    page.get_by_label("Aktion für die angekreuzten Mentees").select_option("assign")
    page.get_by_role("button", name="Weiter …").click()
    assert "Das betrifft diese 2 Mentees" in page.content()
    assert_accessible(page)
    page.get_by_label("Mentor/in").select_option(label=str(bob))
    page.get_by_role("button", name="Für alle Aufgeführten bestätigen").click()
    expect(page.get_by_text("2 Mentees werden jetzt von")).to_be_visible()
    assert set(Mentee.objects.filter(mentor=bob).values_list("pk", flat=True)) == {amal.pk, omid.pk}


def test_a_transfer_request_from_both_sides(
    browser_page, login, assert_accessible, alice, project_a, project_b, charlie
):
    import datetime

    from lotse.accounts.models import ProjectRole
    from lotse.accounts.tests.factories import MembershipFactory, UserFactory

    lead_b = UserFactory(username="berta", first_name="Berta", last_name="Lang")
    MembershipFactory(user=lead_b, project=project_b, role=ProjectRole.LEAD)
    moved = MenteeFactory(
        project=project_b,
        mentor=charlie,
        first_name="Mukhammad",
        last_name="Karimi",
        birth_date=datetime.date(1991, 3, 4),
    )
    page = browser_page
    login(page, alice)
    page.goto(f"{page.base_url}/mentees/new/")
    page.get_by_label("Vorname").fill("Mohammad")
    page.get_by_label("Nachname").fill("Karimi")
    page.get_by_label("Geburtsdatum").fill("1991-03-04")
    page.get_by_role("button", name="Person suchen").click()
    expect(page.get_by_text("ist im Projekt Projekt Leipzig")).to_be_visible()
    assert "Mukhammad" not in page.content()
    assert_accessible(page)
    page.get_by_label("Art der Zustimmung").select_option("written")
    page.get_by_role("button", name="Projekt Leipzig um die Akte bitten").click()
    expect(page.get_by_text("Die Anfrage ist an das Projekt gegangen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Abmelden").click()
    login(page, lead_b)
    page.goto(f"{page.base_url}/mentees/desk/")
    page.get_by_role("link", name="1 Übergabeanfrage wartet auf Ihre Entscheidung").click()
    assert "Mukhammad Karimi" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Entscheiden …").click()
    page.get_by_label("Akte übergeben").check()
    page.get_by_role("button", name="Entscheiden").click()
    expect(page.get_by_text("wurde an Projekt Chemnitz übergeben")).to_be_visible()
    moved.refresh_from_db()
    assert moved.project == project_a and moved.mentor == alice
