"""Writes to the mentee's case file. Each service runs in one transaction, validates with
``full_clean()`` and writes its audit row in the same transaction."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Membership, Project, User
from lotse.accounts.selectors import lead_project_ids_for, project_ids_for, require_project
from lotse.audit.models import AuditAction, AuditEvent
from lotse.audit.services import audit_record, diff_fields
from lotse.cases.models import (
    Consent,
    ConsentPurpose,
    Mentee,
    MenteeStatus,
    Participation,
)
from lotse.lib.concurrency import StaleRecordError, expected_version
from lotse.reference.models import Postcode
from lotse.reference.selectors import locate_postcode

#: Fields of the mentee that the edit form may change (not project, mentor, status, version).
MENTEE_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "phone",
    "email",
    "street",
    "postcode",
    "nationality",
    "country_of_origin",
    "arrival_date",
    "school_years",
    "isced_level",
    "goal",
    "driving_licence",
    "has_car",
    "commute_limit_km",
    "available_from",
    "hours_per_week",
    "childcare_constraint",
    "referrer",
    "referrer_note",
    "notes",
]


class StaleMenteeError(StaleRecordError):
    """Someone else saved the mentee since the form was opened; ``message`` names who."""

    def __init__(self, mentee: Mentee, changed_by: str) -> None:
        self.mentee = mentee
        self.changed_by = changed_by
        super().__init__(
            _(
                "This record has been changed by {name} in the meantime. Your entries have not "
                "been saved; they are kept below. Please compare them with the current data and "
                "save again."
            ).format(name=changed_by)
        )


# --- Helpers ---------------------------------------------------------------------------------


def _check_mentor(mentor: User | None, project: Project) -> None:
    if mentor is None:
        return
    if not Membership.objects.filter(user=mentor, project=project, user__is_active=True).exists():
        raise ValidationError(
            {
                "mentor": ValidationError(
                    _("%(name)s is not a member of the project %(project)s."),
                    params={"name": mentor, "project": project},
                )
            }
        )


def place_for_postcode(code: str) -> Postcode | None:
    """The reference place for a postcode (the main one if a code names several places)."""
    location = locate_postcode(code)
    return location.postcode if location else None


def _apply_postcode(mentee: Mentee) -> None:
    place = place_for_postcode(mentee.postcode)
    if mentee.postcode and place is None:
        raise ValidationError(
            {
                "postcode": ValidationError(
                    _("The postcode %(code)s is not in the reference data."),
                    params={"code": mentee.postcode},
                )
            }
        )
    mentee.place = place
    mentee.district_id = place.district_id if place else None


def _last_changed_by(mentee: Mentee) -> str:
    event = (
        AuditEvent.objects.filter(
            object_type=Mentee._meta.label_lower,
            object_id=str(mentee.public_id),
            action=AuditAction.UPDATE,
        )
        .select_related("actor")
        .first()
    )
    if event is None or event.actor is None:
        return str(_("another user"))
    return str(event.actor)


def _bump_version(mentee: Mentee, expected_version: int | None, fields: list[str]) -> None:
    """Write ``fields`` and the next version. With ``expected_version`` the write is
    ``UPDATE … WHERE version = expected``: a stale version writes nothing and raises
    ``StaleMenteeError``. Without it (exit, re-entry, mentor, status) the version is simply
    increased, so that an edit form opened before is refused."""
    now = timezone.now()
    attnames = [Mentee._meta.get_field(name).attname for name in fields]
    values = {attname: getattr(mentee, attname) for attname in attnames}
    rows = Mentee.objects.filter(pk=mentee.pk)
    if expected_version is None:
        rows.update(**values, version=F("version") + 1, updated_at=now)
        mentee.version = rows.values_list("version", flat=True).get()
    else:
        if (
            rows.filter(version=expected_version).update(
                **values, version=expected_version + 1, updated_at=now
            )
            != 1
        ):
            raise StaleMenteeError(mentee, _last_changed_by(mentee))
        mentee.version = expected_version + 1
    mentee.updated_at = now


# --- The mentee --------------------------------------------------------------------------------


@transaction.atomic
def mentee_create(
    *,
    actor: User,
    project: Project,
    entry_date: datetime.date,
    mentor: User | None = None,
    **values: Any,
) -> Mentee:
    """Create a mentee with their first participation in ``project``; ``values`` are any of
    ``MENTEE_FIELDS``."""
    require_project(actor, project.pk)
    unknown = set(values) - set(MENTEE_FIELDS)
    if unknown:
        raise TypeError(f"Mentee has no editable fields {sorted(unknown)}")
    fields = values
    _check_mentor(mentor, project)
    mentee = Mentee(project=project, mentor=mentor, status=MenteeStatus.ACTIVE)
    for name in MENTEE_FIELDS:
        if name in fields:
            setattr(mentee, name, fields[name])
    _apply_postcode(mentee)
    mentee.full_clean()
    mentee.save()
    participation = Participation(
        mentee=mentee, project=project, mentor=mentor, entry_date=entry_date
    )
    participation.full_clean()
    participation.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=mentee, mentee=mentee)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=participation, mentee=mentee)
    return mentee


@transaction.atomic
def mentee_update(*, actor: User, mentee: Mentee, version: object, **values: Any) -> Mentee:
    """Change the mentee's own fields (``MENTEE_FIELDS``) if nobody saved them since
    ``version`` was read; otherwise (also when ``version`` is missing or garbled) raise
    ``StaleMenteeError`` and change nothing."""
    require_project(actor, mentee.project_id)
    unknown = set(values) - set(MENTEE_FIELDS)
    if unknown:
        raise TypeError(f"Mentee has no editable fields {sorted(unknown)}")
    # Compare with the row as stored: a form may already have changed the instance in memory.
    stored = Mentee.objects.select_for_update().get(pk=mentee.pk)
    try:
        version = expected_version(version)
    except StaleRecordError:
        raise StaleMenteeError(stored, _last_changed_by(stored)) from None
    if stored.version != version:
        raise StaleMenteeError(stored, _last_changed_by(stored))
    fields = values
    mentee = stored
    before = {name: getattr(mentee, name) for name in MENTEE_FIELDS}
    changed = [n for n in MENTEE_FIELDS if n in fields and fields[n] != before[n]]
    for name in changed:
        setattr(mentee, name, fields[name])
    if "postcode" in changed:
        _apply_postcode(mentee)
    mentee.full_clean()
    written = [*changed, *(["place", "district"] if "postcode" in changed else [])]
    _bump_version(mentee, version, written)
    changes = diff_fields(before, mentee, MENTEE_FIELDS)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=mentee, mentee=mentee, changes=changes)
    return mentee


@transaction.atomic
def mentee_exit(
    *, actor: User, mentee: Mentee, exit_date: datetime.date, exit_reason: str
) -> Participation:
    """End the mentee's open participation; the mentee's status becomes ``exited``."""
    require_project(actor, mentee.project_id)
    participation = (
        Participation.objects.select_for_update()
        .filter(mentee=mentee, exit_date__isnull=True)
        .first()
    )
    if participation is None:
        raise ValidationError(
            _("%(name)s has already left the programme."), params={"name": mentee}
        )
    if exit_date < participation.entry_date:
        raise ValidationError(
            {
                "exit_date": ValidationError(
                    _("The exit date cannot be before the entry date (%(entry)s)."),
                    params={"entry": participation.entry_date.strftime("%d.%m.%Y")},
                )
            }
        )
    if exit_date > timezone.localdate():
        raise ValidationError({"exit_date": _("The exit date cannot be in the future.")})
    if not exit_reason:
        raise ValidationError({"exit_reason": _("Please choose the reason for leaving.")})
    participation.exit_date = exit_date
    participation.exit_reason = exit_reason
    participation.full_clean()
    participation.save(update_fields=["exit_date", "exit_reason"])
    old_status = mentee.status
    mentee.status = MenteeStatus.EXITED
    _bump_version(mentee, None, ["status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=participation,
        mentee=mentee,
        changes={"exit_date": [None, exit_date], "exit_reason": ["", exit_reason]},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=mentee,
        mentee=mentee,
        changes={"status": [old_status, mentee.status]},
    )
    return participation


@transaction.atomic
def mentee_reenter(
    *,
    actor: User,
    mentee: Mentee,
    project: Project,
    entry_date: datetime.date,
    mentor: User | None = None,
) -> Participation:
    """Start a new participation after an exit, possibly in another project of the actor."""
    require_project(actor, mentee.project_id)
    if project.pk not in project_ids_for(actor):
        raise ValidationError({"project": _("You can only take a mentee into your own projects.")})
    _check_mentor(mentor, project)
    if Participation.objects.filter(mentee=mentee, exit_date__isnull=True).exists():
        raise ValidationError(_("%(name)s is still in the programme."), params={"name": mentee})
    last = Participation.objects.filter(mentee=mentee).order_by("-exit_date").first()
    if last is not None and last.exit_date and entry_date < last.exit_date:
        raise ValidationError(
            {
                "entry_date": ValidationError(
                    _("The new entry cannot be before the last exit (%(exit)s)."),
                    params={"exit": last.exit_date.strftime("%d.%m.%Y")},
                )
            }
        )
    if entry_date > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"entry_date": _("The entry date is too far in the future.")})
    participation = Participation(
        mentee=mentee, project=project, mentor=mentor, entry_date=entry_date
    )
    participation.full_clean()
    participation.save()
    before = {"project": mentee.project_id, "mentor": mentee.mentor_id, "status": mentee.status}
    mentee.project = project
    mentee.mentor = mentor
    mentee.status = MenteeStatus.ACTIVE
    _bump_version(mentee, None, ["project", "mentor", "status"])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=participation, mentee=mentee)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=mentee,
        mentee=mentee,
        changes={
            "project": [before["project"], project.pk],
            "mentor": [before["mentor"], mentor.pk if mentor else None],
            "status": [before["status"], mentee.status],
        },
    )
    return participation


@transaction.atomic
def mentee_assign_mentor(*, actor: User, mentee: Mentee, mentor: User | None) -> Mentee:
    """A project lead assigns a mentor of the mentee's project (or none)."""
    if mentee.project_id not in lead_project_ids_for(actor):
        raise PermissionDenied("Only the project's leads assign mentors.")
    _check_mentor(mentor, mentee.project)
    old = mentee.mentor_id
    mentee.mentor = mentor
    _bump_version(mentee, None, ["mentor"])
    Participation.objects.filter(mentee=mentee, exit_date__isnull=True).update(mentor=mentor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=mentee,
        mentee=mentee,
        changes={"mentor": [old, mentor.pk if mentor else None]},
    )
    return mentee


@transaction.atomic
def mentee_set_status(*, actor: User, mentee: Mentee, status: str) -> Mentee:
    """Set the status between ``active`` and ``placed`` (after-care), e.g. when a placement
    starts or ends. Leaving the programme goes through ``mentee_exit``."""
    require_project(actor, mentee.project_id)
    if status not in (MenteeStatus.ACTIVE, MenteeStatus.PLACED):
        raise ValidationError(_("Use the exit to end the participation."))
    if mentee.status == MenteeStatus.EXITED:
        raise ValidationError(
            _("%(name)s has already left the programme."), params={"name": mentee}
        )
    old = mentee.status
    if old == status:
        return mentee
    mentee.status = status
    _bump_version(mentee, None, ["status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=mentee,
        mentee=mentee,
        changes={"status": [old, status]},
    )
    return mentee


# --- Profile records (their create, update and delete: lotse.cases.kinds) -------------------


def consent_withdraw(
    *, actor: User, consent: Consent, version: object, withdrawn_on: datetime.date
) -> Consent:
    """Record the withdrawal of a consent; the record itself is kept as evidence. Withdrawing
    the consent to case management opens an erasure review (``lotse.privacy.reviews``)."""
    from lotse.cases.kinds import CONSENT
    from lotse.privacy.reviews import review_open_on_withdrawal

    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("The withdrawal date cannot be in the future.")})
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("The withdrawal cannot be before the consent was given.")}
        )
    with transaction.atomic():
        consent = CONSENT.update(
            actor=actor, record=consent, version=version, withdrawn_on=withdrawn_on
        )
        if consent.purpose == ConsentPurpose.CASE_MANAGEMENT:
            review_open_on_withdrawal(actor=actor, mentee=consent.mentee)
    return consent


@transaction.atomic
def mentee_export_record(*, actor: User, mentee: Mentee) -> None:
    """Audit a data-subject access export (Art. 15/20 GDPR) of the whole case file."""
    require_project(actor, mentee.project_id)
    audit_record(actor=actor, action=AuditAction.EXPORT, obj=mentee, mentee=mentee)


def mentee_view_record(*, actor: User, mentee: Mentee) -> None:
    """Audit that ``actor`` looked at the mentee's record."""
    audit_record(actor=actor, action=AuditAction.VIEW, obj=mentee, mentee=mentee)
