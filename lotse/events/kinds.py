"""The group event and the invitation as record kinds of the core (``lotse.lib.records``):
their services check the project and the version and write the audit row like every other
record's. The staff and employers (many-to-many) are set by ``services.event_save`` around
them."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotse.events.models import GroupEvent, Invitation
from lotse.lib.records import RecordKind

EVENT_FIELDS = ("kind", "title", "date", "starts_at", "ends_at", "place", "district", "cancelled")


def _created_by(actor: Any) -> dict[str, Any]:
    return {"created_by": actor if getattr(actor, "is_authenticated", False) else None}


def _invited_by(actor: Any) -> dict[str, Any]:
    return {"invited_by": actor if getattr(actor, "is_authenticated", False) else None}


def _duration(event: GroupEvent, changed: set[str]) -> None:
    """The duration in minutes from the start and end time (same day)."""
    if event.starts_at and event.ends_at and event.ends_at > event.starts_at:
        start = event.starts_at.hour * 60 + event.starts_at.minute
        end = event.ends_at.hour * 60 + event.ends_at.minute
        event.duration_minutes = end - start


GROUP_EVENT: RecordKind[GroupEvent] = RecordKind(
    slug="events",
    model=GroupEvent,
    fields=EVENT_FIELDS,
    parent="project",
    project_of=lambda event: event.project_id,
    audit_of=lambda event: {"project_id": event.project_id},
    audited=("duration_minutes",),
    defaults=_created_by,
    prepare=_duration,
    title=_("group event"),
    created=_("The group event has been created."),
    saved=_("The group event has been saved."),
    deleted=_("The group event has been deleted."),
)

INVITATION: RecordKind[Invitation] = RecordKind(
    slug="invitations",
    model=Invitation,
    fields=("mentee", "attendance"),
    parent="event",
    project_of=lambda invitation: invitation.event.project_id,
    audit_of=lambda invitation: {
        "mentee": invitation.mentee,
        "project_id": invitation.event.project_id,
    },
    defaults=_invited_by,
    title=_("invitation"),
    deleted=_("The invitation has been withdrawn."),
)
