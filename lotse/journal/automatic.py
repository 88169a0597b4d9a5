"""Automatic journal tasks, one per mentee and typed source.

Other apps (and the journal's own reminders) never build or query ``Task.source_key`` strings;
they name the reason for the task with one of the source types below::

    from lotse.journal.automatic import FollowUpSource, close_task, ensure_task

    task, created = ensure_task(
        FollowUpSource(placement, 3),
        mentee=placement.mentee,
        title=lambda: _("Follow-up 3 months after the placement"),  # or a str
        due_date=date(2027, 3, 1),      # or None
        assignee=mentee.mentor,         # a User or None
        actor=None,                     # optional: who caused it (None = the system)
    )
    close_task(FollowUpSource(placement, 3), mentee=placement.mentee, actor=user)

The title is stored in the assignee's language (``User.language``, else the default): pass a
callable that builds it, and ``ensure_task`` calls it with that language active.

``ensure_task`` is idempotent: a second call for the same mentee and source returns the existing
task (done or not) and changes nothing, also when two processes call it at the same time (the
database's unique constraint decides; the loser returns the winner's task). The source decides
the task's kind.

The key format is stored in the database (``Task.source_key``) and must not change:

- ``journal:residence:<residence status pk>:<valid until>``
- ``journal:agreement-step:<step public id>:<due date>``
- ``placements:<placement public id>:follow-up-<months>``
- ``placements:<application public id>:start-<planned start>``
- ``match:<vacancy public id>``
- ``documents:<document public id>:<expires on>``

A residence document or a step whose date changed is a new source (a new reminder);
``close_task`` closes the open tasks of the document or step whatever their date.
"""

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import translation

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.journal.models import AgreementStep, StepStatus, Task, TaskKind


@dataclass(frozen=True)
class ResidenceDocumentSource:
    """The mentee's residence document (``cases.ResidenceStatus``) expires."""

    status: Any
    kind: ClassVar[str] = TaskKind.PERMIT_EXPIRY

    @property
    def key(self) -> str:
        return f"{self.prefix}{self.status.valid_until}"

    @property
    def prefix(self) -> str:
        return f"journal:residence:{self.status.pk}:"


@dataclass(frozen=True)
class DocumentExpirySource:
    """A document on the case file (``documents.Document``) expires."""

    document: Any
    kind: ClassVar[str] = TaskKind.DOCUMENT_EXPIRY

    @property
    def key(self) -> str:
        return f"{self.prefix}{self.document.expires_on}"

    @property
    def prefix(self) -> str:
        return f"documents:{self.document.public_id}:"


@dataclass(frozen=True)
class AgreementStepSource:
    """A step of the integration agreement is due."""

    step: AgreementStep
    kind: ClassVar[str] = TaskKind.AGREEMENT_STEP

    @property
    def key(self) -> str:
        return f"{self.prefix}{self.step.due_date}"

    @property
    def prefix(self) -> str:
        return f"journal:agreement-step:{self.step.public_id}:"


@dataclass(frozen=True)
class FollowUpSource:
    """The follow-up ``months`` after the start of a placement (``placements.Placement``)."""

    placement: Any
    months: int
    kind: ClassVar[str] = TaskKind.FOLLOW_UP

    @property
    def key(self) -> str:
        return f"placements:{self.placement.public_id}:follow-up-{self.months}"

    prefix = None  # one key per placement and month, no date in it


@dataclass(frozen=True)
class PlannedStartSource:
    """The planned first working day of a signed contract (``placements.Application``)."""

    application: Any
    kind: ClassVar[str] = TaskKind.PLANNED_START

    @property
    def key(self) -> str:
        return f"{self.prefix}{self.application.planned_start}"

    @property
    def prefix(self) -> str:
        return f"placements:{self.application.public_id}:start-"


@dataclass(frozen=True)
class StrongMatchSource:
    """A vacancy (``employers.Vacancy``) is a new strong match for the mentee."""

    vacancy: Any
    kind: ClassVar[str] = TaskKind.NEW_MATCH

    @property
    def key(self) -> str:
        return f"match:{self.vacancy.public_id}"

    prefix = None  # one key per vacancy


TaskSource = (
    ResidenceDocumentSource
    | DocumentExpirySource
    | AgreementStepSource
    | FollowUpSource
    | PlannedStartSource
    | StrongMatchSource
)


def _mentee_id(mentee: Any) -> int:
    return mentee if isinstance(mentee, int) else mentee.pk


def _of_source(source: TaskSource) -> models.Q:
    """The tasks of ``source``, for a document or a step whatever the date in their key."""
    if source.prefix is None:
        return models.Q(source_key=source.key)
    return models.Q(source_key__startswith=source.prefix)


def task_for(source: TaskSource, *, mentee: Any) -> Task | None:
    """The mentee's task for exactly this source (done or not), if there is one."""
    return Task.objects.filter(mentee_id=_mentee_id(mentee), source_key=source.key).first()


def title_in_language_of(user: Any, title: str | Callable[[], str]) -> str:
    """``title`` (a string, a lazy string or a callable building it) in ``user``'s language."""
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return str(title() if callable(title) else title)


def ensure_task(
    source: TaskSource,
    *,
    mentee: Any,
    title: str | Callable[[], str],
    due_date: Any,
    assignee: Any = None,
    actor: Any = None,
) -> tuple[Task, bool]:
    """The mentee's task for ``source``, created (with its audit row) if there is none yet;
    the second value says whether it is new. See the module docstring."""
    key = source.key
    with transaction.atomic():
        existing = task_for(source, mentee=mentee)
        if existing is not None:
            return existing, False
        task = Task(
            mentee=mentee,
            kind=source.kind,
            source_key=key,
            title=title_in_language_of(assignee, title)[:200],
            due_date=due_date,
            assignee=assignee,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # The unique constraint is checked by the database: a concurrent run that inserted the
        # same key first makes our insert fail, and we return its task instead.
        task.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                task.save()
        except IntegrityError:
            return Task.objects.get(mentee=mentee, source_key=key), False
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=task,
            mentee=mentee,
            changes={"kind": str(source.kind), "source_key": key, "due_date": due_date},
        )
        return task, True


def close_task(source: TaskSource, *, mentee: Any, actor: Any = None) -> int:
    """Mark the mentee's open tasks of ``source`` done (for a residence document or a step
    whatever date they were created for); returns how many."""
    from lotse.journal.services import task_complete

    tasks = Task.objects.filter(_of_source(source), mentee_id=_mentee_id(mentee), done_at=None)
    closed = 0
    for task in tasks.order_by("pk"):
        task_complete(actor=actor, task=task)
        closed += 1
    return closed


def existing(pairs: Iterable[tuple[Any, TaskSource]]) -> set[tuple[int, TaskSource]]:
    """Which of these ``(mentee or mentee id, source)`` pairs have a task already, in one
    query, so a daily run over a large programme does not ask once per source."""
    by_key = {(_mentee_id(mentee), source.key): source for mentee, source in pairs}
    if not by_key:
        return set()
    rows = Task.objects.filter(
        mentee_id__in={m for m, _ in by_key}, source_key__in={k for _, k in by_key}
    ).values_list("mentee_id", "source_key")
    return {
        (mentee_id, by_key[(mentee_id, key)])
        for mentee_id, key in rows
        if (mentee_id, key) in by_key
    }


_RESIDENCE = re.compile(r"journal:residence:(\d+):.+")
_STEP = re.compile(r"journal:agreement-step:([0-9a-f-]{36}):.+")


def close_stale_reminders(*, chunk: int = 500) -> int:
    """Mark the journal's open reminders done whose reason is gone: the residence document was
    replaced by a newer one, deleted or got another expiry date; the step was done, dropped,
    deleted or got another due date. Returns how many."""
    from lotse.cases.models import ResidenceStatus
    from lotse.journal.services import task_complete

    newer = ResidenceStatus.objects.filter(
        mentee_id=models.OuterRef("mentee_id"), valid_from__gt=models.OuterRef("valid_from")
    )
    open_reminders = Task.objects.filter(
        done_at__isnull=True,
        kind__in=[TaskKind.PERMIT_EXPIRY, TaskKind.AGREEMENT_STEP],
        source_key__startswith="journal:",
    ).order_by("pk")
    closed, last_pk = 0, 0
    while tasks := list(open_reminders.filter(pk__gt=last_pk)[:chunk]):
        last_pk = tasks[-1].pk
        reminders: list[Task] = []
        document_ids, step_ids = set(), set()
        for task in tasks:
            if match := _RESIDENCE.fullmatch(task.source_key):
                document_ids.add(int(match[1]))
            elif (match := _STEP.fullmatch(task.source_key)) and _is_uuid(match[1]):
                step_ids.add(match[1])
            else:
                continue  # not a key of the journal's reminders: leave it alone
            reminders.append(task)
        current = {
            ResidenceDocumentSource(document).key
            for document in ResidenceStatus.objects.filter(pk__in=document_ids).exclude(
                models.Exists(newer)
            )
        } | {
            AgreementStepSource(step).key
            for step in AgreementStep.objects.filter(public_id__in=step_ids, status=StepStatus.OPEN)
        }
        for task in reminders:
            if task.source_key not in current:
                task_complete(actor=None, task=task)
                closed += 1
    return closed


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
