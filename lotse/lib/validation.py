"""Input hygiene in one place: text, names, phone numbers, plausible dates and periods.

The form base classes (``lotse.lib.forms``) apply it to every field of every form, the model
base (``lotse.lib.models.CheckedModel``) applies it again in ``full_clean()``, so services,
imports and the API get the same answers as the forms.

Text (every text field, every GET parameter parsed by a form):

- normalised to NFC; the invisible direction *marks* U+200E/U+200F are stripped (phones and
  messengers paste them around Arabic or Hebrew text; they carry nothing worth storing);
- refused with a message at the field: NUL and every other control character (Unicode category
  Cc), the direction embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the
  line and paragraph separators. Multi-line text (a ``Textarea``, a model ``TextField``) may
  contain newlines, carriage returns and tabs.

Names of persons and employers (``PERSON_NAME_FIELDS``) need at least one letter ("-1" is not
a name).

Phone numbers (``PHONE_FIELDS``) are stored in E.164 (+4935112345678), parsed with
``phonenumbers`` with Germany as the default region, and shown in national format
(``{% load phone %}{{ value|phone }}``).

Dates and datetimes: every model date field has a window in ``DATE_WINDOWS`` (a test checks
that none is missing); a form date field without a model field gets ``DEFAULT_WINDOW`` unless
the form names another in ``date_windows``. ``PERIODS`` lists start/end pairs with their
longest plausible length.
"""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata
from collections.abc import Callable, Iterable

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# --- text -----------------------------------------------------------------------------------

DIRECTION_MARKS = {"\u200e", "\u200f"}
DIRECTION_CONTROLS = {chr(c) for c in range(0x202A, 0x202F)} | {
    chr(c) for c in range(0x2066, 0x206A)
}
SEPARATORS = {"\u2028", "\u2029"}
MULTILINE_ALLOWED = {"\n", "\r", "\t"}
_STRIP = str.maketrans(dict.fromkeys(DIRECTION_MARKS))


def normalise_text(value: str) -> str:
    """NFC, without direction marks."""
    return unicodedata.normalize("NFC", value.translate(_STRIP))


def forbidden_characters(value: str, *, multiline: bool) -> list[str]:
    """The characters of ``value`` that text in Lotse must not contain, in order, once each."""
    found: list[str] = []
    for char in value:
        if multiline and char in MULTILINE_ALLOWED:
            continue
        if (
            unicodedata.category(char) == "Cc" or char in DIRECTION_CONTROLS or char in SEPARATORS
        ) and char not in found:
            found.append(char)
    return found


def _describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def check_text(value: str, *, multiline: bool) -> None:
    """Raise a ``ValidationError`` naming the invisible characters ``value`` must not contain."""
    found = forbidden_characters(value, multiline=multiline)
    if not found:
        return
    if multiline:
        message = _(
            "This text contains invisible control characters (%(chars)s). Please remove them, "
            "for example by typing the text anew instead of pasting it."
        )
    else:
        message = _(
            "This field contains line breaks, tabs or invisible control characters "
            "(%(chars)s). Please remove them, for example by typing the value anew instead of "
            "pasting it."
        )
    raise ValidationError(
        message, code="control_characters", params={"chars": ", ".join(map(_describe, found))}
    )


def check_raw(value: object, *, multiline: bool) -> None:
    """``check_text`` for what a form receives: a string, or a list of strings (multiple
    choice). Other values (files) are left to their field."""
    if isinstance(value, str):
        check_text(value, multiline=multiline)
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, str):
                check_text(item, multiline=False)


def normalise_raw(value: object) -> object:
    if isinstance(value, str):
        return normalise_text(value)
    if isinstance(value, list):
        return [normalise_text(v) if isinstance(v, str) else v for v in value]
    return value


# --- names ----------------------------------------------------------------------------------

#: Model fields that hold the name of a person or an organisation: they need a letter.
PERSON_NAME_FIELDS = {
    "cases.Mentee.first_name",
    "cases.Mentee.last_name",
    "cases.ExternalReference.contact_person",
    "employers.EmployerContact.name",
    "employers.Employer.name",
}


def check_person_name(value: str) -> None:
    if value and not any(char.isalpha() for char in value):
        raise ValidationError(
            _("Please enter a name with at least one letter."), code="name_without_letter"
        )


# --- phone numbers --------------------------------------------------------------------------

PHONE_REGION = "DE"

#: Model fields that hold a phone number: stored in E.164.
PHONE_FIELDS = {"cases.Mentee.phone", "employers.EmployerContact.phone"}


def parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """The number, if ``value`` is a valid phone number (German unless it starts with +/00)."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise_phone(value: str) -> str:
    """``value`` in E.164; raises a ``ValidationError`` when it is no valid phone number."""
    value = (value or "").strip()
    if not value:
        return ""
    number = parse_phone(value)
    if number is None:
        raise ValidationError(
            _(
                "Please enter a valid phone number, for example 0351 1234567 or, for a "
                "number outside Germany, +48 22 1234567."
            ),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str) -> str:
    """A stored number for reading: national format for German numbers, international for
    others; anything that does not parse (older entries) as it is."""
    number = parse_phone(value) if value else None
    if number is None:
        return value or ""
    if phonenumbers.region_code_for_number(number) == PHONE_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# --- dates ----------------------------------------------------------------------------------


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclasses.dataclass(frozen=True)
class Window:
    """The plausible dates of a field: from a fixed first day or ``years_back`` before today,
    until ``years_ahead`` after today (0: today)."""

    years_back: int | None = None
    first_day: datetime.date | None = None
    years_ahead: int = 0

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        first = self.first_day or _shift_years(today, -(self.years_back or 0))
        return first, _shift_years(today, self.years_ahead)

    def check(self, value: datetime.date | datetime.datetime | None) -> None:
        if value is None:
            return
        # The wall-clock date of a datetime, without converting it: a datetime in year 1 must
        # not be shifted (Berlin's historic offset makes it unrepresentable).
        day = value.date() if isinstance(value, datetime.datetime) else value
        first, last = self.bounds()
        if first <= day <= last:
            return
        if isinstance(value, datetime.datetime):
            message = _("Please enter a date and time between %(first)s and %(last)s.")
        else:
            message = _("Please enter a date between %(first)s and %(last)s.")
        raise ValidationError(
            message,
            code="implausible_date",
            params={
                "first": date_format(first, "SHORT_DATE_FORMAT"),
                "last": date_format(last, "SHORT_DATE_FORMAT"),
            },
        )

    def validator(self) -> Callable[[object], None]:
        return WindowValidator(self)


@dataclasses.dataclass(frozen=True)
class WindowValidator:
    window: Window

    def __call__(self, value: object) -> None:
        if isinstance(value, datetime.date):
            self.window.check(value)


#: A date of birth: from 1900 until today.
BIRTH = Window(first_day=datetime.date(1900, 1, 1))
#: Something in a person's past before the programme (arrival, certificates, recognition).
LIFETIME = Window(first_day=datetime.date(1900, 1, 1))
#: A measure of the person's history that may still be running or planned.
LIFETIME_PLANNED = Window(first_day=datetime.date(1900, 1, 1), years_ahead=5)
#: Something that happened in the programme and is recorded (contacts, consents, stage dates):
#: the programme history reaches back to 2016; 25 years leave room; one year ahead for
#: entries made in advance.
RECORDED = Window(years_back=25, years_ahead=1)
#: Something planned or running (appointments, tasks, courses, placements, vacancies).
PLANNED = Window(years_back=25, years_ahead=5)
#: The end of a document's validity: residence titles run up to ten years and more.
DOCUMENT_VALIDITY = Window(years_back=25, years_ahead=15)
#: Reference data and reporting periods.
REFERENCE = Window(first_day=datetime.date(1900, 1, 1), years_ahead=20)
#: A date field of a form that has no model field and names no window (filters, pickers).
DEFAULT_WINDOW = Window(first_day=datetime.date(1900, 1, 1), years_ahead=20)

#: Every date and datetime field of the models (``app_label.Model.field``). Fields set only by
#: Django (``auto_now``/``auto_now_add``) need none.
DATE_WINDOWS: dict[str, Window] = {
    # cases
    "cases.Mentee.birth_date": BIRTH,
    "cases.Mentee.erased_at": RECORDED,
    "cases.Mentee.arrival_date": LIFETIME,
    "cases.Mentee.available_from": PLANNED,
    "cases.Participation.entry_date": RECORDED,
    "cases.Participation.exit_date": RECORDED,
    "cases.LanguageSkill.certificate_date": LIFETIME,
    "cases.Qualification.application_date": LIFETIME,
    "cases.Qualification.decision_date": LIFETIME,
    "cases.Qualification.bridging_from": LIFETIME_PLANNED,
    "cases.Qualification.bridging_until": LIFETIME_PLANNED,
    "cases.WorkExperience.started_on": LIFETIME,
    "cases.WorkExperience.ended_on": LIFETIME,
    "cases.ResidenceStatus.valid_from": PLANNED,
    "cases.ResidenceStatus.valid_until": DOCUMENT_VALIDITY,
    "cases.ResidenceStatus.asylum_application_date": LIFETIME,
    "cases.ResidenceStatus.duldung_start": LIFETIME,
    "cases.Consent.given_on": RECORDED,
    "cases.TransferRequest.consent_on": RECORDED,
    "cases.TransferRequest.decided_at": RECORDED,
    "cases.Consent.withdrawn_on": RECORDED,
    # journal
    "journal.JournalEntry.occurred_at": RECORDED,
    "journal.Appointment.starts_at": PLANNED,
    "journal.Appointment.ends_at": PLANNED,
    "journal.Task.due_date": PLANNED,
    "journal.Task.done_at": RECORDED,
    "journal.IntegrationAgreement.signed_on": RECORDED,
    "journal.IntegrationAgreement.reviewed_on": RECORDED,
    "journal.AgreementStep.due_date": PLANNED,
    "journal.Referral.referred_on": RECORDED,
    "journal.Referral.outcome_on": RECORDED,
    "journal.CourseParticipation.starts_on": PLANNED,
    "journal.CourseParticipation.ends_on": PLANNED,
    "journal.CalendarFeed.last_used_at": RECORDED,
    # documents
    "documents.Document.issued_on": LIFETIME,
    "documents.Document.expires_on": DOCUMENT_VALIDITY,
    # events
    "events.GroupEvent.date": PLANNED,
    # employers
    "employers.EmployerContact.consent_given_on": RECORDED,
    "employers.EmployerService.date": RECORDED,
    "employers.Vacancy.start_date": PLANNED,
    "employers.Vacancy.closing_date": PLANNED,
    "employers.Vacancy.closed_at": RECORDED,
    # placements
    "placements.Application.stage_date": RECORDED,
    "placements.Application.planned_start": PLANNED,
    "placements.ApplicationStageChange.on_date": RECORDED,
    "placements.Placement.start_date": PLANNED,
    "placements.Placement.end_date": PLANNED,
    "placements.FollowUp.due_on": DOCUMENT_VALIDITY,
    "placements.FollowUp.answered_on": RECORDED,
    # reporting
    "reporting.FundingPeriod.start": REFERENCE,
    "reporting.FundingPeriod.end": REFERENCE,
    "reporting.EsfRecord.entry_asked_on": RECORDED,
    "reporting.EsfRecord.exit_asked_on": RECORDED,
    "reporting.EsfRecord.six_months_asked_on": RECORDED,
    "reporting.ReportExport.start": REFERENCE,
    "reporting.ReportExport.end": REFERENCE,
    # privacy: data-subject requests and consent texts
    "privacy.DataSubjectRequest.received_on": RECORDED,
    "privacy.DataSubjectRequest.due_on": PLANNED,
    "privacy.DataSubjectRequest.extended_until": PLANNED,
    "privacy.DataSubjectRequest.closed_on": RECORDED,
    "privacy.ConsentText.valid_from": REFERENCE,
    # privacy: erasure and retention
    "privacy.ErasureReview.due_on": PLANNED,
    "privacy.ErasureReview.keep_until": DOCUMENT_VALIDITY,
    "privacy.LegalHold.until": DOCUMENT_VALIDITY,
}


@dataclasses.dataclass(frozen=True)
class Period:
    """A start and an end field of one model; the end must not be before the start, and the
    period must not be longer than ``max_days`` (None: no limit beyond the fields' windows).
    ``order_checked_by_model``: the model's own ``clean()`` already says so in its words."""

    start: str
    end: str
    max_days: int | None = None
    order_checked_by_model: bool = False


_YEAR = 366
#: Start/end pairs per model (``app_label.Model``).
PERIODS: dict[str, tuple[Period, ...]] = {
    "cases.Participation": (Period("entry_date", "exit_date", max_days=15 * _YEAR),),
    "cases.Qualification": (
        Period("application_date", "decision_date", max_days=10 * _YEAR),
        Period("bridging_from", "bridging_until", max_days=5 * _YEAR),
    ),
    "cases.ResidenceStatus": (Period("valid_from", "valid_until", max_days=15 * _YEAR),),
    "cases.WorkExperience": (Period("started_on", "ended_on", max_days=60 * _YEAR),),
    "cases.Consent": (Period("given_on", "withdrawn_on"),),
    "journal.Appointment": (
        Period("starts_at", "ends_at", max_days=14, order_checked_by_model=True),
    ),
    "journal.IntegrationAgreement": (
        Period("signed_on", "reviewed_on", order_checked_by_model=True),
    ),
    "journal.Referral": (
        Period("referred_on", "outcome_on", max_days=5 * _YEAR, order_checked_by_model=True),
    ),
    "journal.CourseParticipation": (
        Period("starts_on", "ends_on", max_days=5 * _YEAR, order_checked_by_model=True),
    ),
    "placements.Placement": (Period("start_date", "end_date"),),
    "reporting.FundingPeriod": (Period("start", "end", max_days=10 * _YEAR),),
    "reporting.ReportExport": (Period("start", "end", max_days=10 * _YEAR),),
}


def _as_day(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def check_period(period: Period, start: object, end: object) -> dict[str, ValidationError]:
    """The errors of one period, keyed by the end field."""
    if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
        return {}
    if end < start:
        if period.order_checked_by_model:
            return {}
        return {
            period.end: ValidationError(
                _("The end must not be before the start."), code="end_before_start"
            )
        }
    if period.max_days is not None and (_as_day(end) - _as_day(start)).days > period.max_days:
        if period.max_days % _YEAR == 0:
            years = period.max_days // _YEAR
            message = ngettext(
                "This period is longer than %(count)s year. Please check the dates.",
                "This period is longer than %(count)s years. Please check the dates.",
                years,
            )
            count = years
        else:
            message = ngettext(
                "This period is longer than %(count)s day. Please check the dates.",
                "This period is longer than %(count)s days. Please check the dates.",
                period.max_days,
            )
            count = period.max_days
        return {
            period.end: ValidationError(message, code="period_too_long", params={"count": count})
        }
    return {}


def model_key(model: type, field_name: str) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}.{field_name}"


def window_for(model: type, field_name: str) -> Window | None:
    return DATE_WINDOWS.get(model_key(model, field_name))


def periods_for(model: type) -> Iterable[Period]:
    return PERIODS.get(f"{model._meta.app_label}.{model._meta.object_name}", ())
