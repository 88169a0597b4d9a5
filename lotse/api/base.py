"""The pieces every endpoint of the JSON API uses: the token authentication, the form
round trip (the pages' forms validate the API's input, so both refuse the same values with
the same messages), pagination, and the record version as ETag / If-Match."""

import datetime
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import Throttled
from ninja.security import HttpBearer

from lotse.api import tokens
from lotse.api.problems import ApiProblem, FieldError, form_errors
from lotse.lib.validation import check_raw

MAX_LIMIT = 200


class TokenAuth(HttpBearer):
    """``Authorization: Bearer lotse_…``: the token's user acts, as on the pages."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.token_for(token)
        if found is None:
            return None
        wait = tokens.count_request(found)
        if wait is not None:
            raise Throttled(wait=wait)
        request.user = found.user  # selectors, services and the audit trail see this user
        return found


# --- input through the pages' forms ------------------------------------------------------


def _form_value(value: Any) -> list[str]:
    if value is None:
        return [""]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return [value.isoformat()]
    if isinstance(value, uuid.UUID):
        return [str(value)]
    return [str(value)]


def form_data(values: dict[str, Any]) -> MultiValueDict:
    """``values`` as a browser would post them."""
    return MultiValueDict({name: _form_value(value) for name, value in values.items()})


def current_values(form: forms.BaseForm) -> dict[str, Any]:
    """What an unbound form shows: for an edit, the record's values."""
    values = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        value = field.prepare_value(value)
        if isinstance(field, forms.BooleanField):
            value = bool(value)
        elif isinstance(field, forms.ModelChoiceField) and field.to_field_name and value:
            row = field.queryset.model._base_manager.filter(pk=value).first()
            value = getattr(row, field.to_field_name) if row is not None else None
        values[name] = value
    return values


def validated(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data, or a 422 problem with the form's messages at their fields."""
    if not form.is_valid():
        raise ApiProblem(422, _("Please correct the marked fields."), form_errors(form))
    return form.cleaned_data


def bind(form_class: type, given: dict[str, Any], *, partial_of: Any = None, **kwargs: Any):
    """A form bound to ``given``; the fields not given keep what the page's form shows: for a
    change (``partial_of`` the record) the record's values, for a new record the defaults."""
    if partial_of is not None:
        kwargs["instance"] = partial_of
    unbound = form_class(**kwargs)
    values = current_values(unbound)
    values.update(given)
    for name, field in unbound.fields.items():
        if isinstance(field, forms.MultipleChoiceField) and values.get(name) is None:
            values[name] = []
    return form_class(form_data(values), **kwargs)


def checked_text(**values: str) -> None:
    """Free-text query parameters pass the forms' raw-value check (no NUL, no control
    characters) before they reach a database lookup."""
    errors = []
    for name, value in values.items():
        try:
            check_raw(value, multiline=False)
        except ValidationError as error:
            errors += [{"field": name, "message": m} for m in error.messages]
    if errors:
        raise ApiProblem(422, _("Please correct the marked fields."), errors)


# --- pagination --------------------------------------------------------------------------


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Rows per page (1–200).")
    offset: int = Field(0, ge=0, le=1_000_000, description="Rows to skip.")


def page(qs: QuerySet | list, query: PageQuery) -> tuple[int, list]:
    count = qs.count() if isinstance(qs, QuerySet) else len(qs)
    return count, list(qs[query.offset : query.offset + query.limit])


# --- versions ----------------------------------------------------------------------------


def set_etag(response: HttpResponse, record: Any) -> None:
    response["ETag"] = f'"{record.version}"'


def if_match(request: HttpRequest) -> int:
    """The version the client read (``If-Match: "3"``); 428 without, 412 when garbled."""
    raw = request.headers.get("If-Match", "").strip()
    if not raw:
        raise ApiProblem(
            428,
            _("Send the ETag of the record you read in If-Match, so no change is lost."),
        )
    text = raw.removeprefix("W/").strip().strip('"')
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ApiProblem(
            412, _('The If-Match header does not name a version of this record (e.g. "3").')
        )
    return int(text)


#: Refusals an endpoint documents; ``problems(…)`` adds the ones every endpoint can give.
def problems(*codes: int) -> dict:
    from lotse.api.problems import Problem

    return {frozenset({400, 401, 422, 429, *codes}): Problem}


__all__ = ["FieldError", "TokenAuth", "bind", "page", "problems", "validated"]
