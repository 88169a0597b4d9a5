"""A mentee without the consent "passing the profile to employers" in force cannot be proposed:
the service refuses with a message saying why and how to fix it, the pages show a note with a
link to record the consent instead of the propose button, and a refused POST stores nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from lotse.audit.models import AuditEvent
from lotse.cases.models import ConsentPurpose
from lotse.cases.selectors import has_consent, mentee_ids_with_consent
from lotse.cases.tests.factories import ConsentFactory
from lotse.placements.models import Application, ApplicationStageChange
from lotse.placements.services import application_propose
from lotse.placements.tests.factories import MenteeFactory, VacancyFactory

pytestmark = pytest.mark.django_db

PROPOSAL = ConsentPurpose.EMPLOYER_PROPOSAL
GERMAN = (
    "Für Amal Haddad ist keine Einwilligung zur Weitergabe des Profils an Arbeitgeber erfasst. "
    "Erfassen Sie die Einwilligung im Profil (Abschnitt Einwilligungen), bevor Sie vorschlagen."
)


@pytest.fixture
def mentee(alice, project_a):
    """Amal has consented to case management only."""
    mentee = MenteeFactory(
        project=project_a,
        mentor=alice,
        first_name="Amal",
        last_name="Haddad",
        proposal_consent=False,
    )
    ConsentFactory(mentee=mentee, purpose=ConsentPurpose.CASE_MANAGEMENT)
    return mentee


@pytest.fixture
def vacancy(project_a):
    return VacancyFactory(employer__project=project_a)


def _refusal(alice, mentee, vacancy) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    assert not Application.objects.exists()
    assert not ApplicationStageChange.objects.exists()
    return caught.value


# --- the rule ------------------------------------------------------------------------------


def test_a_consent_is_in_force_from_given_until_withdrawn(mentee):
    today = timezone.localdate()
    consent = ConsentFactory(mentee=mentee, purpose=PROPOSAL, given_on=today)
    assert has_consent(mentee, PROPOSAL)
    assert not has_consent(mentee, PROPOSAL, on=today - datetime.timedelta(days=1))
    assert not has_consent(mentee, ConsentPurpose.FOLLOW_UP)
    consent.withdrawn_on = today
    consent.save()
    assert not has_consent(mentee, PROPOSAL)
    assert has_consent(mentee, PROPOSAL, on=today - datetime.timedelta(days=1)) is False
    assert mentee_ids_with_consent([mentee.pk], PROPOSAL) == set()


def test_the_list_form_agrees_with_the_single_check(mentee, project_a):
    other = MenteeFactory(project=project_a)
    assert mentee_ids_with_consent([mentee.pk, other.pk], PROPOSAL) == {other.pk}


# --- the service ---------------------------------------------------------------------------


def test_without_the_consent_the_service_refuses_and_says_how_to_fix_it(alice, mentee, vacancy):
    with translation.override("en"):
        error = _refusal(alice, mentee, vacancy)
        assert error.message_dict["mentee"] == [
            "No consent to pass the profile to employers is recorded for Amal Haddad. Record "
            "the consent in the profile (section Consents) before you propose them."
        ]
    with translation.override("de"):
        assert _refusal(alice, mentee, vacancy).message_dict["mentee"] == [GERMAN]


def test_a_withdrawn_consent_is_refused(alice, mentee, vacancy):
    ConsentFactory(
        mentee=mentee,
        purpose=PROPOSAL,
        given_on=datetime.date(2025, 1, 15),
        withdrawn_on=datetime.date(2025, 6, 1),
    )
    assert "mentee" in _refusal(alice, mentee, vacancy).message_dict


def test_a_consent_given_later_does_not_count_yet(alice, mentee, vacancy):
    later = timezone.localdate() + datetime.timedelta(days=3)
    ConsentFactory(mentee=mentee, purpose=PROPOSAL, given_on=later)
    assert "mentee" in _refusal(alice, mentee, vacancy).message_dict


def test_a_valid_consent_lets_the_mentee_be_proposed(alice, mentee, vacancy):
    ConsentFactory(mentee=mentee, purpose=PROPOSAL)
    application = application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    assert application.mentee == mentee
    assert Application.objects.count() == 1


# --- the pages -----------------------------------------------------------------------------


def test_the_propose_form_shows_the_refusal_at_the_mentee_and_stores_nothing(
    client, alice, mentee, vacancy
):
    client.force_login(alice)
    with translation.override("de"):
        response = client.post(
            reverse("placements:propose"),
            {"mentee": mentee.public_id, "vacancy": vacancy.public_id, "note": "passt"},
            HTTP_ACCEPT_LANGUAGE="de",
        )
    assert response.status_code == 200
    assert response.context["form"].errors["mentee"] == [GERMAN]
    assert GERMAN in response.content.decode()
    assert not Application.objects.exists()
    assert not AuditEvent.objects.filter(object_type="placements.application").exists()


def test_the_placements_panel_offers_recording_the_consent_instead_of_proposing(
    client, alice, mentee
):
    client.force_login(alice)
    html = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    assert reverse("cases:consent_add", args=[mentee.public_id]) in html
    assert f"{reverse('placements:propose')}?mentee={mentee.public_id}" not in html
    ConsentFactory(mentee=mentee, purpose=PROPOSAL)
    html = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    assert f"{reverse('placements:propose')}?mentee={mentee.public_id}" in html
