"""Small helpers the apps' function views share."""

import copy
import datetime
from typing import TypeVar
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

M = TypeVar("M", bound=models.Model)


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's validation error at the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def detached(obj: M) -> M:
    """A copy for a model form to write into, so the service still sees the stored values."""
    return copy.copy(obj)


def seen(request: HttpRequest) -> dict[str, datetime.datetime]:
    """``expected_updated_at`` from the form's hidden ``seen`` field, if it is there and valid
    (see ``lotse.lib.concurrency``)."""
    try:
        return {"expected_updated_at": datetime.datetime.fromisoformat(request.POST["seen"])}
    except (KeyError, ValueError):
        return {}


def filter_query(request: HttpRequest) -> str:
    """The current filters as a query string for pagination links, without the page number."""
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
