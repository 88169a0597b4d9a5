"""The project lead's desk (figures per mentor, hand-counted) and the bulk actions on the mentee
list (confirmation page, all or none, audited, scoped)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.accounts.models import ProjectRole
from lotse.accounts.tests.factories import MembershipFactory, UserFactory
from lotse.audit.models import AuditEvent
from lotse.cases.models import ExitReason, Mentee, MenteeStatus
from lotse.cases.tests.factories import MenteeFactory
from lotse.journal.models import StepStatus
from lotse.journal.tests.factories import (
    AgreementStepFactory,
    IntegrationAgreementFactory,
    JournalEntryFactory,
    TaskFactory,
)
from lotse.placements.stages import Stage
from lotse.placements.tests.factories import ApplicationFactory, PlacementFactory

pytestmark = pytest.mark.django_db
DESK = reverse("cases:desk")
BULK = reverse("cases:bulk")


@pytest.fixture
def team(project_a, alice, bob, lena):
    today = timezone.localdate()
    long_ago = timezone.now() - datetime.timedelta(days=45)
    a1, a2, a3 = (MenteeFactory(project=project_a, mentor=alice) for _ in range(3))
    MenteeFactory(project=project_a, mentor=alice, status=MenteeStatus.EXITED)
    JournalEntryFactory(mentee=a1)  # today: a1 has had contact
    JournalEntryFactory(mentee=a2, occurred_at=long_ago)  # a2 only long ago, a3 never
    PlacementFactory(mentee=a1, start_date=datetime.date(today.year, 1, 2))
    b1 = MenteeFactory(project=project_a, mentor=bob)
    JournalEntryFactory(mentee=b1)
    agreement = IntegrationAgreementFactory(mentee=b1)
    overdue = today - datetime.timedelta(days=1)
    AgreementStepFactory(agreement=agreement, due_date=overdue)
    AgreementStepFactory(agreement=agreement, due_date=overdue, status=StepStatus.DONE)
    TaskFactory(mentee=b1, assignee=bob, due_date=today - datetime.timedelta(days=3))
    TaskFactory(mentee=b1, assignee=bob, due_date=today)  # due, not overdue
    ApplicationFactory(mentee=b1, stage=Stage.INTERVIEW)
    ApplicationFactory(mentee=b1, stage=Stage.REJECTED)
    unassigned = MenteeFactory(project=project_a, mentor=None)
    return {"alice": [a1, a2, a3], "bob": [b1], "unassigned": unassigned}


def test_the_desk_counts_per_mentor_what_needs_attention(client, lena, alice, bob, team):
    client.force_login(lena)
    response = client.get(DESK)
    assert response.status_code == 200
    rows = {
        row.mentor.username if row.mentor else None: row for row in response.context["desk"].rows
    }
    assert (rows["alice"].active_cases, rows["alice"].without_contact) == (3, 2)
    assert rows["alice"].placements_this_year == 1
    assert (rows["bob"].active_cases, rows["bob"].without_contact) == (1, 0)
    assert (rows["bob"].overdue_steps, rows["bob"].overdue_tasks) == (1, 1)
    assert rows["bob"].open_applications == 1
    assert (rows[None].active_cases, rows[None].without_contact) == (1, 1)
    assert response.context["desk"].total.active_cases == 5
    assert rows["lena"].active_cases == 0  # the lead is a member without cases
    page = response.content.decode()
    assert f'href="{reverse("cases:list")}?mentor={bob.public_id}"' in page


def test_only_a_lead_sees_a_desk_and_only_of_their_own_projects(
    client, alice, cora, project_a, project_b, team
):
    for user in (alice, cora):
        client.force_login(user)
        assert client.get(DESK).status_code == 404
    other_lead = UserFactory(username="olga")
    MembershipFactory(user=other_lead, project=project_b, role=ProjectRole.LEAD)
    client.force_login(other_lead)
    response = client.get(DESK, {"project": str(project_a.public_id)})
    assert response.context["desk"].project == project_b
    assert response.context["desk"].total.active_cases == 0


def _choose(client, mentees, action):
    return client.post(
        BULK, {"action": action, "mentees": [str(m.public_id) for m in mentees], "query": "q=x"}
    )


def test_bulk_assign_lists_everyone_affected_then_changes_all_with_audit_rows(
    client, lena, bob, team
):
    client.force_login(lena)
    chosen = team["alice"][:2]
    page = _choose(client, chosen, "assign")
    assert page.status_code == 200
    html = page.content.decode()
    assert all(m.last_name in html for m in chosen)
    assert team["alice"][2].last_name not in html
    assert not Mentee.objects.filter(mentor=bob, pk__in=[m.pk for m in chosen]).exists()

    response = client.post(
        BULK,
        {
            "action": "assign",
            "mentees": [str(m.public_id) for m in chosen],
            "mentor": bob.pk,
            "confirm": "1",
            "query": "q=x",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?q=x")
    assert Mentee.objects.filter(mentor=bob, pk__in=[m.pk for m in chosen]).count() == 2
    changed = AuditEvent.objects.filter(
        action="update", object_type="cases.mentee", changes__has_key="mentor"
    )
    assert {str(e.mentee_id) for e in changed} == {str(m.public_id) for m in chosen}


def test_bulk_exit_needs_date_and_reason_and_changes_none_if_one_cannot_leave(client, lena, team):
    client.force_login(lena)
    chosen = [*team["alice"][:2], team["unassigned"]]
    ids = [str(m.public_id) for m in chosen]
    missing = client.post(BULK, {"action": "exit", "mentees": ids, "confirm": "1"})
    assert missing.status_code == 200
    assert set(missing.context["form"].errors) == {"exit_date", "exit_reason"}

    # One of them left already (another lead recorded it meanwhile): nobody changes.
    left = team["unassigned"]
    left.participations.update(exit_date=timezone.localdate(), exit_reason=ExitReason.JOB)
    Mentee.objects.filter(pk=left.pk).update(status=MenteeStatus.EXITED)
    data = {
        "action": "exit",
        "mentees": ids,
        "confirm": "1",
        "exit_date": timezone.localdate().isoformat(),
        "exit_reason": ExitReason.JOB,
    }
    refused = client.post(BULK, data)
    assert refused.status_code == 200
    assert left.last_name in " ".join(refused.context["form"].non_field_errors())
    assert Mentee.objects.filter(pk__in=[m.pk for m in chosen[:2]], status="exited").count() == 0

    data["mentees"] = ids[:2]
    done = client.post(BULK, data)
    assert done.status_code == 302
    assert Mentee.objects.filter(pk__in=[m.pk for m in chosen[:2]], status="exited").count() == 2


def test_bulk_refuses_mentees_of_other_projects_and_users_who_are_not_leads(
    client, lena, alice, charlie, project_b, team
):
    stranger = MenteeFactory(project=project_b, mentor=charlie)
    client.force_login(lena)
    assert _choose(client, [team["alice"][0], stranger], "assign").status_code == 404
    assert client.post(BULK, {"action": "assign", "mentees": ["not-a-uuid"]}).status_code == 404
    client.force_login(alice)  # a mentor of the project, not its lead
    assert _choose(client, team["alice"][:1], "assign").status_code == 404
    page = client.get(reverse("cases:list")).content.decode()
    assert 'name="mentees"' not in page
    client.force_login(lena)
    assert 'name="mentees"' in client.get(reverse("cases:list")).content.decode()


def test_nothing_ticked_goes_back_to_the_list_with_a_message(client, lena, team):
    client.force_login(lena)
    response = client.post(BULK, {"action": "assign", "query": "status=all"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?status=all")
    assert "mindestens eine Person" in response.content.decode()
