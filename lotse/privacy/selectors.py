"""Reads of data-subject requests, restrictions and consent texts.

Who sees which request: the data protection officer sees every request (without case content:
a mentee appears by their public id and project); a project lead sees the requests of the
mentees of the projects they lead; mentors see none. Consent texts are not personal data:
every logged-in user may read them.
"""

import copy
import datetime
import uuid
from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.selectors import (
    is_administrator,
    is_data_protection_officer,
    lead_project_ids_for,
)
from lotse.cases.models import ExternalReference, Mentee
from lotse.privacy.models import (
    OPEN_STATUSES,
    ConsentText,
    DataSubjectRequest,
    RequestKind,
)

#: The request kinds under which the person gets a copy of their data.
COPY_KINDS = (RequestKind.ACCESS, RequestKind.PORTABILITY)


def led_project_ids(user: User) -> frozenset[int]:
    """The active projects the user leads (a lead handles their mentees' requests)."""
    return lead_project_ids_for(user)


def may_use_desk(user: User) -> bool:
    """The data protection officer and project leads work with requests."""
    return is_data_protection_officer(user) or bool(led_project_ids(user))


def may_handle(user: User, mentee: Mentee | None) -> bool:
    """Whether ``user`` may record and handle requests of ``mentee`` and restrict them."""
    if is_data_protection_officer(user):
        return True
    return mentee is not None and mentee.project_id in led_project_ids(user)


def requests_for(user: User, today: datetime.date | None = None) -> QuerySet[DataSubjectRequest]:
    """The requests the user may see, overdue ones first, then open ones by deadline, then
    the answered ones (newest first). Annotated with ``deadline_on`` and ``overdue``."""
    today = today or timezone.localdate()
    if is_data_protection_officer(user):
        rows = DataSubjectRequest.objects.all()
    else:
        rows = DataSubjectRequest.objects.filter(mentee__project_id__in=led_project_ids(user))
    is_open = Q(status__in=OPEN_STATUSES)
    return (
        rows.annotate(deadline_on=Coalesce("extended_until", "due_on"))
        .annotate(
            overdue=Case(
                When(is_open & Q(deadline_on__lt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            open=Case(When(is_open, then=Value(True)), default=Value(False)),
        )
        .select_related("mentee", "mentee__project", "handled_by", "recorded_by")
        .order_by("-overdue", "-open", "deadline_on", "-received_on", "pk")
    )


def request_for(user: User, public_id: uuid.UUID | str) -> DataSubjectRequest:
    return get_object_or_404(requests_for(user), public_id=public_id)


def requests_of_mentee(user: User, mentee: Mentee) -> list[DataSubjectRequest]:
    """The requests of one mentee, for the mentee page (leads only; else none)."""
    if not may_handle(user, mentee):
        return []
    return list(requests_for(user).filter(mentee=mentee))


def mentees_for_requests(user: User) -> QuerySet[Mentee]:
    """The mentees a request may be recorded for: every mentee for the data protection
    officer (found by id or reference number only, never listed), the led projects' mentees
    for a lead."""
    if is_data_protection_officer(user):
        return Mentee.objects.select_related("project")
    return Mentee.objects.filter(project_id__in=led_project_ids(user)).select_related("project")


def find_mentee(user: User, text: str) -> Mentee | None:
    """The mentee named by ``text``: their public id (from the address of the mentee page) or a
    reference number of an agency (Jobcenter, Agentur) that names exactly one person."""
    text = text.strip()
    if not text:
        return None
    mentees = mentees_for_requests(user)
    try:
        public_id = uuid.UUID(text)
    except ValueError:
        public_id = None
    if public_id is not None:
        return mentees.filter(public_id=public_id).first()
    ids = list(
        ExternalReference.objects.filter(reference__iexact=text, mentee__in=mentees)
        .values_list("mentee_id", flat=True)
        .distinct()[:2]
    )
    return mentees.get(pk=ids[0]) if len(ids) == 1 else None


# --- the access copy -----------------------------------------------------------------------


def may_read_copy_by_request(user: User, request: DataSubjectRequest) -> bool:
    """The data protection officer reads a person's record only as the copy asked for in an
    open access or portability request recorded here."""
    return (
        is_data_protection_officer(user)
        and request.kind in COPY_KINDS
        and request.status in OPEN_STATUSES
        and request.mentee_id is not None
    )


def copy_reader(user: User, request: DataSubjectRequest) -> Any:
    """A stand-in for the data protection officer that the scoped selectors let read the
    record of the request's person, for building that one copy: it sees the projects of the
    person's stays (and a restricted record). Use it only with ``request.mentee``; never
    store it or use it for anything else. 404 unless ``may_read_copy_by_request``."""
    if not may_read_copy_by_request(user, request):
        raise Http404
    mentee = request.mentee
    projects = set(mentee.participations.values_list("project_id", flat=True))
    reader = copy.copy(user)
    reader._lotse_memberships = (frozenset({mentee.project_id, *projects}), frozenset())
    reader._lotse_reads_restricted = True
    return reader


# --- consent texts ---------------------------------------------------------------------------


def consent_texts() -> QuerySet[ConsentText]:
    return ConsentText.objects.order_by("purpose", "-valid_from", "version", "language")


def consent_texts_to_agree(on: datetime.date | None = None) -> QuerySet[ConsentText]:
    """Texts a consent may be recorded with: valid on ``on`` (default today) or before."""
    on = on or timezone.localdate()
    return consent_texts().filter(valid_from__lte=on)


def may_see_consent_texts(user: User) -> bool:
    return user.is_authenticated


def may_edit_consent_texts(user: User) -> bool:
    return is_administrator(user)
