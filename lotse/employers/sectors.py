"""The WZ 2008 sector catalogue: sections A–U and their 88 divisions, from ``data/wz2008.json``."""

from pathlib import Path

from django.db import transaction

from lotse.employers.models import Sector, SectorLevel
from lotse.reference.importers.base import (
    Problems,
    choice,
    digits,
    json_list,
    json_object,
    json_text,
    max_length,
    read_json_list,
    repeated,
)

DATA_FILE = Path(__file__).resolve().parent / "data" / "wz2008.json"
SECTION_CODES = "ABCDEFGHIJKLMNOPQRSTU"


def _entry(row, raw: object, *, section: bool) -> dict | None:
    """One section or division, checked like a row of a reference file: the code (a letter
    A–U or two ASCII digits) and both names (NFC, no control characters, within the field)."""
    raw = row("code", json_object, raw)
    if raw is None:
        return None
    code = row("code", json_text, raw.get("code"), max_length=2, required=True)
    if code is not None and section:
        code = row("code", choice, code, choices=SECTION_CODES)
    elif code is not None:
        code = row("code", digits, code, length=2)
    names = {
        name: row(
            name, json_text, raw.get(name), max_length=max_length(Sector, name), required=True
        )
        for name in ("name_de", "name_en")
    }
    return {"code": code, **names} if row.ok else None


def read_sectors(path: Path = DATA_FILE) -> list[tuple[dict, list[dict]]]:
    """The sections of the file with their divisions, every value checked; raises
    ``ReferenceImportError`` naming each bad value (``wz2008.json, sections[2]: code: …``)
    before anything is written."""
    problems = Problems(path)
    sections = []
    first: dict[str, str] = {}
    for number, raw_section in enumerate(read_json_list(path, "sections")):
        where = f"sections[{number}]"
        row = problems.row(where)
        section = _entry(row, raw_section, section=True)
        raw_divisions = raw_section.get("divisions") if isinstance(raw_section, dict) else []
        entries = [(where, section)]
        for index, raw in enumerate(row("divisions", json_list, raw_divisions) or []):
            division_where = f"{where}.divisions[{index}]"
            entries.append(
                (division_where, _entry(problems.row(division_where), raw, section=False))
            )
        for entry_where, entry in entries:
            if entry is None:
                continue
            if entry["code"] in first:
                problems.add(entry_where, "code", repeated(entry["code"], first[entry["code"]]))
            first.setdefault(entry["code"], entry_where)
        if section is not None:
            sections.append((section, [entry for _where, entry in entries[1:] if entry]))
    problems.fail()
    return sections


@transaction.atomic
def load_sectors(path: Path = DATA_FILE) -> int:
    """Create or update every section and division; safe to run again. Returns the number of
    catalogue entries (21 sections + 88 divisions = 109 for the shipped file). The whole file
    is checked first: a bad value raises ``ReferenceImportError`` and nothing is written."""
    count = 0
    for section, divisions in read_sectors(path):
        parent, _ = Sector.objects.update_or_create(
            code=section["code"],
            defaults={
                "level": SectorLevel.SECTION,
                "name_de": section["name_de"],
                "name_en": section["name_en"],
                "parent": None,
            },
        )
        count += 1
        for division in divisions:
            Sector.objects.update_or_create(
                code=division["code"],
                defaults={
                    "level": SectorLevel.DIVISION,
                    "name_de": division["name_de"],
                    "name_en": division["name_en"],
                    "parent": parent,
                },
            )
            count += 1
    return count
