"""JSON-safe values for the data-subject access export (Art. 15/20 GDPR).

The export is assembled from the sections of the mentee page (``lotse/pages.py``); each section's
export function uses ``model_values`` to turn one model row into a dict.
"""

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models


def model_values(obj: models.Model, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """One row as JSON-safe values: related rows by their text, no internal integer keys."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in ("id", "mentee", *skip):
            continue
        value = getattr(obj, field.name)
        if field.is_relation:
            value = None if value is None else str(value)
        elif isinstance(value, UUID):
            value = str(value)
        elif isinstance(value, datetime.date | datetime.datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif value is not None and not isinstance(value, bool | int | float | str | list | dict):
            value = str(value)
        out[field.name] = value
    return out
