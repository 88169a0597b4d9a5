"""Services: the happy paths and each error branch, against the real database."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEvent
from lotse.cases.models import MenteeStatus, QualificationKind, RecognitionResult
from lotse.employers.models import VacancyKind, VacancyStatus
from lotse.journal.models import Task, TaskKind
from lotse.placements.adequacy import PlacementType
from lotse.placements.models import Application, FollowUp, Placement, StillEmployed
from lotse.placements.services import (
    add_months,
    application_move,
    application_propose,
    application_reopen,
    followup_answer,
    placement_end,
    placement_override_adequacy,
    placement_record,
    placement_update,
)
from lotse.placements.stages import Stage
from lotse.placements.tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    MenteeFactory,
    PlacementFactory,
    QualificationFactory,
    VacancyFactory,
    occupation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee(alice, project_a):
    return MenteeFactory(project=project_a, mentor=alice, first_name="Amal", last_name="Haddad")


@pytest.fixture
def vacancy(project_a):
    return VacancyFactory(employer__project=project_a, occupation=occupation("29302"))


def _today():
    return timezone.localdate()


# --- propose ---------------------------------------------------------------------------------


def test_propose_creates_the_application_its_first_history_row_and_an_audit_row(
    alice, mentee, vacancy
):
    application = application_propose(actor=alice, mentee=mentee, vacancy=vacancy, note="passt")

    assert application.stage == Stage.PROPOSED
    assert application.stage_date == _today()
    assert application.created_by == alice
    [row] = application.history.all()
    assert (row.from_stage, row.to_stage, row.actor, row.reason) == ("", "proposed", alice, "passt")
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(application.public_id), mentee_id=mentee.public_id
    ).exists()


def test_propose_twice_for_the_same_vacancy_is_refused_at_the_vacancy(alice, mentee, vacancy):
    application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    with pytest.raises(ValidationError) as error:
        application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    assert "vacancy" in error.value.message_dict
    assert Application.objects.count() == 1


def test_propose_again_after_a_closed_application_is_allowed(alice, mentee, vacancy):
    first = application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    application_move(
        actor=alice, application=first, to_stage=Stage.WITHDRAWN, on_date=_today(), reason="r"
    )
    second = application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    assert second.pk != first.pk


def test_propose_for_a_vacancy_that_is_not_open_is_refused(alice, mentee, vacancy):
    vacancy.status = VacancyStatus.FILLED
    vacancy.save()
    with pytest.raises(ValidationError) as error:
        application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    assert "vacancy" in error.value.message_dict


def test_propose_an_exited_mentee_is_refused(alice, mentee, vacancy):
    mentee.status = MenteeStatus.EXITED
    mentee.save()
    with pytest.raises(ValidationError) as error:
        application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    assert "mentee" in error.value.message_dict


def test_an_outsider_cannot_propose_or_move(charlie, mentee, vacancy, alice):
    with pytest.raises(PermissionDenied):
        application_propose(actor=charlie, mentee=mentee, vacancy=vacancy)
    application = application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    with pytest.raises(PermissionDenied):
        application_move(
            actor=charlie, application=application, to_stage=Stage.APPLIED, on_date=_today()
        )


# --- the road to "started" -------------------------------------------------------------------


def _walk_to_started(actor, application, day):
    for stage in (Stage.APPLIED, Stage.INTERVIEW, Stage.OFFER, Stage.CONTRACT, Stage.STARTED):
        application_move(actor=actor, application=application, to_stage=stage, on_date=day)


def test_reaching_started_records_the_placement_with_adequacy_followups_tasks_and_status(
    alice, mentee, vacancy
):
    QualificationFactory(
        mentee=mentee, kind=QualificationKind.VOCATIONAL, recognition_result=RecognitionResult.FULL
    )
    application = ApplicationFactory(mentee=mentee, vacancy=vacancy)
    start = _today() - datetime.timedelta(days=2)

    _walk_to_started(alice, application, start)

    placement = Placement.objects.get(application=application)
    assert placement.mentee == mentee
    assert placement.employer == vacancy.employer
    assert placement.vacancy == vacancy
    assert placement.occupation_id == "29302"
    assert placement.placement_type == PlacementType.INSURED_FULL_TIME  # 39 hours
    assert placement.start_date == start
    assert placement.project_id == mentee.project_id
    assert (placement.requirement_level, placement.qualification_level) == (2, 2)
    assert placement.adequacy_computed is True
    assert placement.adequate is True

    followups = list(placement.followups.order_by("months"))
    assert [(f.months, f.due_on) for f in followups] == [
        (3, add_months(start, 3)),
        (6, add_months(start, 6)),
        (12, add_months(start, 12)),
    ]
    tasks = Task.objects.filter(mentee=mentee, kind=TaskKind.FOLLOW_UP).order_by("due_date")
    assert [t.due_date for t in tasks] == [f.due_on for f in followups]
    assert all(t.assignee == alice for t in tasks)

    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.PLACED


def test_the_placement_type_follows_the_vacancy_kind_and_hours(alice, mentee, project_a):
    expectations = [
        (VacancyKind.APPRENTICESHIP, 39, PlacementType.APPRENTICESHIP),
        (VacancyKind.INTERNSHIP, 30, PlacementType.EQ),
        (VacancyKind.MINI_JOB, 8, PlacementType.MINI_JOB),
        (VacancyKind.JOB, 20, PlacementType.INSURED_PART_TIME),
    ]
    for kind, hours, expected in expectations:
        vacancy = VacancyFactory(employer__project=project_a, kind=kind, hours_per_week=hours)
        application = ApplicationFactory(mentee=mentee, vacancy=vacancy, stage=Stage.CONTRACT)
        application_move(
            actor=alice, application=application, to_stage=Stage.STARTED, on_date=_today()
        )
        assert Placement.objects.get(application=application).placement_type == expected


def test_a_helper_job_for_a_recognised_specialist_is_not_adequate(alice, mentee, project_a):
    QualificationFactory(
        mentee=mentee, kind=QualificationKind.ADVANCED, recognition_result=RecognitionResult.FULL
    )
    vacancy = VacancyFactory(employer__project=project_a, occupation=occupation("29301"))
    application = ApplicationFactory(mentee=mentee, vacancy=vacancy, stage=Stage.CONTRACT)
    application_move(actor=alice, application=application, to_stage=Stage.STARTED, on_date=_today())
    placement = Placement.objects.get(application=application)
    assert (placement.requirement_level, placement.qualification_level) == (1, 3)
    assert placement.adequacy_computed is False


def test_the_vacancy_level_set_by_hand_counts(alice, mentee, project_a):
    vacancy = VacancyFactory(
        employer__project=project_a,
        occupation=occupation("29301"),
        requirement_level=3,
        requirement_level_overridden=True,
    )
    QualificationFactory(mentee=mentee, kind=QualificationKind.ADVANCED)
    application = ApplicationFactory(mentee=mentee, vacancy=vacancy, stage=Stage.CONTRACT)
    application_move(actor=alice, application=application, to_stage=Stage.STARTED, on_date=_today())
    assert Placement.objects.get(application=application).adequacy_computed is True


# --- direct placements, edits, overrides, end --------------------------------------------


def test_a_placement_found_alone_is_recorded_directly(alice, mentee, project_a):
    employer = EmployerFactory(project=project_a)
    placement = placement_record(
        actor=alice,
        mentee=mentee,
        placement_type=PlacementType.INSURED_PART_TIME,
        occupation=occupation("81302"),
        employer=employer,
        start_date=_today(),
        hours_per_week=25,
    )
    assert placement.application is None
    assert placement.requirement_level == 2
    assert placement.adequacy_computed is True  # no recognised qualification: level 1
    assert placement.followups.count() == 3
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.PLACED


def test_self_employment_needs_no_employer_but_other_types_do(alice, mentee):
    with pytest.raises(ValidationError) as error:
        placement_record(
            actor=alice,
            mentee=mentee,
            placement_type=PlacementType.MINI_JOB,
            occupation=occupation(),
            start_date=_today(),
        )
    assert "employer" in error.value.message_dict
    placement = placement_record(
        actor=alice,
        mentee=mentee,
        placement_type=PlacementType.SELF_EMPLOYED,
        occupation=occupation(),
        start_date=_today(),
    )
    assert placement.adequacy_computed is None


def test_a_placement_starting_in_the_future_is_refused(alice, mentee, project_a):
    with pytest.raises(ValidationError) as error:
        placement_record(
            actor=alice,
            mentee=mentee,
            placement_type=PlacementType.INSURED_FULL_TIME,
            occupation=occupation(),
            employer=EmployerFactory(project=project_a),
            start_date=_today() + datetime.timedelta(days=3),
        )
    assert "start_date" in error.value.message_dict
    assert not Placement.objects.exists()


def test_an_employer_of_another_project_is_refused(alice, mentee, project_b):
    with pytest.raises(PermissionDenied):
        placement_record(
            actor=alice,
            mentee=mentee,
            placement_type=PlacementType.INSURED_FULL_TIME,
            occupation=occupation(),
            employer=EmployerFactory(project=project_b),
            start_date=_today(),
        )


def test_changing_the_start_moves_open_followups_and_their_tasks(alice, mentee, project_a):
    placement = placement_record(
        actor=alice,
        mentee=mentee,
        placement_type=PlacementType.INSURED_FULL_TIME,
        occupation=occupation(),
        employer=EmployerFactory(project=project_a),
        start_date=_today(),
    )
    new_start = _today() - datetime.timedelta(days=40)
    placement_update(
        actor=alice, placement=placement, version=placement.version, **{"start_date": new_start}
    )
    due = sorted(FollowUp.objects.filter(placement=placement).values_list("due_on", flat=True))
    assert due == [add_months(new_start, m) for m in (3, 6, 12)]
    tasks = Task.objects.filter(mentee=mentee, kind=TaskKind.FOLLOW_UP)
    assert tasks.count() == 3
    assert sorted(t.due_date for t in tasks) == due


def test_the_override_keeps_the_computed_value_and_needs_a_reason(alice, mentee):
    placement = PlacementFactory(mentee=mentee, adequacy_computed=False)
    with pytest.raises(ValidationError) as error:
        placement_override_adequacy(actor=alice, placement=placement, adequate=True, reason="")
    assert "reason" in error.value.message_dict

    placement_override_adequacy(
        actor=alice, placement=placement, adequate=True, reason="Leitungsfunktion"
    )
    placement.refresh_from_db()
    assert (placement.adequacy_computed, placement.adequacy_override) == (False, True)
    assert placement.adequate is True

    placement_override_adequacy(actor=alice, placement=placement, adequate=None)
    placement.refresh_from_db()
    assert placement.adequacy_override is None
    assert placement.adequacy_override_reason == ""
    assert placement.adequate is False


def test_a_placement_that_is_not_judged_cannot_be_overridden(alice, mentee):
    placement = PlacementFactory(
        mentee=mentee, placement_type=PlacementType.MINI_JOB, adequacy_computed=None
    )
    with pytest.raises(ValidationError) as error:
        placement_override_adequacy(actor=alice, placement=placement, adequate=True, reason="r")
    assert "adequate" in error.value.message_dict


def test_ending_the_only_placement_makes_the_mentee_active_again(alice, mentee):
    mentee.status = MenteeStatus.PLACED
    mentee.save()
    placement = PlacementFactory(mentee=mentee)
    other = PlacementFactory(mentee=mentee)

    placement_end(actor=alice, placement=placement, end_date=_today(), end_reason="Probezeit")
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.PLACED  # still in the other placement

    placement_end(actor=alice, placement=other, end_date=_today(), end_reason="Umzug")
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.ACTIVE


def test_ending_is_checked(alice, mentee):
    placement = PlacementFactory(mentee=mentee)
    bad = [
        (placement.start_date - datetime.timedelta(days=1), "r", "end_date"),
        (_today() + datetime.timedelta(days=1), "r", "end_date"),
        (_today(), "", "end_reason"),
    ]
    for end_date, reason, field in bad:
        with pytest.raises(ValidationError) as error:
            placement_end(actor=alice, placement=placement, end_date=end_date, end_reason=reason)
        assert field in error.value.message_dict
    placement.refresh_from_db()
    assert placement.end_date is None


def test_an_exited_mentee_keeps_the_status_when_a_placement_ends(alice, mentee):
    placement = PlacementFactory(mentee=mentee)
    mentee.status = MenteeStatus.EXITED
    mentee.save()
    placement_end(actor=alice, placement=placement, end_date=_today(), end_reason="Ende")
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.EXITED


# --- follow-ups and reopening ----------------------------------------------------------------


def test_answering_a_followup_stores_it_and_completes_its_task(alice, mentee, project_a):
    placement = placement_record(
        actor=alice,
        mentee=mentee,
        placement_type=PlacementType.INSURED_FULL_TIME,
        occupation=occupation(),
        employer=EmployerFactory(project=project_a),
        start_date=_today() - datetime.timedelta(days=100),
    )
    followup = placement.followups.get(months=3)
    followup_answer(
        actor=alice,
        followup=followup,
        version=followup.version,
        answered_on=_today(),
        still_employed=StillEmployed.YES,
        note="alles gut",
    )
    followup.refresh_from_db()
    assert (followup.still_employed, followup.answered_by) == ("yes", alice)
    done = Task.objects.filter(mentee=mentee, kind=TaskKind.FOLLOW_UP, done_at__isnull=False)
    assert done.count() == 1
    assert done.get().due_date == followup.due_on


def test_a_followup_answer_needs_an_answer_and_a_sensible_date(alice, mentee):
    placement = PlacementFactory(mentee=mentee)
    followup = FollowUp.objects.create(placement=placement, months=3, due_on=_today())
    with pytest.raises(ValidationError) as error:
        followup_answer(
            actor=alice,
            followup=followup,
            version=followup.version,
            answered_on=_today(),
            still_employed="",
        )
    assert "still_employed" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        followup_answer(
            actor=alice,
            followup=followup,
            version=followup.version,
            answered_on=_today() + datetime.timedelta(days=1),
            still_employed="yes",
        )
    assert "answered_on" in error.value.message_dict


def test_reopen_returns_to_the_stage_before_closing(alice, mentee, vacancy):
    application = ApplicationFactory(mentee=mentee, vacancy=vacancy, stage=Stage.INTERVIEW)
    application_move(
        actor=alice,
        application=application,
        to_stage=Stage.REJECTED,
        on_date=_today(),
        reason="Absage",
    )
    with pytest.raises(ValidationError) as error:
        application_reopen(actor=alice, application=application, on_date=_today(), reason="")
    assert "reason" in error.value.message_dict

    application_reopen(
        actor=alice, application=application, on_date=_today(), reason="Betrieb rief zurück"
    )
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    last = application.history.order_by("-id").first()
    assert (last.from_stage, last.to_stage, last.is_reopening) == ("rejected", "interview", True)


def test_reopen_is_refused_for_an_open_application_or_a_second_active_one(alice, mentee, vacancy):
    application = ApplicationFactory(mentee=mentee, vacancy=vacancy, stage=Stage.APPLIED)
    with pytest.raises(ValidationError):
        application_reopen(actor=alice, application=application, on_date=_today(), reason="r")
    application_move(
        actor=alice, application=application, to_stage=Stage.DECLINED, on_date=_today(), reason="r"
    )
    application_propose(actor=alice, mentee=mentee, vacancy=vacancy)
    with pytest.raises(ValidationError):
        application_reopen(actor=alice, application=application, on_date=_today(), reason="r")
    application.refresh_from_db()
    assert application.stage == Stage.DECLINED


def test_the_command_completes_missing_followups_and_can_run_twice(mentee):
    from django.core.management import call_command

    placement = PlacementFactory(mentee=mentee)
    ended = PlacementFactory(mentee=mentee, end_date=_today())
    call_command("ensure_followups", stdout=io.StringIO())
    call_command("ensure_followups", stdout=io.StringIO())
    assert sorted(placement.followups.values_list("months", flat=True)) == [3, 6, 12]
    assert not ended.followups.exists()
    assert Task.objects.filter(mentee=mentee, kind=TaskKind.FOLLOW_UP).count() == 3


def test_followup_tasks_are_titled_in_each_mentors_language(alice, mentee, vacancy):
    from django.utils import translation

    alice.language = "en"
    alice.save(update_fields=["language"])
    application = ApplicationFactory(mentee=mentee, vacancy=vacancy)
    with translation.override("de"):  # the lead's request in German does not decide
        _walk_to_started(alice, application, _today() - datetime.timedelta(days=2))

    titles = list(
        Task.objects.filter(mentee=mentee, kind=TaskKind.FOLLOW_UP)
        .order_by("due_date")
        .values_list("title", flat=True)
    )
    assert titles[0] == (
        f"Follow-up 3 months after the start: is {mentee} still at {vacancy.employer.name}?"
    )
