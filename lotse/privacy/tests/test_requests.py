"""Data-subject requests: recorded by the project lead or the data protection officer, with the
one-month deadline and its extension; the desk lists overdue ones first; every change is
audited without personal data; other projects' users get 404."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEvent
from lotse.cases.tests.factories import ExternalReferenceFactory, MenteeFactory
from lotse.lib.concurrency import StaleRecordError
from lotse.privacy import services
from lotse.privacy.models import DataSubjectRequest, RequestStatus
from lotse.privacy.tests.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee(project_a, alice):
    return MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")


def test_the_deadline_is_one_month_and_can_be_extended_by_two(lena, mentee):
    dsr = services.request_create(
        actor=lena,
        mentee=mentee,
        kind="access",
        received_on=datetime.date(2025, 1, 31),
        channel="letter",
        details="Möchte Kopie",
    )
    assert dsr.due_on == datetime.date(2025, 2, 28)
    with pytest.raises(Exception) as refused:
        services.request_update(
            actor=lena,
            request=dsr,
            version=dsr.version,
            extended_until=datetime.date(2025, 5, 1),
            extension_reason="",
        )
    assert set(refused.value.message_dict) == {"extended_until", "extension_reason"}
    dsr.refresh_from_db()
    services.request_update(
        actor=lena,
        request=dsr,
        version=dsr.version,
        extended_until=datetime.date(2025, 4, 30),
        extension_reason="Umfangreiche Akte",
    )
    dsr.refresh_from_db()
    assert dsr.deadline == datetime.date(2025, 4, 30)


def test_closing_needs_an_outcome_and_makes_the_actor_the_handler(dora, mentee):
    dsr = DataSubjectRequestFactory(mentee=mentee)
    with pytest.raises(Exception) as refused:
        services.request_update(
            actor=dora, request=dsr, version=dsr.version, status=RequestStatus.COMPLETED
        )
    assert "outcome" in refused.value.message_dict
    dsr.refresh_from_db()
    services.request_update(
        actor=dora,
        request=dsr,
        version=dsr.version,
        status=RequestStatus.COMPLETED,
        outcome="Kopie übergeben",
    )
    dsr.refresh_from_db()
    assert dsr.handled_by == dora and dsr.closed_on == timezone.localdate()


def test_a_stale_version_changes_nothing(dora, mentee):
    dsr = DataSubjectRequestFactory(mentee=mentee)
    services.request_update(actor=dora, request=dsr, version=dsr.version, details="a")
    stale = DataSubjectRequest.objects.get(pk=dsr.pk)
    with pytest.raises(StaleRecordError):
        services.request_update(actor=dora, request=stale, version=1, details="b")
    assert DataSubjectRequest.objects.get(pk=dsr.pk).details == "a"


def test_a_mentor_cannot_record_requests(alice, mentee):
    with pytest.raises(PermissionDenied):
        services.request_create(
            actor=alice,
            mentee=mentee,
            kind="access",
            received_on=datetime.date(2025, 1, 1),
            channel="letter",
        )


def test_the_audit_rows_hold_no_text_of_the_request(lena, mentee):
    dsr = services.request_create(
        actor=lena,
        mentee=mentee,
        kind="objection",
        received_on=datetime.date(2025, 3, 1),
        channel="email",
        details="Widerspruch wegen Panikattacken",
    )
    services.request_update(
        actor=lena,
        request=dsr,
        version=dsr.version,
        status=RequestStatus.REFUSED,
        outcome="Abgelehnt, Herr Haddad informiert",
    )
    rows = AuditEvent.objects.filter(object_type="privacy.datasubjectrequest")
    assert rows.count() == 2
    text = str(list(rows.values_list("changes", "object_label", "reason")))
    assert "Panik" not in text and "Haddad" not in text
    assert all(row.mentee_id == mentee.public_id for row in rows)
    update = rows.get(action="update")
    assert update.changes["status"] == ["received", "refused"]
    assert update.changes["outcome"] == ["…", "…"]


# --- pages -------------------------------------------------------------------------------------


def test_the_desk_lists_overdue_requests_first(client, dora, project_a, project_b, mentee):
    today = timezone.localdate()
    later = DataSubjectRequestFactory(
        mentee=mentee, received_on=today, due_on=today + datetime.timedelta(days=30)
    )
    overdue = DataSubjectRequestFactory(
        mentee=MenteeFactory(project=project_b),
        received_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=9),
    )
    done = DataSubjectRequestFactory(
        mentee=mentee,
        received_on=today - datetime.timedelta(days=60),
        due_on=today - datetime.timedelta(days=29),
        status=RequestStatus.COMPLETED,
        outcome="erledigt",
        closed_on=today - datetime.timedelta(days=35),
    )
    client.force_login(dora)
    response = client.get(reverse("privacy:request_list"))
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].object_list] == [overdue.pk, later.pk, done.pk]
    html = response.content.decode()
    assert "Haddad" not in html  # the data protection officer sees no names
    assert str(mentee.public_id)[:8] in html
    row = AuditEvent.objects.get(action="view")  # the page showed people: one row lists them
    assert set(row.changes["shown"]) == {str(mentee.public_id), str(overdue.mentee.public_id)}


def test_a_lead_sees_only_their_projects_requests(client, lena, project_b, mentee):
    mine = DataSubjectRequestFactory(mentee=mentee)
    DataSubjectRequestFactory(mentee=MenteeFactory(project=project_b))
    client.force_login(lena)
    response = client.get(reverse("privacy:request_list"))
    assert [r.pk for r in response.context["page"].object_list] == [mine.pk]
    assert "Haddad" in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "charlie", "cora", "adam"])
def test_the_desk_and_a_request_are_404_for_others(client, request, who, mentee):
    dsr = DataSubjectRequestFactory(mentee=mentee)
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("privacy:request_list"),
        reverse("privacy:request_create"),
        reverse("privacy:request_detail", args=[dsr.public_id]),
    ):
        assert client.get(url).status_code == 404
    url = reverse("privacy:request_restriction", args=[dsr.public_id])
    assert client.post(url, {"action": "restrict", "reason": "accuracy"}).status_code == 404


def test_the_lead_of_another_project_gets_404(client, project_b, mentee):
    from lotse.accounts.models import ProjectRole
    from lotse.accounts.tests.factories import MembershipFactory, UserFactory

    other_lead = UserFactory(username="olga")
    MembershipFactory(user=other_lead, project=project_b, role=ProjectRole.LEAD)
    dsr = DataSubjectRequestFactory(mentee=mentee)
    client.force_login(other_lead)
    assert client.get(reverse("privacy:request_list")).status_code == 200
    assert client.get(reverse("privacy:request_detail", args=[dsr.public_id])).status_code == 404


def test_anonymous_users_go_to_the_login(client, mentee):
    dsr = DataSubjectRequestFactory(mentee=mentee)
    url = reverse("privacy:request_detail", args=[dsr.public_id])
    assert reverse("accounts:login") in client.get(url)["Location"]


def test_the_dpo_records_a_request_by_reference_number(client, dora, mentee):
    ExternalReferenceFactory(mentee=mentee, reference="123D456789")
    client.force_login(dora)
    url = reverse("privacy:request_create")
    assert client.get(url).status_code == 200
    assert client.put(url).status_code == 405
    data = {"mentee": "123d456789", "kind": "access", "received_on": "2025-03-03"}
    response = client.post(url, {**data, "channel": "letter"})
    dsr = DataSubjectRequest.objects.get()
    assert response["Location"] == reverse("privacy:request_detail", args=[dsr.public_id])
    assert dsr.mentee == mentee and dsr.recorded_by == dora
    assert dsr.due_on == datetime.date(2025, 4, 3)


def test_an_unknown_reference_is_answered_at_the_field(client, dora, lena, mentee):
    client.force_login(dora)
    data = {"mentee": "nobody", "kind": "access", "received_on": "2025-03-03", "channel": "email"}
    response = client.post(reverse("privacy:request_create"), data)
    assert response.status_code == 200
    assert "mentee" in response.context["form"].errors
    assert not DataSubjectRequest.objects.exists()


def test_the_lead_handles_a_request_on_its_page(client, lena, mentee):
    dsr = DataSubjectRequestFactory(mentee=mentee, kind="rectification")
    client.force_login(lena)
    url = reverse("privacy:request_detail", args=[dsr.public_id])
    page = client.get(url)
    assert page.status_code == 200 and "Haddad" in page.content.decode()
    response = client.post(
        url,
        {
            "version": dsr.version,
            "status": "completed",
            "outcome": "Geburtsdatum berichtigt",
            "details": "",
        },
    )
    assert response.status_code == 302
    dsr.refresh_from_db()
    assert dsr.status == "completed" and dsr.handled_by == lena


def test_a_future_date_of_receipt_is_refused_at_the_field(client, lena, mentee):
    client.force_login(lena)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "mentee": str(mentee.public_id),
        "kind": "erasure",
        "received_on": tomorrow.isoformat(),
        "channel": "email",
    }
    response = client.post(reverse("privacy:request_create"), data)
    assert response.status_code == 200
    assert "received_on" in response.context["form"].errors
