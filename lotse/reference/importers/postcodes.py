"""GeoNames postal codes for Germany: every postcode with place and coordinates, and the
districts (Kreise) by their 5-digit key (AGS)."""

import math
from collections import Counter, defaultdict
from pathlib import Path

from django.db import transaction

from lotse.reference.importers.base import (
    ImportResult,
    Progress,
    ReferenceImportError,
    fail_with_rows,
    no_progress,
    reference_file,
    sync_table,
)
from lotse.reference.models import District, Postcode

POSTCODES_FILE = "geonames/DE.txt"
#: The German file has 23,297 rows; fewer than this means a cut-off or wrong file.
POSTCODES_MINIMUM = 20_000
COLUMNS = 12

#: The federal states by the first two digits of the AGS.
STATES = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}

#: GeoNames names the Saxon districts inconsistently; these are their official names.
SAXON_DISTRICTS = {
    "14511": "Chemnitz, Stadt",
    "14521": "Erzgebirgskreis",
    "14522": "Mittelsachsen",
    "14523": "Vogtlandkreis",
    "14524": "Zwickau",
    "14612": "Dresden, Stadt",
    "14625": "Bautzen",
    "14626": "Görlitz",
    "14627": "Meißen",
    "14628": "Sächsische Schweiz-Osterzgebirge",
    "14713": "Leipzig, Stadt",
    "14729": "Landkreis Leipzig",
    "14730": "Nordsachsen",
}


def _coordinate(raw: str, low: float, high: float) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def read_postcodes(path: Path, *, progress: Progress = no_progress) -> tuple[list[dict], dict]:
    """Read and check ``DE.txt``; return the postcode rows and, per AGS, the district's name
    and the coordinates of its postcodes.

    Raises ``ReferenceImportError`` naming the line for a wrong column count, a bad postcode,
    district key or coordinate, or a postcode/place pair given twice.
    """
    progress(f"Postcodes: reading {path.name} …")
    rows: list[dict] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    names: dict[str, Counter] = defaultdict(Counter)
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for number, line in enumerate(handle, start=1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                cells = line.split("\t")
                if len(cells) != COLUMNS:
                    hint = " (is the file cut off?)" if len(cells) < COLUMNS else ""
                    problems.append(
                        f"line {number}: {len(cells)} tab-separated columns instead of "
                        f"{COLUMNS}{hint}"
                    )
                    continue
                country, code, place = cells[0].strip(), cells[1].strip(), cells[2].strip()
                ags_name, ags = cells[7].strip(), cells[8].strip()
                if country != "DE":
                    problems.append(f"line {number}: country {country!r} instead of 'DE'")
                    continue
                if len(code) != 5 or not code.isdigit():
                    problems.append(f"line {number}: postcode {code!r} is not 5 digits")
                    continue
                if not place:
                    problems.append(f"line {number}: postcode {code} has no place name")
                    continue
                if ags and (len(ags) != 5 or not ags.isdigit() or ags[:2] not in STATES):
                    problems.append(
                        f"line {number}: district key {ags!r} is not a 5-digit AGS of a "
                        "German state"
                    )
                    continue
                latitude = _coordinate(cells[9].strip(), 47.0, 55.5)
                longitude = _coordinate(cells[10].strip(), 5.5, 15.5)
                if latitude is None or longitude is None:
                    problems.append(
                        f"line {number}: coordinates {cells[9]!r}, {cells[10]!r} are not "
                        "numbers inside Germany"
                    )
                    continue
                key = (code, place[:200])
                if key in seen:
                    problems.append(f"line {number}: {code} {place} repeats line {seen[key]}")
                    continue
                seen[key] = number
                if ags:
                    names[ags][ags_name] += 1
                    points[ags].append((latitude, longitude))
                rows.append(
                    {
                        "code": code,
                        "place": place[:200],
                        "district_id": ags or None,
                        "latitude": latitude,
                        "longitude": longitude,
                    }
                )
    except UnicodeDecodeError as exc:
        raise ReferenceImportError(
            f"{path.name}: not UTF-8 text near byte {exc.start}; GeoNames files are UTF-8."
        ) from exc
    fail_with_rows(path, "rows that cannot be imported", problems)
    districts = {}
    for ags, counter in names.items():
        # The most frequent spelling, ties broken alphabetically, so every run picks the same.
        common = min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        lats, lons = zip(*points[ags], strict=True)
        districts[ags] = {
            "ags": ags,
            "name": (SAXON_DISTRICTS.get(ags) or common or ags)[:200],
            "state": STATES[ags[:2]],
            "latitude": round(sum(lats) / len(lats), 4),
            "longitude": round(sum(lons) / len(lons), 4),
        }
    progress(f"Postcodes: {len(rows):,} rows read, {len(districts):,} districts")
    return rows, districts


def import_postcodes(
    *,
    directory: Path | str | None = None,
    minimum_rows: int = POSTCODES_MINIMUM,
    progress: Progress = no_progress,
) -> tuple[ImportResult, ImportResult]:
    """Import the districts (by AGS, with the mean position of their postcodes) and all
    postcodes with place and coordinates. Idempotent, in one transaction; ``minimum_rows``
    guards against a truncated file. Returns the results for districts and postcodes."""
    path = reference_file(POSTCODES_FILE, directory)
    rows, districts = read_postcodes(path, progress=progress)
    if len(rows) < minimum_rows:
        raise ReferenceImportError(
            f"{path.name}: only {len(rows):,} postcodes, expected at least {minimum_rows:,}. "
            "Is the file cut off? Nothing was imported."
        )
    district_result = ImportResult(label="Districts")
    postcode_result = ImportResult(label="Postcodes")
    with transaction.atomic():
        sync_table(
            District,
            sorted(districts.values(), key=lambda d: d["ags"]),
            key=["ags"],
            fields=["name", "state", "latitude", "longitude"],
            result=district_result,
            progress=progress,
        )
        sync_table(
            Postcode,
            rows,
            key=["code", "place"],
            fields=["district_id", "latitude", "longitude"],
            result=postcode_result,
            progress=progress,
        )
    return district_result, postcode_result
