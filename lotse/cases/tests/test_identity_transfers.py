"""Search before create (transliteration-tolerant, across projects only existence) and the
transfer of a case file between projects, from both sides."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.accounts.models import ProjectRole
from lotse.accounts.tests.factories import MembershipFactory, UserFactory
from lotse.audit.models import AuditEvent
from lotse.cases.identity import same_name, search_person, skeleton
from lotse.cases.models import ExitReason, Mentee, Participation, TransferRequest
from lotse.cases.tests.factories import MenteeFactory
from lotse.journal.tests.factories import JournalEntryFactory, TaskFactory

pytestmark = pytest.mark.django_db
BORN = datetime.date(1991, 3, 4)


@pytest.mark.parametrize(
    "spellings",
    [
        ["Mohammad", "Mohamed", "Muhammad", "Mohammed"],
        ["Yusuf", "Jusuf", "Youssef"],
        ["Aleksandr", "Alexander"],
        ["Khalid", "Chalid", "Halid"],
        ["Müller", "Mueller", "Muller"],
        ["Wladimir", "Vladimir"],
    ],
)
def test_transliterations_of_one_name_share_a_skeleton(spellings):
    assert len({skeleton(name) for name in spellings}) == 1


def test_different_names_differ_and_swapped_names_match():
    assert skeleton("Amal") != skeleton("Omid")
    assert same_name("Mohamed", "Karimi", "Karimi", "Muhammad")
    assert not same_name("", "Karimi", "Omid", "Karimi")


@pytest.fixture
def elsewhere(project_b, charlie):
    return MenteeFactory(
        project=project_b,
        mentor=charlie,
        first_name="Mukhammad",
        last_name="Karimi",
        birth_date=BORN,
        phone="+4915112345678",
    )


def test_own_projects_match_by_name_other_projects_only_by_birth_date_or_phone(
    alice, project_a, elsewhere
):
    own = MenteeFactory(
        project=project_a, first_name="Mohamed", last_name="Karimi", birth_date=None
    )
    by_name = search_person(alice, first_name="Mohammad", last_name="Karimi")
    assert by_name.own == [own] and by_name.elsewhere == []  # a name alone reveals nothing
    with_birth = search_person(alice, first_name="Mohammad", last_name="Karimi", birth_date=BORN)
    assert [hit.project for hit in with_birth.elsewhere] == [elsewhere.project]
    by_phone = search_person(alice, first_name="X", last_name="Y", phone="+4915112345678")
    assert by_phone.elsewhere[0].by_phone
    other_birthday = search_person(
        alice, first_name="Mohammad", last_name="Karimi", birth_date=BORN.replace(year=1992)
    )
    assert other_birthday.elsewhere == [] and other_birthday.own == [own]


def test_the_search_page_shows_no_detail_from_another_project_and_audits_the_hit(
    client, alice, elsewhere
):
    client.force_login(alice)
    response = client.get(
        reverse("cases:create"),
        {"first_name": "Mohammad", "last_name": "Karimi", "birth_date": BORN.isoformat()},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    page = response.content.decode()
    assert "im Projekt Projekt Leipzig" in page
    assert str(elsewhere.public_id) in page  # only as the request's hidden value
    assert "Mukhammad" not in page and "+49" not in page and "0151" not in page
    assert reverse("cases:detail", args=[elsewhere.public_id]) not in page
    row = AuditEvent.objects.get(action="view", actor=alice)
    assert str(elsewhere.public_id) in row.changes["shown"]


def test_a_garbage_search_is_answered_at_the_field(client, alice):
    client.force_login(alice)
    response = client.get(reverse("cases:create"), {"first_name": "A\x00", "last_name": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"first_name", "last_name"}


@pytest.fixture
def lead_b(project_b):
    user = UserFactory(username="berta")
    MembershipFactory(user=user, project=project_b, role=ProjectRole.LEAD)
    return user


def _request(client, user, mentee, project):
    client.force_login(user)
    return client.post(
        reverse("cases:transfer_request"),
        {
            "mentee": str(mentee.public_id),
            "to_project": project.pk,
            "consent_on": timezone.localdate().isoformat(),
            "consent_method": "written",
        },
    )


def test_a_transfer_is_requested_accepted_and_moves_the_file_with_its_history(
    client, alice, lead_b, project_a, project_b, elsewhere
):
    JournalEntryFactory(mentee=elsewhere, notes="Erstgespräch in Leipzig")
    task = TaskFactory(mentee=elsewhere, assignee=elsewhere.mentor)
    assert _request(client, alice, elsewhere, project_a).status_code == 302
    transfer = TransferRequest.objects.get()
    assert client.get(reverse("cases:detail", args=[elsewhere.public_id])).status_code == 404

    client.force_login(lead_b)
    desk = client.get(reverse("cases:desk")).content.decode()
    assert "1 Übergabeanfrage wartet" in desk  # the desk links to what waits …
    assert "Mukhammad Karimi" in client.get(reverse("cases:transfers")).content.decode()
    decide = reverse("cases:transfer_decide", args=[transfer.public_id])
    assert client.post(decide, {"decision": "accept"}).status_code == 302

    elsewhere.refresh_from_db()
    assert (elsewhere.project, elsewhere.mentor) == (project_a, alice)
    stays = list(Participation.objects.filter(mentee=elsewhere).order_by("pk"))
    assert stays[0].exit_reason == ExitReason.TRANSFER and stays[0].project == project_b
    assert stays[-1].project == project_a and stays[-1].exit_date is None
    task.refresh_from_db()
    assert task.assignee == alice
    client.force_login(alice)
    page = client.get(reverse("cases:detail", args=[elsewhere.public_id]))
    assert "Erstgespräch in Leipzig" in page.content.decode()
    client.force_login(lead_b)
    assert client.get(reverse("cases:detail", args=[elsewhere.public_id])).status_code == 404
    assert AuditEvent.objects.filter(object_type="cases.transferrequest").count() == 2
    # … and says nothing once nothing waits.
    assert reverse("cases:transfers") not in client.get(reverse("cases:desk")).content.decode()


def test_a_refusal_needs_a_reason_and_leaves_the_file_where_it_is(
    client, alice, lead_b, project_a, project_b, elsewhere
):
    _request(client, alice, elsewhere, project_a)
    transfer = TransferRequest.objects.get()
    client.force_login(lead_b)
    decide = reverse("cases:transfer_decide", args=[transfer.public_id])
    response = client.post(decide, {"decision": "refuse", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    client.post(decide, {"decision": "refuse", "reason": "Andere Person, gleiches Geburtsdatum"})
    elsewhere.refresh_from_db()
    assert elsewhere.project == project_b
    client.force_login(alice)
    assert "Andere Person" in client.get(reverse("cases:transfers")).content.decode()


def test_only_the_holding_projects_lead_decides_and_a_request_is_not_made_twice(
    client, alice, charlie, lead_b, project_a, elsewhere
):
    _request(client, alice, elsewhere, project_a)
    again = _request(client, alice, elsewhere, project_a)
    assert again.status_code == 200
    assert "bereits angefragt" in again.content.decode()
    transfer = TransferRequest.objects.get()
    decide = reverse("cases:transfer_decide", args=[transfer.public_id])
    for user in (alice, charlie):  # the requester; a mentor (not lead) of the holding project
        client.force_login(user)
        assert client.post(decide, {"decision": "accept"}).status_code == 404
    assert Mentee.objects.get(pk=elsewhere.pk).project_id == elsewhere.project_id


def test_a_user_cannot_request_their_own_projects_mentee_or_into_a_foreign_project(
    client, alice, project_a, project_b, elsewhere
):
    own = MenteeFactory(project=project_a)
    assert _request(client, alice, own, project_a).status_code == 200
    response = _request(client, alice, elsewhere, project_b)  # not alice's project
    assert response.status_code == 200 and "to_project" in response.context["form"].errors
    assert not TransferRequest.objects.exists()
