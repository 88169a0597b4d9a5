"""The residence-title rules, kept as versioned data in ``lotse/reference/data/``."""

import datetime
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.reference.importers.base import (
    BadValue,
    ImportResult,
    Problems,
    Progress,
    json_text,
    max_length,
    no_progress,
    read_json_list,
    reading,
    shown,
    shown_json,
    sync_table,
)
from lotse.reference.models import ResidenceTitle

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "residence_titles.json"
RULE_FIELDS = [
    "name",
    "name_en",
    "legal_basis",
    "work_permission",
    "needs_permit",
    "waiting_months",
    "waiting_months_reception_centre",
    "max_hours_per_week",
    "banned_if_identity_unclarified",
    "safe_country_cutoff",
    "arrival_cutoff",
    "hint",
    "hint_en",
    "is_verified",
    "source",
    "valid_until",
]
_DATES = ("valid_from", "valid_until", "safe_country_cutoff", "arrival_cutoff")
_BOOLEANS = ("needs_permit", "banned_if_identity_unclarified", "is_verified")
_NUMBERS = ("waiting_months", "waiting_months_reception_centre", "max_hours_per_week")


def _typed_value(name: str, value: object) -> object:
    """The JSON value of field ``name`` as the model takes it, or ``BadValue``: texts in NFC
    without control characters and within the field's length, whole numbers as JSON numbers
    (not text, not ``true``), yes/no as JSON ``true``/``false``, dates as ISO text."""
    if name in _BOOLEANS:
        if value is None:
            return False
        if not isinstance(value, bool):
            raise BadValue(
                _("The value %(value)s is not true or false.") % {"value": shown_json(value)}
            )
        return value
    if name in _NUMBERS:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise BadValue(
                _("The value %(value)s is not a whole number (write it without quotes).")
                % {"value": shown_json(value)}
            )
        return value
    if name in _DATES:
        if value is None:
            return None
        value = json_text(value, max_length=None)
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise BadValue(
                _("The value %(value)s is not a date of the form 2024-12-31.")
                % {"value": shown(value)}
            ) from None
    return json_text(value, max_length=max_length(ResidenceTitle, name))


def read_rules(path: Path) -> list[dict]:
    """Read and check the rules file: every value has its type, texts are clean, every rule
    passes the model's validation, and the periods of one code do not overlap."""
    data = read_json_list(path, "rules")
    rows = []
    problems = Problems(path)
    known = {"code", "valid_from", *RULE_FIELDS}
    for number, raw in enumerate(data, start=1):
        code = raw.get("code", "?") if isinstance(raw, dict) else "?"
        row = problems.row(_("rule %(number)d (%(code)s)") % {"number": number, "code": code})
        if not isinstance(raw, dict):
            row.error(_("rule"), _("The rule is not an object."))
            continue
        for name in sorted(set(raw) - known):
            row.error(name, _("This field is unknown."))
        values = {name: row(name, _typed_value, name, value=raw.get(name)) for name in known}
        if not row.ok:
            continue
        rule = ResidenceTitle(**values)
        try:
            rule.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                row.error(name, " ".join(messages))
            continue
        if rule.valid_until and rule.valid_until < rule.valid_from:
            row.error("valid_until", _("The rule ends before it starts (valid_from)."))
            continue
        rows.append((number, values))
    periods = defaultdict(list)
    for number, values in rows:
        periods[values["code"]].append((values["valid_from"], values["valid_until"], number))
    for code, spans in periods.items():
        spans.sort(key=lambda span: span[0])
        for (_start, end, first), (next_start, _end, second) in zip(spans, spans[1:], strict=False):
            if end is None or end >= next_start:
                problems.add(
                    _("rules %(first)d and %(second)d (%(code)s)")
                    % {"first": first, "second": second, "code": code},
                    "valid_until",
                    _("The periods overlap; end the earlier one before %(date)s.")
                    % {"date": next_start.isoformat()},
                )
    problems.fail(_("rules that cannot be imported"))
    return [values for _number, values in rows]


def import_residence_rules(
    *,
    path: Path | str | None = None,
    overwrite: bool = False,
    progress: Progress = no_progress,
) -> ImportResult:
    """Create the rules of the data file that are missing (by code and valid_from). Rules that
    differ from the file are left as they are (an administrator may have edited them) and
    reported, unless ``overwrite`` is true. Idempotent, in one transaction."""
    path = Path(path) if path else RULES_FILE
    progress(reading(_("Residence rules"), path))
    rows = read_rules(path)
    result = ImportResult(label=_("Residence rules"))
    with transaction.atomic():
        sync_table(
            ResidenceTitle,
            rows,
            key=["code", "valid_from"],
            fields=RULE_FIELDS,
            result=result,
            progress=progress,
            update=overwrite,
        )
    return result
