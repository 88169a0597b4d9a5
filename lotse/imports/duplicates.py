"""Possible duplicates: rows of a file that may describe a person or an employer already
recorded in one of the importing user's projects (never in another project).

Mentees match by name and date of birth, by phone number (normalised to E.164) and by e-mail
address; employers by name and by the phone number or e-mail address of a contact person. The
existing records are read once per batch through the scoped selectors."""

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.cases.selectors import mentees_for
from lotse.employers.selectors import contacts_for, employers_for
from lotse.imports.values import fold, parse_date, parse_phone
from lotse.lib.validation import normalise_phone

#: Why a row looks like an existing record (shown in the preview).
REASONS = {
    "name_birth": _("same name and date of birth"),
    "name": _("same name"),
    "phone": _("same phone number"),
    "email": _("same e-mail address"),
}


def _phone(text: str) -> str:
    try:
        return normalise_phone(parse_phone(text)) if text else ""
    except ValidationError:
        return ""


def _date(text: str) -> Any:
    try:
        return parse_date(text) if text else None
    except ValidationError:
        return None


class Index:
    """Keys of the existing records → their primary keys."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, Any], list[int]] = defaultdict(list)

    def add(self, reason: str, value: Any, pk: int) -> None:
        if value and pk not in self.keys[(reason, value)]:
            self.keys[(reason, value)].append(pk)

    def find(self, keys: list[tuple[str, Any]]) -> list[dict]:
        """``[{"id": pk, "why": [reason, …]}]``, the record with most reasons first."""
        found: dict[int, list[str]] = {}
        for reason, value in keys:
            if not value:
                continue
            for pk in self.keys.get((reason, value), []):
                found.setdefault(pk, []).append(reason)
        return [
            {"id": pk, "why": why}
            for pk, why in sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))
        ][:5]


def mentee_index(user: User) -> Index:
    index = Index()
    rows = mentees_for(user).values_list(
        "pk", "first_name", "last_name", "birth_date", "phone", "email"
    )
    for pk, first, last, birth, phone, email in rows.iterator(chunk_size=2000):
        if birth:
            index.add("name_birth", (fold(first), fold(last), birth), pk)
        index.add("phone", phone, pk)
        index.add("email", (email or "").casefold(), pk)
    return index


def mentee_keys(cells: dict[str, str]) -> list[tuple[str, Any]]:
    birth = _date(cells.get("birth_date", ""))
    keys: list[tuple[str, Any]] = []
    if birth and cells.get("first_name") and cells.get("last_name"):
        keys.append(("name_birth", (fold(cells["first_name"]), fold(cells["last_name"]), birth)))
    keys.append(("phone", _phone(cells.get("phone", ""))))
    keys.append(("email", cells.get("email", "").strip().casefold()))
    return keys


def employer_index(user: User) -> Index:
    index = Index()
    for pk, name in employers_for(user).values_list("pk", "name").iterator(chunk_size=2000):
        index.add("name", fold(name), pk)
    for employer_id, phone, email in contacts_for(user).values_list(
        "employer_id", "phone", "email"
    ):
        index.add("phone", phone, employer_id)
        index.add("email", (email or "").casefold(), employer_id)
    return index


def employer_keys(cells: dict[str, str]) -> list[tuple[str, Any]]:
    return [
        ("name", fold(cells.get("name", ""))),
        ("phone", _phone(cells.get("contact_phone", ""))),
        ("email", cells.get("contact_email", "").strip().casefold()),
    ]


#: Per kind: the index of existing records and the keys of a row (by field key → cell text).
FINDERS = {
    "mentees": (mentee_index, mentee_keys),
    "employers": (employer_index, employer_keys),
}


def scoped_record(kind: str, user: User, pk: int) -> Any:
    """The existing record a row may update, read through the user's scope (None if gone)."""
    return scoped_records(kind, user, [pk]).get(pk)


def scoped_records(kind: str, user: User, pks: list[int]) -> dict[int, Any]:
    """The existing records with these keys that the user may see, by key (one query)."""
    rows = mentees_for(user) if kind == "mentees" else employers_for(user).select_related("project")
    return {record.pk: record for record in rows.filter(pk__in=pks)}
