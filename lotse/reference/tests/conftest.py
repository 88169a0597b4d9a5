"""Small reference files written to ``tmp_path``, in the formats of the official ones."""

import datetime
from pathlib import Path

import pytest

from lotse.reference.importers.job_titles import TITLES_FILE, TITLES_HEADER, TITLES_SHEET
from lotse.reference.importers.kldb import KLDB_FILE, KLDB_HEADER
from lotse.reference.importers.postcodes import POSTCODES_FILE

#: Levels 1-5 of this small classification: 3 / 3 / 4 / 4 / 6 positions.
SMALL_KLDB_COUNTS = (3, 3, 4, 4, 6)
KLDB_ROWS = [
    ("0", "1", "Militär", "Militär"),
    ("1", "2", "Angehörige der regulären Streitkräfte", "Streitkräfte"),
    ("11", "3", "Offiziere", "Offiziere"),
    ("110", "4", "Offiziere", "Offiziere"),
    ("1104", "5", "Offiziere", "Offiziere"),
    ("2", "1", "Rohstoffgewinnung, Produktion und Fertigung", "Produktion"),
    ("29", "2", "Lebensmittelherstellung und -verarbeitung", "Lebensmittel"),
    ("292", "3", "Lebensmittel- und Genussmittelherstellung", "Lebensmittel"),
    ("2922", "4", "Backwarenherstellung", "Backwaren"),
    ("29222", "5", "Berufe in der Backwarenherstellung - fachlich ausgerichtete Tätigkeiten", ""),
    ("293", "3", "Speisenzubereitung", "Speisen"),
    ("2930", "4", "Köche/Köchinnen (ohne Spezialisierung)", "Köche"),
    ("29301", "5", "Köche/Köchinnen (ohne Spezialisierung) - Helfer", "Köche - Helfer"),
    ("29302", "5", "Köche/Köchinnen (ohne Spezialisierung) - Fachkraft", "Köche - Fachkraft"),
    ("8", "1", "Gesundheit, Soziales, Lehre und Erziehung", "Gesundheit"),
    ("82", "2", "Nichtmedizinische Gesundheits-, Körperpflege- und Wellnessberufe", "Körperpflege"),
    ("823", "3", "Körperpflege", "Körperpflege"),
    ("8231", "4", "Berufe im Friseurgewerbe", "Friseurgewerbe"),
    ("82311", "5", "Friseurgewerbe - Helfer", "Friseurgewerbe - Helfer"),
    ("82312", "5", "Friseurgewerbe - Fachkraft", "Friseurgewerbe - Fachkraft"),
]

TITLE_ROWS = [
    (9907, "B 82312-102", "E", "Friseur/in", "Friseur", "Friseurin"),
    (9908, "B 82311-100", "E", "Friseurhelfer/in", "Friseurhelfer", "Friseurhelferin"),
    (1001, "B 29222-100", "E", "Bäcker/in", "Bäcker", "Bäckerin"),
    (1002, "B 29302-101", "E", "Koch/Köchin", "Koch", "Köchin"),
    (1003, "B 29301-100", "E", "Kochhelfer/in", "Kochhelfer", "Kochhelferin"),
    (1004, "B 29302-105", "R", "Schiffskoch/-köchin", "Schiffskoch", "Schiffsköchin"),
    (1005, "B 29222-110", "T", "Brotbäcker/in", "Brotbäcker", "Brotbäckerin"),
    (1006, "B 01104-100", "E", "Offizier/in", "Offizier", "Offizierin"),
]

POSTCODE_ROWS = [
    ("09111", "Chemnitz", "Sachsen", "SN", "Chemnitz, Stadt", "14511", 50.8357, 12.9229),
    ("09112", "Chemnitz", "Saxony", "13", "Kreisfreie Stadt Chemnitz", "14511", 50.8270, 12.9000),
    ("04103", "Leipzig", "Sachsen", "SN", "Kreisfreie Stadt Leipzig", "14713", 51.3400, 12.3800),
    ("04416", "Markkleeberg", "Sachsen", "SN", "Landkreis Leipzig", "14729", 51.2780, 12.3690),
    ("04416", "Wachau", "Sachsen", "SN", "Landkreis Leipzig", "14729", 51.2700, 12.4000),
    ("10115", "Berlin", "Berlin", "BE", "Berlin, Stadt", "11000", 52.5323, 13.3846),
    ("87491", "Jungholz", "", "", "", "", 47.5741, 10.4472),
]


def write_kldb(directory: Path, rows=KLDB_ROWS, header=None, tail: str = "") -> Path:
    path = directory / KLDB_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [";".join(header or KLDB_HEADER) + ";"]
    for number, (code, level, title, short) in enumerate(rows):
        # Like the real export: long notes in quoted fields with line breaks inside.
        note = f'"Bemerkung {number};\nzweite Zeile"' if number % 3 == 0 else ""
        lines.append(f"{code};{level};{title};{short};{note};;;;")
    path.write_text("\n".join(lines) + "\n" + tail, encoding="utf-8-sig")
    return path


def write_titles(directory: Path, rows=TITLE_ROWS, header=TITLES_HEADER) -> Path:
    import openpyxl

    path = directory / TITLES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    workbook.active.title = "Impressum"
    workbook.active.append(["Gesamtberufsliste der Bundesagentur für Arbeit"])
    sheet = workbook.create_sheet(TITLES_SHEET)
    for _ in range(3):
        sheet.append([None] * 6)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_postcodes(directory: Path, rows=POSTCODE_ROWS, extra_lines: str = "") -> Path:
    path = directory / POSTCODES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for code, place, state, state_code, district, ags, lat, lon in rows:
        lines.append(
            "\t".join(
                [
                    "DE",
                    code,
                    place,
                    state,
                    state_code,
                    "",
                    "",
                    district,
                    ags,
                    str(lat),
                    str(lon),
                    "",
                ]
            )
        )
    path.write_text("\n".join(lines) + "\n" + extra_lines, encoding="utf-8")
    return path


@pytest.fixture
def reference_files(tmp_path: Path) -> Path:
    """A reference folder with small KldB, title and postcode files."""
    write_kldb(tmp_path)
    write_titles(tmp_path)
    write_postcodes(tmp_path)
    return tmp_path


@pytest.fixture
def small_reference(db, reference_files, settings):
    """The small files imported; ``settings.LOTSE_REFERENCE_DIR`` points at them."""
    from lotse.reference.services import import_job_titles, import_kldb, import_postcodes

    settings.LOTSE_REFERENCE_DIR = reference_files
    import_kldb(expected_counts=SMALL_KLDB_COUNTS)
    import_job_titles(minimum_rows=1)
    import_postcodes(minimum_rows=1)
    return reference_files


TODAY = datetime.date(2025, 6, 1)
