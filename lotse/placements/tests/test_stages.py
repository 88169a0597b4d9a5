"""Every allowed and every forbidden move, parametrised from the one stage table, through the
service that enforces it."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lotse.placements.models import Application, ApplicationStageChange, Placement
from lotse.placements.services import application_move
from lotse.placements.stages import (
    CLOSED_STAGES,
    OPEN_STAGES,
    PLANNING_HORIZON,
    TRANSITIONS,
    Stage,
    allowed_next,
    is_allowed,
)
from lotse.placements.tests.factories import ApplicationFactory, MenteeFactory

PAIRS = list(itertools.product(Stage, Stage))
ALLOWED = [(a, b) for a, b in PAIRS if b in TRANSITIONS[a]]
FORBIDDEN = [(a, b) for a, b in PAIRS if b not in TRANSITIONS[a]]

ROAD = [
    Stage.PROPOSED,
    Stage.APPLIED,
    Stage.INTERVIEW,
    Stage.TRIAL,
    Stage.OFFER,
    Stage.CONTRACT,
    Stage.STARTED,
]


def _params(pairs: list[tuple[Stage, Stage]]) -> list:
    return [pytest.param(a, b, id=f"{a.value}->{b.value}") for a, b in pairs]


def test_the_table_covers_every_stage():
    assert set(TRANSITIONS) == set(Stage)


def test_the_usual_road_is_allowed_step_by_step():
    for current, following in itertools.pairwise(ROAD):
        assert is_allowed(current, following), (current, following)


def test_nothing_moves_backwards_along_the_road():
    for i, later in enumerate(ROAD):
        for earlier in ROAD[: i + 1]:
            assert not is_allowed(later, earlier), (later, earlier)


def test_every_open_stage_can_close_and_closed_or_started_are_final():
    for stage in OPEN_STAGES:
        assert set(CLOSED_STAGES) <= TRANSITIONS[stage]
    for stage in (*CLOSED_STAGES, Stage.STARTED):
        assert allowed_next(stage) == []


def test_skips_are_only_the_sensible_ones():
    skips = {
        (a, b) for a, b in ALLOWED if a in ROAD and b in ROAD and ROAD.index(b) - ROAD.index(a) > 1
    }
    assert skips == {
        (Stage.PROPOSED, Stage.INTERVIEW),
        (Stage.PROPOSED, Stage.TRIAL),
        (Stage.APPLIED, Stage.TRIAL),
        (Stage.APPLIED, Stage.OFFER),
        (Stage.INTERVIEW, Stage.OFFER),
        (Stage.INTERVIEW, Stage.CONTRACT),
        (Stage.TRIAL, Stage.CONTRACT),
    }


@pytest.fixture
def make_application(alice, project_a):
    def make(stage: Stage) -> Application:
        mentee = MenteeFactory(project=project_a, mentor=alice)
        return ApplicationFactory(mentee=mentee, stage=stage)

    return make


@pytest.mark.django_db
@pytest.mark.parametrize(("from_stage", "to_stage"), _params(ALLOWED))
def test_an_allowed_move_is_made_and_kept_in_the_history(
    alice, make_application, from_stage, to_stage
):
    application = make_application(from_stage)
    today = timezone.localdate()

    application_move(
        actor=alice, application=application, to_stage=to_stage, on_date=today, reason="Grund"
    )

    application.refresh_from_db()
    assert application.stage == to_stage
    assert application.stage_date == today
    last = application.history.order_by("-id").first()
    assert (last.from_stage, last.to_stage, last.on_date, last.actor) == (
        from_stage,
        to_stage,
        today,
        alice,
    )
    assert Placement.objects.filter(application=application).exists() == (to_stage == Stage.STARTED)


@pytest.mark.django_db
@pytest.mark.parametrize(("from_stage", "to_stage"), _params(FORBIDDEN))
def test_a_forbidden_move_is_refused_with_a_message_and_changes_nothing(
    alice, make_application, from_stage, to_stage
):
    application = make_application(from_stage)
    before = ApplicationStageChange.objects.count()

    with pytest.raises(ValidationError) as error:
        application_move(
            actor=alice,
            application=application,
            to_stage=to_stage,
            on_date=timezone.localdate(),
            reason="Grund",
        )

    assert "to_stage" in error.value.message_dict
    assert error.value.message_dict["to_stage"][0]
    application.refresh_from_db()
    assert application.stage == from_stage
    assert ApplicationStageChange.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("to_stage", CLOSED_STAGES)
def test_closing_without_a_reason_is_refused_at_the_reason(alice, make_application, to_stage):
    application = make_application(Stage.INTERVIEW)

    with pytest.raises(ValidationError) as error:
        application_move(
            actor=alice,
            application=application,
            to_stage=to_stage,
            on_date=timezone.localdate(),
            reason="  ",
        )

    assert "reason" in error.value.message_dict
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW


@pytest.mark.django_db
def test_a_step_dated_in_the_future_or_before_the_current_stage_is_refused(alice, make_application):
    application = make_application(Stage.INTERVIEW)
    for day in (
        timezone.localdate() + datetime.timedelta(days=1),
        application.stage_date - datetime.timedelta(days=1),
    ):
        with pytest.raises(ValidationError) as error:
            application_move(
                actor=alice, application=application, to_stage=Stage.OFFER, on_date=day
            )
        assert "on_date" in error.value.message_dict
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW


@pytest.mark.django_db
def test_an_interview_is_recorded_ahead_with_its_planned_date_and_called_off_before_it(
    alice, make_application
):
    today = timezone.localdate()
    application = make_application(Stage.APPLIED)
    planned = today + datetime.timedelta(days=8)
    application_move(
        actor=alice, application=application, to_stage=Stage.INTERVIEW, on_date=planned
    )
    application.refresh_from_db()
    assert (application.stage, application.stage_date) == (Stage.INTERVIEW, planned)
    # The employer calls it off today: the next step may be dated before the planned day.
    application_move(
        actor=alice,
        application=application,
        to_stage=Stage.REJECTED,
        on_date=today,
        reason="Stelle anderweitig besetzt",
    )
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED


@pytest.mark.django_db
def test_a_planned_step_more_than_a_year_ahead_is_refused(alice, make_application):
    application = make_application(Stage.APPLIED)
    with pytest.raises(ValidationError) as error:
        application_move(
            actor=alice,
            application=application,
            to_stage=Stage.TRIAL,
            on_date=timezone.localdate() + PLANNING_HORIZON + datetime.timedelta(days=1),
        )
    assert "höchstens ein Jahr" in " ".join(error.value.message_dict["on_date"])
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (Stage.STARTED, "ok"),
        (Stage.REJECTED, "danger"),
        (Stage.DECLINED, "danger"),
        (Stage.WITHDRAWN, "danger"),
        (Stage.PROPOSED, ""),
        (Stage.CONTRACT, ""),
    ],
)
def test_the_badge_tone_of_a_stage(stage, expected):
    from lotse.placements.stages import tone

    assert tone(stage) == expected


@pytest.mark.django_db
def test_a_signed_contract_carries_its_planned_start_and_a_task_for_that_day(
    alice, make_application
):
    from lotse.journal.models import Task, TaskKind

    today = timezone.localdate()
    application = make_application(Stage.OFFER)
    start = today + datetime.timedelta(days=31)
    application_move(
        actor=alice,
        application=application,
        to_stage=Stage.CONTRACT,
        on_date=today,
        planned_start=start,
    )
    application.refresh_from_db()
    assert (application.stage, application.planned_start) == (Stage.CONTRACT, start)
    task = Task.objects.get(mentee=application.mentee, kind=TaskKind.PLANNED_START)
    assert (task.due_date, task.done_at) == (start, None)
    # Not yet started: "started" ahead of the day is still refused, the task stays open.
    with pytest.raises(ValidationError):
        application_move(
            actor=alice, application=application, to_stage=Stage.STARTED, on_date=start
        )
    # Recording the start closes the task and records the placement.
    application_move(actor=alice, application=application, to_stage=Stage.STARTED, on_date=today)
    task.refresh_from_db()
    assert task.done_at is not None
    assert Placement.objects.get(application=application).start_date == today


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offset", "message"),
    [(-1, "vor der Vertragsunterzeichnung"), (400, "höchstens ein Jahr")],
)
def test_a_planned_start_before_the_signing_or_too_far_ahead_is_refused(
    alice, make_application, offset, message
):
    from lotse.journal.models import Task

    today = timezone.localdate()
    application = make_application(Stage.OFFER)
    with pytest.raises(ValidationError) as error:
        application_move(
            actor=alice,
            application=application,
            to_stage=Stage.CONTRACT,
            on_date=today,
            planned_start=today + datetime.timedelta(days=offset),
        )
    assert message in " ".join(error.value.message_dict["planned_start"])
    application.refresh_from_db()
    assert (application.stage, application.planned_start) == (Stage.OFFER, None)
    assert not Task.objects.filter(mentee=application.mentee).exists()


@pytest.mark.django_db
def test_an_application_ending_after_the_contract_closes_the_start_task(alice, make_application):
    from lotse.journal.models import Task, TaskKind

    today = timezone.localdate()
    application = make_application(Stage.OFFER)
    application_move(
        actor=alice,
        application=application,
        to_stage=Stage.CONTRACT,
        on_date=today,
        planned_start=today + datetime.timedelta(days=10),
    )
    application_move(
        actor=alice,
        application=application,
        to_stage=Stage.DECLINED,
        on_date=today,
        reason="Umzug",
    )
    task = Task.objects.get(mentee=application.mentee, kind=TaskKind.PLANNED_START)
    assert task.done_at is not None
