"""Reading the audit trail. Only the data protection officer may read it."""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.selectors import is_data_protection_officer
from lotse.audit.models import AuditEvent


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
    if f.mentee_id is not None:
        qs = qs.filter(mentee_id=f.mentee_id)
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
