"""The service form's mentee picker (``lotse.cases.picker``): a search field instead of a
drop-down of every mentee of the project, scoped, audited, and usable without JavaScript."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEvent, AuditSubject
from lotse.cases.picker import OPTION_LIMIT
from lotse.cases.tests.factories import ExternalReferenceFactory, MenteeFactory
from lotse.employers.models import EmployerService

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _search(employer):
    return reverse("employers:mentee_search", args=[employer.public_id])


def _service_data(**extra):
    data = {
        "date": timezone.localdate().isoformat(),
        "kind": "accompaniment",
        "duration_minutes": 30,
        "target": "mentee",
    }
    return {**data, **extra}


def test_the_employer_page_names_no_mentee_in_its_service_form(client, alice, employer_a):
    people = [
        MenteeFactory(project=employer_a.project, first_name="Ilyas", last_name=f"Barakzai{i}")
        for i in range(30)
    ]
    client.force_login(alice)
    response = client.get(reverse("employers:detail", args=[employer_a.public_id]))
    html = response.content.decode()
    assert "Barakzai" not in html
    assert 'type="search" name="mentee"' in html
    assert f'hx-get="{_search(employer_a)}"' in html
    assert "<select" not in html.split('id="service_mentee_picker"')[1].split("</div>")[0]
    view = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert not AuditSubject.objects.filter(
        event=view, mentee_id__in=[p.public_id for p in people]
    ).exists()


def test_the_search_is_login_404_outside_the_project_and_get_only(
    client, alice, charlie, cora, employer_a
):
    MenteeFactory(project=employer_a.project, last_name="Sahraoui")
    url = _search(employer_a)
    response = client.get(url, {"q": "sahr"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for stranger in (charlie, cora):
        client.force_login(stranger)
        assert client.get(url, {"q": "sahr"}, headers=HTMX).status_code == 404
    client.force_login(alice)
    assert client.post(url, {"q": "sahr"}).status_code == 405
    assert client.get(url, {"q": "sahr"}, headers=HTMX).status_code == 200


def test_the_search_finds_only_the_employers_project_and_writes_a_view_row(
    client, alice, employer_a, employer_b
):
    ours = MenteeFactory(project=employer_a.project, first_name="Samir", last_name="Karimi")
    theirs = MenteeFactory(project=employer_b.project, first_name="Samir", last_name="Karimi")
    ExternalReferenceFactory(mentee=ours, reference="BG-4711")
    client.force_login(alice)
    response = client.get(_search(employer_a), {"q": "karimi"}, headers=HTMX)
    html = response.content.decode()
    assert str(ours.public_id) in html and str(theirs.public_id) not in html
    assert 'name="mentee_choice"' in html and "checked" in html  # one match: chosen already
    view = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert list(AuditSubject.objects.filter(event=view).values_list("mentee_id", flat=True)) == [
        ours.public_id
    ]
    # by the reference number too, like the mentee list
    response = client.get(_search(employer_a), {"mentee": "4711", "field": "mentee"}, headers=HTMX)
    assert str(ours.public_id) in response.content.decode()
    # the employer of another project is a 404 even for a name that exists there
    assert client.get(_search(employer_b), {"q": "karimi"}).status_code == 404


def test_a_short_or_unknown_name_says_so(client, alice, employer_a):
    client.force_login(alice)
    html = client.get(_search(employer_a), {"q": "k"}, headers=HTMX).content.decode()
    assert "mindestens zwei Buchstaben" in html
    html = client.get(_search(employer_a), {"q": "zzzz"}, headers=HTMX).content.decode()
    assert "Keine Person passt zu „zzzz“." in html
    # A NUL byte finds nobody (PostgreSQL cannot compare text with it: it was a 500 there).
    html = client.get(_search(employer_a), {"q": "ra\x00hi"}, headers=HTMX).content.decode()
    assert "Keine Person passt zu" in html
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_without_javascript_the_search_page_lists_the_matches(client, alice, employer_a):
    MenteeFactory(project=employer_a.project, first_name="Dunya", last_name="Rahimi")
    client.force_login(alice)
    response = client.get(_search(employer_a), {"q": "rahimi"})
    assert response.status_code == 200
    assert response.templates[0].name == "cases/mentee_picker_search.html"
    assert "Dunya Rahimi" in response.content.decode()


def test_without_javascript_an_ambiguous_name_comes_back_as_choices(client, alice, bob, employer_a):
    first = MenteeFactory(project=employer_a.project, mentor=alice, last_name="Noori")
    second = MenteeFactory(project=employer_a.project, mentor=bob, last_name="Noori")
    client.force_login(alice)
    url = reverse("employers:service_create", args=[employer_a.public_id])
    response = client.post(url, _service_data(mentee="noori"))
    assert response.status_code == 200
    assert response.context["form"].errors["mentee"] == [
        "Mehrere Personen passen zu „noori“: Bitte wählen Sie unten eine aus."
    ]
    html = response.content.decode()
    assert f'value="{first.public_id}"' in html and f'value="{second.public_id}"' in html
    view = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert set(AuditSubject.objects.filter(event=view).values_list("mentee_id", flat=True)) == {
        first.public_id,
        second.public_id,
    }
    response = client.post(url, _service_data(mentee="noori", mentee_choice=second.public_id))
    assert response.status_code == 302
    assert EmployerService.objects.get().mentee == second


def test_a_choice_counts_only_while_it_matches_the_text(client, alice, employer_a, employer_b):
    ours = MenteeFactory(project=employer_a.project, last_name="Wardak")
    other = MenteeFactory(project=employer_a.project, last_name="Hotak")
    theirs = MenteeFactory(project=employer_b.project, last_name="Wardak")
    client.force_login(alice)
    url = reverse("employers:service_create", args=[employer_a.public_id])
    # a choice from another project or one the text does not match is not taken
    for choice in (theirs.public_id, other.public_id, "not-a-uuid"):
        response = client.post(url, _service_data(mentee="wardak", mentee_choice=choice))
        assert response.status_code == 302
        assert EmployerService.objects.get().mentee == ours
        EmployerService.objects.all().delete()
    response = client.post(url, _service_data(mentee="", mentee_choice=ours.public_id))
    assert "mentee" in response.context["form"].errors  # no text: no mentee


def test_many_matches_are_cut_and_a_choice_beyond_them_still_counts(
    client, alice, employer_a, django_assert_max_num_queries
):
    people = [
        MenteeFactory(project=employer_a.project, last_name=f"Yousufzai{i:02}")
        for i in range(OPTION_LIMIT + 5)
    ]
    client.force_login(alice)
    client.get(_search(employer_a), {"q": "yousufzai"}, headers=HTMX)  # warm the session
    # session, user, second factor, employer, the reference numbers, the page of matches,
    # the audit row with its people, ...: a bound that does not grow with the matches
    with django_assert_max_num_queries(9):
        response = client.get(_search(employer_a), {"q": "yousufzai"}, headers=HTMX)
    assert len(response.context["options"]) == OPTION_LIMIT
    assert "Nur die ersten 20" in response.content.decode()
    last = sorted(people, key=lambda m: (m.last_name, m.first_name, m.pk))[-1]
    url = reverse("employers:service_create", args=[employer_a.public_id])
    response = client.post(url, _service_data(mentee="yousufzai", mentee_choice=last.public_id))
    assert response.status_code == 302
    assert EmployerService.objects.get().mentee == last


def test_the_employer_page_queries_do_not_grow_with_the_projects_mentees(
    client, alice, employer_a, django_assert_max_num_queries
):
    client.force_login(alice)
    url = reverse("employers:detail", args=[employer_a.public_id])
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for i in range(40):
        MenteeFactory(project=employer_a.project, last_name=f"Popal{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "Popal" not in html
