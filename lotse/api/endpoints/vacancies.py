"""Vacancies of the employers in the token user's projects: list with filters, detail, and
changes through the ``VACANCY`` record kind with the vacancy form checking the input."""

import datetime
from typing import Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from lotse.api.base import (
    PageQuery,
    bind,
    checked_text,
    if_match,
    page,
    problems,
    set_etag,
    validated,
)
from lotse.employers.forms import VacancyForm
from lotse.employers.kinds import VACANCY
from lotse.employers.models import Vacancy, VacancyKind, VacancyStatus
from lotse.employers.selectors import VacancyFilters, vacancies_for, vacancy_list
from lotse.reference.models import District

router = Router(tags=["vacancies"])

KindCode = Literal[tuple(VacancyKind.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(VacancyStatus.values)]  # type: ignore[valid-type]
CefrCode = Literal["", "A1", "A2", "B1", "B2", "C1", "C2", "native"]


class VacancyOut(Schema):
    id: UUID
    version: int
    employer: UUID
    employer_name: str
    kind: str
    title: str
    occupation: str
    requirement_level: int
    requirement_level_overridden: bool
    workplace_postcode: str
    workplace_at_employer: bool
    district: str | None
    latitude: float | None
    longitude: float | None
    german_level: str
    hours_per_week: int | None
    shift_work: bool
    start_date: datetime.date | None
    closing_date: datetime.date | None
    driving_licence_required: bool
    source: str
    ba_refnr: str
    status: str
    description: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class VacancyPage(Schema):
    count: int
    items: list[VacancyOut]


class VacancyQuery(PageQuery):
    q: str = Field("", max_length=100, description="Title, employer, occupation or BA number.")
    kind: KindCode | None = None
    status: StatusCode | None = None
    district: str | None = Field(None, max_length=5, description="District key (AGS).")
    occupation_area: str = Field(
        "", pattern=r"^\d{0,2}$", description="The first one or two KldB digits."
    )


class VacancyFields(Schema):
    kind: KindCode | None = None
    title: str | None = Field(None, max_length=200)
    occupation: str | None = Field(None, max_length=5, description="Five-digit KldB 2010 code.")
    requirement_level: int | None = Field(
        None, ge=1, le=4, description="Empty: as the occupation (its fifth digit)."
    )
    workplace_postcode: str | None = Field(None, max_length=5)
    german_level: CefrCode | None = None
    hours_per_week: int | None = Field(None, ge=1, le=60)
    shift_work: bool | None = None
    start_date: datetime.date | None = None
    closing_date: datetime.date | None = None
    driving_licence_required: bool | None = None
    description: str | None = Field(None, max_length=10_000)


def vacancy_out(vacancy: Vacancy) -> dict:
    return {
        **{
            name: getattr(vacancy, name)
            for name in VacancyOut.model_fields
            if hasattr(vacancy, name)
        },
        "id": vacancy.public_id,
        "employer": vacancy.employer.public_id,
        "employer_name": vacancy.employer.name,
        "occupation": vacancy.occupation_id,
        "district": vacancy.district_id,
    }


def _vacancy(request: HttpRequest, id: UUID) -> Vacancy:
    return get_object_or_404(vacancies_for(request.user), public_id=id)


@router.get("/vacancies", response={200: VacancyPage, **problems()}, url_name="vacancies")
def list_(request: HttpRequest, query: Query[VacancyQuery]):
    """Vacancies of your projects' employers, newest first."""
    checked_text(q=query.q, district=query.district or "")
    district = District.objects.filter(pk=query.district).first() if query.district else None
    filters = VacancyFilters(
        q=query.q,
        kind=query.kind or "",
        district=district,
        occupation_area=query.occupation_area,
        status=query.status or "",
    )
    if query.district and district is None:
        return {"count": 0, "items": []}
    count, rows = page(vacancy_list(request.user, filters), query)
    return {"count": count, "items": [vacancy_out(v) for v in rows]}


@router.get("/vacancies/{id}", response={200: VacancyOut, **problems(404)}, url_name="vacancy")
def detail(request: HttpRequest, id: UUID, response: HttpResponse):
    vacancy = _vacancy(request, id)
    set_etag(response, vacancy)
    return vacancy_out(vacancy)


@router.patch(
    "/vacancies/{id}",
    response={200: VacancyOut, **problems(404, 412, 428)},
    url_name="vacancy_update",
)
def update(request: HttpRequest, id: UUID, payload: VacancyFields, response: HttpResponse):
    """Change a vacancy; needs ``If-Match`` with the ETag you read."""
    vacancy = _vacancy(request, id)
    version = if_match(request)
    given = payload.model_dump(exclude_unset=True)
    form = bind(VacancyForm, given, partial_of=vacancy)
    data = validated(form)
    VACANCY.update(actor=request.user, record=_vacancy(request, id), version=version, **data)
    vacancy = _vacancy(request, id)
    set_etag(response, vacancy)
    return vacancy_out(vacancy)
