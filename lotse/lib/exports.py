"""The data-subject access export (Art. 15/20 GDPR) is assembled from sections.

``cases`` owns the export and its own profile records; other apps that hold data about a mentee
(journal, placements, …) register a section in ``AppConfig.ready()``::

    from lotse.lib.exports import register_export_section

    register_export_section("journal", journal_export_data)

A section function takes the acting user and the mentee (already fetched through a scoped
selector) and returns JSON-safe data; ``model_values`` turns one model row into a dict.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models

ExportSection = Callable[[Any, Any], Any]

_sections: dict[str, ExportSection] = {}


def register_export_section(name: str, section: ExportSection) -> None:
    _sections[name] = section


def export_sections(user: Any, mentee: Any) -> dict[str, Any]:
    return {name: section(user, mentee) for name, section in sorted(_sections.items())}


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
