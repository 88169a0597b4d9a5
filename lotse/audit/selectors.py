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

from django.db.models import Q, QuerySet
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
        qs = qs.filter(
            Q(mentee_id=f.mentee_id)
            | Q(pk__in=AuditSubject.objects.filter(mentee_id=f.mentee_id).values("event_id"))
        )
    if f.project_id is not None:
        qs = qs.filter(project_id=f.project_id)
    if f.date_from is not None:
        qs = qs.filter(occurred_at__gte=_start_of(f.date_from))
    if f.date_until is not None:
        qs = qs.filter(occurred_at__lt=_start_of(f.date_until + datetime.timedelta(days=1)))
    return qs


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the site's time zone (keeps the time index usable)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_object_types() -> list[str]:
    """The object types that occur in the trail, for the filter's choices (one query)."""
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )


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
