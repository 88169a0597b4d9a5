"""GeoNames postal codes for Germany: every postcode with place and coordinates, and the
districts (Kreise) by their 5-digit key (AGS)."""

from collections import Counter, defaultdict
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.reference.importers.base import (
    ImportResult,
    Problems,
    Progress,
    ReferenceImportError,
    decimal,
    digits,
    grouped,
    max_length,
    no_progress,
    reading,
    reference_file,
    shown,
    sync_table,
    text,
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


def _column(number: int, name: str) -> str:
    """How a message names a column of the header-less file: "column 3 (place name)"."""
    return _("column %(number)d (%(name)s)") % {"number": number, "name": name}


def read_postcodes(path: Path, *, progress: Progress = no_progress) -> tuple[list[dict], dict]:
    """Read and check ``DE.txt``; return the postcode rows and, per AGS, the district's name
    and the coordinates of its postcodes.

    A byte-order mark at the start is skipped. Raises ``ReferenceImportError`` naming the line
    and column of every bad value: a wrong column count or country, a postcode that is not
    5 ASCII digits, a place or district name with control characters or too long for its
    field, a bad district key or coordinate, a postcode/place pair given twice.
    """
    progress(reading(_("Postcodes"), path))
    country_column = _column(1, _("country code"))
    code_column = _column(2, _("postal code"))
    place_column = _column(3, _("place name"))
    district_column = _column(8, _("district name"))
    ags_column = _column(9, _("district key"))
    latitude_column = _column(10, _("latitude"))
    longitude_column = _column(11, _("longitude"))
    place_length = max_length(Postcode, "place")
    district_length = max_length(District, "name")
    rows: list[dict] = []
    problems = Problems(path)
    seen: dict[tuple[str, str], int] = {}
    names: dict[str, Counter] = defaultdict(Counter)
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, line in enumerate(handle, start=1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                cells = line.split("\t")
                if len(cells) != COLUMNS:
                    if len(cells) < COLUMNS:
                        message = _(
                            "The line has %(count)d tab-separated columns instead of "
                            "%(expected)d; is the file cut off?"
                        )
                    else:
                        message = _(
                            "The line has %(count)d tab-separated columns instead of %(expected)d."
                        )
                    problems.add(
                        number,
                        _("columns"),
                        message % {"count": len(cells), "expected": COLUMNS},
                    )
                    continue
                row = problems.row(number)
                country = cells[0].strip()
                if country != "DE":
                    row.error(
                        country_column,
                        _("The country is %(country)s instead of 'DE'; this file is for Germany.")
                        % {"country": shown(country)},
                    )
                code = row(code_column, digits, cells[1], length=5)
                place = row(place_column, text, cells[2], max_length=place_length, required=True)
                ags_name = row(district_column, text, cells[7], max_length=district_length)
                ags = cells[8].strip()
                if ags:
                    ags = row(ags_column, digits, ags, length=5)
                    if ags is not None and ags[:2] not in STATES:
                        row.error(
                            ags_column,
                            _(
                                "The district key %(ags)s does not start with the number of a "
                                "German state (01-16)."
                            )
                            % {"ags": shown(ags)},
                        )
                latitude = row(latitude_column, decimal, cells[9], minimum=47.0, maximum=55.5)
                longitude = row(longitude_column, decimal, cells[10], minimum=5.5, maximum=15.5)
                if not row.ok:
                    continue
                key = (code, place)
                if key in seen:
                    row.error(
                        place_column,
                        _("%(code)s %(place)s repeats line %(line)d.")
                        % {"code": code, "place": place, "line": seen[key]},
                    )
                    continue
                seen[key] = number
                if ags:
                    names[ags][ags_name] += 1
                    points[ags].append((latitude, longitude))
                rows.append(
                    {
                        "code": code,
                        "place": place,
                        "district_id": ags or None,
                        "latitude": latitude,
                        "longitude": longitude,
                    }
                )
    except UnicodeDecodeError as exc:
        raise ReferenceImportError(
            _("%(file)s: not UTF-8 text near byte %(byte)d; GeoNames files are UTF-8.")
            % {"file": path.name, "byte": exc.start}
        ) from exc
    problems.fail()
    districts = {}
    for ags, counter in names.items():
        # The most frequent spelling, ties broken alphabetically, so every run picks the same.
        common = min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        lats, lons = zip(*points[ags], strict=True)
        districts[ags] = {
            "ags": ags,
            "name": SAXON_DISTRICTS.get(ags) or common or ags,
            "state": STATES[ags[:2]],
            "latitude": round(sum(lats) / len(lats), 4),
            "longitude": round(sum(lons) / len(lons), 4),
        }
    progress(
        _("%(label)s: %(count)s rows read, %(districts)s districts")
        % {
            "label": _("Postcodes"),
            "count": grouped(len(rows)),
            "districts": grouped(len(districts)),
        }
    )
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
            _(
                "%(file)s: only %(count)s postcodes, expected at least %(minimum)s. Is the file "
                "cut off? Nothing was imported."
            )
            % {"file": path.name, "count": grouped(len(rows)), "minimum": grouped(minimum_rows)}
        )
    district_result = ImportResult(label=_("Districts"))
    postcode_result = ImportResult(label=_("Postcodes"))
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
