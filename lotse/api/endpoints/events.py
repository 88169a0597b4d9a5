"""Group events of your projects with their invitations, and the attendance recorded
afterwards. Read through ``events.selectors`` (another project's event, and any event for
coordinators, data protection officers and administrators, is a 404), written through
``events.services.attendance_record`` with the invitation's version. The invitees are shown as
on the event page: only those you may see, each by the mentee's public id."""

import datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from lotse.api.base import PageQuery, if_match, page, problems, set_etag
from lotse.audit.services import note_shown
from lotse.events import selectors, services
from lotse.events.models import Attendance, GroupEvent, Invitation
from lotse.lib.concurrency import StaleRecordError

router = Router(tags=["group events"])

AttendanceCode = Literal[tuple(Attendance.values)]  # type: ignore[valid-type]

#: Times of day without an offset, as on the event page (JSON Schema's "time" needs one).
LOCAL_TIME = "HH:MM in the project's local time (Europe/Berlin)."


class EventOut(Schema):
    id: UUID
    version: int
    kind: str
    title: str
    date: datetime.date
    starts_at: str = Field(
        pattern=r"^[0-2][0-9]:[0-5][0-9]$", examples=["10:00"], description=LOCAL_TIME
    )
    ends_at: str = Field(
        pattern=r"^[0-2][0-9]:[0-5][0-9]$", examples=["12:30"], description=LOCAL_TIME
    )
    duration_minutes: int
    place: str
    district: str | None = Field(description="District key (AGS).")
    cancelled: bool
    staff_count: int
    invitation_count: int = Field(description="All invitees, also those you may not see.")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class InvitationOut(Schema):
    id: UUID
    version: int
    event: UUID
    mentee: UUID
    attendance: str = Field(description="attended, excused, absent or empty: not recorded yet.")


class EventDetailOut(EventOut):
    invitations: list[InvitationOut] = Field(description="The invitees you may see.")


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventQuery(PageQuery):
    since: datetime.date | None = Field(None, description="Events on or after this day.")
    until: datetime.date | None = Field(None, description="Events on or before this day.")


class AttendanceChange(Schema):
    attendance: AttendanceCode = Field(
        examples=["attended"], description="attended, excused, absent or empty: not recorded."
    )


def _events(request: HttpRequest):
    return selectors.events_for(request.user).annotate(
        staff_total=Count("staff", distinct=True),
        invitation_total=Count("invitations", distinct=True),
    )


def event_out(event: GroupEvent) -> dict:
    return {
        **{name: getattr(event, name) for name in EventOut.model_fields if hasattr(event, name)},
        "id": event.public_id,
        "district": event.district_id,
        "starts_at": f"{event.starts_at:%H:%M}",
        "ends_at": f"{event.ends_at:%H:%M}",
        "staff_count": event.staff_total,
        "invitation_count": event.invitation_total,
    }


def invitation_out(invitation: Invitation) -> dict:
    return {
        "id": invitation.public_id,
        "version": invitation.version,
        "event": invitation.event.public_id,
        "mentee": invitation.mentee.public_id,
        "attendance": invitation.attendance,
    }


def _invitation(request: HttpRequest, id: UUID) -> Invitation:
    return get_object_or_404(selectors.invitations_for(request.user), public_id=id)


@router.get("/events", response={200: EventPage, **problems()}, url_name="events")
def event_list(request: HttpRequest, query: Query[EventQuery]):
    """The group events of your projects, newest first (cancelled ones too)."""
    rows = _events(request)
    if query.since is not None:
        rows = rows.filter(date__gte=query.since)
    if query.until is not None:
        rows = rows.filter(date__lte=query.until)
    count, items = page(rows.order_by("-date", "-starts_at", "-id"), query)
    return {"count": count, "items": [event_out(e) for e in items]}


@router.get("/events/{id}", response={200: EventDetailOut, **problems(404)}, url_name="event")
def event_detail(request: HttpRequest, id: UUID, response: HttpResponse):
    """One group event with the invitees you may see (as the event page)."""
    event = get_object_or_404(_events(request), public_id=id)
    invitations = selectors.event_invitations(request.user, event)
    note_shown(
        request,
        [i.mentee for i in invitations],
        obj=event,
        project_id=event.project_id,
        always=True,
    )
    set_etag(response, event)
    return {**event_out(event), "invitations": [invitation_out(i) for i in invitations]}


@router.get(
    "/invitations/{id}", response={200: InvitationOut, **problems(404)}, url_name="invitation"
)
def invitation_detail(request: HttpRequest, id: UUID, response: HttpResponse):
    """One invitation; the ETag is its version (send it in If-Match to record attendance)."""
    invitation = _invitation(request, id)
    note_shown(request, [invitation.mentee], obj=invitation, project_id=invitation.event.project_id)
    set_etag(response, invitation)
    return invitation_out(invitation)


@router.patch(
    "/invitations/{id}",
    response={200: InvitationOut, **problems(404, 412, 428)},
    url_name="invitation_update",
)
def invitation_update(
    request: HttpRequest, id: UUID, payload: AttendanceChange, response: HttpResponse
):
    """Record the mentee's attendance (once the event has begun, not for a cancelled one);
    needs ``If-Match`` with the ETag you read."""
    invitation = _invitation(request, id)
    version = if_match(request)
    event = selectors.event_for(request.user, invitation.event.public_id)
    try:
        services.attendance_record(
            actor=request.user, event=event, marks=[(invitation, payload.attendance, version)]
        )
    except StaleRecordError:
        raise
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        # The attendance form shows these above the form; here they are the field's.
        raise ValidationError({"attendance": error.messages}) from error
    invitation = _invitation(request, id)
    set_etag(response, invitation)
    return invitation_out(invitation)
