"""The access copy as a document a person can read (Art. 15 GDPR): the JSON export of
``lotse.pages.mentee_export_data`` with German (or English) field labels instead of keys,
choices by their label, dates as 31.12.2025, yes/no for flags.

The document is built from the export itself, section by section, so it holds exactly what
the portable copy holds. Each row of the export is a model's ``model_values`` (plus a few
values a section adds, such as an application's history); the row's model is found among the
models the section declares (``Export.models``) by its field names, and the model gives the
labels (``verbose_name``) and the choices. A row no declared model fits is still shown, with
its keys as labels, so nothing is left out.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lotse.lib.sections import Page

#: Keys that are internal to Lotse and mean nothing to the person (and the ids of records
#: other than the person's own, see ``_shows_id``).
HIDDEN_KEYS = frozenset({"id", "version", "format"})
#: Labels of values that sections add to a row or to the export (not fields of a model).
EXTRA_LABELS: dict[str, Any] = {
    "exported_at": _("copy made on"),
    "history": _("stage history"),
    "follow_ups": _("follow-ups"),
    "steps": _("agreed steps"),
    "project": _("project"),
    "entry_date": _("entry date"),
}

#: The model of each list a section exports under its own name, for its heading also when the
#: list is empty (a list with rows is recognised by its rows). A test fails on a key missing.
KEY_MODELS = {
    "contacts": "journal.JournalEntry",
    "appointments": "journal.Appointment",
    "tasks": "journal.Task",
    "integration_agreements": "journal.IntegrationAgreement",
    "steps": "journal.AgreementStep",
    "referrals": "journal.Referral",
    "courses": "journal.CourseParticipation",
    "applications": "placements.Application",
    "history": "placements.ApplicationStageChange",
    "placements": "placements.Placement",
    "follow_ups": "placements.FollowUp",
    "employer_services": "employers.EmployerService",
    "esf_records": "reporting.EsfRecord",
    "data_subject_requests": "privacy.DataSubjectRequest",
    "restriction": "privacy.Restriction",
    "consent_texts": "privacy.ConsentText",
    "transfer_requests": "cases.TransferRequest",
    "documents": "documents.Document",
    "letters": "letters.Letter",
    "group_events": "events.Invitation",
    "cv_records": "cv.CvRecord",
    "erasure_reviews": "privacy.ErasureReview",
    "legal_holds": "privacy.LegalHold",
}


@dataclass
class Entry:
    """One labelled value of a record, or a group of records inside it."""

    label: str
    value: str = ""
    groups: list["Group"] = field(default_factory=list)


@dataclass
class Record:
    entries: list[Entry]
    model: str = ""  # ``app_label.Model`` of the row, "" if no declared model fits


@dataclass
class Group:
    label: str
    records: list[Record]


@dataclass
class Part:
    id: str
    heading: str
    groups: list[Group]


def _fields(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.concrete_fields}


def model_of(row: dict[str, Any], candidates: tuple[type[models.Model], ...]) -> Any:
    """The declared model whose fields fit the row's keys best (``None`` if none fits)."""
    keys = set(row)
    best, best_score = None, 0
    for model in candidates:
        names = set(_fields(model)) - {"id", "mentee"}
        common = len(keys & names)
        score = common * 2 - len(names - keys) - len(keys - names)
        if common * 2 >= len(keys) and (best is None or score > best_score):
            best, best_score = model, score
    return best


def _date(value: str) -> str | None:
    parsed = parse_datetime(value) if "T" in value else None
    if parsed is not None:
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return date_format(parsed, "d.m.Y, H:i")
    day = parse_date(value) if len(value) == 10 else None
    return date_format(day, "d.m.Y") if day else None


def display(value: Any, model_field: models.Field | None = None) -> str:
    """One value as the person reads it."""
    if value is None or value == "":
        return "–"
    if model_field is not None and model_field.choices:
        labels = {str(key): label for key, label in model_field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, int | float):
        return number_format(value)
    text = str(value)
    if isinstance(model_field, models.DecimalField):
        try:
            return number_format(Decimal(text))
        except InvalidOperation:
            return text
    if isinstance(model_field, models.DateField | models.DateTimeField) or (
        model_field is None and text[:4].isdigit() and text[4:5] == "-"
    ):
        return _date(text) or text
    return text


def _label(key: str, model_field: models.Field | None = None) -> str:
    if model_field is not None:
        return capfirst(str(model_field.verbose_name))
    return capfirst(str(EXTRA_LABELS.get(key, key.replace("_", " "))))


def _plural(model: Any, key: str, owner: Any) -> str:
    """The heading of a list of rows: the model's plural, else the owner's relation."""
    if model is None and key in KEY_MODELS:
        model = apps.get_model(KEY_MODELS[key])
    if model is not None:
        return capfirst(str(model._meta.verbose_name_plural))
    if key in EXTRA_LABELS:
        return capfirst(str(EXTRA_LABELS[key]))
    related = _related_model(owner, key)
    if related is not None:
        return capfirst(str(related._meta.verbose_name_plural))
    return capfirst(key.replace("_", " "))


def _related_model(owner: Any, key: str) -> Any:
    for model in owner or ():
        for rel in model._meta.related_objects:
            if rel.get_accessor_name() == key:
                return rel.related_model
    return None


def record(row: dict[str, Any], candidates: tuple[type[models.Model], ...]) -> Record:
    model = model_of(row, candidates)
    fields = _fields(model) if model is not None else {}
    entries: list[Entry] = []
    for key, value in row.items():
        if key in HIDDEN_KEYS or (key == "public_id" and not _shows_id(model)):
            continue
        model_field = fields.get(key)
        if isinstance(value, list | dict) and (not value or _rows(value)):
            entries.append(Entry(_label(key, model_field), groups=[group(key, value, candidates)]))
        else:
            entries.append(Entry(_label(key, model_field), display(value, model_field)))
    return Record(entries, model._meta.label if model is not None else "")


def _shows_id(model: Any) -> bool:
    """The person's own identifier is shown (to refer to the record); record ids are not."""
    return model is not None and model._meta.label == "cases.Mentee"


def _rows(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(isinstance(item, dict) for item in items)


def group(key: str, value: Any, candidates: tuple[type[models.Model], ...]) -> Group:
    rows = value if isinstance(value, list) else ([value] if value else [])
    records = [record(row, candidates) for row in rows]
    first = model_of(rows[0], candidates) if rows else None
    return Group(_plural(first, key, candidates) if isinstance(value, list) else "", records)


def readable_copy(page: Page[Any], data: dict[str, Any]) -> list[Part]:
    """The export ``data`` of ``page`` (``lotse.pages.MENTEE_PAGE``) as labelled parts, in
    the order of the page's sections."""
    parts: list[Part] = []
    every_model = tuple(apps.get_models())
    claimed = {s.export.key for s in page.sections if s.export is not None and s.export.key}
    for section in page.sections:
        export = section.export
        if export is None:
            continue
        candidates = export.models or every_model
        value = data.get(export.key) if export.key else _own_keys(data, claimed, candidates)
        if value is None:
            continue
        if isinstance(value, dict) and not _is_row(value, candidates):
            groups = [group(key, item, candidates) for key, item in value.items()]
            for item_group, key in zip(groups, value, strict=True):
                item_group.label = item_group.label or _single(key)
        else:
            groups = [group(export.key or "", value, candidates)]
        parts.append(Part(section.id, capfirst(str(section.heading)), groups))
    return parts


def _single(key: str) -> str:
    """The heading of a single row (the restriction): the model's name."""
    if key in KEY_MODELS:
        return capfirst(str(apps.get_model(KEY_MODELS[key])._meta.verbose_name))
    return _label(key)


def _is_row(value: dict[str, Any], candidates: tuple[type[models.Model], ...]) -> bool:
    return model_of(value, candidates) is not None


def _own_keys(data: dict[str, Any], claimed: set[str], candidates: Any) -> dict[str, Any] | None:
    """A section without a key merges its mapping into the top level: its own keys are those
    its models can be found in (recognised by the data, not guessed from names)."""
    mine = {}
    for key, value in data.items():
        if key in HIDDEN_KEYS or key in claimed or key == "exported_at":
            continue
        rows = value if isinstance(value, list) else [value]
        if rows and all(isinstance(r, dict) and model_of(r, candidates) for r in rows):
            mine[key] = value
        elif isinstance(value, list) and not value and _related_model(candidates, key):
            mine[key] = value
    return mine or None


def exported_at(data: dict[str, Any]) -> str:
    value = data.get("exported_at")
    return display(value) if isinstance(value, str) else ""


def copy_date(now: datetime.datetime | None = None) -> str:
    return date_format(timezone.localtime(now or timezone.now()), "d.m.Y")
