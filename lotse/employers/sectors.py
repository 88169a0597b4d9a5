"""The WZ 2008 sector catalogue: sections A–U and their 88 divisions, from ``data/wz2008.json``."""

import json
from pathlib import Path

from django.db import transaction

from lotse.employers.models import Sector, SectorLevel

DATA_FILE = Path(__file__).resolve().parent / "data" / "wz2008.json"


@transaction.atomic
def load_sectors(path: Path = DATA_FILE) -> int:
    """Create or update every section and division; safe to run again. Returns the number of
    catalogue entries (21 sections + 88 divisions = 109 for the shipped file)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    count = 0
    for section in data["sections"]:
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
        for division in section["divisions"]:
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
