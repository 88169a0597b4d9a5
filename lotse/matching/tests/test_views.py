"""The matching panels and pages: scoping, filters, left-out vacancies, proposing, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotse.audit.models import AuditAction, AuditEvent
from lotse.employers.models import VacancyKind, VacancyStatus
from lotse.matching.tests.factories import LEIPZIG, job, welder
from lotse.placements.models import Application
from lotse.reference.models import WorkPermission


def matches_url(mentee):
    return reverse("matching:mentee", args=[mentee.public_id])


def propose_url(mentee, vacancy):
    return reverse("matching:propose", args=[mentee.public_id, vacancy.public_id])


@pytest.fixture
def samir(project_a, alice):
    return welder(project_a, alice)


@pytest.fixture
def welding_job(project_a):
    return job(project_a, title="Schweißer/in MAG", german_level="B1", hours_per_week=40)


# --- the mentee's matching vacancies ------------------------------------------------------------


def test_anonymous_users_go_to_the_login(client, samir):
    response = client.get(matches_url(samir))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("user", ["charlie", "cora"])
def test_users_outside_the_project_get_404(client, samir, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.get(matches_url(samir)).status_code == 404


def test_post_is_not_allowed_on_the_page(client, alice, samir):
    client.force_login(alice)
    assert client.post(matches_url(samir)).status_code == 405


def test_the_welder_sees_the_welding_job_before_nursing_and_the_view_is_audited(
    client, alice, samir, welding_job, project_a
):
    nursing = job(project_a, code="81302", title="Pflegefachkraft", german_level="B2")
    client.force_login(alice)
    response = client.get(matches_url(samir))
    assert response.status_code == 200
    rows = response.context["matching"]["list"].rows
    assert [row.vacancy for row in rows] == [welding_job, nursing]
    assert rows[0].match.is_strong
    html = response.content.decode()
    assert "Schweißer/in MAG" in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, mentee_id=samir.public_id, actor=alice
    ).exists()


def test_reasons_are_german_sentences(client, alice, samir, welding_job):
    client.force_login(alice)
    html = client.get(matches_url(samir), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Gleicher Beruf wie ein Zielberuf." in html
    assert "Deutsch B1 erfüllt das geforderte B1." in html


def test_other_projects_vacancies_are_not_shown(client, alice, samir, welding_job, project_b):
    other = job(project_b, title="Schweißer/in in Projekt B")
    client.force_login(alice)
    response = client.get(matches_url(samir))
    vacancies = [row.vacancy for row in response.context["matching"]["list"].rows]
    assert welding_job in vacancies and other not in vacancies


def test_the_panel_is_on_the_mentee_page(client, alice, samir, welding_job):
    """Deferred: the page links to the section's URL, which has the panel."""
    client.force_login(alice)
    section = reverse("cases:section", args=[samir.public_id, "matching"])
    page = client.get(reverse("cases:detail", args=[samir.public_id])).content.decode()
    assert f'href="{section}#matching"' in page and f'hx-get="{section}"' in page
    response = client.get(section, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="matching-panel"' in html
    assert "Schweißer/in MAG" in html
    assert propose_url(samir, welding_job) in html


def test_far_vacancies_are_counted_and_shown_on_request(client, alice, samir, project_a):
    far = job(project_a, title="Schweißer/in Leipzig", where=LEIPZIG)
    client.force_login(alice)
    response = client.get(matches_url(samir))
    matches = response.context["matching"]["list"]
    assert matches.rows == []
    assert matches.excluded_total == 1
    html = response.content.decode()
    assert "?excluded=1" in html
    assert "Schweißer/in Leipzig" not in html

    response = client.get(matches_url(samir) + "?excluded=1")
    matches = response.context["matching"]["list"]
    assert [row.vacancy for row in matches.excluded_rows] == [far]
    assert "Schweißer/in Leipzig" in response.content.decode()


def test_the_kind_filter_counts_what_it_leaves_out(client, alice, samir, welding_job, project_a):
    job(project_a, title="Praktikum Schweißen", kind=VacancyKind.INTERNSHIP)
    client.force_login(alice)
    response = client.get(
        matches_url(samir) + "?kind=internship&radius=", HTTP_ACCEPT_LANGUAGE="en"
    )
    matches = response.context["matching"]["list"]
    assert [row.vacancy.title for row in matches.rows] == ["Praktikum Schweißen"]
    assert ("not the selected kind", 1) in [(str(a), b) for a, b in matches.exclusions]


def test_a_bad_radius_is_shown_at_the_field_and_ignored(client, alice, samir, welding_job):
    client.force_login(alice)
    response = client.get(matches_url(samir) + "?kind=&radius=0", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    form = response.context["matching"]["form"]
    assert "radius" in form.errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert [row.vacancy for row in response.context["matching"]["list"].rows] == [welding_job]


def test_a_work_ban_gives_no_proposals_but_a_clear_note(client, alice, project_a, welding_job):
    banned = welder(project_a, alice, permission=WorkPermission.NOT_ALLOWED, first_name="Omar")
    client.force_login(alice)
    response = client.get(matches_url(banned), HTTP_ACCEPT_LANGUAGE="en")
    matches = response.context["matching"]["list"]
    assert matches.rows == []
    assert matches.excluded_total == 1
    html = response.content.decode()
    assert "does not allow work" in html
    assert "/propose/" not in html


def test_the_page_needs_a_constant_number_of_queries(
    client, alice, samir, project_a, django_assert_max_num_queries
):
    client.force_login(alice)
    for i in range(3):
        job(project_a, title=f"Schweißer/in {i}")
    with CaptureQueriesContext(connection) as few:
        client.get(matches_url(samir))
    for i in range(25):
        job(project_a, title=f"Schweißer/in {i + 3}")
    with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as many:
        response = client.get(matches_url(samir))
    assert len(response.context["matching"]["list"].rows) == 20
    # The second request may rebuild the index once (one query); nothing grows with the rows.
    assert len(many) <= len(few) + 1


# --- proposing ---------------------------------------------------------------------------------


def test_proposing_creates_the_application(client, alice, samir, welding_job):
    client.force_login(alice)
    next_url = matches_url(samir)
    response = client.post(propose_url(samir, welding_job), {"next": next_url})
    assert response.status_code == 302
    application = Application.objects.get(mentee=samir, vacancy=welding_job)
    assert response["Location"] == f"{next_url}#application-{application.public_id}"
    assert application.stage == "proposed"
    assert application.created_by == alice


def test_proposing_twice_says_why_and_keeps_one_application(client, alice, samir, welding_job):
    client.force_login(alice)
    client.post(propose_url(samir, welding_job))
    response = client.post(propose_url(samir, welding_job), follow=True)
    assert Application.objects.filter(mentee=samir, vacancy=welding_job).count() == 1
    assert any("already" in str(m) or "bereits" in str(m) for m in response.context["messages"])


def test_proposing_for_a_closed_vacancy_is_refused(client, alice, samir, welding_job):
    welding_job.status = VacancyStatus.CLOSED
    welding_job.save()
    client.force_login(alice)
    client.post(propose_url(samir, welding_job))
    assert not Application.objects.exists()


def test_an_outside_next_url_is_not_followed(client, alice, samir, welding_job):
    client.force_login(alice)
    response = client.post(propose_url(samir, welding_job), {"next": "https://evil.example/"})
    assert response["Location"].split("#")[0] == reverse("cases:detail", args=[samir.public_id])


def test_proposing_needs_a_login_and_post(client, alice, samir, welding_job):
    response = client.post(propose_url(samir, welding_job))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(alice)
    assert client.get(propose_url(samir, welding_job)).status_code == 405
    assert not Application.objects.exists()


@pytest.mark.parametrize("user", ["charlie", "cora"])
def test_proposing_outside_the_project_is_404(client, samir, welding_job, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.post(propose_url(samir, welding_job)).status_code == 404
    assert not Application.objects.exists()


def test_proposing_for_another_projects_vacancy_is_404(client, alice, samir, project_b):
    other = job(project_b)
    client.force_login(alice)
    assert client.post(propose_url(samir, other)).status_code == 404


# --- the vacancy's matching mentees --------------------------------------------------------------


def test_the_vacancy_page_lists_matching_mentees_of_the_users_projects(
    client, alice, samir, welding_job, project_b, charlie
):
    outsider = welder(project_b, charlie, first_name="Chris", last_name="Outside")
    client.force_login(alice)
    response = client.get(reverse("vacancies:detail", args=[welding_job.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Samir Haddad" in html
    assert outsider.full_name not in html
    assert propose_url(samir, welding_job) in html


def test_the_vacancy_panel_counts_mentees_left_out(client, alice, samir, welding_job, project_a):
    welder(project_a, alice, permission=WorkPermission.NOT_ALLOWED, first_name="Omar")
    client.force_login(alice)
    response = client.get(
        reverse("vacancies:detail", args=[welding_job.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "1 mentee left out" in html
    assert "Omar" not in html


def test_the_vacancy_panel_needs_a_constant_number_of_queries(
    client, alice, welding_job, project_a
):
    client.force_login(alice)
    url = reverse("vacancies:detail", args=[welding_job.public_id])
    welder(project_a, alice)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        welder(project_a, alice, first_name=f"Person{i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("/propose/") == 11
    assert len(many) == len(few)


# --- the consent to pass the profile to employers ----------------------------------------------


def test_without_the_consent_the_panel_links_to_recording_it_instead_of_proposing(
    client, alice, project_a, welding_job
):
    amal = welder(project_a, alice, first_name="Amal", proposal_consent=False)
    client.force_login(alice)
    section = reverse("cases:section", args=[amal.public_id, "matching"])
    html = client.get(section, HTTP_HX_REQUEST="true").content.decode()
    assert "Schweißer/in MAG" in html  # the match is still shown
    assert propose_url(amal, welding_job) not in html
    assert reverse("cases:consent_add", args=[amal.public_id]) in html


def test_the_vacancy_page_offers_proposing_only_mentees_with_the_consent(
    client, alice, samir, welding_job, project_a
):
    amal = welder(project_a, alice, first_name="Amal", proposal_consent=False)
    client.force_login(alice)
    html = client.get(reverse("vacancies:detail", args=[welding_job.public_id])).content.decode()
    assert amal.full_name in html
    assert propose_url(samir, welding_job) in html
    assert propose_url(amal, welding_job) not in html
    assert reverse("cases:consent_add", args=[amal.public_id]) in html
    assert reverse("cases:consent_add", args=[samir.public_id]) not in html


def test_proposing_without_the_consent_says_why_and_stores_nothing(
    client, alice, project_a, welding_job
):
    amal = welder(project_a, alice, first_name="Amal", proposal_consent=False)
    client.force_login(alice)
    response = client.post(propose_url(amal, welding_job), follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any(
        "Für Amal Haddad ist keine Einwilligung zur Weitergabe des Profils an Arbeitgeber erfasst"
        in message
        for message in shown
    )
    assert not Application.objects.exists()
    assert not AuditEvent.objects.filter(object_type="placements.application").exists()


def test_proposing_from_the_mentee_page_lands_at_the_new_application(
    client, alice, samir, welding_job
):
    client.force_login(alice)
    page = reverse("cases:detail", args=[samir.public_id])
    response = client.post(propose_url(samir, welding_job), {"next": page})
    application = Application.objects.get(mentee=samir, vacancy=welding_job)
    anchor = f"application-{application.public_id}"
    assert response["Location"] == f"{page}#{anchor}"
    assert f'id="{anchor}"' in client.get(page).content.decode()


def test_proposing_from_the_deferred_section_lands_at_the_new_application(
    client, alice, samir, welding_job
):
    """The fragment's buttons carry the section's URL as ``next``: after the POST the whole
    mentee page with matching rendered, at the new application's row."""
    import re

    client.force_login(alice)
    section = reverse("cases:section", args=[samir.public_id, "matching"])
    fragment = client.get(section, HTTP_HX_REQUEST="true").content.decode()
    assert f'name="next" value="{section}"' in fragment
    nxt = re.search(r'name="next" value="([^"]+)"', fragment).group(1)
    response = client.post(propose_url(samir, welding_job), {"next": nxt})
    application = Application.objects.get(mentee=samir, vacancy=welding_job)
    assert response["Location"] == f"{section}#application-{application.public_id}"
    page = client.get(section).content.decode()
    assert f'id="application-{application.public_id}"' in page and 'id="matching-panel"' in page
