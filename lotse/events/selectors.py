"""Reads of group events, scoped to the user's projects like every read of personal data.

An event is a record of its project; its invitees are shown only when the reader may see the
mentee (``cases.selectors.visible_q``: a mentee whose processing is restricted is seen by the
project's leads only)."""

from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import project_ids_for
from lotse.cases.models import Mentee
from lotse.cases.selectors import mentees_for, search_names, visible_q
from lotse.events.models import Attendance, GroupEvent, Invitation
from lotse.lib.exports import model_values

SEARCH_LIMIT = 50


def events_for(user: User) -> QuerySet[GroupEvent]:
    """Events of the user's projects (none for coordinators, officers, administrators)."""
    return GroupEvent.objects.filter(project_id__in=project_ids_for(user)).select_related(
        "project", "district"
    )


def event_for(user: User, public_id: UUID | str) -> GroupEvent:
    """The event with this public id if the user works in its project; 404 otherwise."""
    return get_object_or_404(
        events_for(user).prefetch_related("staff", "employers"), public_id=public_id
    )


def event_list(user: User, project: Project | None = None) -> tuple[list, list]:
    """(upcoming, past) events of the user's projects (or of ``project``), with the number of
    invitees and of those who attended. Two queries."""
    qs = events_for(user).annotate(
        invited=Count("invitations"),
        attended=Count("invitations", filter=Q(invitations__attendance=Attendance.ATTENDED)),
    )
    if project is not None:
        qs = qs.filter(project=project)
    today = timezone.localdate()
    upcoming = list(qs.filter(date__gte=today).order_by("date", "starts_at", "pk"))
    past = list(qs.filter(date__lt=today).order_by("-date", "-starts_at", "-pk")[:200])
    return upcoming, past


def invitations_for(user: User) -> QuerySet[Invitation]:
    """Invitations of events in the user's projects whose mentee the user may see."""
    return Invitation.objects.filter(
        visible_q(user, "mentee__"), event__project_id__in=project_ids_for(user)
    ).select_related("mentee", "event")


def event_invitations(user: User, event: GroupEvent) -> list[Invitation]:
    """The invitees of ``event`` the user may see, by name (one query)."""
    return list(
        invitations_for(user)
        .filter(event=event)
        .order_by("mentee__last_name", "mentee__first_name", "pk")
    )


def hidden_invitation_count(user: User, event: GroupEvent, shown: int) -> int:
    """How many invitees of ``event`` the user may not see (restricted processing)."""
    return max(0, Invitation.objects.filter(event=event).count() - shown)


def invitable_mentees(
    user: User, event: GroupEvent, query: str = "", ids: list[UUID] | None = None
) -> list[Mentee]:
    """Mentees of the event's project the user may see, not yet invited, matching ``query``
    (``cases.selectors.search_names``: each word in a name or a reference number), at most
    ``SEARCH_LIMIT``; with ``ids``, those of them with these public ids (a form's ticked
    boxes)."""
    qs = (
        mentees_for(user)
        .filter(project_id=event.project_id)
        .exclude(event_invitations__event=event)
        .order_by("last_name", "first_name", "pk")
    )
    if ids is not None:
        return list(qs.filter(public_id__in=ids))
    return list(search_names(qs, query)[:SEARCH_LIMIT])


def mentee_invitations(user: User, mentee: Mentee) -> list[Invitation]:
    """The mentee's invitations (any event of the user's projects), newest event first."""
    return list(
        invitations_for(user)
        .filter(mentee=mentee)
        .select_related("event__project")
        .order_by("-event__date", "-event__starts_at", "-pk")
    )


def invitations_export_data(user: User, mentee: Mentee) -> list[dict[str, Any]]:
    """The mentee's invitations for the access export, each with the event's data (not its
    other invitees)."""
    rows = []
    for invitation in reversed(mentee_invitations(user, mentee)):
        event = invitation.event
        rows.append(
            {
                **model_values(invitation, skip=("event",)),
                "event": model_values(
                    event, skip=("project", "created_by", "district", "cancelled")
                )
                | {"project": event.project.name, "cancelled": event.cancelled},
            }
        )
    return rows
