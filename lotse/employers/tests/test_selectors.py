import datetime

import pytest

from lotse.employers import selectors
from lotse.employers.models import ServiceTarget, VacancyStatus
from lotse.employers.tests.factories import (
    EmployerFactory,
    EmployerServiceFactory,
    MenteeFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2026, 1, 1)
DEC_31 = datetime.date(2026, 12, 31)


def test_employers_are_scoped_to_the_users_projects(alice, charlie, cora, employer_a, employer_b):
    assert list(selectors.employers_for(alice)) == [employer_a]
    assert list(selectors.employers_for(charlie)) == [employer_b]
    assert list(selectors.employers_for(cora)) == []


def test_vacancies_and_contacts_are_scoped(alice, cora, vacancy_a, vacancy_b, contact_a):
    assert list(selectors.vacancies_for(alice)) == [vacancy_a]
    assert list(selectors.vacancies_for(cora)) == []
    assert list(selectors.contacts_for(alice)) == [contact_a]
    assert list(selectors.contacts_for(cora)) == []


def test_looked_after_means_a_service_aimed_at_the_company_in_the_period(project_a, project_b):
    in_period = EmployerFactory(project=project_a, name="A in period")
    EmployerServiceFactory(employer=in_period, date=datetime.date(2026, 5, 1), duration_minutes=30)
    EmployerServiceFactory(employer=in_period, date=datetime.date(2026, 6, 1), duration_minutes=60)

    only_mentee = EmployerFactory(project=project_a, name="B only for a mentee")
    EmployerServiceFactory(
        employer=only_mentee,
        target=ServiceTarget.MENTEE,
        mentee=MenteeFactory(project=project_a),
        date=datetime.date(2026, 5, 1),
    )
    last_year = EmployerFactory(project=project_a, name="C last year")
    EmployerServiceFactory(employer=last_year, date=datetime.date(2025, 12, 31))
    on_the_edges = EmployerFactory(project=project_a, name="D on the edges")
    EmployerServiceFactory(employer=on_the_edges, date=JAN_1)
    EmployerServiceFactory(employer=on_the_edges, date=DEC_31)
    EmployerFactory(project=project_a, name="E never")
    other_project = EmployerFactory(project=project_b, name="F other project")
    EmployerServiceFactory(employer=other_project, date=datetime.date(2026, 5, 1))

    looked_after = selectors.employers_looked_after([project_a.pk], JAN_1, DEC_31)
    assert [e.name for e in looked_after] == ["A in period", "D on the edges"]
    assert looked_after.count() == 2
    first = looked_after[0]
    assert (first.company_services, first.company_service_minutes) == (2, 90)
    both = selectors.employers_looked_after([project_a.pk, project_b.pk], JAN_1, DEC_31)
    assert both.count() == 3


def test_looked_after_is_one_query(project_a, django_assert_num_queries):
    for n in range(5):
        employer = EmployerFactory(project=project_a)
        EmployerServiceFactory.create_batch(
            n + 1, employer=employer, date=datetime.date(2026, 4, 1)
        )
    with django_assert_num_queries(1):
        rows = list(selectors.employers_looked_after([project_a.pk], JAN_1, DEC_31))
    assert len(rows) == 5
    with django_assert_num_queries(1):
        assert selectors.employers_looked_after([project_a.pk], JAN_1, DEC_31).count() == 5


def test_the_employer_list_filters(alice, project_a, employer_a, sector):
    from lotse.employers.tests.factories import SectorFactory, SectorSectionFactory

    construction = SectorFactory(
        code="41",
        name_de="Hochbau",
        name_en="Construction of buildings",
        parent=SectorSectionFactory(code="F", name_de="Baugewerbe", name_en="Construction"),
    )
    builder = EmployerFactory(
        project=project_a, name="Bau AG", sector=construction, size_class="large"
    )
    EmployerServiceFactory(employer=builder, date=selectors.this_year()[0])
    VacancyFactory(employer=builder)
    VacancyFactory(employer=builder, status=VacancyStatus.CLOSED)

    def names(**kwargs):
        return [e.name for e in selectors.employer_list(alice, selectors.EmployerFilters(**kwargs))]

    assert names() == ["Bau AG", "Gasthof Sonne"]
    assert names(q="sonne") == ["Gasthof Sonne"]
    assert names(section=construction.parent) == ["Bau AG"]
    assert names(size_class="small") == ["Gasthof Sonne"]
    assert names(looked_after="yes") == ["Bau AG"]
    assert names(looked_after="no") == ["Gasthof Sonne"]
    assert names(district=employer_a.district) == ["Bau AG", "Gasthof Sonne"]
    builder_row = selectors.employer_list(alice, selectors.EmployerFilters(q="Bau")).get()
    assert builder_row.open_vacancies == 1
    assert builder_row.looked_after_this_year is True


def test_the_vacancy_list_filters(alice, employer_a, cook, vacancy_b):
    from lotse.employers.tests.factories import occupation

    nurse = occupation("81302", "Gesundheits- und Krankenpflege")
    VacancyFactory(employer=employer_a, occupation=cook, title="Koch", kind="job")
    VacancyFactory(employer=employer_a, occupation=nurse, title="Pflege", kind="apprenticeship")
    VacancyFactory(employer=employer_a, occupation=nurse, title="Alt", status="closed")

    def titles(**kwargs):
        qs = selectors.vacancy_list(alice, selectors.VacancyFilters(**kwargs))
        return sorted(v.title for v in qs)

    assert titles() == ["Alt", "Koch", "Pflege"]
    assert titles(kind="apprenticeship") == ["Pflege"]
    assert titles(occupation_area="8") == ["Alt", "Pflege"]
    assert titles(occupation_area="29") == ["Koch"]
    assert titles(status="open") == ["Koch", "Pflege"]
    assert titles(q="gasthof") == ["Alt", "Koch", "Pflege"]


def test_mentees_for_services_are_those_of_the_employers_project(
    alice, charlie, employer_a, project_a, project_b
):
    mine = MenteeFactory(project=project_a)
    MenteeFactory(project=project_b)
    assert list(selectors.mentees_for_services(alice, employer_a)) == [mine]
    assert list(selectors.mentees_for_services(charlie, employer_a)) == []


def test_open_vacancies_for_batch_work(vacancy_a, vacancy_b, project_a):
    VacancyFactory(employer=vacancy_a.employer, status=VacancyStatus.FILLED)
    assert set(selectors.open_vacancies()) == {vacancy_a, vacancy_b}
    assert list(selectors.open_vacancies([project_a.pk])) == [vacancy_a]


def test_the_mentee_panel_lists_services_aimed_at_the_mentee(rf, alice, charlie, employer_a):
    from lotse.employers.panels import SHOWN, mentee_panel

    mentee = MenteeFactory(project=employer_a.project)
    request = rf.get("/")
    request.user = alice
    assert mentee_panel(request, mentee) is None
    EmployerServiceFactory.create_batch(
        SHOWN + 2, employer=employer_a, target=ServiceTarget.MENTEE, mentee=mentee
    )
    EmployerServiceFactory(employer=employer_a)  # aimed at the company: not listed
    panel = mentee_panel(request, mentee)
    assert len(panel.context["employer_services"]["services"]) == SHOWN
    assert panel.context["employer_services"]["more"] is True
    request.user = charlie
    assert mentee_panel(request, mentee) is None


def test_the_employer_page_lists_open_vacancies_first(alice, employer_a):
    closed = VacancyFactory(employer=employer_a, status=VacancyStatus.CLOSED)
    open_ = VacancyFactory(employer=employer_a)
    filled = VacancyFactory(employer=employer_a, status=VacancyStatus.FILLED)
    page = selectors.employer_page(alice, employer_a)
    assert page.vacancies[0] == open_
    assert set(page.vacancies[1:]) == {closed, filled}
