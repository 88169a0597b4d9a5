"""Small helpers the apps' function views share."""

import copy
import datetime
from typing import TypeVar
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string

from lotse.lib.panels import panels_for

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


def render_panels(page: str, request: HttpRequest, obj: models.Model) -> list[str]:
    """The sections other apps add to ``page`` ("mentee", "employer", "vacancy"): each template
    gets its panel's context, the object under the page's name and the panel itself."""
    return [
        render_to_string(
            panel.template_name, {**panel.context, page: obj, "panel": panel}, request=request
        )
        for panel in panels_for(page, request, obj)
    ]


def filter_query(request: HttpRequest) -> str:
    """The current filters as a query string for pagination links, without the page number."""
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
