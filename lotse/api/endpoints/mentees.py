"""Mentees within the token user's projects: list (filters and pages), detail, create, change.

Reads go through ``cases.selectors`` and write their ``view`` audit rows as the pages do; writes
through ``cases.services`` after the pages' forms have checked the input."""

import datetime
from typing import Literal
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from lotse.accounts.selectors import sees_personal_data
from lotse.api.base import PageQuery, bind, if_match, page, problems, set_etag, validated
from lotse.api.problems import ApiProblem
from lotse.audit.services import note_shown
from lotse.cases import forms, services
from lotse.cases.models import Mentee
from lotse.cases.selectors import MenteeFilters, list_mentees, mentee_for, possible_duplicates

router = Router(tags=["mentees"])

GoalCode = Literal["job", "apprenticeship", "qualification"]
GenderCode = Literal["f", "m", "d", "x"]


class MenteeOut(Schema):
    id: UUID
    version: int
    project: UUID
    mentor: UUID | None
    status: str
    first_name: str
    last_name: str
    birth_date: datetime.date | None
    gender: str
    phone: str
    email: str
    street: str
    postcode: str
    district: str | None
    nationality: str | None
    country_of_origin: str | None
    arrival_date: datetime.date | None
    school_years: int | None
    isced_level: int | None
    goal: str
    driving_licence: str
    has_car: bool
    commute_limit_km: int
    available_from: datetime.date | None
    hours_per_week: int | None
    childcare_constraint: str
    referrer: str
    referrer_note: str
    notes: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


def mentee_out(mentee: Mentee) -> dict:
    return {
        **{name: getattr(mentee, name) for name in MenteeOut.model_fields},
        "id": mentee.public_id,
        "project": mentee.project.public_id,
        "mentor": mentee.mentor.public_id if mentee.mentor else None,
        "district": mentee.district_id,
        "nationality": mentee.nationality_id,
        "country_of_origin": mentee.country_of_origin_id,
    }


class MenteePage(Schema):
    count: int
    items: list[MenteeOut]


class MenteeQuery(PageQuery):
    q: str = Field("", max_length=100, description="Name or external reference number.")
    status: Literal["current", "all", "active", "placed", "exited"] = "current"
    mentor: UUID | None = None
    district: str | None = Field(None, max_length=5, description="District key (AGS).")
    goal: GoalCode | None = None
    sort: Literal["name", "-name", "entry", "-entry", "updated", "-updated"] = "name"


class MenteeFields(Schema):
    """The mentee's own fields; in a change (PATCH) every one may be left out."""

    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    birth_date: datetime.date | None = None
    gender: GenderCode | None = None
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    street: str | None = Field(None, max_length=200)
    postcode: str | None = Field(None, max_length=5)
    nationality: str | None = Field(None, max_length=2, description="ISO 3166 code.")
    country_of_origin: str | None = Field(None, max_length=2, description="ISO 3166 code.")
    arrival_date: datetime.date | None = None
    school_years: int | None = Field(None, ge=0, le=30)
    isced_level: int | None = Field(None, ge=0, le=8)
    goal: GoalCode | None = None
    driving_licence: Literal["", "B", "foreign", "other"] | None = None
    has_car: bool | None = None
    commute_limit_km: int | None = Field(None, ge=0, le=300)
    available_from: datetime.date | None = None
    hours_per_week: int | None = Field(None, ge=0, le=60)
    childcare_constraint: str | None = Field(None, max_length=300)
    referrer: str | None = Field(None, max_length=20)
    referrer_note: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=10_000)


class MenteeCreate(MenteeFields):
    first_name: str = Field(max_length=100, examples=["Amina"])
    last_name: str = Field(max_length=100, examples=["Haddad"])
    project: UUID
    entry_date: datetime.date = Field(examples=["2025-03-03"])
    mentor: UUID | None = None
    create_anyway: bool = Field(
        False, description="Create even if a mentee with this name (and birth date) exists."
    )


class ApiMenteeCreateForm(forms.MenteeCreateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].to_field_name = "public_id"
        self.fields["mentor"].to_field_name = "public_id"


def _given(payload: Schema) -> dict:
    """The fields the client sent (``null`` clears a field; a missing one keeps it)."""
    return payload.model_dump(exclude_unset=True)


@router.get("/mentees", response={200: MenteePage, **problems()}, url_name="mentees")
def list_(request: HttpRequest, query: Query[MenteeQuery]):
    """The mentees of your projects, searched and filtered as on the mentee list."""
    if not sees_personal_data(request.user):
        return {"count": 0, "items": []}
    values = query.model_dump(exclude={"limit", "offset"})
    form = validated(bind(forms.MenteeFilterForm, values, user=request.user))
    filters = MenteeFilters(
        q=form["q"],
        status=form["status"] or "current",
        mentor=form["mentor"].public_id if form["mentor"] else None,
        district=form["district"].pk if form["district"] else "",
        goal=form["goal"],
        sort=form["sort"] or "name",
    )
    count, rows = page(list_mentees(request.user, filters), query)
    note_shown(request, rows)
    return {"count": count, "items": [mentee_out(m) for m in rows]}


@router.get("/mentees/{id}", response={200: MenteeOut, **problems(404)}, url_name="mentee")
def detail(request: HttpRequest, id: UUID, response: HttpResponse):
    """One mentee; the ETag is the record's version (send it in If-Match to change it)."""
    mentee = mentee_for(request.user, id)
    services.mentee_view_record(actor=request.user, mentee=mentee)
    set_etag(response, mentee)
    return mentee_out(mentee)


@router.post("/mentees", response={201: MenteeOut, **problems(409)}, url_name="mentee_create")
def create(request: HttpRequest, payload: MenteeCreate, response: HttpResponse):
    """Create a mentee with their first participation (as the "new mentee" page)."""
    if not sees_personal_data(request.user):
        raise Http404
    data = validated(bind(ApiMenteeCreateForm, _given(payload), user=request.user))
    if not data["create_anyway"]:
        if possible_duplicates(
            request.user, data["first_name"], data["last_name"], data["birth_date"]
        ):
            raise ApiProblem(
                409,
                _(
                    "A mentee with this name (and date of birth) exists already. Send "
                    "create_anyway: true if this is a different person."
                ),
            )
    mentee = services.mentee_create(
        actor=request.user,
        project=data["project"],
        entry_date=data["entry_date"],
        mentor=data["mentor"],
        **{name: data[name] for name in services.MENTEE_FIELDS if name in data},
    )
    mentee = mentee_for(request.user, mentee.public_id)
    set_etag(response, mentee)
    return Status(201, mentee_out(mentee))


@router.patch(
    "/mentees/{id}", response={200: MenteeOut, **problems(404, 412, 428)}, url_name="mentee_update"
)
def update(request: HttpRequest, id: UUID, payload: MenteeFields, response: HttpResponse):
    """Change some of the mentee's fields; needs ``If-Match`` with the ETag you read."""
    mentee = mentee_for(request.user, id)
    version = if_match(request)
    given = {**_given(payload), "version": version}
    data = validated(bind(forms.MenteeEditForm, given, partial_of=mentee))
    services.mentee_update(
        actor=request.user,
        mentee=mentee_for(request.user, id),
        version=version,
        **{name: data[name] for name in services.MENTEE_FIELDS},
    )
    mentee = mentee_for(request.user, id)
    set_etag(response, mentee)
    return mentee_out(mentee)
