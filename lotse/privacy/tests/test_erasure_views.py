"""The erasure reviews and the retention page: who sees what, who decides."""

import datetime

import pytest
from django.urls import reverse

from lotse.accounts.models import ProjectRole
from lotse.accounts.tests.factories import MembershipFactory, UserFactory
from lotse.cases.models import ConsentPurpose, Mentee
from lotse.cases.services import consent_withdraw
from lotse.cases.tests.factories import ConsentFactory, MenteeFactory
from lotse.privacy.models import ErasureReview, LegalHold, ReviewDecision, ReviewReason
from lotse.privacy.tests.factories import ErasureReviewFactory, LegalHoldFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee(project_a, alice):
    return MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")


@pytest.fixture
def review(mentee):
    return ErasureReviewFactory(mentee=mentee)


@pytest.fixture
def lars(project_b):
    user = UserFactory(username="lars")
    MembershipFactory(user=user, project=project_b, role=ProjectRole.LEAD)
    return user


# --- Consent withdrawal opens a review --------------------------------------------------------


def test_withdrawing_the_consent_to_case_management_opens_a_review(alice, mentee):
    consent = ConsentFactory(mentee=mentee, purpose=ConsentPurpose.CASE_MANAGEMENT)
    consent_withdraw(
        actor=alice, consent=consent, version=consent.version, withdrawn_on=datetime.date.today()
    )
    review = ErasureReview.objects.get(mentee=mentee)
    assert review.reason == ReviewReason.CONSENT_WITHDRAWN and review.is_open
    assert review.due_on > datetime.date.today()


def test_withdrawing_another_consent_opens_none_and_a_second_opens_no_second(alice, mentee):
    other = ConsentFactory(mentee=mentee, purpose=ConsentPurpose.EMPLOYER_PROPOSAL)
    consent_withdraw(
        actor=alice, consent=other, version=other.version, withdrawn_on=datetime.date.today()
    )
    assert not ErasureReview.objects.exists()
    for _ in range(2):
        consent = ConsentFactory(mentee=mentee, purpose=ConsentPurpose.CASE_MANAGEMENT)
        consent_withdraw(
            actor=alice,
            consent=consent,
            version=consent.version,
            withdrawn_on=datetime.date.today(),
        )
    assert ErasureReview.objects.filter(mentee=mentee).count() == 1


# --- The reviews page ---------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(client, review):
    for url in (
        reverse("privacy:erasure_reviews"),
        reverse("privacy:erasure_review", args=[review.public_id]),
        reverse("privacy:retention"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_mentors_coordinators_and_other_projects_get_404(
    client, review, alice, charlie, cora, lars
):
    for user in (alice, charlie, cora):
        client.force_login(user)
        assert client.get(reverse("privacy:erasure_reviews")).status_code == 404
        assert client.get(reverse("privacy:retention")).status_code == 404
    client.force_login(lars)
    assert client.get(reverse("privacy:erasure_reviews")).status_code == 200
    url = reverse("privacy:erasure_review", args=[review.public_id])
    assert client.get(url).status_code == 404
    response = client.post(url, {"decision": "erase", "version": "1"})
    assert response.status_code == 404
    assert Mentee.objects.get(pk=review.mentee_id).erased_at is None


def test_the_data_protection_officer_sees_ids_not_names(client, review, dora):
    client.force_login(dora)
    html = client.get(reverse("privacy:erasure_reviews")).content.decode()
    assert str(review.mentee.public_id) in html and "Haddad" not in html
    html = client.get(reverse("privacy:erasure_review", args=[review.public_id])).content.decode()
    assert "Haddad" not in html and "Gelöscht" not in html


def test_the_project_lead_sees_the_name_and_the_view_is_audited(client, review, lena):
    from lotse.audit.models import AuditEvent

    client.force_login(lena)
    html = client.get(reverse("privacy:erasure_reviews")).content.decode()
    assert "Amina Haddad" in html
    assert AuditEvent.objects.filter(action="view", mentee_id=review.mentee.public_id).exists()


def test_the_project_lead_erases(client, review, lena):
    client.force_login(lena)
    url = reverse("privacy:erasure_review", args=[review.public_id])
    html = client.get(url).content.decode()
    assert "Daten jetzt löschen" in html or "Jetzt löschen" in html
    response = client.post(url, {"decision": "erase", "version": "1"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.decision == ReviewDecision.ERASE and review.decided_by == lena
    assert Mentee.objects.get(pk=review.mentee_id).erased_at is not None
    # Decided: the page shows the decision, no form; erased: no name.
    html = client.get(url).content.decode()
    assert "Haddad" not in html and 'name="decision"' not in html


def test_keeping_needs_a_legal_reason(client, review, dora):
    client.force_login(dora)
    url = reverse("privacy:erasure_review", args=[review.public_id])
    response = client.post(url, {"decision": "whatever", "version": "1"})
    assert response.status_code == 200
    response = client.post(url, {"decision": "keep", "keep_reason": "", "version": "1"})
    assert "welcher rechtliche Grund die Aufbewahrung erfordert" in response.content.decode()
    review.refresh_from_db()
    assert review.is_open
    response = client.post(
        url, {"decision": "keep", "keep_reason": "retention_duty", "version": "1"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.decision == ReviewDecision.KEEP and review.decided_by == dora
    assert Mentee.objects.get(pk=review.mentee_id).erased_at is None


def test_a_stale_version_is_refused(client, review, dora):
    client.force_login(dora)
    url = reverse("privacy:erasure_review", args=[review.public_id])
    response = client.post(url, {"decision": "keep", "keep_reason": "legal_claims", "version": "7"})
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.is_open


def test_wrong_methods_are_refused(client, review, dora):
    client.force_login(dora)
    assert client.post(reverse("privacy:erasure_reviews")).status_code == 405
    assert client.delete(reverse("privacy:hold_set")).status_code == 405
    assert client.put(reverse("privacy:erasure_review", args=[review.public_id])).status_code == 405


# --- Retention page and legal holds -------------------------------------------------------------


def test_the_retention_page_lists_the_rules(client, dora, lena):
    for user in (dora, lena):
        client.force_login(user)
        html = client.get(reverse("privacy:retention")).content.decode()
        assert "Freitext" in html and "Fallakte" in html


def test_a_lead_sets_and_lifts_a_legal_hold_for_their_mentee(client, mentee, lena):
    client.force_login(lena)
    response = client.get(reverse("privacy:hold_set"), {"mentee": str(mentee.public_id)})
    assert response.status_code == 200 and "Amina Haddad" in response.content.decode()
    response = client.post(
        reverse("privacy:hold_set"),
        {"mentee": str(mentee.public_id), "reason": "Klage anhängig", "until": ""},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(mentee=mentee)
    assert hold.set_by == lena and hold.lifted_at is None
    response = client.post(reverse("privacy:hold_lift", args=[hold.public_id]))
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lifted_by == lena


def test_a_legal_hold_for_another_projects_mentee_is_refused_at_the_field(
    client, project_b, lena, lars
):
    other = MenteeFactory(project=project_b)
    client.force_login(lena)
    response = client.get(reverse("privacy:hold_set"), {"mentee": str(other.public_id)})
    assert response.status_code == 400
    assert "keine Person mit dieser Kennung" in response.content.decode()
    response = client.post(
        reverse("privacy:hold_set"), {"mentee": str(other.public_id), "reason": "Prüfung"}
    )
    assert response.status_code == 400
    assert "keine Person mit dieser Kennung" in response.content.decode()
    assert not LegalHold.objects.exists()
    hold = LegalHoldFactory(mentee=other)
    assert client.post(reverse("privacy:hold_lift", args=[hold.public_id])).status_code == 404


def test_bad_legal_hold_input_is_answered_at_the_field(client, dora, mentee):
    client.force_login(dora)
    response = client.post(
        reverse("privacy:hold_set"), {"mentee": "not-an-id", "reason": "", "until": "2001-01-01"}
    )
    assert response.status_code == 400
    response = client.get(reverse("privacy:hold_set"), {"mentee": "not-an-id"})
    assert response.status_code == 400
    assert "öffentliche Kennung ein" in response.content.decode()
    assert not LegalHold.objects.exists()
    response = client.post(
        reverse("privacy:hold_set"), {"mentee": str(mentee.public_id), "reason": "Prüfung"}
    )
    assert response.status_code == 302
    assert LegalHold.objects.get().set_by == dora


def test_the_navigation_shows_erasure_to_the_officer_and_leads_only(client, dora, lena, alice):
    for user, shown in ((dora, True), (lena, True), (alice, False)):
        client.force_login(user)
        html = client.get(reverse("home"), follow=True).content.decode()
        assert (reverse("privacy:erasure_reviews") in html) is shown


def test_erasing_a_held_record_is_refused_with_a_message(client, review, lena):
    LegalHoldFactory(mentee=review.mentee)
    client.force_login(lena)
    url = reverse("privacy:erasure_review", args=[review.public_id])
    html = client.get(url).content.decode()
    assert "Aufbewahrungssperre hält diese Daten" in html and 'value="erase"' not in html
    response = client.post(url, {"decision": "erase", "version": "1"})
    assert response.status_code == 200
    assert "Aufbewahrungssperre" in response.content.decode()
    review.refresh_from_db()
    assert review.is_open
    assert Mentee.objects.get(pk=review.mentee_id).erased_at is None
