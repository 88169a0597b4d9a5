"""The residence-title rules, kept as versioned data in ``lotse/reference/data/``."""

import datetime
import json
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from lotse.reference.importers.base import (
    ImportResult,
    Progress,
    ReferenceImportError,
    fail_with_rows,
    no_progress,
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
_DATES = {"valid_from", "valid_until", "safe_country_cutoff", "arrival_cutoff"}


def read_rules(path: Path) -> list[dict]:
    """Read and check the rules file: every rule passes the model's validation, and the
    periods of one code do not overlap."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceImportError(f"{path.name}: not a readable JSON file ({exc}).") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ReferenceImportError(f"{path.name}: expected an object with a list 'rules'.")
    rows, problems = [], []
    known = {"code", "valid_from", *RULE_FIELDS}
    for number, raw in enumerate(data["rules"], start=1):
        where = f"rule {number} ({raw.get('code', '?') if isinstance(raw, dict) else '?'})"
        if not isinstance(raw, dict):
            problems.append(f"{where}: not an object")
            continue
        unknown = sorted(set(raw) - known)
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(unknown)}")
            continue
        values = {name: raw.get(name) for name in known}
        try:
            for name in _DATES:
                if values[name]:
                    values[name] = datetime.date.fromisoformat(values[name])
            for name in ("needs_permit", "banned_if_identity_unclarified", "is_verified"):
                values[name] = bool(values[name])
            for name in ("name_en", "legal_basis", "hint", "hint_en", "source"):
                values[name] = values[name] or ""
            rule = ResidenceTitle(**values)
            rule.full_clean(validate_unique=False, validate_constraints=False)
        except (TypeError, ValueError) as exc:
            problems.append(f"{where}: {exc}")
            continue
        except ValidationError as exc:
            messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            problems.append(f"{where}: {messages}")
            continue
        if rule.valid_until and rule.valid_until < rule.valid_from:
            problems.append(f"{where}: valid_until is before valid_from")
            continue
        rows.append((number, values))
    periods = defaultdict(list)
    for number, values in rows:
        periods[values["code"]].append((values["valid_from"], values["valid_until"], number))
    for code, spans in periods.items():
        spans.sort(key=lambda span: span[0])
        for (_start, end, first), (next_start, _, second) in zip(spans, spans[1:], strict=False):
            if end is None or end >= next_start:
                problems.append(
                    f"rules {first} and {second} ({code}): periods overlap; end the earlier one "
                    f"before {next_start.isoformat()}"
                )
    fail_with_rows(path, "rules that cannot be imported", problems)
    return [values for _, values in rows]


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
    progress(f"Residence rules: reading {path.name} …")
    rows = read_rules(path)
    result = ImportResult(label="Residence rules")
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
