"""Retention: how long each kind of record is kept, and the run that anonymises what is due.

The rules are data (``RULES``), each with its reason; ``docs/privacy.md`` shows them as a
table. A **legal hold** on a mentee (``LegalHold``: a lawsuit, an audit of the funder) stops
every rule for that mentee until it is lifted or its end date has passed. ``due()`` lists what
is due (the dry run the data protection officer sees); ``retention_apply`` anonymises it, one
mentee per transaction, asking ``should_stop`` before each: run it again after an interruption
and it finishes the rest — what is done no longer shows up as due.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.cases.models import Mentee, Participation
from lotse.lib.dates import add_months
from lotse.lib.stopping import Stopped
from lotse.privacy.erasure import erase_mentee
from lotse.privacy.models import LegalHold

#: Years a case file is kept after the end of the year in which the funding period of the
#: person's last stay ended (ESF Plus: Art. 82 Regulation (EU) 2021/1060, five years from
#: 31 December of the year of the last payment; the grant notice may ask for longer).
CASE_FILE_YEARS = 5
#: Months the free text of the accompaniment is kept after the end of the last stay (the
#: follow-ups after a placement are asked within twelve months).
FREE_TEXT_MONTHS = 12

CASE_FILE, FREE_TEXT = "case_file", "free_text"


@dataclass(frozen=True)
class Rule:
    key: str
    records: Promise
    kept: Promise
    reason: Promise
    applied: bool = True  # False: documented here, applied elsewhere or not by this run


RULES: tuple[Rule, ...] = (
    Rule(
        FREE_TEXT,
        _(
            "Free text of the accompaniment: notes of the case file, journal, appointments, "
            "tasks, agreement, applications, follow-ups and services aimed at the mentee"
        ),
        _("12 months after the end of the last stay"),
        _(
            "Needed for the accompaniment and the after-care only; the figures use dates and "
            "durations, not notes (Art. 5(1)(c) and (e) GDPR)."
        ),
    ),
    Rule(
        CASE_FILE,
        _(
            "The case file: person, profile, residence status, reference numbers, consents, "
            "journal, applications, placements (anonymised, the figures stay)"
        ),
        _(
            "until the end of the fifth year after the year in which the funding period of "
            "the last stay ended"
        ),
        _(
            "The funder's retention duty for the evidence of participants (ESF Plus: Art. 82 "
            "Regulation (EU) 2021/1060; the grant notice). Consent records are kept with the "
            "file as proof of the consent (Art. 7(1) GDPR)."
        ),
    ),
    Rule(
        "audit_trail",
        _("Audit trail"),
        _("as long as the case files; the person's id is replaced by a pseudonym at erasure"),
        _("Proof of who accessed and changed personal data (Art. 5(2), 32 GDPR)."),
        applied=False,
    ),
    Rule(
        "documents",
        _("Uploaded documents"),
        _("with the case file (rules of their own follow with the documents)"),
        _("As the case file."),
        applied=False,
    ),
)
RULE = {rule.key: rule for rule in RULES}

#: Free text removed by the free-text rule: (model, lookup to the mentee, fields).
FREE_TEXT_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("cases.Mentee", "pk", ("notes", "childcare_constraint", "referrer_note")),
    ("journal.JournalEntry", "mentee", ("notes",)),
    ("journal.Appointment", "mentee", ("notes",)),
    ("journal.Task", "mentee", ("notes",)),
    ("journal.IntegrationAgreement", "mentee", ("notes",)),
    ("placements.Application", "mentee", ("note",)),
    ("placements.ApplicationStageChange", "application__mentee", ("reason",)),
    ("placements.FollowUp", "placement__mentee", ("note",)),
    ("employers.EmployerService", "mentee", ("notes",)),
)


@dataclass(frozen=True)
class Due:
    rule: Rule
    mentee_pk: int
    public_id: UUID
    project_id: int
    last_exit: datetime.date
    due_on: datetime.date
    held: bool


def case_file_due_on(last_exit: datetime.date, funding_end: datetime.date | None) -> datetime.date:
    """The first day after the retention of a case file whose last stay ended on
    ``last_exit`` (in a funding period ending on ``funding_end``, if any)."""
    end = funding_end or last_exit
    return datetime.date(end.year + CASE_FILE_YEARS + 1, 1, 1)


def _with_free_text() -> set[int]:
    """The mentees about whom some free text of ``FREE_TEXT_FIELDS`` is stored."""
    ids: set[int] = set()
    for label, lookup, fields in FREE_TEXT_FIELDS:
        model = apps.get_model(label)
        condition = Q()
        for name in fields:
            condition |= ~Q(**{name: ""})
        ids |= set(model._base_manager.filter(condition).values_list(lookup, flat=True))
    return ids


def active_holds(today: datetime.date | None = None) -> QuerySet[LegalHold]:
    today = today or timezone.localdate()
    return LegalHold.objects.filter(lifted_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )


def due(today: datetime.date | None = None, *, project_ids: Any = None) -> list[Due]:
    """Everything due on ``today`` (default: today), oldest first; held items are listed with
    ``held=True`` and are not applied. ``project_ids`` limits the list (a project lead's)."""
    from lotse.reporting.models import FundingPeriod

    today = today or timezone.localdate()
    open_stay = Participation.objects.filter(mentee=OuterRef("pk"), exit_date__isnull=True)
    mentees = (
        Mentee.objects.filter(erased_at__isnull=True)
        .filter(~Exists(open_stay))
        .annotate(last_exit=Max("participations__exit_date"))
    )
    if project_ids is not None:
        mentees = mentees.filter(project_id__in=project_ids)
    periods = list(FundingPeriod.objects.order_by("start").values_list("start", "end"))
    held = set(active_holds(today).values_list("mentee_id", flat=True))
    texts = _with_free_text()
    items = []
    for pk, public_id, project_id, last_exit, created_at in mentees.values_list(
        "pk", "public_id", "project_id", "last_exit", "created_at"
    ):
        last = last_exit or timezone.localtime(created_at).date()
        funding_end = max((e for s, e in periods if s <= last <= e), default=None)
        case_due = case_file_due_on(last, funding_end)
        text_due = add_months(last, FREE_TEXT_MONTHS)
        if case_due <= today:
            rule, due_on = RULE[CASE_FILE], case_due
        elif text_due <= today and pk in texts:
            rule, due_on = RULE[FREE_TEXT], text_due
        else:
            continue
        items.append(Due(rule, pk, public_id, project_id, last, due_on, pk in held))
    return sorted(items, key=lambda d: (d.due_on, d.mentee_pk))


def free_text_remove(*, mentee_pk: int) -> None:
    """Empty the free text of ``FREE_TEXT_FIELDS`` about one mentee, with an audit row."""
    with transaction.atomic():
        mentee = Mentee.objects.select_for_update().get(pk=mentee_pk)
        for label, lookup, fields in FREE_TEXT_FIELDS:
            model = apps.get_model(label)
            model._base_manager.filter(**{lookup: mentee_pk}).update(**dict.fromkeys(fields, ""))
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=mentee,
            mentee=mentee,
            changes={"free_text_removed": [None, True]},
            reason="retention",
        )


def retention_apply(
    *,
    today: datetime.date | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int, Due], None] | None = None,
) -> dict[str, int]:
    """Apply every rule that is due and not held; returns the counts. Each mentee is one
    transaction; ``should_stop`` is asked before each and, when it answers yes, the run ends
    with :class:`Stopped` (what is done stays done, a new run does the rest)."""
    items = due(today)
    counts = {CASE_FILE: 0, FREE_TEXT: 0, "held": sum(item.held for item in items)}
    work = [item for item in items if not item.held]
    for n, item in enumerate(work, start=1):
        if should_stop():
            raise Stopped(counts)
        if item.rule.key == CASE_FILE:
            try:
                erase_mentee(actor=None, mentee=Mentee(pk=item.mentee_pk), reason="retention")
            except ValidationError:  # a legal hold set since the list was made
                counts["held"] += 1
                continue
        else:
            free_text_remove(mentee_pk=item.mentee_pk)
        counts[item.rule.key] += 1
        if progress is not None:
            progress(n, len(work), item)
    return counts


# --- Legal holds ------------------------------------------------------------------------------


def legal_hold_set(
    *, actor: Any, mentee: Mentee, reason: str, until: datetime.date | None = None
) -> LegalHold:
    """Stop retention for ``mentee`` (found through a selector the actor may use)."""
    with transaction.atomic():
        hold = LegalHold(mentee=mentee, reason=reason, until=until, set_by=actor)
        hold.full_clean()
        hold.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=hold,
            mentee=mentee,
            changes={"until": [None, until]},
        )
        return hold


def legal_hold_lift(*, actor: Any, hold: LegalHold) -> LegalHold:
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().select_related("mentee").get(pk=hold.pk)
        if hold.lifted_at is None:
            hold.lifted_at = timezone.now()
            hold.lifted_by = actor
            hold.save(update_fields=["lifted_at", "lifted_by"])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=hold,
                mentee=hold.mentee,
                changes={"lifted_at": [None, hold.lifted_at]},
            )
        return hold
