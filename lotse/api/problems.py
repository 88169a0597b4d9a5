"""Errors of the JSON API as ``application/problem+json`` (RFC 9457), in the language of
``Accept-Language`` (German by default, as the pages).

Every refusal says what is wrong: a title per status, a detail, and for bad input one entry per
field (``errors``) with the message the page's form would show at that field."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from lotse.lib.concurrency import StaleRecordError

MEDIA_TYPE = "application/problem+json"


class FieldError(Schema):
    field: str | None = None
    message: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[FieldError] = []


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Authentication required"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        412: _("The record has changed"),
        422: _("The input is not valid"),
        428: _("Version required"),
        429: _("Too many requests"),
    }


class ApiProblem(Exception):
    """Raised by the endpoints for a refusal that is no Django or ninja exception."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        errors: list[dict[str, Any]] | None = None,
        *,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors or []
        self.retry_after = retry_after


def problem(
    status: int, detail: str = "", errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    import json

    body = {
        "type": "about:blank",
        "title": _titles().get(status, str(status)),
        "status": status,
        "detail": str(detail),
        "errors": [{"field": e.get("field"), "message": str(e["message"])} for e in errors or []],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE
    )
    response["Content-Language"] = _language()
    return response


def _language() -> str:
    from django.utils.translation import get_language

    return get_language() or "de"


# --- messages for the input the schema refuses (pydantic) ----------------------------------


def _schema_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_too_long", "too_long"):
        return _("Please enter at most %(max)s characters.") % {"max": ctx.get("max_length", "")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Please enter a number of at least %(min)s.") % {
            "min": ctx.get("ge", ctx.get("gt", ""))
        }
    if kind in ("less_than_equal", "less_than"):
        return _("Please enter a number of at most %(max)s.") % {
            "max": ctx.get("le", ctx.get("lt", ""))
        }
    if kind.startswith("int") or kind.startswith("float") or kind == "finite_number":
        return _("Please enter a whole number.")
    if kind.startswith("bool"):
        return _("Please enter true or false.")
    if kind.startswith("datetime"):
        return _("Please enter a date and time, for example 2025-03-01T09:30.")
    if kind.startswith("date"):
        return _("Please enter a date as YYYY-MM-DD, for example 2025-03-01.")
    if kind.startswith("uuid"):
        return _("Please give the id of a record (a UUID).")
    if kind in ("literal_error", "enum"):
        return _("Please choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith("string"):
        return _("Please enter a text.")
    if kind in ("list_type", "set_type"):
        return _("Please give a list.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Please send a JSON object.")
    if kind == "extra_forbidden":
        return _("This field is unknown.")
    return _("This value is not valid.")


def _field(loc: Any) -> str | None:
    parts = [str(p) for p in (loc or ()) if p not in ("body", "query", "path", "header")]
    if parts and parts[0] in ("payload", "data", "filters", "params"):
        parts = parts[1:]
    return ".".join(parts) or None


def validation_errors(error: ValidationError) -> list[dict[str, Any]]:
    """A Django ``ValidationError`` (from a form or a service) as field entries."""
    if hasattr(error, "error_dict"):
        return [
            {"field": None if name == "__all__" else name, "message": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": message} for message in error.messages]


def form_errors(form: Any) -> list[dict[str, Any]]:
    return [
        {"field": None if name == "__all__" else name, "message": message}
        for name, messages in form.errors.items()
        for message in messages
    ]


# --- the handlers ------------------------------------------------------------------------


def install(api: Any) -> None:
    """Register the handlers on the NinjaAPI ``api``."""

    def on_schema(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field(e.get("loc")), "message": _schema_message(e)} for e in exc.errors
        ]
        return problem(422, _("Please correct the marked fields."), errors)

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(
            401, _("Send a valid personal access token: Authorization: Bearer <token>.")
        )
        response["WWW-Authenticate"] = 'Bearer realm="lotse"'
        return response

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = getattr(exc, "wait", None) or 1
        response = problem(
            429,
            _("This token has made too many requests. Try again in %(s)s seconds.") % {"s": wait},
        )
        response["Retry-After"] = str(wait)
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            return problem(400, _("The request body is not valid JSON."))
        return problem(exc.status_code)

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, _("There is no such record, or it is outside your projects."))

    def on_stale(request: HttpRequest, exc: StaleRecordError) -> HttpResponse:
        return problem(
            412,
            _(
                "Someone else has changed this record since you read it. Read it again and "
                "send its current ETag in If-Match."
            ),
        )

    def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem(422, _("Please correct the marked fields."), validation_errors(exc))

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, _("Your role does not allow this."))

    def on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        response = problem(exc.status, exc.detail, exc.errors)
        if exc.retry_after is not None:
            response["Retry-After"] = str(exc.retry_after)
        return response

    api.add_exception_handler(NinjaValidationError, on_schema)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(StaleRecordError, on_stale)
    api.add_exception_handler(ValidationError, on_invalid)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(ApiProblem, on_problem)
