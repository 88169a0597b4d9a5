"""The columns a spreadsheet may have, per kind of import: the field key, the header of the
template (German in the German interface), the other headers that mean the same (German and
English synonyms, compared folded), whether the column is required, an explanation and an
example for the template, and the parser of its cells (``lotse.imports.values``).

The field keys are the model field names where a column fills one field, so that the errors of
the services (``ValidationError`` keyed by field) land at their column."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Gender, Goal
from lotse.employers.models import VacancyKind
from lotse.imports.models import ImportKind
from lotse.imports.values import (
    Lookups,
    choice_parser,
    fold,
    parse_bool,
    parse_date,
    parse_int,
    parse_phone,
    parse_postcode,
    size_class,
)
from lotse.reference.models import CefrLevel, RequirementLevel

Parser = Callable[[Lookups, str], Any]


def _text(lookups: Lookups, text: str) -> str:
    return text


def _plain(parse: Callable[[str], Any]) -> Parser:
    return lambda lookups, text: parse(text)


@cache
def _choices(name: str) -> Callable[[str], Any]:
    """Choice parsers are built on first use (they read the translated labels)."""
    tables = {
        "gender": (
            Gender,
            {"w": "f", "weiblich": "f", "frau": "f", "mannlich": "m", "mann": "m", "divers": "d"},
        ),
        "goal": (Goal, {"arbeit": "job", "beschaftigung": "job", "ausbildung": "apprenticeship"}),
        "vacancy_kind": (
            VacancyKind,
            {
                "arbeit": "job",
                "stelle": "job",
                "ausbildung": "apprenticeship",
                "praktikum": "internship",
                "eq": "internship",
                "minijob": "mini_job",
            },
        ),
        "german_level": (CefrLevel, {}),
        "requirement_level": (
            RequirementLevel,
            {
                "helfer": 1,
                "fachkraft": 2,
                "spezialist": 3,
                "experte": 4,
                "1": 1,
                "2": 2,
                "3": 3,
                "4": 4,
            },
        ),
    }
    choices, extra = tables[name]
    return choice_parser(choices, extra)


def _choice(name: str) -> Parser:
    return lambda lookups, text: _choices(name)(text)


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise | str
    parse: Parser = _text
    required: bool = False
    help: Promise | str = ""
    example: str = ""
    synonyms: tuple[str, ...] = ()


def _col(key: str, label: Promise, *synonyms: str, **kwargs: Any) -> Column:
    return Column(key=key, label=label, synonyms=synonyms, **kwargs)


_date = _plain(parse_date)

MENTEE_COLUMNS = (
    _col(
        "first_name",
        _("First name"),
        "vorname",
        "vornamen",
        "firstname",
        "given name",
        required=True,
        example="Amina",
    ),
    _col(
        "last_name",
        _("Last name"),
        "nachname",
        "familienname",
        "name",
        "surname",
        "lastname",
        required=True,
        example="Haddad",
    ),
    _col(
        "birth_date",
        _("Date of birth"),
        "geburtsdatum",
        "geboren am",
        "geb datum",
        "dob",
        "birthday",
        parse=_date,
        example="14.03.1995",
    ),
    _col(
        "gender",
        _("Gender"),
        "geschlecht",
        "sex",
        parse=_choice("gender"),
        help=_("weiblich, männlich, divers or keine Angabe"),
        example="weiblich",
    ),
    _col(
        "phone",
        _("Phone"),
        "telefon",
        "tel",
        "telefonnummer",
        "handy",
        "mobil",
        "mobile",
        "phone number",
        parse=_plain(parse_phone),
        example="0371 1234567",
    ),
    _col(
        "email",
        _("E-mail"),
        "email",
        "e mail",
        "mail",
        "e mail adresse",
        "email address",
        example="amina.haddad@example.org",
    ),
    _col(
        "street",
        _("Street and number"),
        "strasse",
        "adresse",
        "anschrift",
        "address",
        "street",
        example="Hauptstraße 1",
    ),
    _col(
        "postcode",
        _("Postcode"),
        "plz",
        "postleitzahl",
        "zip",
        "postal code",
        "zip code",
        parse=_plain(parse_postcode),
        example="09111",
    ),
    _col(
        "nationality",
        _("Nationality"),
        "staatsangehorigkeit",
        "nationalitat",
        "citizenship",
        parse=lambda lookups, text: lookups.country(text),
        help=_("German name or ISO code of the country"),
        example="Syrien",
    ),
    _col(
        "country_of_origin",
        _("Country of origin"),
        "herkunftsland",
        "herkunft",
        "origin",
        parse=lambda lookups, text: lookups.country(text),
        example="Syrien",
    ),
    _col(
        "arrival_date",
        _("Arrival in Germany"),
        "einreise",
        "einreisedatum",
        "in deutschland seit",
        "arrival",
        "arrival date",
        parse=_date,
        example="01.09.2016",
    ),
    _col(
        "languages",
        _("Languages"),
        "sprachen",
        "sprachkenntnisse",
        "language skills",
        parse=lambda lookups, text: lookups.language_levels(text),
        help=_("language and CEFR level, several separated by semicolons"),
        example="Deutsch B1; Arabisch Muttersprache",
    ),
    _col(
        "goal",
        _("Goal"),
        "ziel",
        "goal",
        parse=_choice("goal"),
        help=_("Arbeit, Ausbildung or Qualifizierung"),
        example="Ausbildung",
    ),
    _col(
        "target_occupations",
        _("Target occupation"),
        "zielberuf",
        "zielberufe",
        "wunschberuf",
        "berufswunsch",
        "kldb",
        "target occupations",
        parse=lambda lookups, text: lookups.occupations(text),
        help=_(
            "KldB 2010 code (five digits) or job title of the BA, several separated by semicolons"
        ),
        example="82102 Altenpflegehelfer/in",
    ),
    _col(
        "residence_title",
        _("Residence status"),
        "aufenthaltsstatus",
        "aufenthaltstitel",
        "aufenthalt",
        "residence title",
        parse=lambda lookups, text: lookups.residence_title(text),
        help=_("the name as in the residence-status form"),
        example="Aufenthaltserlaubnis § 25 Abs. 2 AufenthG",
    ),
    _col(
        "residence_valid_from",
        _("Residence status valid from"),
        "aufenthaltsstatus gultig ab",
        "aufenthalt gultig ab",
        "gultig ab",
        "valid from",
        parse=_date,
        example="01.01.2024",
    ),
    _col(
        "residence_valid_until",
        _("Residence status valid until"),
        "aufenthaltsstatus gultig bis",
        "aufenthalt gultig bis",
        "gultig bis",
        "valid until",
        parse=_date,
        example="31.12.2026",
    ),
    _col(
        "entry_date",
        _("Entry date"),
        "eintrittsdatum",
        "eintritt",
        "aufnahme",
        "aufnahmedatum",
        "programmeintritt",
        "entry",
        "start date",
        parse=_date,
        required=True,
        help=_("the day the person entered the project"),
        example="15.01.2025",
    ),
    _col(
        "mentor",
        _("Mentor"),
        "mentorin",
        "mentor in",
        "betreuer",
        "betreuerin",
        "zustandig",
        parse=lambda lookups, text: lookups.mentor(text),
        help=_("user name, e-mail or full name of a mentor of the project"),
        example="",
    ),
    _col(
        "notes",
        _("Notes"),
        "notizen",
        "bemerkung",
        "bemerkungen",
        "anmerkungen",
        "kommentar",
        "comments",
    ),
)

CONTACT_KEYS = {
    "name": "contact_name",
    "role": "contact_role",
    "phone": "contact_phone",
    "email": "contact_email",
    "consent_given_on": "contact_consent",
}

EMPLOYER_COLUMNS = (
    _col(
        "name",
        _("Employer"),
        "arbeitgeber",
        "firma",
        "unternehmen",
        "betrieb",
        "firmenname",
        "name",
        "company",
        "employer name",
        required=True,
        example="Bäckerei Müller GmbH",
    ),
    _col(
        "sector",
        _("Sector (WZ 2008)"),
        "branche",
        "wz",
        "wz 2008",
        "sector",
        "industry",
        parse=lambda lookups, text: lookups.sector(text),
        help=_("two-digit WZ 2008 division or its name"),
        example="10",
    ),
    _col(
        "size_class",
        _("Size"),
        "grosse",
        "betriebsgrosse",
        "mitarbeiter",
        "beschaftigte",
        "employees",
        "size",
        parse=_plain(size_class),
        help=_("number of employees or kleinst, klein, mittel, groß"),
        example="25",
    ),
    _col(
        "street",
        _("Street and number"),
        "strasse",
        "adresse",
        "anschrift",
        "address",
        example="Marktplatz 3",
    ),
    _col(
        "postcode",
        _("Postcode"),
        "plz",
        "postleitzahl",
        "zip",
        "postal code",
        parse=_plain(parse_postcode),
        example="09111",
    ),
    _col(
        "website",
        _("Website"),
        "webseite",
        "internet",
        "homepage",
        "url",
        "web",
        example="https://example.org",
    ),
    _col("notes", _("Notes"), "notizen", "bemerkung", "bemerkungen", "anmerkungen", "comments"),
    _col(
        "contact_name",
        _("Contact person"),
        "ansprechperson",
        "ansprechpartner",
        "ansprechpartnerin",
        "kontaktperson",
        "kontakt",
        "contact",
        "contact name",
        example="Petra Müller",
    ),
    _col(
        "contact_role",
        _("Role of the contact person"),
        "funktion",
        "position",
        "rolle",
        "role",
        example="Inhaberin",
    ),
    _col(
        "contact_phone",
        _("Phone of the contact person"),
        "telefon",
        "tel",
        "telefonnummer",
        "phone",
        parse=_plain(parse_phone),
        example="0371 7654321",
    ),
    _col(
        "contact_email",
        _("E-mail of the contact person"),
        "email",
        "e mail",
        "mail",
        example="p.mueller@example.org",
    ),
    _col(
        "contact_consent",
        _("Contact person consented on"),
        "einwilligung",
        "einwilligung am",
        "consent",
        "consent given on",
        parse=_date,
        help=_("needed for every contact person"),
        example="02.02.2025",
    ),
)

VACANCY_COLUMNS = (
    _col(
        "employer",
        _("Employer"),
        "arbeitgeber",
        "firma",
        "unternehmen",
        "betrieb",
        "company",
        parse=lambda lookups, text: lookups.employer(text),
        required=True,
        help=_("the name of an employer of the project"),
        example="Bäckerei Müller GmbH",
    ),
    _col(
        "title",
        _("Title"),
        "stellentitel",
        "titel",
        "stelle",
        "stellenbezeichnung",
        "job title",
        "position",
        required=True,
        example="Bäcker/in (m/w/d)",
    ),
    _col(
        "occupation",
        _("Occupation"),
        "beruf",
        "kldb",
        "berufsgattung",
        "occupation",
        parse=lambda lookups, text: lookups.occupation(text),
        required=True,
        help=_("KldB 2010 code (five digits) or job title of the BA"),
        example="29212",
    ),
    _col(
        "kind",
        _("Kind"),
        "art",
        "stellenart",
        "angebotsart",
        "type",
        parse=_choice("vacancy_kind"),
        help=_("Arbeit, Ausbildung, Praktikum or Minijob"),
        example="Arbeit",
    ),
    _col(
        "requirement_level",
        _("Requirement level"),
        "anforderungsniveau",
        "niveau",
        "level",
        parse=_choice("requirement_level"),
        help=_("empty: from the occupation; else 1 to 4 or Helfer, Fachkraft, Spezialist, Experte"),
        example="",
    ),
    _col(
        "workplace_postcode",
        _("Workplace postcode"),
        "plz arbeitsort",
        "arbeitsort plz",
        "plz",
        "postcode",
        "workplace",
        parse=_plain(parse_postcode),
        help=_("empty: at the employer's address"),
        example="09111",
    ),
    _col(
        "german_level",
        _("German required"),
        "deutschkenntnisse",
        "deutsch",
        "sprachniveau",
        "german",
        "german level",
        parse=_choice("german_level"),
        example="B1",
    ),
    _col(
        "hours_per_week",
        _("Hours per week"),
        "wochenstunden",
        "stunden",
        "stunden pro woche",
        "hours",
        "hours per week",
        parse=_plain(parse_int),
        example="40",
    ),
    _col(
        "shift_work",
        _("Shift work"),
        "schichtarbeit",
        "schicht",
        "shifts",
        parse=_plain(parse_bool),
        example="nein",
    ),
    _col(
        "start_date",
        _("Start date"),
        "beginn",
        "eintrittstermin",
        "ab",
        "start",
        parse=_date,
        example="01.08.2026",
    ),
    _col(
        "closing_date",
        _("Closing date"),
        "bewerbungsschluss",
        "frist",
        "deadline",
        parse=_date,
        example="",
    ),
    _col(
        "driving_licence_required",
        _("Driving licence required"),
        "fuhrerschein",
        "fuhrerschein erforderlich",
        "driving licence",
        parse=_plain(parse_bool),
        example="nein",
    ),
    _col(
        "description",
        _("Description"),
        "beschreibung",
        "stellenbeschreibung",
        "text",
        "description",
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.MENTEES: MENTEE_COLUMNS,
    ImportKind.EMPLOYERS: EMPLOYER_COLUMNS,
    ImportKind.VACANCIES: VACANCY_COLUMNS,
}


def column(kind: str, key: str) -> Column:
    return next(c for c in COLUMNS[kind] if c.key == key)


def header_names(col: Column) -> set[str]:
    """Every folded header that names the column: its label in German and English and its
    synonyms."""
    from django.utils import translation

    names = {fold(s) for s in col.synonyms} | {fold(col.key.replace("_", " "))}
    for language in ("de", "en"):
        with translation.override(language):
            names.add(fold(str(col.label)))
    return names


def suggest(kind: str, headers: list[str], saved: dict[str, str]) -> dict[int, str]:
    """Column index → field key for the headers of a file: what the project chose for the same
    header before, else the field whose label or synonym the header is, exact label before
    synonym, each field at most once."""
    columns = COLUMNS[kind]
    known = {c.key for c in columns}
    taken: set[str] = set()
    result: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = saved.get(fold(header))
        if key is not None and (key == "" or key in known) and key not in taken:
            result[index] = key
            if key:
                taken.add(key)
    # Exact labels first, so that "Telefon der Ansprechperson" beats the synonym "Telefon".
    for exact in (True, False):
        for index, header in enumerate(headers):
            if index in result:
                continue
            folded = fold(header)
            for col in columns:
                if col.key in taken:
                    continue
                names = _labels(col) if exact else header_names(col)
                if folded in names:
                    result[index] = col.key
                    taken.add(col.key)
                    break
    return {index: key for index, key in result.items() if key}


def _labels(col: Column) -> set[str]:
    from django.utils import translation

    labels = set()
    for language in ("de", "en"):
        with translation.override(language):
            labels.add(fold(str(col.label)))
    return labels
