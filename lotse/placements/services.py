"""Writes for applications, placements and follow-ups. Each service runs in one transaction,
validates with ``full_clean()`` and writes its audit row in the same transaction.

For other apps
--------------
Matching proposes a mentee for a vacancy with::

    from lotse.placements.services import application_propose

    application_propose(actor=user, mentee=mentee, vacancy=vacancy, note="") -> Application

It raises ``django.core.exceptions.ValidationError`` (with a message at ``vacancy`` or
``mentee``) when the mentee already has an active application for the vacancy, the vacancy is not
open, the mentee has left the programme, or no consent of the mentee to pass the profile to
employers is in force (``lotse.cases.selectors.has_consent``).
"""

import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.selectors import require_project
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, diff_fields
from lotse.cases.models import ConsentPurpose, Mentee, MenteeStatus
from lotse.cases.selectors import has_consent
from lotse.cases.services import mentee_set_status
from lotse.employers.models import Employer, Vacancy, VacancyKind, VacancyStatus
from lotse.lib.concurrency import claim_version
from lotse.lib.dates import add_months
from lotse.placements.adequacy import (
    JUDGED_TYPES,
    PlacementType,
    assess,
    qualification_level_of,
)
from lotse.placements.models import (
    FOLLOW_UP_MONTHS,
    Application,
    ApplicationStageChange,
    FollowUp,
    Placement,
    StillEmployed,
)
from lotse.placements.stages import (
    CLOSED_STAGES,
    PLANNABLE_STAGES,
    PLANNING_HORIZON,
    Stage,
    allowed_next,
    is_allowed,
    is_closed,
    needs_reason,
)
from lotse.reference.models import Occupation

#: Why a mentee without the consent "passing the profile to employers" cannot be proposed.
NO_PROPOSAL_CONSENT = _(
    "No consent to pass the profile to employers is recorded for %(name)s. Record the consent "
    "in the profile (section Consents) before you propose them."
)

#: Weekly hours from which an insured job counts as full-time when the type is derived.
FULL_TIME_HOURS = 35

_VACANCY_KIND_TO_TYPE = {
    VacancyKind.APPRENTICESHIP: PlacementType.APPRENTICESHIP,
    VacancyKind.INTERNSHIP: PlacementType.EQ,
    VacancyKind.MINI_JOB: PlacementType.MINI_JOB,
}


# --- helpers -------------------------------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def default_placement_type(vacancy: Vacancy, hours_per_week: int | None = None) -> str:
    """The placement type a vacancy of this kind usually leads to."""
    if vacancy.kind in _VACANCY_KIND_TO_TYPE:
        return _VACANCY_KIND_TO_TYPE[vacancy.kind]
    hours = hours_per_week if hours_per_week is not None else vacancy.hours_per_week
    if hours is not None and hours < FULL_TIME_HOURS:
        return PlacementType.INSURED_PART_TIME
    return PlacementType.INSURED_FULL_TIME


def _mentee_status_follow(*, actor: User, mentee: Mentee, status: str) -> None:
    """Set the mentee's status (active ↔ placed) as a placement starts or ends, through the
    cases service. The stored status counts (the object may be stale); a mentee who has left
    the programme keeps that status."""
    mentee.status = Mentee.objects.filter(pk=mentee.pk).values_list("status", flat=True).get()
    if mentee.status not in (status, MenteeStatus.EXITED):
        mentee_set_status(actor=actor, mentee=mentee, status=status)


# --- applications --------------------------------------------------------------------------


@transaction.atomic
def application_propose(
    *, actor: User, mentee: Mentee, vacancy: Vacancy, note: str = ""
) -> Application:
    """Propose ``mentee`` for ``vacancy``: a new application in stage "proposed", dated today."""
    require_project(actor, mentee.project_id)
    if mentee.status == MenteeStatus.EXITED:
        raise ValidationError(
            {
                "mentee": ValidationError(
                    _("%(name)s has left the programme and cannot be proposed."),
                    params={"name": mentee},
                )
            }
        )
    if not has_consent(mentee, ConsentPurpose.EMPLOYER_PROPOSAL):
        raise ValidationError(
            {"mentee": ValidationError(NO_PROPOSAL_CONSENT, params={"name": mentee})}
        )
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(
            {
                "vacancy": _(
                    "This vacancy is no longer open; a mentee can only be proposed for an open "
                    "vacancy."
                )
            }
        )
    if (
        Application.objects.filter(mentee=mentee, vacancy=vacancy)
        .exclude(stage__in=CLOSED_STAGES)
        .exists()
    ):
        raise ValidationError(
            {
                "vacancy": ValidationError(
                    _("%(name)s already has an active application for this vacancy."),
                    params={"name": mentee},
                )
            }
        )
    today = _today()
    application = Application(
        mentee=mentee,
        vacancy=vacancy,
        stage=Stage.PROPOSED,
        stage_date=today,
        created_by=actor,
        note=note,
    )
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # a second request proposed the same pair meanwhile
        raise ValidationError(
            {
                "vacancy": ValidationError(
                    _("%(name)s already has an active application for this vacancy."),
                    params={"name": mentee},
                )
            }
        ) from error
    ApplicationStageChange.objects.create(
        application=application,
        from_stage="",
        to_stage=Stage.PROPOSED,
        on_date=today,
        actor=actor,
        reason=note,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=application,
        mentee=mentee,
        changes={"stage": [None, Stage.PROPOSED], "vacancy": [None, str(vacancy.public_id)]},
    )
    return application


def _check_date(application: Application, on_date: datetime.date | None, to_stage: Stage) -> None:
    """A step is dated when it happened; an interview, trial work or a start may be planned up
    to a year ahead. The date is never before the current stage began, unless that stage is
    itself planned for a later day: then any day from today on will do."""
    if on_date is None:
        raise ValidationError({"on_date": _("Please enter the date of this step.")})
    today = _today()
    if on_date > today and to_stage not in PLANNABLE_STAGES:
        raise ValidationError(
            {
                "on_date": ValidationError(
                    _(
                        "Only an interview or trial work can be entered ahead with its planned "
                        "date; record “%(to)s” once it has happened."
                    ),
                    params={"to": to_stage.label},
                )
            }
        )
    if on_date > today + PLANNING_HORIZON:
        raise ValidationError(
            {
                "on_date": ValidationError(
                    _("A planned date can be at most a year ahead (until %(date)s)."),
                    params={"date": _fmt(today + PLANNING_HORIZON)},
                )
            }
        )
    earliest = min(application.stage_date, today)
    if on_date < earliest:
        raise ValidationError(
            {
                "on_date": ValidationError(
                    _("The date cannot be before the current stage began (%(date)s)."),
                    params={"date": _fmt(earliest)},
                )
            }
        )


def _check_planned_start(planned_start: datetime.date | None, signed: datetime.date) -> None:
    """The first working day lies on or after the signing, at most a year ahead."""
    if planned_start is None:
        return
    if planned_start < signed:
        raise ValidationError(
            {
                "planned_start": ValidationError(
                    _("The start cannot be before the contract was signed (%(date)s)."),
                    params={"date": _fmt(signed)},
                )
            }
        )
    horizon = _today() + PLANNING_HORIZON
    if planned_start > horizon:
        raise ValidationError(
            {
                "planned_start": ValidationError(
                    _("A planned date can be at most a year ahead (until %(date)s)."),
                    params={"date": _fmt(horizon)},
                )
            }
        )


def _start_task_title(application: Application) -> str:
    vacancy = application.vacancy
    where = vacancy.employer.name if vacancy.employer_id else vacancy.title
    return gettext("Planned start of %(name)s at %(where)s: please record the start.") % {
        "name": application.mentee,
        "where": where,
    }


def _follow_planned_start(*, actor: User, application: Application, to_stage: Stage) -> None:
    """The task on the planned first working day: made with the signed contract, closed when
    the start is recorded or the application ends."""
    from lotse.journal.automatic import PlannedStartSource, close_task, ensure_task

    source = PlannedStartSource(application)
    if to_stage == Stage.CONTRACT and application.planned_start:
        ensure_task(
            source,
            mentee=application.mentee,
            title=partial(_start_task_title, application),
            due_date=application.planned_start,
            assignee=application.mentee.mentor,
            actor=actor,
        )
    elif to_stage == Stage.STARTED or is_closed(to_stage):
        close_task(source, mentee=application.mentee, actor=actor)


def _stage_names(stages: list[Stage]) -> str:
    return ", ".join(str(s.label) for s in stages) or gettext("none")


@transaction.atomic
def application_move(
    *,
    actor: User,
    application: Application,
    to_stage: str,
    on_date: datetime.date,
    reason: str = "",
    placement_type: str | None = None,
    hours_per_week: int | None = None,
    planned_start: datetime.date | None = None,
) -> Application:
    """Move the application to ``to_stage`` on ``on_date`` if the stage table allows it.

    A signed contract may carry its ``planned_start`` (the agreed first working day, up to a
    year ahead): the mentor gets a task on that day to record the start. Reaching "started"
    records the placement in the same transaction (type derived from the vacancy unless
    ``placement_type`` is given) and the mentee's status becomes "placed"; the start defaults
    to nothing but the date given, and the start task is closed.
    """
    require_project(actor, application.mentee.project_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    from_stage = Stage(locked.stage)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Please choose a stage.")})
    to_stage = Stage(to_stage)
    if not is_allowed(from_stage, to_stage):
        if to_stage == from_stage:
            message = _("The application is already in stage “%(to)s”.")
        else:
            message = _(
                "An application in stage “%(from)s” cannot move to “%(to)s”. "
                "Possible next stages: %(allowed)s."
            )
        raise ValidationError(
            {
                "to_stage": ValidationError(
                    message,
                    params={
                        "from": from_stage.label,
                        "to": to_stage.label,
                        "allowed": _stage_names(allowed_next(from_stage)),
                    },
                )
            }
        )
    reason = (reason or "").strip()
    if needs_reason(to_stage) and not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Please give the reason why the application ended as “%(to)s”."),
                    params={"to": to_stage.label},
                )
            }
        )
    _check_date(locked, on_date, to_stage)
    previous_start = locked.planned_start
    if to_stage == Stage.CONTRACT:
        _check_planned_start(planned_start, on_date)
        locked.planned_start = planned_start
    locked.stage = to_stage
    locked.stage_date = on_date
    locked.full_clean(validate_constraints=False)
    locked.save(update_fields=["stage", "stage_date", "planned_start", "updated_at"])
    ApplicationStageChange.objects.create(
        application=locked,
        from_stage=from_stage,
        to_stage=to_stage,
        on_date=on_date,
        actor=actor,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        mentee=application.mentee,
        changes={
            "stage": [from_stage, to_stage],
            "stage_date": [None, on_date],
            **(
                {"planned_start": [previous_start, locked.planned_start]}
                if locked.planned_start != previous_start
                else {}
            ),
        },
    )
    application.stage, application.stage_date = locked.stage, locked.stage_date
    application.planned_start = locked.planned_start
    _follow_planned_start(actor=actor, application=locked, to_stage=to_stage)
    if to_stage == Stage.STARTED:
        vacancy = locked.vacancy
        placement_record(
            actor=actor,
            mentee=application.mentee,
            application=locked,
            placement_type=placement_type or default_placement_type(vacancy, hours_per_week),
            occupation=vacancy.occupation,
            employer=vacancy.employer,
            start_date=on_date,
            hours_per_week=hours_per_week if hours_per_week is not None else vacancy.hours_per_week,
        )
    return application


@transaction.atomic
def application_reopen(
    *, actor: User, application: Application, on_date: datetime.date, reason: str
) -> Application:
    """Return a closed application to the stage it had when it was closed."""
    require_project(actor, application.mentee.project_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.stage not in CLOSED_STAGES:
        raise ValidationError(
            _("Only a rejected, declined or withdrawn application can be reopened.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Please give the reason for reopening the application.")}
        )
    _check_date(locked, on_date, Stage(locked.stage))  # a reopening is dated when it happens
    closing = locked.history.filter(to_stage=locked.stage).order_by("-on_date", "-id").first()
    previous = Stage(closing.from_stage) if closing and closing.from_stage else Stage.PROPOSED
    if (
        Application.objects.filter(mentee_id=locked.mentee_id, vacancy_id=locked.vacancy_id)
        .exclude(stage__in=CLOSED_STAGES)
        .exists()
    ):
        raise ValidationError(
            _("There is already another active application of this mentee for the vacancy.")
        )
    from_stage = locked.stage
    locked.stage, locked.stage_date = previous, on_date
    locked.save(update_fields=["stage", "stage_date", "updated_at"])
    ApplicationStageChange.objects.create(
        application=locked,
        from_stage=from_stage,
        to_stage=previous,
        on_date=on_date,
        actor=actor,
        reason=reason,
        is_reopening=True,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        mentee=application.mentee,
        changes={"stage": [from_stage, previous]},
        reason=reason[:500],
    )
    application.stage, application.stage_date = locked.stage, locked.stage_date
    return application


# --- placements ----------------------------------------------------------------------------


def _followup_task_title(placement: Placement, months: int) -> str:
    where = (
        placement.employer.name if placement.employer_id else placement.get_placement_type_display()
    )
    return gettext(
        "Follow-up %(months)d months after the start: is %(name)s still at %(where)s?"
    ) % {
        "months": months,
        "name": placement.mentee,
        "where": where,
    }


def _schedule_followups(*, actor: User | None, placement: Placement) -> None:
    """Create the 3-, 6- and 12-month follow-ups and their tasks; safe to call twice."""
    from lotse.journal.automatic import FollowUpSource, ensure_task
    from lotse.journal.kinds import TASK

    for months in FOLLOW_UP_MONTHS:
        due = add_months(placement.start_date, months)
        followup, _created = FollowUp.objects.get_or_create(
            placement=placement, months=months, defaults={"due_on": due}
        )
        if followup.answered_on is None and followup.due_on != due:
            followup.due_on = due
            followup.save(update_fields=["due_on"])
        task, _new = ensure_task(
            FollowUpSource(placement, months),
            mentee=placement.mentee,
            title=partial(_followup_task_title, placement, months),
            due_date=due,
            assignee=placement.mentee.mentor,
            actor=actor,
        )
        if task.done_at is None and task.due_date != due:
            TASK.update(actor=actor, record=task, version=task.version, due_date=due)


@transaction.atomic
def placement_ensure_followups(*, actor: User | None, placement: Placement) -> None:
    """Make sure the follow-ups at 3, 6 and 12 months and their tasks exist (for placements
    imported or loaded without the service). Running it again changes nothing."""
    _schedule_followups(actor=actor, placement=placement)


def _judge(placement: Placement, mentee: Mentee) -> None:
    placement.qualification_level = qualification_level_of(mentee)
    result = assess(
        placement_type=placement.placement_type,
        requirement_level=placement.requirement_level,
        qualification_level=placement.qualification_level,
    )
    placement.adequacy_computed = result.adequate
    if not result.judged:
        placement.adequacy_override = None
        placement.adequacy_override_reason = ""


def _requirement_level(occupation: Occupation, vacancy: Vacancy | None) -> int | None:
    if vacancy is not None and vacancy.occupation_id == occupation.pk:
        return vacancy.requirement_level
    level = occupation.requirement_level
    return int(level) if level else None


def _check_placement_dates(start_date: datetime.date | None) -> None:
    if start_date is None:
        raise ValidationError({"start_date": _("Please enter the start date.")})
    if start_date > _today():
        raise ValidationError(
            {
                "start_date": _(
                    "The start date cannot be in the future. Record the placement once the "
                    "mentee has started; until then keep the application at “contract signed”."
                )
            }
        )


@transaction.atomic
def placement_record(
    *,
    actor: User,
    mentee: Mentee,
    placement_type: str,
    occupation: Occupation,
    start_date: datetime.date,
    employer: Employer | None = None,
    application: Application | None = None,
    vacancy: Vacancy | None = None,
    hours_per_week: int | None = None,
) -> Placement:
    """Record a placement: from an application that reached "started", or directly when the
    mentee found work alone. Computes the adequacy, schedules the follow-ups at 3, 6 and 12
    months (with tasks for the mentor) and sets the mentee's status to "placed"."""
    require_project(actor, mentee.project_id)
    if mentee.status == MenteeStatus.EXITED:
        raise ValidationError(
            _("%(name)s has left the programme; take them in again before recording a placement."),
            params={"name": mentee},
        )
    _check_placement_dates(start_date)
    if application is not None:
        vacancy = application.vacancy
    if vacancy is not None and employer is None:
        employer = vacancy.employer
    if employer is not None:
        require_project(actor, employer.project_id)
    if employer is None and placement_type != PlacementType.SELF_EMPLOYED:
        raise ValidationError({"employer": _("Please choose the employer.")})
    placement = Placement(
        mentee=mentee,
        project_id=mentee.project_id,
        application=application,
        vacancy=vacancy,
        employer=employer,
        placement_type=placement_type,
        occupation=occupation,
        start_date=start_date,
        hours_per_week=hours_per_week,
        requirement_level=_requirement_level(occupation, vacancy),
        created_by=actor,
    )
    _judge(placement, mentee)
    placement.full_clean()
    placement.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=placement,
        mentee=mentee,
        changes={
            "placement_type": [None, placement_type],
            "start_date": [None, start_date],
            "adequacy_computed": [None, placement.adequacy_computed],
        },
    )
    _schedule_followups(actor=actor, placement=placement)
    _mentee_status_follow(actor=actor, mentee=mentee, status=MenteeStatus.PLACED)
    return placement


PLACEMENT_EDIT_FIELDS = ["placement_type", "employer", "occupation", "start_date", "hours_per_week"]


@transaction.atomic
def placement_update(
    *, actor: User, placement: Placement, version: object, **values: Any
) -> Placement:
    """Correct the placement's type, employer, occupation, start date or hours
    (``PLACEMENT_EDIT_FIELDS``) if it is still at ``version``; the adequacy is computed again,
    and unanswered follow-ups move with the start date."""
    require_project(actor, placement.mentee.project_id)
    fields = values
    unknown = set(fields) - set(PLACEMENT_EDIT_FIELDS)
    if unknown:
        raise TypeError(f"placement_update cannot change {sorted(unknown)}")
    claim_version(placement, version)
    names = [*PLACEMENT_EDIT_FIELDS, "requirement_level", "adequacy_computed"]
    before = {name: getattr(placement, name) for name in names}
    for name, value in fields.items():
        setattr(placement, name, value)
    if "start_date" in fields:
        _check_placement_dates(placement.start_date)
        if placement.end_date and placement.start_date > placement.end_date:
            raise ValidationError(
                {
                    "start_date": ValidationError(
                        _("The start date cannot be after the end date (%(date)s)."),
                        params={"date": _fmt(placement.end_date)},
                    )
                }
            )
    employer = placement.employer
    if employer is not None:
        require_project(actor, employer.project_id)
    if employer is None and placement.placement_type != PlacementType.SELF_EMPLOYED:
        raise ValidationError({"employer": _("Please choose the employer.")})
    placement.requirement_level = _requirement_level(placement.occupation, placement.vacancy)
    _judge(placement, placement.mentee)
    placement.full_clean()
    placement.save()
    changes = diff_fields(before, placement, names)
    if changes:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=placement,
            mentee=placement.mentee,
            changes=changes,
        )
    if "start_date" in changes:
        _schedule_followups(actor=actor, placement=placement)
    return placement


@transaction.atomic
def placement_override_adequacy(
    *, actor: User, placement: Placement, adequate: bool | None, reason: str = ""
) -> Placement:
    """The mentor's own judgement of adequacy, with a reason; ``adequate=None`` removes it and
    the computed value counts again. The computed value is always kept."""
    require_project(actor, placement.mentee.project_id)
    if placement.placement_type not in JUDGED_TYPES:
        raise ValidationError(
            {
                "adequate": ValidationError(
                    _(
                        "Only jobs with social insurance are judged for adequacy; this "
                        "placement is a “%(type)s”."
                    ),
                    params={"type": placement.get_placement_type_display()},
                )
            }
        )
    reason = (reason or "").strip()
    if adequate is not None and not reason:
        raise ValidationError(
            {"reason": _("Please give the reason for your judgement of adequacy.")}
        )
    before = {
        "adequacy_override": placement.adequacy_override,
        "adequacy_override_reason": placement.adequacy_override_reason,
    }
    placement.adequacy_override = adequate
    placement.adequacy_override_reason = reason if adequate is not None else ""
    placement.full_clean()
    placement.save(update_fields=["adequacy_override", "adequacy_override_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=placement,
        mentee=placement.mentee,
        changes=diff_fields(before, placement, list(before)),
    )
    return placement


@transaction.atomic
def placement_end(
    *, actor: User, placement: Placement, end_date: datetime.date, end_reason: str
) -> Placement:
    """End the placement. When the mentee has no other running placement, their status goes
    back from "placed" to "active" (they are accompanied again); leaving the programme is
    ``lotse.cases.services.mentee_exit``."""
    require_project(actor, placement.mentee.project_id)
    if placement.end_date is not None:
        raise ValidationError(_("This placement has already ended."))
    if end_date is None:
        raise ValidationError({"end_date": _("Please enter the end date.")})
    if end_date < placement.start_date:
        raise ValidationError(
            {
                "end_date": ValidationError(
                    _("The end date cannot be before the start date (%(date)s)."),
                    params={"date": _fmt(placement.start_date)},
                )
            }
        )
    if end_date > _today():
        raise ValidationError({"end_date": _("The end date cannot be in the future.")})
    end_reason = (end_reason or "").strip()
    if not end_reason:
        raise ValidationError({"end_reason": _("Please give the reason why the placement ended.")})
    placement.end_date = end_date
    placement.end_reason = end_reason
    placement.full_clean()
    placement.save(update_fields=["end_date", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=placement,
        mentee=placement.mentee,
        changes={"end_date": [None, end_date], "end_reason": ["", "…"]},
    )
    others = (
        Placement.objects.filter(mentee_id=placement.mentee_id, end_date__isnull=True)
        .exclude(pk=placement.pk)
        .exists()
    )
    if not others:
        _mentee_status_follow(actor=actor, mentee=placement.mentee, status=MenteeStatus.ACTIVE)
    return placement


@transaction.atomic
def followup_answer(
    *,
    actor: User,
    followup: FollowUp,
    version: object,
    answered_on: datetime.date,
    still_employed: str,
    note: str = "",
) -> FollowUp:
    """Store the answer to a follow-up and mark its task done. An answer can be corrected, if
    the follow-up is still at ``version``."""
    placement = followup.placement
    require_project(actor, placement.mentee.project_id)
    claim_version(followup, version)
    if still_employed not in StillEmployed.values:
        raise ValidationError({"still_employed": _("Please choose an answer.")})
    if answered_on is None:
        raise ValidationError({"answered_on": _("Please enter the date of the answer.")})
    if answered_on > _today():
        raise ValidationError({"answered_on": _("The date cannot be in the future.")})
    if answered_on < placement.start_date:
        raise ValidationError(
            {
                "answered_on": ValidationError(
                    _("The date cannot be before the start of the placement (%(date)s)."),
                    params={"date": _fmt(placement.start_date)},
                )
            }
        )
    before = {
        "answered_on": followup.answered_on,
        "still_employed": followup.still_employed,
        "note": followup.note,
    }
    followup.answered_on = answered_on
    followup.still_employed = still_employed
    followup.note = note
    followup.answered_by = actor
    followup.full_clean()
    followup.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=followup,
        mentee=placement.mentee,
        changes=diff_fields(before, followup, list(before)),
    )
    from lotse.journal.automatic import FollowUpSource, close_task

    close_task(FollowUpSource(placement, followup.months), mentee=placement.mentee, actor=actor)
    return followup
