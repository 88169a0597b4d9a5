"""The journal's daily reminders: residence documents that expire and agreed steps that are due
(the ``create_reminders`` command and task call :func:`reminders_create`)."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lotse.journal.automatic import (
    AgreementStepSource,
    DocumentExpirySource,
    ResidenceDocumentSource,
    close_stale_reminders,
    ensure_task,
    existing,
)
from lotse.journal.models import AgreementStep, StepStatus
from lotse.lib.stopping import Stopped

__all__ = ["Stopped", "reminders_create"]

RESIDENCE_REMINDER_LEAD = datetime.timedelta(weeks=4)
STEP_REMINDER_LEAD = datetime.timedelta(days=7)
CHUNK = 500


def reminders_create(
    *,
    today: datetime.date | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> dict[str, int]:
    """Create the automatic reminders that are due on ``today`` (default: the local date).

    - A residence document (the mentee's newest ``ResidenceStatus``) whose ``valid_until`` is at
      most 4 weeks away, or already past: one task per document and expiry date.
    - A document on the case file (``documents.Document``, not one that proves a residence
      status) whose ``expires_on`` is at most 4 weeks away or past: one task per document and
      expiry date.
    - An open agreed step due within a week, or overdue: one task per step and due date.

    Only mentees who have not exited get reminders; the task goes to the mentee's mentor. The
    function is idempotent and safe to run twice at the same time (see
    :func:`lotse.journal.automatic.ensure_task`).

    Open reminders that no longer apply are marked done: the document was replaced by a newer
    one or its expiry date changed, the step was done, dropped, deleted or got a new due date.

    Returns how many tasks were created per kind, and how many were ``closed``. Every task is
    written in its own transaction; ``should_stop`` is asked between chunks of 500 documents
    and, when it answers yes, the run ends with :class:`Stopped` (what is written stays).
    """
    from lotse.cases.models import MenteeStatus, ResidenceStatus

    today = today or timezone.localdate()
    created = {"permit_expiry": 0, "document_expiry": 0, "agreement_step": 0, "closed": 0}

    newer = ResidenceStatus.objects.filter(
        mentee_id=models.OuterRef("mentee_id"), valid_from__gt=models.OuterRef("valid_from")
    )
    documents = (
        ResidenceStatus.objects.filter(
            valid_until__isnull=False,
            valid_until__lte=today + RESIDENCE_REMINDER_LEAD,
            valid_until__gte=today - RESIDENCE_REMINDER_LEAD,
        )
        .exclude(mentee__status=MenteeStatus.EXITED)
        .exclude(models.Exists(newer))
        .select_related("mentee__mentor", "title")
        .order_by("pk")
    )
    _ensure_all(
        documents,
        ResidenceDocumentSource,
        lambda d: {
            "title": lambda: (
                _("%(title)s expires on %(date)s: plan the extension")
                % {"title": d.title, "date": date_format(d.valid_until, "SHORT_DATE_FORMAT")}
            ),
            "due_date": max(today, d.valid_until - RESIDENCE_REMINDER_LEAD),
        },
        created,
        "permit_expiry",
        should_stop,
    )

    # Documents on the case file with an expiry date, except those that prove a residence
    # status (the status has its own reminder above).
    from lotse.documents.models import Document

    expiring = (
        Document.objects.filter(
            expires_on__isnull=False,
            expires_on__lte=today + RESIDENCE_REMINDER_LEAD,
            expires_on__gte=today - RESIDENCE_REMINDER_LEAD,
            residence_status__isnull=True,
        )
        .exclude(mentee__status=MenteeStatus.EXITED)
        .select_related("mentee__mentor")
        .order_by("pk")
    )
    _ensure_all(
        expiring,
        DocumentExpirySource,
        lambda d: {
            "title": _("%(kind)s expires on %(date)s: plan a new one")
            % {"kind": d.get_kind_display(), "date": d.expires_on.strftime("%d.%m.%Y")},
            "due_date": max(today, d.expires_on - RESIDENCE_REMINDER_LEAD),
        },
        created,
        "document_expiry",
        should_stop,
    )

    steps = (
        AgreementStep.objects.filter(
            status=StepStatus.OPEN,
            due_date__isnull=False,
            due_date__lte=today + STEP_REMINDER_LEAD,
        )
        .exclude(mentee__status=MenteeStatus.EXITED)
        .select_related("mentee__mentor")
        .order_by("pk")
    )
    _ensure_all(
        steps,
        AgreementStepSource,
        lambda step: {
            "title": lambda: _("Agreed step due: %(step)s") % {"step": step.description},
            "due_date": step.due_date,
        },
        created,
        "agreement_step",
        should_stop,
    )
    created["closed"] = close_stale_reminders(chunk=CHUNK)
    return created


def _ensure_all(
    rows: models.QuerySet,
    source: Callable[[Any], Any],
    task_of: Callable[[Any], dict[str, Any]],
    created: dict[str, int],
    counter: str,
    should_stop: Callable[[], bool],
) -> None:
    """Ensure the reminder of every row (a document or a step of a mentee who has not exited),
    in chunks: one query per chunk finds the reminders that exist, the others are created for
    the mentee's mentor; ``should_stop`` is asked before each chunk."""
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK), CHUNK):
        if should_stop():
            raise Stopped(created)
        sources = [(row.mentee_id, source(row)) for row in chunk]
        known = existing(sources)
        for pair, row in zip(sources, chunk, strict=True):
            if pair in known:
                continue
            _task, new = ensure_task(
                pair[1], mentee=row.mentee, assignee=row.mentee.mentor, **task_of(row)
            )
            created[counter] += int(new)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
