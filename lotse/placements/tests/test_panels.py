"""The sections on the mentee, vacancy and employer pages: scoped, and a constant number of
queries however many rows they show."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotse.lib.sections import render_sections
from lotse.pages import EMPLOYER_PAGE, MENTEE_PAGE, VACANCY_PAGE
from lotse.placements import panels
from lotse.placements.panels import employer_panel, mentee_panel, vacancy_panel
from lotse.placements.stages import Stage
from lotse.placements.tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    MenteeFactory,
    PlacementFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _render(function, user, obj, name):
    panel = function(_request(user), obj)
    if panel is None:
        return ""
    return render_to_string(
        panel.template_name, {**panel.context, name: obj}, request=_request(user)
    )


def _count(function, user, obj, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        _render(function, user, obj, name)
    return len(queries)


def test_the_panels_are_sections_of_their_pages_in_their_order():
    def order(page, section):
        return [s.panel for s in page.sections].index(section.panel)

    # after profile, journal, documents, letters, papers and group events
    assert order(MENTEE_PAGE, panels.MENTEE_SECTION) == 6
    assert order(VACANCY_PAGE, panels.VACANCY_SECTION) == 0
    assert order(EMPLOYER_PAGE, panels.EMPLOYER_SECTION) == 0
    assert panels.MENTEE_SECTION.panel is mentee_panel
    assert panels.VACANCY_SECTION.panel is vacancy_panel
    assert panels.EMPLOYER_SECTION.panel is employer_panel


def test_the_mentee_panel_lists_applications_and_placements_in_constant_queries(alice, project_a):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    ApplicationFactory(mentee=mentee)
    PlacementFactory(mentee=mentee)
    _render(mentee_panel, alice, mentee, "mentee")  # warm the user's project cache
    few = _count(mentee_panel, alice, mentee, "mentee")
    for stage in (Stage.APPLIED, Stage.OFFER, Stage.REJECTED, Stage.STARTED):
        ApplicationFactory(mentee=mentee, stage=stage)
        PlacementFactory(mentee=mentee)
    html = _render(mentee_panel, alice, mentee, "mentee")
    assert html.count("/placements/applications/") >= 5
    assert _count(mentee_panel, alice, mentee, "mentee") == few <= 3


def test_the_vacancy_panel_shows_only_the_users_mentees(alice, charlie, project_a, project_b):
    vacancy = VacancyFactory(employer__project=project_a)
    mine = MenteeFactory(project=project_a, last_name="Eigene")
    theirs = MenteeFactory(project=project_b, last_name="Fremde")
    ApplicationFactory(mentee=mine, vacancy=vacancy)
    ApplicationFactory(mentee=theirs, vacancy=vacancy)
    html = _render(vacancy_panel, alice, vacancy, "vacancy")
    assert "Eigene" in html and "Fremde" not in html
    few = _count(vacancy_panel, alice, vacancy, "vacancy")
    for _ in range(5):
        ApplicationFactory(mentee=MenteeFactory(project=project_a), vacancy=vacancy)
    assert _count(vacancy_panel, alice, vacancy, "vacancy") == few <= 2
    assert "Eigene" not in _render(vacancy_panel, charlie, vacancy, "vacancy")


def test_the_employer_panel_lists_the_mentees_placed_there(alice, project_a):
    employer = EmployerFactory(project=project_a)
    PlacementFactory(
        mentee=MenteeFactory(project=project_a, last_name="Platziert"), employer=employer
    )
    html = _render(employer_panel, alice, employer, "employer")
    assert "Platziert" in html
    few = _count(employer_panel, alice, employer, "employer")
    for _ in range(5):
        PlacementFactory(mentee=MenteeFactory(project=project_a), employer=employer)
    assert _count(employer_panel, alice, employer, "employer") == few <= 2


def test_no_panel_for_users_without_projects(cora, project_a):
    mentee = MenteeFactory(project=project_a)
    vacancy = VacancyFactory(employer__project=project_a)
    assert mentee_panel(_request(cora), mentee) is None
    assert vacancy_panel(_request(cora), vacancy) is None
    assert employer_panel(_request(cora), vacancy.employer) is None


def test_the_host_pages_render_the_panels(client, alice, project_a):
    mentee = MenteeFactory(project=project_a, mentor=alice, last_name="Seitentest")
    application = ApplicationFactory(mentee=mentee)
    PlacementFactory(mentee=mentee, employer=application.vacancy.employer)
    client.force_login(alice)
    pages = [
        ("cases:detail", mentee.public_id, "placements-panel-heading"),
        ("vacancies:detail", application.vacancy.public_id, "vacancy-applications-heading"),
        ("employers:detail", application.vacancy.employer.public_id, "employer-placements-heading"),
    ]
    for name, public_id, heading in pages:
        response = client.get(reverse(name, kwargs={"public_id": public_id}))
        assert response.status_code == 200, name
        assert heading in response.content.decode(), name
    assert len(render_sections(MENTEE_PAGE, _request(alice), mentee)) >= 1
