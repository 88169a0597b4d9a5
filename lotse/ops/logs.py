"""Structured logs: one JSON object per line with the request id, and no personal data.

``RequestIdMiddleware`` (first in ``MIDDLEWARE``) takes the request id from ``X-Request-ID`` (as
set by nginx) or makes one, echoes it in the response and keeps it, with the request, for
``RequestContextFilter``, which adds ``request_id`` and – once the session has been read –
``user_id`` to every log record. Only ``extra`` fields of plain types are written; the request
object, query strings and user names never are.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_current: contextvars.ContextVar[tuple[str, HttpRequest] | None] = contextvars.ContextVar(
    "lotse_request", default=None
)

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_PLAIN = (str, int, float, bool, type(None))


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set((request_id, request))
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    # Only a user that was already loaded: the log must not read the session itself.
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        current = _current.get()
        if current is None and isinstance(getattr(record, "request", None), HttpRequest):
            # django.request logs 4xx/5xx responses after the middleware has returned.
            request = record.request
            if hasattr(request, "request_id"):
                current = (request.request_id, request)
        if current is not None:
            record.request_id, request = current
            record.user_id = _user_id(request)
        return True


class JsonFormatter(logging.Formatter):
    """``{"time": …, "level": …, "logger": …, "message": …, "request_id": …, …}`` per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key == "request":
                continue
            if isinstance(value, datetime.datetime | datetime.date):
                value = value.isoformat()
            elif isinstance(value, list | tuple):
                value = [v if isinstance(v, _PLAIN) else str(v) for v in value]
            elif not isinstance(value, _PLAIN):
                continue
            entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
