import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotse.cases.models import Goal, MenteeStatus
from lotse.cases.tests.factories import (
    DistrictFactory,
    ExternalReferenceFactory,
    MenteeFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("cases:list")


def names(response):
    return [f"{m.last_name}" for m in response.context["page"].object_list]


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", ["cora", "dora", "adam"])
def test_users_without_projects_get_404(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 404


def test_wrong_method_is_405(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405


def test_a_mentor_sees_only_the_mentees_of_their_projects(client, project_a, project_b, alice):
    MenteeFactory(project=project_a, last_name="Aziz")
    MenteeFactory(project=project_b, last_name="Bakr")
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Aziz"]


def test_charlie_does_not_see_project_a(client, project_a, charlie):
    MenteeFactory(project=project_a, last_name="Aziz")
    client.force_login(charlie)
    assert names(client.get(URL)) == []


def test_search_by_name_and_by_reference_number(client, project_a, alice):
    amal = MenteeFactory(project=project_a, first_name="Amal", last_name="Haddad")
    MenteeFactory(project=project_a, first_name="Omid", last_name="Karimi")
    ExternalReferenceFactory(mentee=amal, reference="JC-4711")
    client.force_login(alice)
    assert names(client.get(URL, {"q": "karim"})) == ["Karimi"]
    assert names(client.get(URL, {"q": "amal haddad"})) == ["Haddad"]
    assert names(client.get(URL, {"q": "4711"})) == ["Haddad"]
    assert names(client.get(URL, {"q": "nobody"})) == []


def test_filters(client, project_a, alice, bob):
    district = DistrictFactory(ags="14522", name="Mittelsachsen")
    project_a.districts.add(district)
    MenteeFactory(project=project_a, last_name="A", mentor=alice, goal=Goal.JOB)
    MenteeFactory(
        project=project_a,
        last_name="B",
        mentor=bob,
        goal=Goal.APPRENTICESHIP,
        status=MenteeStatus.EXITED,
        district=district,
    )
    client.force_login(alice)
    assert names(client.get(URL, {"status": "exited"})) == ["B"]
    assert names(client.get(URL, {"mentor": str(alice.public_id)})) == ["A"]
    assert names(client.get(URL, {"goal": "apprenticeship", "status": "all"})) == ["B"]
    assert names(client.get(URL, {"district": "14522", "status": "all"})) == ["B"]


def test_the_list_shows_the_current_caseload_unless_asked_for_all(client, project_a, alice):
    MenteeFactory(project=project_a, last_name="Active", status=MenteeStatus.ACTIVE)
    MenteeFactory(project=project_a, last_name="Placed", status=MenteeStatus.PLACED)
    MenteeFactory(project=project_a, last_name="Exited", status=MenteeStatus.EXITED)
    client.force_login(alice)
    assert sorted(names(client.get(URL))) == ["Active", "Placed"]
    assert sorted(names(client.get(URL, {"status": "all"}))) == ["Active", "Exited", "Placed"]


def test_an_invalid_filter_says_so_and_shows_everything(client, project_a, alice):
    MenteeFactory(project=project_a, last_name="A")
    client.force_login(alice)
    response = client.get(URL, {"status": "nonsense"})
    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    assert names(response) == ["A"]


def test_sorting_by_name_and_entry_date(client, project_a, alice):
    MenteeFactory(
        project=project_a, last_name="Zeller", participation__entry_date=datetime.date(2024, 1, 1)
    )
    MenteeFactory(
        project=project_a, last_name="Abbas", participation__entry_date=datetime.date(2025, 6, 1)
    )
    client.force_login(alice)
    assert names(client.get(URL)) == ["Abbas", "Zeller"]
    assert names(client.get(URL, {"sort": "-name"})) == ["Zeller", "Abbas"]
    assert names(client.get(URL, {"sort": "entry"})) == ["Zeller", "Abbas"]
    assert names(client.get(URL, {"sort": "-entry"})) == ["Abbas", "Zeller"]


def test_pagination_shows_50_per_page_and_keeps_the_filters(client, project_a, alice):
    MenteeFactory.create_batch(51, project=project_a, goal=Goal.JOB)
    client.force_login(alice)
    first = client.get(URL, {"goal": "job"})
    assert len(first.context["page"].object_list) == 50
    assert "goal=job&amp;page=2" in first.content.decode()
    second = client.get(URL, {"goal": "job", "page": 2})
    assert len(second.context["page"].object_list) == 1


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params or {}).status_code == 200
    return len(ctx)


def test_query_count_is_the_same_for_10_and_200_mentees(
    client, project_a, alice, bob, django_assert_max_num_queries
):
    mentors = [alice, bob]
    for i in range(10):
        MenteeFactory(project=project_a, mentor=mentors[i % 2])
    client.force_login(alice)
    _queries(client)
    few = _queries(client, {"sort": "-entry", "q": "a"})
    for i in range(190):
        m = MenteeFactory(project=project_a, mentor=mentors[i % 2])
        ExternalReferenceFactory(mentee=m)
    many = _queries(client, {"sort": "-entry", "q": "a"})
    assert many == few
    with django_assert_max_num_queries(10):
        client.get(URL, {"sort": "-entry", "status": "active"})


def test_the_district_filter_offers_the_districts_of_projects_and_mentees(
    client, project_a, project_b, alice
):
    covered = DistrictFactory(ags="14522", name="Mittelsachsen")
    lived_in = DistrictFactory(ags="14511", name="Chemnitz")
    elsewhere = DistrictFactory(ags="14713", name="Leipzig")
    project_a.districts.add(covered)
    project_b.districts.add(elsewhere)
    MenteeFactory(project=project_a, district=lived_in)
    client.force_login(alice)
    choices = set(client.get(URL).context["form"].fields["district"].queryset)
    assert choices == {covered, lived_in}
