"""BA vacancies in matching: every project's mentors see them with a link to the posting, a
mentor takes one over into an own employer relation; applications stay scoped as before."""

import pytest
from django.urls import reverse

from lotse.audit.models import AuditAction, AuditEvent
from lotse.employers.models import Employer, Vacancy, VacancySource, VacancyStatus
from lotse.employers.tests.factories import VacancyFactory, occupation
from lotse.matching.services import matches_refresh
from lotse.matching.tests.factories import CHEMNITZ, EmployerFactory, job, place, welder
from lotse.placements.models import Application

pytestmark = pytest.mark.django_db

REFNR = "10000-1234567890-S"


def ba_job(**kwargs) -> Vacancy:
    return VacancyFactory(
        employer=None,
        employer_name=kwargs.pop("employer_name", "Stahlbau Erzgebirge GmbH"),
        source=VacancySource.BA,
        ba_refnr=kwargs.pop("ba_refnr", REFNR),
        title=kwargs.pop("title", "Schweißer/in MAG (m/w/d)"),
        occupation=occupation("24422", "Schweißtechnik"),
        workplace_place=place(CHEMNITZ),
        workplace_postcode="09111",
        **kwargs,
    )


@pytest.fixture
def samir(project_a, alice):
    return welder(project_a, alice)


@pytest.fixture
def karim(project_b, charlie):
    return welder(project_b, charlie, first_name="Karim", last_name="Nasser")


@pytest.fixture
def board_job(db):
    return ba_job()


def matches(client, user, mentee):
    client.force_login(user)
    response = client.get(reverse("matching:mentee", args=[mentee.public_id]))
    assert response.status_code == 200
    return response


def take_over_url(vacancy, mentee):
    return reverse("jobsuche:take_over", args=[vacancy.public_id, mentee.public_id])


def test_mentors_of_two_projects_both_see_the_ba_vacancy_with_its_source_and_link(
    client, alice, charlie, samir, karim, board_job, project_a
):
    own = job(project_a, title="Schweißer/in im Projekt")
    for user, mentee in [(alice, samir), (charlie, karim)]:
        response = matches(client, user, mentee)
        rows = response.context["matching"]["list"].rows
        assert board_job in [row.vacancy for row in rows]
        row = next(row for row in rows if row.vacancy == board_job)
        assert row.match.is_strong and row.reasons  # ranked with reasons like the others
        html = response.content.decode()
        assert f"https://www.arbeitsagentur.de/jobsuche/jobdetail/{REFNR}" in html
        assert "Stahlbau Erzgebirge GmbH" in html
        assert "Jobbörse der BA, kein Projekt" in html
        assert "Übernehmen" in html
    # Project A's own vacancy says where it comes from too, and project B does not see it.
    assert "eigene Akquise" in matches(client, alice, samir).content.decode()
    rows = matches(client, charlie, karim).context["matching"]["list"].rows
    assert own not in [row.vacancy for row in rows]


def test_a_closed_ba_vacancy_is_not_shown(client, alice, samir):
    closed = ba_job(status=VacancyStatus.CLOSED)
    rows = matches(client, alice, samir).context["matching"]["list"].rows
    assert closed not in [row.vacancy for row in rows]


def test_ba_vacancies_are_not_in_any_project_list_and_cannot_be_opened_or_proposed_for(
    client, alice, samir, board_job
):
    client.force_login(alice)
    assert REFNR not in client.get(reverse("vacancies:list")).content.decode()
    assert client.get(reverse("vacancies:detail", args=[board_job.public_id])).status_code == 404
    propose = reverse("matching:propose", args=[samir.public_id, board_job.public_id])
    assert client.post(propose).status_code == 404
    assert not Application.objects.exists()


def test_the_batch_refresh_announces_no_ba_vacancy(samir, board_job):
    result = matches_refresh()
    assert result.mentees == 1 and result.strong_matches == 0


def test_taking_over_creates_an_employer_and_a_vacancy_of_the_project_audited(
    client, alice, samir, board_job, project_a
):
    client.force_login(alice)
    back = reverse("matching:mentee", args=[samir.public_id])
    response = client.post(take_over_url(board_job, samir), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    employer = Employer.objects.get(project=project_a)
    assert employer.name == "Stahlbau Erzgebirge GmbH" and employer.postcode == "09111"
    copy = Vacancy.objects.get(employer=employer)
    assert copy.origin == board_job
    assert (copy.source, copy.ba_refnr, copy.title) == (
        VacancySource.BA,
        REFNR,
        "Schweißer/in MAG (m/w/d)",
    )
    assert copy.occupation_id == "24422" and copy.requirement_level == 2
    assert copy.job_board_url.endswith(REFNR)
    for obj in (employer, copy):
        assert AuditEvent.objects.filter(
            action=AuditAction.CREATE, actor=alice, object_id=str(obj.public_id)
        ).exists()
    # The row now links to the project's vacancy, which can be proposed as usual.
    response = client.get(back)
    rows = response.context["matching"]["list"].rows
    assert next(r for r in rows if r.vacancy == board_job).taken_over == copy
    assert reverse("vacancies:detail", args=[copy.public_id]) in response.content.decode()
    propose = reverse("matching:propose", args=[samir.public_id, copy.public_id])
    assert client.post(propose).status_code == 302
    assert Application.objects.get().vacancy == copy
    # Twice is once.
    client.post(take_over_url(board_job, samir))
    assert Vacancy.objects.filter(origin=board_job).count() == 1


def test_taking_over_links_an_existing_employer_of_the_same_name(
    client, alice, samir, board_job, project_a
):
    existing = EmployerFactory(project=project_a, name="stahlbau erzgebirge gmbh")
    client.force_login(alice)
    client.post(take_over_url(board_job, samir))
    assert Employer.objects.filter(project=project_a).count() == 1
    assert Vacancy.objects.get(origin=board_job).employer == existing


def test_two_projects_take_the_same_posting_over(
    client, alice, charlie, samir, karim, board_job, project_a, project_b
):
    for user, mentee in [(alice, samir), (charlie, karim)]:
        client.force_login(user)
        client.post(take_over_url(board_job, mentee))
    copies = Vacancy.objects.filter(origin=board_job)
    assert {v.employer.project for v in copies} == {project_a, project_b}
    # Each project's copy can still be edited: its reference number is its origin's.
    client.force_login(alice)
    copy = copies.get(employer__project=project_a)
    form = client.get(reverse("vacancies:edit", args=[copy.public_id])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(occupation=copy.occupation_id, version=copy.version, kind=copy.kind)
    response = client.post(reverse("vacancies:edit", args=[copy.public_id]), data)
    assert response.status_code == 302, response.context["form"].errors


def test_a_closed_posting_cannot_be_taken_over(client, alice, samir):
    closed = ba_job(status=VacancyStatus.CLOSED)
    client.force_login(alice)
    response = client.post(take_over_url(closed, samir), follow=True)
    assert "nicht mehr in der Jobbörse der BA" in response.content.decode()
    assert not Vacancy.objects.filter(origin=closed).exists()


def test_take_over_scoping(client, alice, charlie, cora, samir, board_job, project_a):
    url = take_over_url(board_job, samir)
    assert "/accounts/login/" in client.post(url)["Location"]
    for user in (charlie, cora):  # another project's mentee, no project
        client.force_login(user)
        assert client.post(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 405
    own = job(project_a)  # not a BA vacancy
    assert client.post(take_over_url(own, samir)).status_code == 404
    assert not Vacancy.objects.filter(origin__isnull=False).exists()
