"""The import run: the BA job board's postings become vacancies with source "BA" and no
employer (they belong to no project), one row per reference number.

``ba_import(client=…, areas=…)``:

1. searches every area × offer type, paging through all results (``client.search``); one
   posting found by several searches counts once;
2. fetches the details of every posting that is new, changed on the board
   (``modifikationsTimestamp``) or back after it had disappeared, and maps them
   (``map_posting``: ``hauptDkz`` → KldB 2010 through the BA job titles, the requirement level
   from the code's fifth digit, the workplace's postcode, district and coordinates, …); a posting
   whose details fail or are malformed is counted as failed and stays as it was;
3. writes in **one transaction**: new vacancies, changed ones, reopened ones, and – only when
   every search page arrived (mark and sweep) – closes the open ones the board no longer has.
   A failed search page therefore closes nothing; an error while writing changes nothing.

Each run leaves an ``ImportRun`` with its counts (new, changed, unchanged, closed, failed) and
its problems, for the administrator's page. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
import logging
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from lotse.employers.models import Vacancy, VacancyKind, VacancySource, VacancyStatus, WorkingTime
from lotse.jobsuche.client import OFFER_TYPES, Area, JobsucheClient, JobsucheError
from lotse.jobsuche.models import ImportRun, ImportStatus
from lotse.lib.stopping import Stopped
from lotse.reference.models import OccupationTitle
from lotse.reference.selectors import locate_postcode

logger = logging.getLogger(__name__)

PROBLEMS_KEPT = 50
BATCH = 2000
KIND_OF_OFFER = {
    "ARBEIT": VacancyKind.JOB,
    "AUSBILDUNG": VacancyKind.APPRENTICESHIP,
    "PRAKTIKUM_TRAINEE": VacancyKind.INTERNSHIP,
}
KIND_OF_CODE = {1: VacancyKind.JOB, 4: VacancyKind.APPRENTICESHIP, 34: VacancyKind.INTERNSHIP}
WORKING_TIMES = set(WorkingTime.values)
#: The fields an import sets; a posting has changed when one of them differs.
FIELDS = (
    "kind",
    "title",
    "employer_name",
    "occupation_id",
    "requirement_level",
    "workplace_postcode",
    "workplace_place_id",
    "district_id",
    "latitude",
    "longitude",
    "start_date",
    "working_time_models",
    "shift_work",
    "limited",
    "suitable_for_refugees",
    "external_url",
    "ba_modified",
)


class PostingError(ValueError):
    """A posting's details that cannot become a vacancy (the message names no person)."""


# --- mapping ------------------------------------------------------------------------------------


def _text(value: Any, limit: int) -> str:
    """One line of plain text: NFC, no control or direction characters, at most ``limit``."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise PostingError("a text field is not text")
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in text
        if unicodedata.category(c) != "Cf"
    )
    return " ".join(text.split())[:limit]


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return day if datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 1, 1) else None


def _coordinate(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if low <= value <= high else None


def _postcode(value: Any) -> str:
    text = str(value if value is not None else "").strip()
    return text.zfill(5) if text.isdigit() and len(text) <= 5 else ""


@dataclass
class Lookups:
    """What mapping needs from the reference data, read once per run."""

    occupations: dict[int, str] = field(default_factory=dict)  # DKZ id → KldB code
    _places: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Lookups:
        return cls(occupations=dict(OccupationTitle.objects.values_list("dkz_id", "occupation_id")))

    def place(self, postcode: str):
        if postcode not in self._places:
            self._places[postcode] = locate_postcode(postcode)
        return self._places[postcode]


def map_posting(
    detail: dict[str, Any], *, offer: int, lookups: Lookups, modified: str = ""
) -> dict[str, Any]:
    """The vacancy values of one posting's details; ``PostingError`` when it cannot be one."""
    if not isinstance(detail, dict):
        raise PostingError("the details are not an object")
    refnr = _text(detail.get("refnr") or detail.get("referenznummer"), 40)
    if not refnr:
        raise PostingError("no reference number")
    dkz = str(detail.get("hauptDkz") or "").strip()
    if not dkz.isdigit():
        raise PostingError("no hauptDkz")
    code = lookups.occupations.get(int(dkz))
    if code is None:
        raise PostingError(f"hauptDkz {dkz} is not among the BA job titles")
    if len(code) != 5 or code[4] not in "1234":
        raise PostingError(f"hauptDkz {dkz} has no requirement level (KldB {code})")
    title = _text(detail.get("stellenangebotsTitel") or detail.get("titel"), 200)
    title = title or _text(detail.get("beruf"), 200)
    if not title:
        raise PostingError("no title")
    places = detail.get("arbeitsorte") or [{}]
    if not isinstance(places, list) or not isinstance(places[0], dict):
        raise PostingError("arbeitsorte is not a list of objects")
    where = places[0]
    coordinates = where.get("koordinaten") if isinstance(where.get("koordinaten"), dict) else {}
    postcode = _postcode(where.get("plz"))
    location = lookups.place(postcode) if postcode else None
    latitude = _coordinate(coordinates.get("lat"), -90, 90)
    longitude = _coordinate(coordinates.get("lon"), -180, 180)
    if latitude is None or longitude is None:
        latitude = location.latitude if location else None
        longitude = location.longitude if location else None
    models = detail.get("arbeitszeitmodelle") or []
    if not isinstance(models, list):
        raise PostingError("arbeitszeitmodelle is not a list")
    working = sorted({m for m in models if m in WORKING_TIMES})
    kind = KIND_OF_OFFER.get(detail.get("angebotsart") or "", KIND_OF_CODE.get(offer))
    if kind == VacancyKind.JOB and working == [WorkingTime.MINI_JOB]:
        kind = VacancyKind.MINI_JOB
    limited = {"BEFRISTET": True, "UNBEFRISTET": False}.get(detail.get("befristung") or "")
    refugees = detail.get("fuerFluechtlingeGeeignet")
    external = _text(detail.get("externeUrl"), 500)
    return {
        "ba_refnr": refnr,
        "kind": kind or VacancyKind.JOB,
        "title": title,
        "employer_name": _text(detail.get("arbeitgeber"), 200),
        "occupation_id": code,
        "requirement_level": int(code[4]),
        "workplace_postcode": postcode if location else "",
        "workplace_place_id": location.postcode.pk if location else None,
        "district_id": location.district.pk if location and location.district else None,
        "latitude": latitude,
        "longitude": longitude,
        "start_date": _date(detail.get("eintrittsdatum")),
        "working_time_models": working,
        "shift_work": WorkingTime.SHIFTS in working,
        "limited": limited,
        "suitable_for_refugees": refugees if isinstance(refugees, bool) else None,
        "external_url": external if external.startswith(("https://", "http://")) else "",
        "ba_modified": _text(modified or detail.get("modifikationsTimestamp"), 40),
    }


# --- areas --------------------------------------------------------------------------------------


def parse_areas(text: str) -> list[Area]:
    """``"Leipzig:25; Dresden"`` → two areas (the number is a radius in km)."""
    areas = []
    for part in text.split(";"):
        wo, _sep, radius = part.strip().partition(":")
        if wo.strip():
            areas.append(Area(wo.strip(), int(radius) if radius.strip().isdigit() else None))
    return areas


def default_areas() -> list[Area]:
    """``LOTSE_BA_JOBSUCHE_AREAS``, or else every district an active project covers."""
    if settings.LOTSE_BA_JOBSUCHE_AREAS.strip():
        return parse_areas(settings.LOTSE_BA_JOBSUCHE_AREAS)
    from lotse.reference.models import District

    names = (
        District.objects.filter(projects__is_active=True)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )
    return [Area(name) for name in names]


# --- the run ------------------------------------------------------------------------------------


@dataclass
class _Found:
    offer: int
    modified: str


def _note(run: ImportRun, problem: str) -> None:
    logger.warning("BA import: %s", problem)
    if len(run.problems) < PROBLEMS_KEPT:
        run.problems.append(problem)


def _search(client: JobsucheClient, run: ImportRun, areas, offers) -> tuple[dict, bool]:
    """Every posting of every search (refnr → offer type and last change); False when a
    search could not be read to its end."""
    found: dict[str, _Found] = {}
    complete = True
    for area in areas:
        for offer in offers:
            run.searches += 1
            try:
                for hit in client.search(area, offer):
                    refnr = _text(hit.get("refnr"), 40)
                    if refnr and refnr not in found:
                        found[refnr] = _Found(offer, _text(hit.get("modifikationsTimestamp"), 40))
            except JobsucheError as error:
                complete = False
                _note(run, f"search {area}, offer type {offer}: {error}")
    run.pages = client.requests
    return found, complete


def ba_import(
    *,
    client: JobsucheClient | None = None,
    areas: Iterable[Area] | None = None,
    offers: Iterable[int] = tuple(OFFER_TYPES.values()),
    should_stop: Callable[[], bool] = lambda: False,
) -> ImportRun:
    """One import run; returns its summary (also stored)."""
    from lotse.jobsuche.client import client_from_settings

    own_client = client is None
    client = client or client_from_settings()
    areas = list(default_areas() if areas is None else areas)
    run = ImportRun.objects.create()
    if not areas:  # nothing searched must not close every vacancy
        run.status, run.finished_at = ImportStatus.FAILED, timezone.now()
        _note(run, "no area to search: set LOTSE_BA_JOBSUCHE_AREAS or the projects' districts")
        run.save()
        if own_client:
            client.close()
        return run
    try:
        found, complete = _search(client, run, areas, list(offers))
        run.found = len(found)
        stored = {
            row[0]: row[1:]
            for row in Vacancy.objects.filter(employer__isnull=True, source=VacancySource.BA)
            .order_by()
            .values_list("ba_refnr", "pk", "status", "ba_modified", *FIELDS)
        }
        lookups = Lookups.load()
        fresh: dict[str, dict[str, Any]] = {}
        failed: set[str] = set()
        for refnr, hit in found.items():
            row = stored.get(refnr)
            if row and row[1] == VacancyStatus.OPEN and hit.modified and row[2] == hit.modified:
                continue
            if (len(fresh) + len(failed)) % 100 == 0 and should_stop():
                raise Stopped({"found": run.found, "fetched": len(fresh)})
            try:
                detail = client.details(refnr)
                fresh[refnr] = map_posting(
                    detail, offer=hit.offer, lookups=lookups, modified=hit.modified
                )
            except (JobsucheError, PostingError) as error:
                failed.add(refnr)
                _note(run, f"posting {refnr}: {error}")
        run.failed = len(failed)
        _write(run, found, stored, fresh, failed, complete)
        if not complete:
            run.status = ImportStatus.PARTIAL
            _note(run, "not every search page arrived: no vacancy was closed")
        else:
            run.status = ImportStatus.PARTIAL if run.failed else ImportStatus.SUCCEEDED
    except Stopped:
        run.status = ImportStatus.FAILED
        _note(run, "stopped before writing; the next run starts again")
        raise
    except Exception as error:
        run.status = ImportStatus.FAILED
        _note(run, f"{type(error).__name__}: nothing was changed")
        raise
    finally:
        run.finished_at = timezone.now()
        run.save()
        if own_client:
            client.close()
    return run


def _write(
    run: ImportRun, found: dict, stored: dict, fresh: dict, failed: set[str], complete: bool
) -> None:
    """All changes of the run in one transaction. Matching notices them through its revision
    query (``lotse.matching.index``): every written row gets a new ``updated_at``."""
    now = timezone.now()
    new: list[Vacancy] = []
    changed: list[Vacancy] = []
    stamps: list[Vacancy] = []  # only the board's time stamp moved
    for refnr, values in fresh.items():
        row = stored.get(refnr)
        if row is None:
            new.append(Vacancy(source=VacancySource.BA, status=VacancyStatus.OPEN, **values))
            continue
        pk, status, before = row[0], row[1], dict(zip(FIELDS, row[3:], strict=True))
        if status == VacancyStatus.OPEN and all(
            before[name] == values[name] for name in FIELDS if name != "ba_modified"
        ):
            run.unchanged += 1
            if before["ba_modified"] != values["ba_modified"]:
                stamps.append(Vacancy(pk=pk, ba_modified=values["ba_modified"]))
            continue
        changed.append(Vacancy(pk=pk, status=VacancyStatus.OPEN, closed_at=None, **values))
    run.unchanged += sum(
        1
        for refnr in found
        if refnr not in fresh
        and refnr not in failed
        and refnr in stored
        and stored[refnr][1] == VacancyStatus.OPEN
    )
    gone = []
    if complete:
        gone = [
            row[0]
            for refnr, row in stored.items()
            if row[1] == VacancyStatus.OPEN and refnr not in found
        ]
    with transaction.atomic():
        for vacancy in [*new, *changed]:
            vacancy.updated_at = now
        Vacancy.objects.bulk_create(new, batch_size=BATCH)
        _update(changed, [*FIELDS, "status", "closed_at", "updated_at"])
        _update(stamps, ["ba_modified"])
        for start in range(0, len(gone), BATCH):
            Vacancy.objects.filter(pk__in=gone[start : start + BATCH]).update(
                status=VacancyStatus.CLOSED, closed_at=now, updated_at=now
            )
    run.new, run.changed, run.closed = len(new), len(changed), len(gone)


def _update(vacancies: list[Vacancy], names: list[str]) -> None:
    """``UPDATE … SET <names> WHERE id = …`` for each vacancy, as one ``executemany``.

    Django's ``bulk_update`` builds a ``CASE WHEN id = …`` expression per field and row, which
    cost about 1 ms per field and row in Python (28 s for 1,000 changed postings); the values
    here go through each field's own ``get_db_prep_save``, as the ORM does."""
    if not vacancies:
        return
    fields = [Vacancy._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    # Column names from the model, quoted; values as parameters.
    sql = f"UPDATE {quote(Vacancy._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    rows = [
        [f.get_db_prep_save(getattr(v, f.attname), connection) for f in fields] + [v.pk]
        for v in vacancies
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
