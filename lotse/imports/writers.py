"""Writing one checked row through the same services as the forms: ``cases.services.mentee_*``
and the record kinds of the case file, the employer, contact and vacancy kinds. Each writer
takes the parsed values of a row (field key → value, empty cells left out) and the row's
decision, and returns the outcome; a ``ValidationError`` keyed by field key (the column) says
what is wrong. The caller runs each row in a savepoint and the whole file in one transaction."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from lotse.accounts.models import Project, User
from lotse.cases import kinds as case_kinds
from lotse.cases.models import Mentee
from lotse.cases.services import MENTEE_FIELDS, mentee_assign_mentor, mentee_create, mentee_update
from lotse.employers import kinds as employer_kinds
from lotse.employers.models import Employer
from lotse.imports.columns import CONTACT_KEYS
from lotse.imports.models import RowDecision, RowOutcome
from lotse.imports.values import fold

EMPLOYER_KEYS = ("name", "sector", "size_class", "street", "postcode", "website", "notes")
VACANCY_KEYS = (
    "kind",
    "title",
    "occupation",
    "requirement_level",
    "workplace_postcode",
    "german_level",
    "hours_per_week",
    "shift_work",
    "start_date",
    "closing_date",
    "driving_licence_required",
    "description",
)


@contextmanager
def at(keys: dict[str, str] | str) -> Iterator[None]:
    """Errors of a service keyed by its model's fields, moved to the import's field keys: all
    to one key (a string), or by a table (unknown fields to the row)."""
    try:
        yield
    except ValidationError as error:
        moved: dict[str, list[str]] = {}
        items = (
            error.message_dict.items()
            if hasattr(error, "error_dict")
            else [(NON_FIELD_ERRORS, error.messages)]
        )
        for name, messages in items:
            key = keys if isinstance(keys, str) else keys.get(name, name)
            moved.setdefault(key, []).extend(messages)
        raise ValidationError(moved) from error


@dataclass
class Context:
    """What the writers of one batch share: who imports into which project, and the employers
    created by earlier rows of the same file (a repeated name adds a contact person)."""

    actor: User
    project: Project
    existing: Callable[[int], Any]  # the scoped record of a duplicate candidate, by key
    employers_in_file: dict[str, Employer] = field(default_factory=dict)


def _picked(values: dict[str, Any], keys: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {key: values[key] for key in keys if key in values}


def _existing(context: Context, candidates: list[dict]) -> Any:
    if not candidates:
        raise ValidationError({NON_FIELD_ERRORS: [_("There is no existing record to update.")]})
    record = context.existing(candidates[0]["id"])
    if record is None or record.project_id != context.project.pk:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "The existing record belongs to another project; it can only be updated "
                        "there."
                    )
                ]
            }
        )
    return record


# --- mentees -------------------------------------------------------------------------------


def write_mentee(context: Context, values: dict[str, Any], decision: str, candidates: list) -> str:
    actor = context.actor
    if decision == RowDecision.UPDATE:
        mentee = _existing(context, candidates)
        with at({}):
            mentee = mentee_update(
                actor=actor, mentee=mentee, version=mentee.version, **_picked(values, MENTEE_FIELDS)
            )
        if "mentor" in values and values["mentor"] != mentee.mentor:
            with at("mentor"):
                mentee_assign_mentor(actor=actor, mentee=mentee, mentor=values["mentor"])
        _add_profile(context, mentee, values, update=True)
        return RowOutcome.UPDATED
    with at({"project": NON_FIELD_ERRORS}):
        mentee = mentee_create(
            actor=actor,
            project=context.project,
            entry_date=values.get("entry_date"),
            mentor=values.get("mentor"),
            **_picked(values, MENTEE_FIELDS),
        )
    _add_profile(context, mentee, values, update=False)
    return RowOutcome.CREATED


def _add_profile(context: Context, mentee: Mentee, values: dict[str, Any], *, update: bool) -> None:
    actor = context.actor
    known = {skill.language_id: skill for skill in mentee.languages.all()} if update else {}
    for language, level in values.get("languages", []):
        with at("languages"):
            skill = known.get(language.pk)
            if skill is None:
                case_kinds.LANGUAGE.create(
                    actor=actor, mentee=mentee, language=language, level=level
                )
            elif skill.level != level:
                case_kinds.LANGUAGE.update(
                    actor=actor, record=skill, version=skill.version, level=level
                )
    targets = (
        set(mentee.target_occupations.values_list("occupation_id", flat=True)) if update else set()
    )
    priority = len(targets)
    for occupation in values.get("target_occupations", []):
        if occupation.pk in targets:
            continue
        priority += 1
        with at("target_occupations"):
            case_kinds.TARGET.create(
                actor=actor, mentee=mentee, occupation=occupation, priority=priority
            )
    title = values.get("residence_title")
    dates = {"residence_valid_from", "residence_valid_until"} & set(values)
    if title is None and dates:
        raise ValidationError({"residence_title": [_("Name the residence status of these dates.")]})
    if title is None:
        return
    if "residence_valid_from" not in values:
        raise ValidationError(
            {"residence_valid_from": [_("Give the date from which the residence status is valid.")]}
        )
    if (
        update
        and mentee.residence_statuses.filter(
            title__code=title.code, valid_from=values["residence_valid_from"]
        ).exists()
    ):
        return
    with at(
        {
            "title": "residence_title",
            "valid_from": "residence_valid_from",
            "valid_until": "residence_valid_until",
        }
    ):
        case_kinds.RESIDENCE.create(
            actor=actor,
            mentee=mentee,
            title=title,
            valid_from=values["residence_valid_from"],
            valid_until=values.get("residence_valid_until"),
        )


# --- employers -----------------------------------------------------------------------------


def write_employer(
    context: Context, values: dict[str, Any], decision: str, candidates: list
) -> str:
    actor = context.actor
    name = fold(values.get("name", ""))
    employer = context.employers_in_file.get(name)
    outcome = RowOutcome.UPDATED
    if employer is not None:
        pass  # a further contact person of an employer of an earlier row
    elif decision == RowDecision.UPDATE:
        employer = _existing(context, candidates)
        with at({}):
            employer = employer_kinds.EMPLOYER.update(
                actor=actor,
                record=employer,
                version=employer.version,
                **_picked(values, EMPLOYER_KEYS),
            )
    else:
        with at({"project": NON_FIELD_ERRORS}):
            employer = employer_kinds.EMPLOYER.create(
                actor=actor, project=context.project, **_picked(values, EMPLOYER_KEYS)
            )
        outcome = RowOutcome.CREATED
    context.employers_in_file.setdefault(name, employer)
    contact = {model: values[key] for model, key in CONTACT_KEYS.items() if key in values}
    if contact:
        if "name" not in contact:
            raise ValidationError({"contact_name": [_("Name the contact person.")]})
        exists = employer.contacts.filter(name__iexact=contact["name"]).exists()
        if not exists:
            with at(CONTACT_KEYS):
                employer_kinds.CONTACT.create(actor=actor, employer=employer, **contact)
    return outcome


# --- vacancies -----------------------------------------------------------------------------


def write_vacancy(context: Context, values: dict[str, Any], decision: str, candidates: list) -> str:
    with at({"employer": "employer"}):
        employer_kinds.VACANCY.create(
            actor=context.actor, employer=values["employer"], **_picked(values, VACANCY_KEYS)
        )
    return RowOutcome.CREATED


WRITERS = {"mentees": write_mentee, "employers": write_employer, "vacancies": write_vacancy}
