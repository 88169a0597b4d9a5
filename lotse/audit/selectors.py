"""Reading the audit trail. Only the data protection officer may read it.

The trail stores no names (see ``audit.services``): a row names its record by kind and public
id. Labels are resolved when someone looks, and only as far as the viewer may see the person:
:func:`resolve_labels` shows a mentee's name only to a user whose projects hold that mentee
(the scoped ``cases.selectors.mentees_for``). The data protection officer holds no project, so
the trail shows them ids, never names: to look into a complaint they ask the project for the
person's public id (the address of the mentee's page) and filter the trail by it, which finds
the rows about the person alone and the pages that showed them among others.
"""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.selectors import is_data_protection_officer
from lotse.audit.models import AuditEvent, AuditSubject


@dataclass(frozen=True)
class AuditFilter:
    """What the data protection officer narrowed the trail down to; ``None`` means any."""

    actor_id: int | None = None
    action: str = ""
    object_type: str = ""
    mentee_id: UUID | None = None
    project_id: int | None = None
    date_from: datetime.date | None = None
    date_until: datetime.date | None = None


def audit_events_for(user: User, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """The audit rows ``user`` may read, newest first, narrowed by ``filters``.

    Everyone but the data protection officer gets an empty queryset. Dates are whole days in
    the site's time zone: ``date_until`` includes that day.
    """
    if not is_data_protection_officer(user):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.select_related("actor").order_by("-occurred_at", "-id")
    f = filters or AuditFilter()
    if f.actor_id is not None:
        qs = qs.filter(actor_id=f.actor_id)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.mentee_id is not None:  # rows about the person, also as one of several people shown
        qs = qs.filter(pk__in=_rows_about(f.mentee_id))
    if f.project_id is not None:
        qs = qs.filter(project_id=f.project_id)
    if f.date_from is not None:
        qs = qs.filter(occurred_at__gte=_start_of(f.date_from))
    if f.date_until is not None:
        qs = qs.filter(occurred_at__lt=_start_of(f.date_until + datetime.timedelta(days=1)))
    return qs


def _rows_about(mentee_id: UUID) -> list[int]:
    """The keys of the rows about one person: their own and the pages that showed them, by
    the two indexes on ``mentee_id`` (one query). Asked as ``mentee_id = … OR pk IN (…)`` in
    the list's query, PostgreSQL read the whole trail in time order to find a person's few
    rows (1.2 s at 100,000 rows, ``benchmarks/germany.py``)."""
    own = AuditEvent.objects.filter(mentee_id=mentee_id).order_by().values_list("pk", flat=True)
    shown = AuditSubject.objects.filter(mentee_id=mentee_id).order_by()
    shown = shown.values_list("event_id", flat=True)
    return list(own.union(shown))


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the site's time zone (keeps the time index usable)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_object_types() -> list[str]:
    """The object types that occur in the trail, for the filter's choices (one query).

    A ``SELECT DISTINCT`` reads every row (0.4 s at 100,000 rows, seconds at millions), so the
    distinct values are found by skipping through the index on (object_type, object_id): one
    index probe per type, whatever the length of the trail."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE types(name) AS (
                SELECT MIN(object_type) FROM {table}
                UNION ALL
                SELECT (SELECT MIN(object_type) FROM {table} WHERE object_type > types.name)
                FROM types WHERE types.name IS NOT NULL
            )
            SELECT name FROM types WHERE name IS NOT NULL
            """  # noqa: S608 – the table name comes from the model, quoted by the backend
        )
        return [row[0] for row in cursor.fetchall()]


def audit_actors() -> QuerySet[User]:
    """Users who may appear as actors, for the filter's choices."""
    return User.objects.order_by("last_name", "first_name", "username")


def resolve_labels(user: User, events: list[AuditEvent]) -> None:
    """Set ``event.mentee_label`` on each of ``events``: the mentee's name if ``user`` may see
    that mentee, else ``""`` (one query at most, none for a user without projects)."""
    from lotse.accounts.selectors import project_ids_for
    from lotse.cases.selectors import mentees_for

    ids = {event.mentee_id for event in events if event.mentee_id}
    names: dict[UUID, str] = {}
    if ids and project_ids_for(user):
        names = {
            public_id: f"{first} {last}"
            for public_id, first, last in mentees_for(user)
            .filter(public_id__in=ids)
            .values_list("public_id", "first_name", "last_name")
        }
    for event in events:
        event.mentee_label = names.get(event.mentee_id, "")
