"""Applications (with their stage changes through ``placements.services``) and placements,
read through the placements selectors with their ``view`` audit rows."""

import datetime
from typing import Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from lotse.api.base import PageQuery, bind, if_match, page, problems, set_etag, validated
from lotse.audit.services import note_shown
from lotse.placements import selectors, services
from lotse.placements.forms import MoveForm, PlacementForm, ProposeForm
from lotse.placements.models import Application, Placement, PlacementType
from lotse.placements.stages import Stage

router = Router(tags=["applications and placements"])

StageCode = Literal[tuple(Stage.values)]  # type: ignore[valid-type]
PlacementTypeCode = Literal[tuple(PlacementType.values)]  # type: ignore[valid-type]


# --- applications ------------------------------------------------------------------------


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    on_date: datetime.date
    reason: str
    is_reopening: bool


class ApplicationOut(Schema):
    id: UUID
    mentee: UUID
    vacancy: UUID
    stage: str
    stage_date: datetime.date
    planned_start: datetime.date | None = None
    note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    history: list[StageChangeOut] = []


class ApplicationPage(Schema):
    count: int
    items: list[ApplicationOut]


class ApplicationQuery(PageQuery):
    mentee: UUID | None = None
    vacancy: UUID | None = None
    stage: StageCode | None = None


class ApplicationCreate(Schema):
    mentee: UUID
    vacancy: UUID
    note: str = Field("", max_length=10_000)


class StageMove(Schema):
    to_stage: StageCode = Field(examples=["applied"])
    on_date: datetime.date = Field(examples=["2025-03-03"])
    reason: str = Field("", max_length=10_000, description="Needed when the application ends.")
    placement_type: PlacementTypeCode | None = Field(
        None, description="Only for “started”; empty: as the vacancy."
    )
    hours_per_week: int | None = Field(None, ge=1, le=60, description="Only for “started”.")
    planned_start: datetime.date | None = Field(
        None, description="Only for “contract”: the agreed first working day."
    )


def application_out(application: Application, history: bool = False) -> dict:
    return {
        "id": application.public_id,
        "mentee": application.mentee.public_id,
        "vacancy": application.vacancy.public_id,
        "stage": application.stage,
        "stage_date": application.stage_date,
        "planned_start": application.planned_start,
        "note": application.note,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
        "history": [
            {
                "from_stage": change.from_stage,
                "to_stage": change.to_stage,
                "on_date": change.on_date,
                "reason": change.reason,
                "is_reopening": change.is_reopening,
            }
            for change in (application.history.all() if history else [])
        ],
    }


@router.get("/applications", response={200: ApplicationPage, **problems()}, url_name="applications")
def applications(request: HttpRequest, query: Query[ApplicationQuery]):
    """Applications of your projects' mentees, most recently changed first."""
    rows = selectors.applications_for(request.user)
    if query.mentee:
        rows = rows.filter(mentee__public_id=query.mentee)
    if query.vacancy:
        rows = rows.filter(vacancy__public_id=query.vacancy)
    if query.stage:
        rows = rows.filter(stage=query.stage)
    count, items = page(rows.order_by("-updated_at", "-id"), query)
    note_shown(request, [a.mentee for a in items])
    return {"count": count, "items": [application_out(a) for a in items]}


@router.get(
    "/applications/{id}", response={200: ApplicationOut, **problems(404)}, url_name="application"
)
def application(request: HttpRequest, id: UUID):
    """One application with its stage history."""
    found = selectors.application_for(request.user, id)
    note_shown(request, [found.mentee], obj=found)
    return application_out(found, history=True)


@router.post(
    "/applications",
    response={201: ApplicationOut, **problems()},
    url_name="application_create",
)
def application_create(request: HttpRequest, payload: ApplicationCreate):
    """Propose a mentee for an open vacancy (the mentee's consent is needed)."""
    form = bind(
        ProposeForm,
        payload.model_dump(),
        mentees=selectors.mentees_to_propose(request.user),
        vacancies=selectors.vacancies_to_propose(request.user),
    )
    data = validated(form)
    created = services.application_propose(
        actor=request.user, mentee=data["mentee"], vacancy=data["vacancy"], note=data["note"]
    )
    return Status(
        201, application_out(selectors.application_for(request.user, created.public_id), True)
    )


@router.post(
    "/applications/{id}/moves",
    response={200: ApplicationOut, **problems(404)},
    url_name="application_move",
)
def application_move(request: HttpRequest, id: UUID, payload: StageMove):
    """Move the application to its next stage (the stage table decides which are allowed);
    “started” records the placement."""
    found = selectors.application_for(request.user, id)
    data = validated(bind(MoveForm, payload.model_dump(), application=found))
    services.application_move(
        actor=request.user,
        application=found,
        to_stage=data["to_stage"],
        on_date=data["on_date"],
        reason=data["reason"],
        placement_type=data["placement_type"] or None,
        hours_per_week=data["hours_per_week"],
        planned_start=data["planned_start"],
    )
    return application_out(selectors.application_for(request.user, id), history=True)


# --- placements --------------------------------------------------------------------------


class PlacementOut(Schema):
    id: UUID
    version: int
    mentee: UUID
    application: UUID | None
    vacancy: UUID | None
    employer: UUID | None
    placement_type: str
    occupation: str
    start_date: datetime.date
    end_date: datetime.date | None
    end_reason: str
    hours_per_week: int | None
    requirement_level: int | None
    qualification_level: int
    adequacy_computed: bool | None
    adequacy_override: bool | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class PlacementPage(Schema):
    count: int
    items: list[PlacementOut]


class PlacementQuery(PageQuery):
    mentee: UUID | None = None
    current: bool | None = Field(None, description="true: not ended; false: ended.")


class PlacementFields(Schema):
    placement_type: PlacementTypeCode | None = None
    employer: UUID | None = Field(None, description="Empty only for self-employment.")
    occupation: str | None = Field(None, max_length=5, description="Five-digit KldB 2010 code.")
    start_date: datetime.date | None = None
    hours_per_week: int | None = Field(None, ge=1, le=60)


class PlacementCreate(PlacementFields):
    placement_type: PlacementTypeCode = Field(examples=["insured_full"])
    occupation: str = Field(
        max_length=5, description="Five-digit KldB 2010 code.", examples=["29302"]
    )
    start_date: datetime.date = Field(examples=["2025-03-03"])


class ApiPlacementForm(PlacementForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].to_field_name = "public_id"


def _public(obj: object) -> UUID | None:
    return obj.public_id if obj is not None else None


def placement_out(placement: Placement) -> dict:
    return {
        **{
            name: getattr(placement, name)
            for name in PlacementOut.model_fields
            if hasattr(placement, name)
        },
        "id": placement.public_id,
        "mentee": placement.mentee.public_id,
        "application": _public(placement.application),
        "vacancy": _public(placement.vacancy),
        "employer": _public(placement.employer),
        "occupation": placement.occupation_id,
    }


def _placements(request: HttpRequest):
    return selectors.placements_for(request.user).select_related("application")


@router.get("/placements", response={200: PlacementPage, **problems()}, url_name="placements")
def placements(request: HttpRequest, query: Query[PlacementQuery]):
    """Placements of your projects' mentees, latest start first."""
    rows = _placements(request)
    if query.mentee:
        rows = rows.filter(mentee__public_id=query.mentee)
    if query.current is not None:
        rows = rows.filter(end_date__isnull=query.current)
    count, items = page(rows.order_by("-start_date", "-id"), query)
    note_shown(request, [p.mentee for p in items])
    return {"count": count, "items": [placement_out(p) for p in items]}


@router.get("/placements/{id}", response={200: PlacementOut, **problems(404)}, url_name="placement")
def placement(request: HttpRequest, id: UUID, response: HttpResponse):
    found = selectors.placement_for(request.user, id)
    note_shown(request, [found.mentee], obj=found)
    set_etag(response, found)
    return placement_out(found)


@router.post(
    "/mentees/{id}/placements",
    response={201: PlacementOut, **problems(404)},
    url_name="placement_create",
)
def placement_create(
    request: HttpRequest, id: UUID, payload: PlacementCreate, response: HttpResponse
):
    """Record a placement the mentee found without an application."""
    mentee = selectors.mentee_visible(request.user, id)
    form = bind(
        ApiPlacementForm,
        payload.model_dump(exclude_unset=True),
        employers=selectors.employers_visible(request.user),
    )
    data = validated(form)
    created = services.placement_record(
        actor=request.user,
        mentee=mentee,
        placement_type=data["placement_type"],
        occupation=data["occupation"],
        employer=data["employer"],
        start_date=data["start_date"],
        hours_per_week=data["hours_per_week"],
    )
    found = selectors.placement_for(request.user, created.public_id)
    set_etag(response, found)
    return Status(201, placement_out(found))


@router.patch(
    "/placements/{id}",
    response={200: PlacementOut, **problems(404, 412, 428)},
    url_name="placement_update",
)
def placement_update(
    request: HttpRequest, id: UUID, payload: PlacementFields, response: HttpResponse
):
    """Correct a placement's type, employer, occupation, start or hours; needs ``If-Match``."""
    found = selectors.placement_for(request.user, id)
    version = if_match(request)
    form = bind(
        ApiPlacementForm,
        payload.model_dump(exclude_unset=True),
        partial_of=found,
        employers=selectors.employers_visible(request.user),
    )
    data = validated(form)
    services.placement_update(
        actor=request.user,
        placement=selectors.placement_for(request.user, id),
        version=version,
        **{name: data[name] for name in services.PLACEMENT_EDIT_FIELDS},
    )
    found = selectors.placement_for(request.user, id)
    set_etag(response, found)
    return placement_out(found)
