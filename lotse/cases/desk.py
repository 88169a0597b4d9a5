"""The project lead's desk: per mentor of a project, the caseload and what needs attention.

Only counts per mentor: no mentee is named, so the desk writes no view row of its own; the lists
it links to (the mentee list filtered by mentor) are the pages that show people and audit that.
Every figure is one grouped query over the project, so the desk costs the same few queries for
five mentors or fifty.
"""

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import lead_project_ids_for
from lotse.cases.models import Mentee, MenteeStatus, TransferRequest, TransferStatus

#: "Without contact" means no journal contact within this many days.
NO_CONTACT_DAYS = 30


@dataclasses.dataclass
class MentorRow:
    """One line of the desk; ``mentor`` is None for the project's mentees without a mentor."""

    mentor: User | None
    active_cases: int = 0
    without_contact: int = 0
    overdue_steps: int = 0
    overdue_tasks: int = 0
    placements_this_year: int = 0
    open_applications: int = 0

    @property
    def needs_attention(self) -> bool:
        return bool(self.without_contact or self.overdue_steps or self.overdue_tasks)


@dataclasses.dataclass
class Desk:
    project: Project
    rows: list[MentorRow]
    today: datetime.date
    transfers_waiting: int = 0
    no_contact_days: int = NO_CONTACT_DAYS

    @property
    def total(self) -> MentorRow:
        total = MentorRow(mentor=None)
        for field in dataclasses.fields(MentorRow):
            if field.name != "mentor":
                setattr(total, field.name, sum(getattr(row, field.name) for row in self.rows))
        return total


def lead_projects(user: User) -> QuerySet[Project]:
    return Project.objects.filter(pk__in=lead_project_ids_for(user)).order_by("name")


def desk_for(user: User, project: Project, today: datetime.date | None = None) -> Desk:
    """The desk of ``project``; only its leads may see it (404 for everyone else)."""
    from lotse.journal.models import AgreementStep, JournalEntry, StepStatus, Task
    from lotse.placements.models import Application, Placement
    from lotse.placements.stages import OPEN_STAGES

    if project.pk not in lead_project_ids_for(user):
        raise Http404
    today = today or timezone.localdate()
    current = Mentee.objects.filter(project=project).exclude(status=MenteeStatus.EXITED)
    since = timezone.now() - datetime.timedelta(days=NO_CONTACT_DAYS)
    recent_contact = JournalEntry.objects.filter(mentee=OuterRef("pk"), occurred_at__gte=since)
    counts: dict[str, dict[Any, int]] = {
        "active_cases": _by(current, "mentor"),
        "without_contact": _by(current.exclude(Exists(recent_contact)), "mentor"),
        "overdue_steps": _by(
            AgreementStep.objects.filter(
                mentee__in=current, status=StepStatus.OPEN, due_date__lt=today
            ),
            "mentee__mentor",
        ),
        "overdue_tasks": _by(
            Task.objects.filter(mentee__in=current, done_at__isnull=True, due_date__lt=today),
            "assignee",
        ),
        "placements_this_year": _by(
            Placement.objects.filter(mentee__project=project, start_date__year=today.year),
            "mentee__mentor",
        ),
        "open_applications": _by(
            Application.objects.filter(mentee__in=current, stage__in=OPEN_STAGES),
            "mentee__mentor",
        ),
    }
    mentors = list(
        User.objects.filter(memberships__project=project, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    known = {mentor.pk for mentor in mentors}
    # Someone who left the project may still carry cases or tasks there: they stay visible.
    others = {key for figures in counts.values() for key in figures if key and key not in known}
    mentors += list(User.objects.filter(pk__in=others).order_by("last_name", "first_name"))
    rows = [_row(mentor, mentor.pk, counts) for mentor in mentors]
    unassigned = _row(None, None, counts)
    if any(getattr(unassigned, name) for name in counts):
        rows.append(unassigned)
    waiting = TransferRequest.objects.filter(from_project=project, status=TransferStatus.OPEN)
    return Desk(project=project, rows=rows, today=today, transfers_waiting=waiting.count())


def _by(queryset: QuerySet, field: str) -> dict[Any, int]:
    grouped: Iterable[dict[str, Any]] = queryset.order_by().values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in grouped}


def _row(mentor: User | None, key: Any, counts: dict[str, dict[Any, int]]) -> MentorRow:
    return MentorRow(
        mentor=mentor, **{name: figures.get(key, 0) for name, figures in counts.items()}
    )
