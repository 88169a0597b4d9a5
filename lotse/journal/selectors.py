"""Reads of the journal. Every function takes the acting user (or a mentee that was already
fetched through a scoped selector) and returns only what that user may see, with the related
rows the templates need already joined, so that no page runs a query per row."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import lead_project_ids_for, project_ids_for
from lotse.cases.models import Mentee, MenteeStatus, ResidenceStatus
from lotse.cases.selectors import (  # noqa: F401  (mentee_for, mentees_for: re-exported for views)
    mentee_for,
    mentees_for,
    visible_q,
)
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    CourseParticipation,
    IntegrationAgreement,
    JournalEntry,
    Referral,
    Task,
)

NO_CONTACT_DAYS = 30
EXPIRY_WARNING = datetime.timedelta(weeks=4)
START_PAGE_LIMIT = 20


def own_mentees_q(
    user: Any, prefix: str = "", lead_projects: frozenset[int] | None = None
) -> models.Q:
    """The user's own mentees: assigned to them, and for a project lead also the unassigned
    mentees of the projects they lead. ``prefix`` is the path to the mentee, e.g. "mentee__"."""
    q = models.Q(**{f"{prefix}mentor": user})
    if lead_projects is None:
        lead_projects = lead_project_ids_for(user)
    lead_projects = lead_projects & project_ids_for(user)
    if lead_projects:
        q |= models.Q(**{f"{prefix}mentor__isnull": True, f"{prefix}project_id__in": lead_projects})
    return q & visible_q(user, prefix)


def own_mentees_for(user: Any, lead_projects: frozenset[int] | None = None) -> QuerySet[Mentee]:
    return (
        Mentee.objects.filter(own_mentees_q(user, lead_projects=lead_projects))
        .exclude(status=MenteeStatus.EXITED)
        .order_by("last_name", "first_name")
    )


def _scoped(model: type[models.Model], user: Any) -> QuerySet:
    return model.objects.filter(visible_q(user, "mentee__"))


def journal_entries_for(user: Any) -> QuerySet[JournalEntry]:
    return _scoped(JournalEntry, user).select_related("interpreter_language", "author")


def appointments_for(user: Any) -> QuerySet[Appointment]:
    return _scoped(Appointment, user)


def tasks_for(user: Any) -> QuerySet[Task]:
    return _scoped(Task, user).select_related("assignee")


def agreements_for(user: Any) -> QuerySet[IntegrationAgreement]:
    return _scoped(IntegrationAgreement, user)


def agreement_steps_for(user: Any) -> QuerySet[AgreementStep]:
    return _scoped(AgreementStep, user).select_related("agreement")


def referrals_for(user: Any) -> QuerySet[Referral]:
    return _scoped(Referral, user)


def courses_for(user: Any) -> QuerySet[CourseParticipation]:
    return _scoped(CourseParticipation, user)


# --- the timeline -------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    when: datetime.datetime
    has_time: bool
    kind: str  # contact, appointment, task, referral, course, agreement, step
    label: str
    obj: Any

    @property
    def section(self) -> str:
        """The URL segment of the record's pages (``journal:edit`` and ``journal:delete``)."""
        return _SECTIONS[self.kind]


_SECTIONS = {
    "contact": "contacts",
    "appointment": "appointments",
    "task": "tasks",
    "referral": "referrals",
    "course": "courses",
    "agreement": "agreement",
    "step": "steps",
    "letter": "letters",
    "cv": "",  # a note of a CV made (``lotse.cv``): nothing to edit
}


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


TIMELINE_KINDS = (
    "contact",
    "appointment",
    "task",
    "referral",
    "course",
    "agreement",
    "step",
    "letter",
    "cv",
)


def timeline_for(
    user: Any,
    mentee: Mentee,
    *,
    limit: int,
    offset: int = 0,
    kinds: frozenset[str] | set[str] | None = None,
) -> list[TimelineItem]:
    """The mentee's journal merged by date, newest first: items ``offset`` to ``offset+limit``,
    optionally only of some ``kinds`` (see ``TIMELINE_KINDS``).

    Each source is read with one query limited to ``offset + limit`` rows, so the number of
    queries does not depend on the length of the journal (at most ten). Letters made
    (``lotse.letters``) and CVs made (``lotse.cv``) are noted here too.
    """
    wanted = set(TIMELINE_KINDS) if not kinds else set(kinds) & set(TIMELINE_KINDS)
    rows = _timeline_rows(user, mentee, offset + limit, wanted)
    return _merged(rows)[offset : offset + limit]


def _timeline_rows(user: Any, mentee: Mentee, n: int, wanted: set[str]) -> dict[str, list[Any]]:
    """Per kind of ``wanted``, the mentee's latest ``n`` rows (newest first), one query each."""
    rows: dict[str, list[Any]] = {}
    if "contact" in wanted:
        entries = journal_entries_for(user).filter(mentee=mentee).order_by("-occurred_at", "-id")
        rows["contact"] = list(entries[:n])
    if "appointment" in wanted:
        appointments = appointments_for(user).filter(mentee=mentee).order_by("-starts_at", "-id")
        rows["appointment"] = list(appointments[:n])
    if "task" in wanted:
        tasks = (
            tasks_for(user)
            .filter(mentee=mentee)
            .annotate(timeline_at=Coalesce("done_at", "created_at"))
            .order_by("-timeline_at", "-id")
        )
        rows["task"] = list(tasks[:n])
    if "referral" in wanted:
        referrals = referrals_for(user).filter(mentee=mentee).order_by("-referred_on", "-id")
        rows["referral"] = list(referrals[:n])
    if "course" in wanted:
        courses = courses_for(user).filter(mentee=mentee).order_by("-starts_on", "-id")
        rows["course"] = list(courses[:n])
    if "agreement" in wanted:
        agreements = agreements_for(user).filter(mentee=mentee).order_by("-signed_on")
        rows["agreement"] = list(agreements[:n])
    if "step" in wanted:
        steps = (
            agreement_steps_for(user)
            .filter(mentee=mentee)
            .annotate(timeline_on=Coalesce("due_date", "agreement__signed_on"))
            .order_by("-timeline_on", "-id")
        )
        rows["step"] = list(steps[:n])
    if "letter" in wanted:
        from lotse.letters.selectors import letters_for

        # The timeline shows a letter's own fields and its author: of the letters' related
        # rows only that is joined (each join more makes PostgreSQL plan the query for longer).
        letters = (
            letters_for(user)
            .select_related(None)
            .select_related("created_by")
            .filter(mentee=mentee)
            .order_by("-created_at", "-id")
        )
        rows["letter"] = list(letters[:n])
    if "cv" in wanted:
        from lotse.cv.selectors import cv_records_for  # cv → cases; the journal shows its notes

        records = cv_records_for(user).filter(mentee=mentee).order_by("-created_at", "-id")
        rows["cv"] = list(records[:n])
    return rows


def _merged(rows: dict[str, list[Any]]) -> list[TimelineItem]:
    """The rows of ``_timeline_rows`` as timeline items, newest first."""
    items: list[TimelineItem] = []
    for entry in rows.get("contact", ()):
        items.append(TimelineItem(entry.occurred_at, True, "contact", _("Contact"), entry))
    for appointment in rows.get("appointment", ()):
        items.append(
            TimelineItem(appointment.starts_at, True, "appointment", _("Appointment"), appointment)
        )
    for task in rows.get("task", ()):
        label = _("Task done") if task.done_at else _("Task")
        items.append(TimelineItem(task.timeline_at, True, "task", label, task))
    for referral in rows.get("referral", ()):
        items.append(
            TimelineItem(
                _start_of(referral.referred_on), False, "referral", _("Referral"), referral
            )
        )
    for course in rows.get("course", ()):
        items.append(
            TimelineItem(_start_of(course.starts_on), False, "course", _("Course"), course)
        )
    for agreement in rows.get("agreement", ()):
        items.append(
            TimelineItem(
                _start_of(agreement.signed_on),
                False,
                "agreement",
                _("Integration agreement"),
                agreement,
            )
        )
    for step in rows.get("step", ()):
        items.append(
            TimelineItem(_start_of(step.timeline_on), False, "step", _("Agreed step"), step)
        )
    for letter in rows.get("letter", ()):
        items.append(TimelineItem(letter.created_at, True, "letter", _("Letter"), letter))
    for record in rows.get("cv", ()):
        items.append(TimelineItem(record.created_at, True, "cv", _("CV made"), record))
    items.sort(key=lambda item: item.when, reverse=True)
    return items


@dataclass(frozen=True)
class JournalPanel:
    items: list[TimelineItem]  # the latest ``size`` items
    has_more: bool
    open_tasks: list[Task]
    agreement: IntegrationAgreement | None
    agreement_steps: list[AgreementStep]


def journal_panel_for(user: Any, mentee: Mentee, *, size: int) -> JournalPanel:
    """What the journal's section on the mentee page shows: the latest ``size`` timeline
    items, the open tasks and the integration agreement with all its steps.

    Ten queries however long the journal is (nine without an agreement): the timeline's
    sources, of which the agreement's row is also the agreement shown (one per mentee, a
    constraint) and its steps, read once for the table, also give the timeline's steps (a
    step belongs to its mentee's agreement, ``AgreementStep.clean``); and the open tasks."""
    n = size + 1
    rows = _timeline_rows(user, mentee, n, set(TIMELINE_KINDS) - {"step"})
    agreement = rows["agreement"][0] if rows["agreement"] else None
    steps: list[AgreementStep] = []
    if agreement is not None:
        steps = list(
            agreement_steps_for(user)
            .filter(mentee=mentee)
            .order_by(models.F("due_date").asc(nulls_last=True), "id")
        )
        for step in steps:  # as ``_timeline_rows`` annotates it
            step.timeline_on = step.due_date or step.agreement.signed_on
        newest = sorted(steps, key=lambda step: (step.timeline_on, step.pk), reverse=True)
        rows["step"] = newest[:n]
    items = _merged(rows)
    # Read through the user's scope: the papers section asks ``has_agreement`` after this one.
    mentee.__dict__.setdefault("_lotse_agreement", {})[user.pk] = agreement
    return JournalPanel(
        items=items[:size],
        has_more=len(items) > size,
        open_tasks=open_tasks_for(user, mentee),
        agreement=agreement,
        agreement_steps=steps,
    )


def open_tasks_for(user: Any, mentee: Mentee, *, limit: int = 50) -> list[Task]:
    tasks = list(
        tasks_for(user)
        .filter(mentee=mentee, done_at__isnull=True)
        .order_by(models.F("due_date").asc(nulls_last=True), "id")[:limit]
    )
    for task in tasks:
        task.mentee = mentee  # the template links to the mentee; no query per task
    return tasks


def has_agreement(user: Any, mentee: Mentee) -> bool:
    """Whether the mentee has an integration agreement the user may see: the agreement the
    journal's section read for this user on the same mentee page (``journal_panel_for``), or
    else one query."""
    read = mentee.__dict__.get("_lotse_agreement", {})
    if user.pk in read:
        return read[user.pk] is not None
    return agreements_for(user).filter(mentee=mentee).exists()


def agreement_for(user: Any, mentee: Mentee) -> IntegrationAgreement | None:
    return (
        agreements_for(user)
        .filter(mentee=mentee)
        .prefetch_related(
            models.Prefetch(
                "steps",
                queryset=AgreementStep.objects.order_by(
                    models.F("due_date").asc(nulls_last=True), "id"
                ),
            )
        )
        .first()
    )


# --- the mentor's start page --------------------------------------------------------------


#: The lists of "My day" that may be longer than a page (``?list=…&page=…`` shows one alone).
MY_DAY_LISTS = ("overdue_tasks", "week_tasks", "expiring_documents", "without_contact")


@dataclass
class MyDay:
    today: datetime.date
    appointments: list[Appointment]
    overdue_tasks: list[Task]
    week_tasks: list[Task]
    expiring_documents: list[ResidenceStatus]
    without_contact: list[Mentee]
    limit: int
    #: The one list shown alone and its page (None, 1: the whole page, each list's first page).
    alone: str | None = None
    page: int = 1
    #: Per list: is there a next page?
    more: dict[str, bool] = field(default_factory=dict)


def my_day_for(
    user: Any,
    *,
    today: datetime.date | None = None,
    alone: str | None = None,
    page: int = 1,
) -> MyDay:
    """What the user has to look at today, for their own mentees (see :func:`own_mentees_q`).

    Tasks are those assigned to the user, plus the unassigned tasks of their own mentees. Every
    list shows ``START_PAGE_LIMIT`` rows; ``alone`` (one of ``MY_DAY_LISTS``) computes only that
    list, at ``page``. A fixed number of queries in all (one per list, no counts: a list reads
    one row more than it shows to know whether a next page exists).
    """
    today = today or timezone.localdate()
    limit = START_PAGE_LIMIT
    if alone not in MY_DAY_LISTS:
        alone, page = None, 1
    lead_projects = lead_project_ids_for(user)
    own = own_mentees_q(user, "mentee__", lead_projects)
    not_exited = ~models.Q(mentee__status=MenteeStatus.EXITED)
    more: dict[str, bool] = {}

    def wanted(name: str) -> bool:
        return alone is None or alone == name

    def cut(name: str, rows: models.QuerySet) -> list:
        if not wanted(name):
            return []
        start = (page - 1) * limit
        found = list(rows[start : start + limit + 1])
        more[name] = len(found) > limit
        return found[:limit]

    appointments = []
    if alone is None:
        appointments = list(
            appointments_for(user)
            .filter(
                own, starts_at__gte=_start_of(today), starts_at__lt=_start_of(today + _one_day())
            )
            .select_related("mentee")
            .order_by("starts_at", "id")[:limit]
        )

    my_tasks = (
        tasks_for(user)
        .filter(models.Q(assignee=user) | (models.Q(assignee__isnull=True) & own))
        .filter(not_exited, done_at__isnull=True)
        .select_related("mentee")
    )
    overdue = cut("overdue_tasks", my_tasks.filter(due_date__lt=today).order_by("due_date", "id"))
    week = cut(
        "week_tasks",
        my_tasks.filter(
            due_date__gte=today, due_date__lte=today + datetime.timedelta(days=6)
        ).order_by("due_date", "id"),
    )

    newer = ResidenceStatus.objects.filter(
        mentee_id=models.OuterRef("mentee_id"), valid_from__gt=models.OuterRef("valid_from")
    )
    expiring = cut(
        "expiring_documents",
        ResidenceStatus.objects.filter(own, not_exited)
        .filter(valid_until__isnull=False, valid_until__lte=today + EXPIRY_WARNING)
        .exclude(models.Exists(newer))
        .select_related("mentee", "title")
        .order_by("valid_until", "id"),
    )

    last_contact = (
        JournalEntry.objects.filter(mentee_id=models.OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    cutoff = timezone.now() - datetime.timedelta(days=NO_CONTACT_DAYS)
    without_contact = cut(
        "without_contact",
        own_mentees_for(user, lead_projects)
        .annotate(last_contact=models.Subquery(last_contact))
        .filter(models.Q(last_contact__isnull=True) | models.Q(last_contact__lt=cutoff))
        .order_by(models.F("last_contact").asc(nulls_first=True), "last_name", "id"),
    )
    return MyDay(
        today, appointments, overdue, week, expiring, without_contact, limit, alone, page, more
    )


def _one_day() -> datetime.timedelta:
    return datetime.timedelta(days=1)


# --- export (Art. 15 / 20 GDPR) -----------------------------------------------------------


def _export_values(obj: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in ("id", "mentee", "agreement", "source_key"):
            continue
        value = getattr(obj, f.name)
        if f.is_relation:
            value = None if value is None else str(value)
        elif isinstance(value, datetime.date | datetime.datetime):
            value = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | float | str | list):
            value = str(value)
        out[f.name] = value
    return out


def journal_export_data(user: Any, mentee: Mentee) -> dict[str, list[dict[str, Any]]]:
    """The mentee's whole journal as JSON-safe data (no internal keys), for the access export.
    ``mentee`` must come from a scoped selector; eight queries however long the journal."""
    agreements = list(
        agreements_for(user).filter(mentee=mentee).prefetch_related("steps").order_by("signed_on")
    )
    return {
        "contacts": [
            _export_values(e)
            for e in journal_entries_for(user).filter(mentee=mentee).order_by("occurred_at")
        ],
        "appointments": [
            _export_values(a)
            for a in appointments_for(user).filter(mentee=mentee).order_by("starts_at")
        ],
        "tasks": [
            _export_values(t)
            for t in tasks_for(user)
            .filter(mentee=mentee)
            .select_related("done_by", "created_by")
            .order_by("created_at")
        ],
        "integration_agreements": [
            dict(_export_values(a), steps=[_export_values(s) for s in a.steps.all()])
            for a in agreements
        ],
        "referrals": [
            _export_values(r)
            for r in referrals_for(user).filter(mentee=mentee).order_by("referred_on")
        ],
        "courses": [
            _export_values(c) for c in courses_for(user).filter(mentee=mentee).order_by("starts_on")
        ],
    }
