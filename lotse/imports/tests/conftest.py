"""Reference rows and file builders for the import tests."""

import csv
import io

import openpyxl
import pytest

from lotse.cases.tests.factories import (
    CountryFactory,
    LanguageFactory,
    PostcodeFactory,
    ResidenceTitleFactory,
)
from lotse.reference.tests.factories import OccupationFactory, OccupationTitleFactory
from lotse.reference.text import search_text


@pytest.fixture
def reference(db):
    """A country, two languages, two occupations (one with a BA title), a residence status and
    a postcode."""
    PostcodeFactory(code="09111", place="Chemnitz")
    CountryFactory(iso_code="SY", name_de="Syrien", name_en="Syria")
    LanguageFactory(iso_code="de", name_de="Deutsch", name_en="German")
    LanguageFactory(iso_code="ar", name_de="Arabisch", name_en="Arabic")
    cook = OccupationFactory(code="29302", title="Köche/Köchinnen")
    OccupationTitleFactory(
        occupation=cook, title="Koch/Köchin", search_text=search_text("Koch/Köchin")
    )
    OccupationFactory(code="82102", title="Altenpflege (Helfer)")
    ResidenceTitleFactory()
    return {"cook": cook}


def xlsx(rows: list[list], sheet: str = "Tabelle1", extra_sheets: dict | None = None) -> bytes:
    book = openpyxl.Workbook()
    worksheet = book.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for name, more in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in more:
            other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


MENTEE_HEADER = [
    "Vorname",
    "Nachname",
    "Geburtsdatum",
    "Telefon",
    "E-Mail",
    "PLZ",
    "Staatsangehörigkeit",
    "Sprachen",
    "Zielberuf",
    "Aufenthaltsstatus",
    "Aufenthaltsstatus gültig ab",
    "Eintrittsdatum",
    "Mentor/in",
]


def mentee_row(first="Amina", last="Haddad", birth="14.03.1995", **overrides) -> list:
    values = {
        "phone": "0371 1234567",
        "email": f"{first.lower()}@example.org",
        "postcode": "09111",
        "nationality": "Syrien",
        "languages": "Deutsch B1; Arabisch Muttersprache",
        "target": "Koch/Köchin",
        "residence": "ae-25-2",
        "residence_from": "01.01.2024",
        "entry": "15.01.2025",
        "mentor": "alice",
    } | overrides
    return [
        first,
        last,
        birth,
        values["phone"],
        values["email"],
        values["postcode"],
        values["nationality"],
        values["languages"],
        values["target"],
        values["residence"],
        values["residence_from"],
        values["entry"],
        values["mentor"],
    ]
