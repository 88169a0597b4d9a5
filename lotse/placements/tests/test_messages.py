"""Service errors name the real person, date or stage: a dict-form ``ValidationError`` with
``params`` is not interpolated by Django, so users used to read "%(name)s …"."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lotse.accounts.tests.factories import UserFactory
from lotse.cases import services as cases
from lotse.cases.models import MenteeStatus
from lotse.cases.tests.factories import MenteeFactory as CaseFileMenteeFactory
from lotse.placements import services
from lotse.placements.adequacy import PlacementType
from lotse.placements.models import FollowUp, StillEmployed
from lotse.placements.stages import Stage
from lotse.placements.tests.factories import (
    ApplicationFactory,
    MenteeFactory,
    PlacementFactory,
    VacancyFactory,
    occupation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee(alice, project_a):
    return MenteeFactory(project=project_a, mentor=alice, first_name="Amal", last_name="Haddad")


def _message(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    text = " ".join(caught.value.messages)
    assert "%(" not in text
    return text


def test_an_active_application_names_the_mentee(alice, mentee, project_a):
    vacancy = VacancyFactory(employer__project=project_a, occupation=occupation("29302"))
    services.application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    text = _message(
        lambda: services.application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    )
    assert "Amal Haddad" in text


def test_a_mentee_who_left_is_named(alice, mentee, project_a):
    vacancy = VacancyFactory(employer__project=project_a, occupation=occupation("29302"))
    mentee.status = MenteeStatus.EXITED
    text = _message(
        lambda: services.application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    )
    assert "Amal Haddad" in text


def test_a_forbidden_stage_names_both_stages(alice, mentee):
    application = ApplicationFactory(mentee=mentee, stage=Stage.PROPOSED)
    text = _message(
        lambda: services.application_move(
            actor=alice,
            application=application,
            to_stage=Stage.STARTED,
            on_date=timezone.localdate(),
        )
    )
    assert str(Stage.PROPOSED.label) in text and str(Stage.STARTED.label) in text


def test_dates_before_the_start_name_the_start(alice, mentee):
    start = timezone.localdate() - datetime.timedelta(days=30)
    placement = PlacementFactory(mentee=mentee, start_date=start)
    shown = start.strftime("%d.%m.%Y")
    assert shown in _message(
        lambda: services.placement_end(
            actor=alice,
            placement=placement,
            end_date=start - datetime.timedelta(days=1),
            end_reason="x",
        )
    )
    followup = FollowUp.objects.create(placement=placement, months=3, due_on=start)
    assert shown in _message(
        lambda: services.followup_answer(
            actor=alice,
            followup=followup,
            version=followup.version,
            answered_on=start - datetime.timedelta(days=1),
            still_employed=StillEmployed.YES,
        )
    )


def test_adequacy_of_an_unjudged_type_names_the_type(alice, mentee):
    placement = PlacementFactory(mentee=mentee, placement_type=PlacementType.MINI_JOB)
    text = _message(
        lambda: services.placement_override_adequacy(
            actor=alice, placement=placement, adequate=True, reason="x"
        )
    )
    assert str(PlacementType.MINI_JOB.label) in text


def test_case_file_messages_name_the_mentor_and_the_entry_date(alice, lena, project_a):
    mentee = CaseFileMenteeFactory(project=project_a, mentor=alice)
    stranger = UserFactory(first_name="Stefan", last_name="Fremd")
    assert "Stefan" in _message(
        lambda: cases.mentee_assign_mentor(actor=lena, mentee=mentee, mentor=stranger)
    )
    entry = mentee.participations.get().entry_date
    assert entry.strftime("%d.%m.%Y") in _message(
        lambda: cases.mentee_exit(
            actor=alice,
            mentee=mentee,
            exit_date=entry - datetime.timedelta(days=1),
            exit_reason="job",
        )
    )
