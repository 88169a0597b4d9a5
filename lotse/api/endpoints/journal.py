"""The mentee's contacts (journal entries) and appointments: list, detail, create, change.
Through the journal's selectors and the ``CONTACT`` and ``APPOINTMENT`` record kinds, with the
pages' forms checking the input."""

import datetime
from typing import Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from lotse.api.base import PageQuery, bind, if_match, page, problems, set_etag, validated
from lotse.cases.selectors import mentee_for
from lotse.journal.forms import AppointmentForm, JournalEntryForm
from lotse.journal.kinds import APPOINTMENT, CONTACT
from lotse.journal.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    ContactKind,
    JournalEntry,
    Topic,
)
from lotse.journal.selectors import appointments_for, journal_entries_for
from lotse.journal.services import journal_view_record

router = Router(tags=["journal"])

KindCode = Literal[tuple(ContactKind.values)]  # type: ignore[valid-type]
TopicCode = Literal[tuple(Topic.values)]  # type: ignore[valid-type]


class ContactOut(Schema):
    id: UUID
    version: int
    mentee: UUID
    occurred_at: datetime.datetime
    kind: str
    duration_minutes: int
    topics: list[str]
    interpreter_used: bool
    interpreter_language: str | None
    notes: str
    author: UUID | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ContactPage(Schema):
    count: int
    items: list[ContactOut]


class ContactFields(Schema):
    occurred_at: datetime.datetime | None = None
    kind: KindCode | None = None
    duration_minutes: int | None = Field(None, ge=0, le=1440)
    topics: list[TopicCode] | None = None
    interpreter_used: bool | None = None
    interpreter_language: str | None = Field(None, max_length=3, description="ISO 639 code.")
    notes: str | None = Field(None, max_length=10_000)


class ContactCreate(ContactFields):
    occurred_at: datetime.datetime = Field(examples=["2025-03-03T09:30:00+01:00"])
    kind: KindCode = Field(examples=["phone"])


class ContactQuery(PageQuery):
    since: datetime.date | None = Field(None, description="Contacts on or after this day.")


def contact_out(entry: JournalEntry) -> dict:
    return {
        **{name: getattr(entry, name) for name in ContactOut.model_fields if hasattr(entry, name)},
        "id": entry.public_id,
        "mentee": entry.mentee.public_id,
        "interpreter_language": entry.interpreter_language_id,
        "author": entry.author.public_id if entry.author else None,
    }


def _contact(request: HttpRequest, id: UUID) -> JournalEntry:
    return get_object_or_404(
        journal_entries_for(request.user).select_related("mentee"), public_id=id
    )


@router.get(
    "/mentees/{id}/contacts", response={200: ContactPage, **problems(404)}, url_name="contacts"
)
def contact_list(request: HttpRequest, id: UUID, query: Query[ContactQuery]):
    """The mentee's contacts, newest first."""
    mentee = mentee_for(request.user, id)
    rows = journal_entries_for(request.user).filter(mentee=mentee).select_related("mentee")
    if query.since is not None:
        rows = rows.filter(occurred_at__date__gte=query.since)
    count, items = page(rows.order_by("-occurred_at", "-id"), query)
    journal_view_record(actor=request.user, mentee=mentee)
    return {"count": count, "items": [contact_out(e) for e in items]}


@router.post(
    "/mentees/{id}/contacts",
    response={201: ContactOut, **problems(404)},
    url_name="contact_create",
)
def contact_create(request: HttpRequest, id: UUID, payload: ContactCreate, response: HttpResponse):
    """Log a contact with the mentee (you are its author)."""
    mentee = mentee_for(request.user, id)
    data = validated(bind(JournalEntryForm, payload.model_dump(exclude_unset=True)))
    entry = CONTACT.create(actor=request.user, mentee=mentee, **data)
    set_etag(response, entry)
    return Status(201, contact_out(_contact(request, entry.public_id)))


@router.get("/contacts/{id}", response={200: ContactOut, **problems(404)}, url_name="contact")
def contact_detail(request: HttpRequest, id: UUID, response: HttpResponse):
    entry = _contact(request, id)
    journal_view_record(actor=request.user, mentee=entry.mentee)
    set_etag(response, entry)
    return contact_out(entry)


@router.patch(
    "/contacts/{id}",
    response={200: ContactOut, **problems(404, 412, 428)},
    url_name="contact_update",
)
def contact_update(request: HttpRequest, id: UUID, payload: ContactFields, response: HttpResponse):
    """Change a contact; needs ``If-Match`` with the ETag you read."""
    entry = _contact(request, id)
    version = if_match(request)
    data = validated(
        bind(JournalEntryForm, payload.model_dump(exclude_unset=True), partial_of=entry)
    )
    CONTACT.update(actor=request.user, record=_contact(request, id), version=version, **data)
    entry = _contact(request, id)
    set_etag(response, entry)
    return contact_out(entry)


# --- appointments ------------------------------------------------------------------------

AppointmentKindCode = Literal[tuple(AppointmentKind.values)]  # type: ignore[valid-type]
AppointmentStatusCode = Literal[tuple(AppointmentStatus.values)]  # type: ignore[valid-type]


class AppointmentOut(Schema):
    id: UUID
    version: int
    mentee: UUID
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    kind: str
    place: str
    with_whom: str
    status: str
    notes: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class AppointmentPage(Schema):
    count: int
    items: list[AppointmentOut]


class AppointmentFields(Schema):
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    kind: AppointmentKindCode | None = None
    place: str | None = Field(None, max_length=200)
    with_whom: str | None = Field(None, max_length=200)
    status: AppointmentStatusCode | None = None
    notes: str | None = Field(None, max_length=10_000)


class AppointmentCreate(AppointmentFields):
    starts_at: datetime.datetime = Field(examples=["2025-03-03T09:30:00+01:00"])
    kind: AppointmentKindCode = Field(examples=["agencies"])


def appointment_out(appointment: Appointment) -> dict:
    return {
        **{
            name: getattr(appointment, name)
            for name in AppointmentOut.model_fields
            if hasattr(appointment, name)
        },
        "id": appointment.public_id,
        "mentee": appointment.mentee.public_id,
    }


def _appointment(request: HttpRequest, id: UUID) -> Appointment:
    return get_object_or_404(appointments_for(request.user).select_related("mentee"), public_id=id)


@router.get(
    "/mentees/{id}/appointments",
    response={200: AppointmentPage, **problems(404)},
    url_name="appointments",
)
def appointment_list(request: HttpRequest, id: UUID, query: Query[PageQuery]):
    """The mentee's appointments, latest start first."""
    mentee = mentee_for(request.user, id)
    rows = appointments_for(request.user).filter(mentee=mentee).select_related("mentee")
    count, items = page(rows.order_by("-starts_at", "-id"), query)
    journal_view_record(actor=request.user, mentee=mentee)
    return {"count": count, "items": [appointment_out(a) for a in items]}


@router.post(
    "/mentees/{id}/appointments",
    response={201: AppointmentOut, **problems(404)},
    url_name="appointment_create",
)
def appointment_create(
    request: HttpRequest, id: UUID, payload: AppointmentCreate, response: HttpResponse
):
    """Plan an appointment with the mentee."""
    mentee = mentee_for(request.user, id)
    data = validated(bind(AppointmentForm, payload.model_dump(exclude_unset=True)))
    appointment = APPOINTMENT.create(actor=request.user, mentee=mentee, **data)
    set_etag(response, appointment)
    return Status(201, appointment_out(_appointment(request, appointment.public_id)))


@router.get(
    "/appointments/{id}", response={200: AppointmentOut, **problems(404)}, url_name="appointment"
)
def appointment_detail(request: HttpRequest, id: UUID, response: HttpResponse):
    appointment = _appointment(request, id)
    journal_view_record(actor=request.user, mentee=appointment.mentee)
    set_etag(response, appointment)
    return appointment_out(appointment)


@router.patch(
    "/appointments/{id}",
    response={200: AppointmentOut, **problems(404, 412, 428)},
    url_name="appointment_update",
)
def appointment_update(
    request: HttpRequest, id: UUID, payload: AppointmentFields, response: HttpResponse
):
    """Change an appointment (e.g. its status after it took place); needs ``If-Match``."""
    appointment = _appointment(request, id)
    version = if_match(request)
    given = payload.model_dump(exclude_unset=True)
    data = validated(bind(AppointmentForm, given, partial_of=appointment))
    APPOINTMENT.update(
        actor=request.user, record=_appointment(request, id), version=version, **data
    )
    appointment = _appointment(request, id)
    set_etag(response, appointment)
    return appointment_out(appointment)
