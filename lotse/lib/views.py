"""Small helpers the apps' function views share."""

import copy
from collections.abc import Sequence
from typing import TypeVar
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from lotse.lib import validation

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


def page_of(request: HttpRequest, items: Sequence | models.QuerySet, size: int) -> Page:
    """The page of ``items`` that ``?page=`` asks for (the first for a missing or garbled
    number, the last for one past the end); ``page.paginator.count`` is one ``COUNT`` query
    for a queryset. Its links: ``_pagination.html`` with ``query`` = :func:`filter_query`."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def filter_query(request: HttpRequest, *, without: tuple[str, ...] = ("page",)) -> str:
    """The current filters as a query string for pagination links, without the page number
    (or the parameters named in ``without``)."""
    return urlencode([(k, v) for k, v in request.GET.items() if k not in without and v])


def safe_next(request: HttpRequest, fallback: str, *args: object, key: str = "next") -> str:
    """Where to go after a form: the ``next`` value (POST, else GET) if it is a path on this
    site, else ``fallback``: a URL name reversed with ``args`` ("cases:detail", public_id) or,
    when it starts with "/", a path. Anything else ("-1", "ab cd", another host, a scheme) falls
    back; nothing here raises, so a change already saved is never followed by an error page."""
    target = (request.POST.get(key) or request.GET.get(key) or "").strip()
    if (
        target.startswith("/")
        and " " not in target
        and not validation.forbidden_characters(target, multiline=False)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback if fallback.startswith("/") else reverse(fallback, args=args)
