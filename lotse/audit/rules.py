"""What the audit trail may keep of a value: the rule, in one place.

The trail is kept for years and cannot be changed, so it holds **no personal values**. A change
always records the names of the changed fields; it records the old and new value only for fields
whose values are not personal by their type:

========================================  =================================================
field                                     what the trail keeps
========================================  =================================================
with ``choices`` (``TextChoices``,        the stored value (``"active"``, ``"B1"``, ``3``)
``IntegerChoices``)
``BooleanField``                          ``true`` / ``false``
``DateField``, ``DateTimeField``          the ISO date: dates of the process (entry, exit,
                                          start, due and decision dates)
foreign key / many-to-many to a model     the related row's ``public_id`` (a mentee, a user,
with a ``public_id``                      a vacancy), never its name
foreign key / many-to-many to reference   its key: the KldB code, ISO country or language
data (no ``public_id``)                   code, the district's key
everything else: ``CharField``,           the name only, as ``["…", "…"]``
``TextField``, ``EmailField``, phone,
names, addresses, numbers, JSON
========================================  =================================================

Records that are not about a person (:data:`OPEN_MODELS`: employers, vacancies, projects,
report runs, reference data) keep their short values too — an employer's name, a vacancy's title
and hours, a workplace postcode — except text areas, e-mail addresses, phone numbers, streets
and notes, which stay name-only everywhere.

Exceptions, listed in :data:`NAME_ONLY`: fields that the type rule would copy but that are
personal in themselves — the date of birth, where a person lives (place), and the special
categories of personal data (Art. 9 GDPR) that the ESF Plus record asks for.

Values that callers record under names that are not fields of the object (``"kind"``,
``"shown"``, the trail's own filters) are kept only when they are machine values: ``None``,
booleans, numbers, dates, UUIDs and lower-case codes without spaces (``"residence:expiry"``).
Any other string becomes ``"…"``. The same rule keeps a free-text ``reason`` out: only a code
is stored.
A field may also be given one of the :data:`MARKERS` words instead of its values
(``{"password": "changed"}``).

The functions take the model class, so the data migration that scrubbed the rows written
before this rule applies it to the historical models too.
"""

import datetime
import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

WITHHELD = "…"

#: ``app_label.model.field`` of fields that stay name-only whatever their type.
NAME_ONLY = frozenset(
    {
        "cases.mentee.birth_date",
        "cases.mentee.place",
        "reporting.esfrecord.disability",
        "reporting.esfrecord.foreign_background",
        "reporting.esfrecord.minority",
        "reporting.esfrecord.homeless",
    }
)

#: Models whose rows are about organisations or the programme, not about a person.
OPEN_MODELS = frozenset(
    {
        "accounts.project",
        "employers.employer",
        "employers.vacancy",
        "reporting.fundingperiod",
        "reporting.reportexport",
    }
)
_OPEN_APPS = frozenset({"reference", "ops"})
_ALWAYS_NAME_ONLY = ("phone", "email", "street", "note", "mobile", "fax")
_OPEN_TYPES = (
    models.CharField,
    models.IntegerField,
    models.DecimalField,
    models.FloatField,
)

#: Words a caller may record for a name-only field instead of its values (``{"password":
#: "changed"}``): they say what happened, not what the value is.
MARKERS = frozenset({"changed", "set", "reset", "removed", "added", "cleared"})

_CODE = re.compile(r"^[a-z][a-z0-9_.:/-]{0,63}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]{5,32})?$")


def is_code(value: str) -> bool:
    """A machine value that names no one: a lower-case code, a UUID or an ISO date."""
    return bool(_CODE.match(value) or _UUID.match(value) or _ISO_DATE.match(value))


def machine_value(value: Any) -> Any:
    """``value`` if it is a machine value (see the module docstring), else ``"…"``."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str):
        return value if is_code(value) else WITHHELD
    if isinstance(value, list | tuple | set | frozenset):
        return [machine_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): machine_value(v) for k, v in value.items()}
    return WITHHELD


def field_of(model: type[models.Model], name: str) -> models.Field | None:
    """The concrete field ``name`` (or its ``…_id`` column name) of ``model``, if any."""
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    return field if getattr(field, "concrete", False) or field.many_to_many else None


def keeps_value(model: type[models.Model], field: models.Field) -> bool:
    """Whether the trail may copy values of ``field`` (the rule of the module docstring)."""
    if f"{model._meta.label_lower}.{field.name}" in NAME_ONLY:
        return False
    if "birth" in field.name:
        return False
    if field.is_relation or field.choices:
        return True
    if isinstance(field, models.BooleanField | models.DateField):
        return True
    meta = model._meta
    if meta.label_lower in OPEN_MODELS or meta.app_label in _OPEN_APPS:
        personal = isinstance(field, models.EmailField | models.TextField) or any(
            part in field.name for part in _ALWAYS_NAME_ONLY
        )
        return not personal and isinstance(field, _OPEN_TYPES)
    return False


def _related_value(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    related = field.related_model
    has_public_id = any(f.name == "public_id" for f in related._meta.concrete_fields)
    if isinstance(value, models.Model):
        return str(value.public_id) if has_public_id else machine_key(value.pk)
    if isinstance(value, uuid.UUID) or isinstance(value, str) and _UUID.match(value):
        return str(value)
    if has_public_id:  # a raw key: its public id, if the row is still there
        try:
            found = (
                related._base_manager.filter(pk=value).values_list("public_id", flat=True).first()
            )
        except (TypeError, ValueError, ValidationError):
            found = None
        return str(found) if found is not None else WITHHELD
    return machine_key(value)


def machine_key(value: Any) -> Any:
    """A reference-data key (an int or a code) as JSON."""
    return value if isinstance(value, int) else str(value)


def safe_value(model: type[models.Model], field: models.Field, value: Any) -> Any:
    """What the trail keeps of one value of ``field`` (``"…"`` if nothing)."""
    if not keeps_value(model, field):
        return WITHHELD
    if field.is_relation:
        if isinstance(value, list | tuple | set | frozenset) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return [_related_value(field, v) for v in items]
        return _related_value(field, value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return value[:200]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def safe_change(model: type[models.Model], name: str, change: Any) -> Any:
    """One entry of ``changes`` as the trail keeps it: a field's ``[old, new]`` (or a single
    value) through :func:`safe_value`, anything else through :func:`machine_value`."""
    field = field_of(model, name)
    if field is None:
        return machine_value(change)
    if isinstance(change, str) and change in MARKERS:
        return change
    if isinstance(change, list | tuple) and len(change) == 2 and not field.many_to_many:
        return [safe_value(model, field, v) for v in change]
    if field.many_to_many and isinstance(change, list | tuple) and len(change) == 2:
        if all(isinstance(v, list | tuple | set) for v in change):
            return [safe_value(model, field, v) for v in change]
    return safe_value(model, field, change)


def safe_changes(model: type[models.Model], changes: dict[str, Any]) -> dict[str, Any]:
    return {str(name): safe_change(model, str(name), change) for name, change in changes.items()}


def safe_reason(reason: str) -> str:
    """A reason code is kept; a free-text reason (typed by a user) is not copied."""
    reason = (reason or "").strip()
    if not reason:
        return ""
    return reason if _CODE.match(reason) else WITHHELD
