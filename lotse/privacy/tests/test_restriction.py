"""Restriction of processing (Art. 18): the record disappears for the project's mentors from
lists, pages, matching and the board, without deleting anything; the lead still sees it and,
like the data protection officer, can lift it; both are audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lotse.audit.models import AuditEvent
from lotse.cases.models import Mentee
from lotse.cases.tests.factories import MenteeFactory
from lotse.journal.tests.factories import JournalEntryFactory
from lotse.placements.tests.factories import ApplicationFactory
from lotse.privacy import services
from lotse.privacy.models import Restriction
from lotse.privacy.tests.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee(project_a, alice):
    return MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")


@pytest.fixture
def restricted(mentee, lena):
    services.restriction_set(actor=lena, mentee=mentee, reason="accuracy")
    return mentee


PERSON_PAGES = [
    "cases:detail",
    "cases:edit",
    "cases:export",
    "privacy:access_copy",
    "matching:mentee",
]


@pytest.mark.parametrize("name", PERSON_PAGES)
def test_a_restricted_mentee_is_404_for_the_mentor(client, alice, restricted, name):
    client.force_login(alice)
    assert client.get(reverse(name, args=[restricted.public_id])).status_code == 404


@pytest.mark.parametrize("name", PERSON_PAGES)
def test_the_lead_still_sees_a_restricted_mentee(client, lena, restricted, name):
    client.force_login(lena)
    assert client.get(reverse(name, args=[restricted.public_id])).status_code == 200


@pytest.mark.parametrize("htmx", [{}, {"HTTP_HX_REQUEST": "true"}])
def test_a_section_of_a_restricted_mentee_is_404_for_the_mentor_not_for_the_lead(
    client, alice, lena, restricted, htmx
):
    url = reverse("cases:section", args=[restricted.public_id, "letters"])
    client.force_login(alice)
    assert client.get(url, **htmx).status_code == 404
    client.force_login(lena)
    assert client.get(url, **htmx).status_code == 200


def test_a_lead_of_one_project_and_mentor_in_another_sees_only_the_led_restricted_mentees(
    lena, dora, restricted, project_b, charlie
):
    """``visible_q`` with the led projects read once: restricted mentees of a led project are
    visible, those of a project the user only mentors in are not; leading both shows both."""
    from lotse.accounts.models import ProjectRole
    from lotse.accounts.tests.factories import MembershipFactory
    from lotse.cases.selectors import mentees_for

    other = MenteeFactory(project=project_b, mentor=charlie)
    services.restriction_set(actor=dora, mentee=other, reason="accuracy")
    both = MembershipFactory(user=lena, project=project_b, role=ProjectRole.MENTOR)
    lena._lotse_memberships = None
    assert set(mentees_for(lena)) == {restricted}
    both.role = ProjectRole.LEAD
    both.save()
    lena._lotse_memberships = None
    assert set(mentees_for(lena)) == {restricted, other}


def test_the_mentor_no_longer_lists_the_restricted_mentee(client, alice, restricted, project_a):
    other = MenteeFactory(project=project_a, mentor=alice)
    JournalEntryFactory(mentee=restricted, author=alice)
    application = ApplicationFactory(mentee=restricted)
    client.force_login(alice)
    listed = client.get(reverse("cases:list")).context["page"].object_list
    assert list(listed) == [other]
    assert (
        client.get(reverse("placements:application", args=[application.public_id])).status_code
        == 404
    )
    from lotse.journal.selectors import journal_entries_for
    from lotse.placements.selectors import applications_for

    assert not journal_entries_for(alice).exists()
    assert not applications_for(alice).exists()
    assert Mentee.objects.filter(pk=restricted.pk).exists()  # nothing is deleted


def test_restricted_mentees_are_left_out_of_the_matching_batch(restricted, project_a, alice):
    from lotse.matching.services import matches_refresh

    MenteeFactory(project=project_a, mentor=alice)
    assert matches_refresh().mentees == 1


def test_lifting_makes_the_record_visible_again_and_both_are_audited(
    client, alice, dora, restricted
):
    services.restriction_lift(actor=dora, mentee=restricted)
    assert not Restriction.objects.exists()
    client.force_login(alice)
    assert client.get(reverse("cases:detail", args=[restricted.public_id])).status_code == 200
    rows = AuditEvent.objects.filter(object_type="privacy.restriction").order_by("pk")
    assert [(r.action, r.changes["reason"]) for r in rows] == [
        ("create", [None, "accuracy"]),
        ("delete", ["accuracy", None]),
    ]
    assert {r.mentee_id for r in rows} == {restricted.public_id}


def test_a_mentor_cannot_restrict(alice, mentee):
    with pytest.raises(PermissionDenied):
        services.restriction_set(actor=alice, mentee=mentee, reason="accuracy")


def test_the_dpo_restricts_and_lifts_on_the_request_page(client, dora, mentee):
    dsr = DataSubjectRequestFactory(mentee=mentee, kind="restriction")
    client.force_login(dora)
    url = reverse("privacy:request_restriction", args=[dsr.public_id])
    assert client.get(url).status_code == 405
    client.post(url, {"action": "restrict", "reason": "objection"})
    restriction = Restriction.objects.get()
    assert restriction.request == dsr and restriction.restricted_by == dora
    page = client.get(reverse("privacy:request_detail", args=[dsr.public_id]))
    assert "Haddad" not in page.content.decode()
    client.post(url, {"action": "restrict", "reason": "objection"})  # twice: a message, no 500
    client.post(url, {"action": "lift"})
    assert not Restriction.objects.exists()
    response = client.post(url, {"action": "restrict", "reason": "nonsense"})
    assert response.status_code == 302 and not Restriction.objects.exists()


def test_services_to_a_restricted_mentee_are_left_out_for_the_mentor(alice, lena, restricted):
    from lotse.employers.models import ServiceTarget
    from lotse.employers.selectors import services_for
    from lotse.employers.tests.factories import EmployerFactory, EmployerServiceFactory

    employer = EmployerFactory(project=restricted.project)
    EmployerServiceFactory(employer=employer, mentee=restricted, target=ServiceTarget.MENTEE)
    general = EmployerServiceFactory(employer=employer)
    assert list(services_for(alice)) == [general]
    assert services_for(lena).count() == 2
