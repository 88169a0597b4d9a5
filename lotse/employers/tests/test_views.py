import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotse import pages
from lotse.audit.models import AuditAction, AuditEvent
from lotse.employers.kinds import EMPLOYER
from lotse.employers.models import (
    Employer,
    EmployerContact,
    EmployerService,
    ServiceTarget,
    Vacancy,
    VacancyStatus,
)
from lotse.employers.tests.factories import (
    EmployerContactFactory,
    EmployerFactory,
    EmployerServiceFactory,
    MenteeFactory,
    VacancyFactory,
)
from lotse.lib.sections import Page, Panel, Section

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
LOGIN_URL = "/accounts/login/"
TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture
def objects(employer_a, contact_a, vacancy_a):
    service = EmployerServiceFactory(employer=employer_a)
    return {"employer": employer_a, "contact": contact_a, "vacancy": vacancy_a, "service": service}


# (url name, which object's public_id, methods that must answer; GET-only pages list "get")
OBJECT_URLS = [
    ("employers:detail", "employer", ["get"]),
    ("employers:edit", "employer", ["get", "post"]),
    ("employers:contact_create", "employer", ["get", "post"]),
    ("employers:service_create", "employer", ["get", "post"]),
    ("employers:contact_edit", "contact", ["get", "post"]),
    ("employers:contact_delete", "contact", ["post"]),
    ("employers:service_delete", "service", ["post"]),
    ("vacancies:create", "employer", ["get", "post"]),
    ("vacancies:detail", "vacancy", ["get"]),
    ("vacancies:edit", "vacancy", ["get", "post"]),
    ("vacancies:close", "vacancy", ["get", "post"]),
    ("vacancies:reopen", "vacancy", ["post"]),
]
CASES = [(name, key, method) for name, key, methods in OBJECT_URLS for method in methods]


def url_for(name, objects, key):
    return reverse(name, args=[objects[key].public_id])


@pytest.mark.parametrize(("name", "key", "method"), CASES)
def test_anonymous_users_are_sent_to_the_login_page(client, objects, name, key, method):
    response = getattr(client, method)(url_for(name, objects, key))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


@pytest.mark.parametrize(("name", "key", "method"), CASES)
@pytest.mark.parametrize("outsider", ["charlie", "cora", "dora", "adam"])
def test_users_outside_the_project_get_404(client, request, objects, name, key, method, outsider):
    client.force_login(request.getfixturevalue(outsider))
    response = getattr(client, method)(url_for(name, objects, key))
    assert response.status_code == 404
    # Nothing changed and nothing was recorded.
    assert not AuditEvent.objects.exists()
    assert EmployerContact.objects.count() == 1
    assert EmployerService.objects.count() == 1
    assert Vacancy.objects.get().status == VacancyStatus.OPEN


@pytest.mark.parametrize(
    "url",
    ["employers:list", "employers:create", "vacancies:list"],
)
def test_anonymous_users_are_sent_to_the_login_page_from_lists(client, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_users_without_a_project_cannot_add_employers(client, cora):
    client.force_login(cora)
    assert client.get(reverse("employers:create")).status_code == 404
    assert client.post(reverse("employers:create"), {"name": "X"}).status_code == 404
    assert not Employer.objects.exists()


def test_lists_show_users_without_a_project_nothing(client, cora, employer_a, vacancy_a):
    client.force_login(cora)
    response = client.get(reverse("employers:list"))
    assert response.status_code == 200
    assert employer_a.name not in response.content.decode()
    response = client.get(reverse("vacancies:list"))
    assert vacancy_a.title not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "key", "method"),
    [
        ("employers:detail", "employer", "post"),
        ("vacancies:detail", "vacancy", "post"),
        ("employers:contact_delete", "contact", "get"),
        ("employers:service_delete", "service", "get"),
        ("vacancies:reopen", "vacancy", "get"),
        ("employers:edit", "employer", "put"),
        ("vacancies:edit", "vacancy", "delete"),
        ("employers:service_create", "employer", "put"),
    ],
)
def test_wrong_methods_get_405(client, alice, objects, name, key, method):
    client.force_login(alice)
    response = getattr(client, method)(url_for(name, objects, key))
    assert response.status_code == 405


@pytest.mark.parametrize("name", ["employers:list", "vacancies:list", "employers:create"])
def test_wrong_methods_on_lists_get_405(client, alice, name):
    client.force_login(alice)
    method = "delete" if name == "employers:create" else "post"
    assert getattr(client, method)(reverse(name)).status_code == 405


# --- Employers -------------------------------------------------------------------------------


def test_a_mentor_adds_an_employer(client, alice, project_a, postcode, sector):
    client.force_login(alice)
    assert client.get(reverse("employers:create")).status_code == 200
    response = client.post(
        reverse("employers:create"),
        {
            "name": "Gasthof Sonne",
            "sector": sector.pk,
            "size_class": "small",
            "street": "Markt 1",
            "postcode": "09111",
            "website": "https://gasthof-sonne.example",
        },
    )
    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("employers:detail", args=[employer.public_id])
    assert employer.project == project_a
    assert employer.district == postcode.district
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == 1


def test_a_user_in_two_projects_chooses_the_project(client, alice, project_b, postcode):
    from lotse.accounts.tests.factories import MembershipFactory

    MembershipFactory(user=alice, project=project_b)
    client.force_login(alice)
    response = client.post(reverse("employers:create"), {"name": "Z"})
    assert response.status_code == 200
    assert "project" in response.context["form"].errors
    response = client.post(reverse("employers:create"), {"name": "Z", "project": project_b.pk})
    assert response.status_code == 302
    assert Employer.objects.get().project == project_b


def test_an_unknown_postcode_is_shown_at_the_field_and_the_input_kept(client, alice):
    client.force_login(alice)
    response = client.post(reverse("employers:create"), {"name": "Gasthof", "postcode": "99999"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["postcode"] == ["Es ist kein Ort mit dieser Postleitzahl bekannt."]
    html = response.content.decode()
    assert 'value="Gasthof"' in html
    assert 'aria-invalid="true"' in html
    assert not Employer.objects.exists()


def test_the_employer_page_shows_contacts_services_vacancies_and_records_the_view(
    client, alice, employer_a, contact_a, vacancy_a
):
    mentee = MenteeFactory(project=employer_a.project, first_name="Amal", last_name="Haddad")
    EmployerServiceFactory(employer=employer_a, date=TODAY(), duration_minutes=45)
    EmployerServiceFactory(
        employer=employer_a, target=ServiceTarget.MENTEE, mentee=mentee, date=TODAY()
    )
    client.force_login(alice)
    response = client.get(reverse("employers:detail", args=[employer_a.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Petra Schulze" in html
    assert vacancy_a.title in html
    assert "Amal Haddad" in html
    assert response.context["page"].looked_after_this_year is True
    view = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert view.object_id == str(employer_a.public_id)
    assert view.actor == alice


def test_the_employer_page_has_a_bounded_number_of_queries(
    client, alice, employer_a, django_assert_max_num_queries
):
    client.force_login(alice)
    url = reverse("employers:detail", args=[employer_a.public_id])
    client.get(url)  # warm caches (session, sites)
    for _ in range(15):
        EmployerContactFactory(employer=employer_a)
        EmployerServiceFactory(
            employer=employer_a,
            target=ServiceTarget.MENTEE,
            mentee=MenteeFactory(project=employer_a.project),
        )
        VacancyFactory(employer=employer_a)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_the_employer_page_shows_the_panels_of_other_apps(
    client, alice, employer_a, vacancy_a, monkeypatch, settings
):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]
    seen = []

    def placed_panel(request, obj):
        seen.append(obj)
        return Panel("employers/tests/_panel.html", {"text": "Vermittelt: 3"})

    section = Section(id="placed", heading="Vermittelt", panel=placed_panel)
    monkeypatch.setattr(pages, "EMPLOYER_PAGE", Page("employer", (section,)))
    monkeypatch.setattr(pages, "VACANCY_PAGE", Page("vacancy", (section,)))
    client.force_login(alice)
    response = client.get(reverse("employers:detail", args=[employer_a.public_id]))
    assert "Vermittelt: 3" in response.content.decode()
    response = client.get(reverse("vacancies:detail", args=[vacancy_a.public_id]))
    assert "Vermittelt: 3" in response.content.decode()
    assert seen == [employer_a, vacancy_a]


def test_a_mentor_edits_an_employer(client, alice, employer_a):
    client.force_login(alice)
    url = reverse("employers:edit", args=[employer_a.public_id])
    assert client.get(url).status_code == 200
    data = {"name": "Gasthof Mond", "postcode": "09111", "size_class": "", "version": "1"}
    response = client.post(url, data)
    assert response.status_code == 302
    employer_a.refresh_from_db()
    assert employer_a.name == "Gasthof Mond"
    row = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert row.changes["name"] == ["Gasthof Sonne", "Gasthof Mond"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_employer_list_has_a_constant_number_of_queries(
    client, alice, project_a, count, django_assert_max_num_queries
):
    for employer in EmployerFactory.create_batch(count, project=project_a):
        EmployerServiceFactory(employer=employer, date=TODAY())
        VacancyFactory(employer=employer)
    client.force_login(alice)
    client.get(reverse("employers:list"))
    with django_assert_max_num_queries(9):
        response = client.get(reverse("employers:list"), {"looked_after": "yes", "q": "Betrieb"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


def test_the_employer_list_paginates(client, alice, project_a):
    EmployerFactory.create_batch(55, project=project_a)
    client.force_login(alice)
    response = client.get(reverse("employers:list"), {"page": 2})
    assert len(response.context["page"].object_list) == 5


def test_the_employer_list_refuses_bad_filters_at_the_field(client, alice, employer_a):
    client.force_login(alice)
    response = client.get(reverse("employers:list"), {"size_class": "giant"})
    assert response.status_code == 200
    assert "size_class" in response.context["form"].errors
    assert response.context["page"].paginator.count == 1


# --- Contacts --------------------------------------------------------------------------------


def test_a_contact_needs_the_date_of_consent(client, alice, employer_a):
    client.force_login(alice)
    url = reverse("employers:contact_create", args=[employer_a.public_id])
    response = client.post(url, {"name": "Petra Schulze", "phone": "0371 1"})
    assert response.status_code == 200
    assert response.context["form"].errors["consent_given_on"] == [
        "Bitte geben Sie das Datum an, an dem die Person der Speicherung ihrer Daten "
        "zugestimmt hat."
    ]
    assert not EmployerContact.objects.exists()
    response = client.post(
        url, {"name": "Petra Schulze", "consent_given_on": (TODAY() + datetime.timedelta(1))}
    )
    assert "consent_given_on" in response.context["form"].errors
    response = client.post(url, {"name": "Petra Schulze", "consent_given_on": TODAY()})
    assert response.status_code == 302
    assert EmployerContact.objects.get().employer == employer_a


def test_a_mentor_edits_and_deletes_a_contact(client, alice, contact_a):
    client.force_login(alice)
    url = reverse("employers:contact_edit", args=[contact_a.public_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": contact_a.name,
            "phone": "0371 999",
            "consent_given_on": "2026-01-15",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert EmployerContact.objects.get().phone == "+49371999"
    response = client.post(
        reverse("employers:contact_delete", args=[contact_a.public_id]), {"version": "2"}
    )
    assert response.status_code == 302
    assert not EmployerContact.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE).count() == 1


# --- Services --------------------------------------------------------------------------------


def test_a_mentor_logs_a_service_for_the_company(client, alice, employer_a):
    client.force_login(alice)
    url = reverse("employers:service_create", args=[employer_a.public_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"date": TODAY(), "kind": "acquisition", "duration_minutes": 30, "target": "company"},
    )
    assert response.status_code == 302
    service = EmployerService.objects.get()
    assert (service.author, service.mentee, service.duration_minutes) == (alice, None, 30)


def test_a_service_aimed_at_a_mentee_needs_one_of_the_project(client, alice, employer_a, project_b):
    mine = MenteeFactory(project=employer_a.project, first_name="Nour", last_name="Qasemi")
    stranger = MenteeFactory(project=project_b, first_name="Yara", last_name="Tabrizi")
    client.force_login(alice)
    url = reverse("employers:service_create", args=[employer_a.public_id])
    data = {"date": TODAY(), "kind": "accompaniment", "duration_minutes": 60, "target": "mentee"}
    response = client.post(url, data)
    assert response.context["form"].errors["mentee"] == [
        "Bitte wählen Sie die Person aus, der diese Leistung galt."
    ]
    response = client.post(url, {**data, "mentee": stranger.last_name})
    assert response.context["form"].errors["mentee"] == [
        "Keine Person, die Sie hier auswählen können, passt zu „Tabrizi“."
    ]
    assert str(stranger.public_id) not in response.content.decode()
    response = client.post(url, {**data, "duration_minutes": 0, "mentee": "qasemi"})
    assert "duration_minutes" in response.context["form"].errors
    assert not EmployerService.objects.exists()
    response = client.post(url, {**data, "mentee": "Nour Qasemi"})
    assert response.status_code == 302
    assert EmployerService.objects.get().mentee == mine


def test_a_service_cannot_be_logged_in_the_future(client, alice, employer_a):
    client.force_login(alice)
    url = reverse("employers:service_create", args=[employer_a.public_id])
    response = client.post(
        url,
        {
            "date": TODAY() + datetime.timedelta(days=2),
            "kind": "advice",
            "duration_minutes": 30,
            "target": "company",
        },
    )
    assert "date" in response.context["form"].errors
    assert not EmployerService.objects.exists()


# --- Vacancies -------------------------------------------------------------------------------


def vacancy_data(occupation_, **overrides):
    data = {
        "kind": "job",
        "title": "Koch/Köchin",
        "occupation": occupation_.pk,
        "requirement_level": "",
        "workplace_postcode": "",
        "german_level": "B1",
        "hours_per_week": 39,
        "start_date": "",
        "closing_date": "",
        "source": "own",
        "ba_refnr": "",
        "description": "",
    }
    return {**data, **overrides}


def test_a_mentor_adds_a_vacancy(client, alice, employer_a, cook, monkeypatch):
    client.force_login(alice)
    url = reverse("vacancies:create", args=[employer_a.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, vacancy_data(cook, shift_work="on"))
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("vacancies:detail", args=[vacancy.public_id])
    assert vacancy.employer == employer_a
    assert vacancy.requirement_level == 2
    assert vacancy.shift_work is True
    assert vacancy.latitude == employer_a.latitude


def test_vacancy_input_errors_are_shown_at_their_fields(client, alice, employer_a, cook, vacancy_b):
    VacancyFactory(employer=vacancy_b.employer, source="ba", ba_refnr="123-X")
    client.force_login(alice)
    url = reverse("vacancies:create", args=[employer_a.public_id])
    response = client.post(url, vacancy_data(cook, source="ba"))
    assert "ba_refnr" in response.context["form"].errors
    response = client.post(url, vacancy_data(cook, source="ba", ba_refnr="123-X"))
    assert response.context["form"].errors["ba_refnr"] == [
        "Eine Stelle mit dieser BA-Referenznummer ist bereits erfasst."
    ]
    response = client.post(url, vacancy_data(cook, hours_per_week=80))
    assert "hours_per_week" in response.context["form"].errors
    response = client.post(url, vacancy_data(cook, workplace_postcode="1234"))
    assert "workplace_postcode" in response.context["form"].errors
    response = client.post(url, vacancy_data(cook, occupation="99999"))
    assert "occupation" in response.context["form"].errors
    response = client.post(url, vacancy_data(cook, closing_date="2020-01-01"))
    assert "closing_date" in response.context["form"].errors
    assert Vacancy.objects.filter(employer=employer_a).count() == 0


def test_a_mentor_edits_a_vacancy_and_overrides_the_level(client, alice, vacancy_a, cook):
    client.force_login(alice)
    url = reverse("vacancies:edit", args=[vacancy_a.public_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {**vacancy_data(cook, title="Jungkoch", requirement_level="1"), "version": "1"}
    )
    assert response.status_code == 302
    vacancy_a.refresh_from_db()
    assert (vacancy_a.title, vacancy_a.requirement_level) == ("Jungkoch", 1)
    assert vacancy_a.requirement_level_overridden
    row = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert row.changes["title"] == ["Koch/Köchin", "Jungkoch"]
    assert row.changes["requirement_level"] == [2, 1]
    # The edit form shows the override, and an empty choice follows the occupation again.
    assert client.get(url).context["form"].initial["requirement_level"] == 1
    client.post(url, {**vacancy_data(cook, title="Jungkoch"), "version": "2"})
    vacancy_a.refresh_from_db()
    assert (vacancy_a.requirement_level, vacancy_a.requirement_level_overridden) == (2, False)


def test_a_mentor_closes_and_reopens_a_vacancy(client, alice, vacancy_a):
    client.force_login(alice)
    close = reverse("vacancies:close", args=[vacancy_a.public_id])
    assert client.get(close).status_code == 200
    response = client.post(close, {"status": "filled", "reason": "Besetzt durch Frau H."})
    assert response.status_code == 302
    assert Vacancy.objects.get().status == VacancyStatus.FILLED
    # A closed vacancy cannot be closed again; the page says so.
    response = client.post(close, {"status": "closed"}, follow=True)
    assert Vacancy.objects.get().status == VacancyStatus.FILLED
    response = client.post(reverse("vacancies:reopen", args=[vacancy_a.public_id]))
    assert response.status_code == 302
    assert Vacancy.objects.get().status == VacancyStatus.OPEN


def test_closing_needs_a_valid_outcome(client, alice, vacancy_a):
    client.force_login(alice)
    response = client.post(
        reverse("vacancies:close", args=[vacancy_a.public_id]), {"status": "open"}
    )
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert Vacancy.objects.get().status == VacancyStatus.OPEN


def test_the_vacancy_page(client, alice, vacancy_a):
    client.force_login(alice)
    response = client.get(reverse("vacancies:detail", args=[vacancy_a.public_id]))
    assert response.status_code == 200
    assert vacancy_a.title in response.content.decode()


def test_the_vacancy_list_shows_open_vacancies_unless_asked(client, alice, employer_a, vacancy_a):
    closed = VacancyFactory(employer=employer_a, status=VacancyStatus.CLOSED, title="Alt")
    client.force_login(alice)
    response = client.get(reverse("vacancies:list"))
    assert list(response.context["page"].object_list) == [vacancy_a]
    response = client.get(reverse("vacancies:list"), {"status": "all"})
    assert set(response.context["page"].object_list) == {vacancy_a, closed}
    response = client.get(reverse("vacancies:list"), {"status": "closed", "kind": "job"})
    assert list(response.context["page"].object_list) == [closed]


def test_the_vacancy_list_keeps_its_filters_on_every_page(client, alice, employer_a):
    VacancyFactory.create_batch(51, employer=employer_a, status=VacancyStatus.CLOSED)
    VacancyFactory.create_batch(3, employer=employer_a)
    client.force_login(alice)
    # By default: the open ones, on one page.
    response = client.get(reverse("vacancies:list"))
    assert response.context["page"].paginator.count == 3
    response = client.get(reverse("vacancies:list"), {"status": "all"})
    assert response.context["page"].paginator.count == 54
    assert "status=all" in response.context["query"]
    response = client.get(reverse("vacancies:list"), {"status": "all", "page": 2})
    assert response.context["page"].paginator.count == 54
    assert len(response.context["page"].object_list) == 4


@pytest.mark.parametrize("count", [3, 30])
def test_the_vacancy_list_has_a_constant_number_of_queries(
    client, alice, project_a, count, django_assert_max_num_queries
):
    for employer in EmployerFactory.create_batch(count, project=project_a):
        VacancyFactory(employer=employer)
    client.force_login(alice)
    client.get(reverse("vacancies:list"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("vacancies:list"), {"kind": "job", "status": "open"})
    assert response.context["page"].paginator.count == count


def test_a_concurrent_edit_is_shown_and_not_lost(client, alice, bob, employer_a):
    client.force_login(alice)
    url = reverse("employers:edit", args=[employer_a.public_id])
    opened = client.get(url).context["form"]["version"].value()
    EMPLOYER.update(actor=bob, record=employer_a, version=employer_a.version, notes="Bob war hier")
    data = {"name": "Gasthof Mond", "postcode": "09111", "version": opened}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="Gasthof Mond"' in response.content.decode()
    employer_a.refresh_from_db()
    assert (employer_a.name, employer_a.notes) == ("Gasthof Sonne", "Bob war hier")
    # The form now carries the current version: saving again overwrites on purpose.
    again = {**data, "version": response.context["form"]["version"].value()}
    assert again["version"] == "2"
    assert client.post(url, again).status_code == 302
    employer_a.refresh_from_db()
    assert employer_a.name == "Gasthof Mond"


@pytest.mark.parametrize("version", [None, "", "2026-12-01T10:00:00+00:00", "zwei"])
def test_a_stale_form_without_its_version_does_not_overwrite(
    client, alice, bob, employer_a, version
):
    """Regression: without the hidden ``seen`` field the check was skipped and Bob's saved
    change silently overwritten by Alice's stale form."""
    client.force_login(alice)
    url = reverse("employers:edit", args=[employer_a.public_id])
    client.get(url)
    EMPLOYER.update(actor=bob, record=employer_a, version=employer_a.version, notes="Bob war hier")
    data = {"name": "Gasthof Mond", "postcode": "09111", "notes": ""}
    if version is not None:
        data["version"] = version
    response = client.post(url, data)
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == ["stale"]
    assert response.context["form"]["name"].value() == "Gasthof Mond"  # the input is kept
    employer_a.refresh_from_db()
    assert (employer_a.name, employer_a.notes) == ("Gasthof Sonne", "Bob war hier")


def test_a_mentor_deletes_a_service_logged_by_mistake(client, alice, employer_a):
    service = EmployerServiceFactory(employer=employer_a, date=TODAY())
    client.force_login(alice)
    page = client.get(reverse("employers:detail", args=[employer_a.public_id]))
    assert reverse("employers:service_delete", args=[service.public_id]) in page.content.decode()
    assert 'name="version" value="1"' in page.content.decode()
    url = reverse("employers:service_delete", args=[service.public_id])
    for garbled in ({}, {"version": ""}, {"version": "2"}, {"version": "x"}):
        refused = client.post(url, garbled)  # nothing is deleted without the version shown
        assert refused.status_code == 409
        assert EmployerService.objects.filter(pk=service.pk).exists()
    response = client.post(url, {"version": "1"})
    assert response.status_code == 302
    assert not EmployerService.objects.exists()
    row = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert row.object_id == str(service.public_id)


def test_the_vacancy_page_has_a_bounded_number_of_queries(
    client, alice, vacancy_a, django_assert_max_num_queries
):
    client.force_login(alice)
    url = reverse("vacancies:detail", args=[vacancy_a.public_id])
    client.get(url)
    for _ in range(10):
        VacancyFactory(employer=vacancy_a.employer)
        MenteeFactory(project=vacancy_a.employer.project)
    # Includes the panels other apps add (applications, matching mentees), and here the
    # profiles of the ten new mentees beside the kept ones (matching.profiles).
    with django_assert_max_num_queries(19):
        assert client.get(url).status_code == 200
    MenteeFactory(project=vacancy_a.employer.project)
    with CaptureQueriesContext(connection) as changed:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as unchanged:
        assert client.get(url).status_code == 200
    # Nothing changed: the kept profiles, without the eight queries that read one.
    assert len(unchanged) <= len(changed) - 8


def test_the_mentee_page_shows_the_services_aimed_at_the_mentee(client, alice, employer_a):
    mentee = MenteeFactory(project=employer_a.project, mentor=alice)
    EmployerServiceFactory(
        employer=employer_a, target=ServiceTarget.MENTEE, mentee=mentee, kind="accompaniment"
    )
    client.force_login(alice)
    response = client.get(reverse("cases:detail", args=[mentee.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="employer-services-heading"' in html
    assert reverse("employers:detail", args=[employer_a.public_id]) in html


def test_the_pages_speak_english_when_asked(client, alice, employer_a, contact_a, vacancy_a):
    client.force_login(alice)
    response = client.get(
        reverse("employers:detail", args=[employer_a.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "Contact persons" in html
    assert "Ansprechpersonen" not in html
    response = client.get(reverse("employers:detail", args=[employer_a.public_id]))
    assert "Ansprechpersonen" in response.content.decode()


def test_a_second_employer_with_the_same_name_needs_confirmation(client, alice, employer_a):
    client.force_login(alice)
    url = reverse("employers:create")
    response = client.post(url, {"name": "gasthof sonne "})
    assert response.status_code == 200
    assert response.context["duplicates"] == [employer_a]
    assert reverse("employers:detail", args=[employer_a.public_id]) in response.content.decode()
    assert Employer.objects.count() == 1
    response = client.post(url, {"name": "gasthof sonne", "create_anyway": "on"})
    assert response.status_code == 302
    assert Employer.objects.count() == 2


def test_the_same_name_in_another_project_is_no_duplicate(client, alice, employer_b):
    client.force_login(alice)
    response = client.post(reverse("employers:create"), {"name": employer_b.name})
    assert response.status_code == 302


def test_an_employer_with_only_services_for_mentees_says_why_it_is_not_looked_after(
    client, alice, employer_a
):
    mentee = MenteeFactory(project=employer_a.project)
    EmployerServiceFactory(
        employer=employer_a, date=TODAY(), target="mentee", mentee=mentee, author=alice
    )
    client.force_login(alice)
    response = client.get(reverse("employers:detail", args=[employer_a.public_id]))
    text = response.content.decode()
    assert "In diesem Jahr noch nicht betreut" in text
    assert (
        "1 Leistung galt in diesem Jahr einer Person; als Betreuung des Betriebs zählen nur "
        "Leistungen für den Betrieb." in text
    )

    EmployerServiceFactory(employer=employer_a, date=TODAY(), target="company", author=alice)
    text = client.get(reverse("employers:detail", args=[employer_a.public_id])).content.decode()
    assert "In diesem Jahr betreut" in text and "zählen nur" not in text


def test_the_service_form_tells_namesakes_apart_and_lists_only_the_users_scope(
    client, alice, bob, employer_a, project_b
):
    project = employer_a.project
    mine = MenteeFactory(
        project=project,
        mentor=alice,
        first_name="Amal",
        last_name="Haddad",
        birth_date=datetime.date(1990, 5, 1),
    )
    namesake = MenteeFactory(
        project=project,
        mentor=bob,
        first_name="Amal",
        last_name="Haddad",
        birth_date=datetime.date(1984, 2, 3),
    )
    stranger = MenteeFactory(project=project_b, first_name="Amal", last_name="Haddad")
    client.force_login(alice)
    search = reverse("employers:mentee_search", args=[employer_a.public_id])
    response = client.get(search, {"q": "haddad"}, headers={"HX-Request": "true"})
    assert [label for _value, label in response.context["options"]] == [
        f"Amal Haddad (geb. 1990, Mentor/in: {alice})",
        f"Amal Haddad (geb. 1984, Mentor/in: {bob})",
    ]
    assert [value for value, _label in response.context["options"]] == [
        str(mine.public_id),
        str(namesake.public_id),
    ]
    assert str(stranger.public_id) not in response.content.decode()
