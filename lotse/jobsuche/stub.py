"""A local stand-in for the BA Jobsuche API: a small WSGI app serving search pages and posting
details in the shapes of ``openapi.yaml``, for the tests (through ``httpx.WSGITransport``), the
demo (``LOTSE_BA_JOBSUCHE_URL=stub:``) and ``benchmarks/ba_import.py``. It never touches the
network.

``stub_from_reference(count)`` makes realistic Saxon postings from the imported reference data:
real Saxon postcodes and places (districts ``14…``), BA job titles with their DKZ id (the
``hauptDkz``), plausible employers. Tests build postings with ``posting(...)`` and change or
remove them between two imports; ``fail(...)`` makes chosen requests time out, answer 5xx or
429, or send a malformed body.
"""

from __future__ import annotations

import base64
import datetime
import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import httpx
from django.utils import timezone

from lotse.lib.geo import haversine_km

OFFER_NAMES = {1: "ARBEIT", 4: "AUSBILDUNG", 34: "PRAKTIKUM_TRAINEE"}
OFFER_CODES = {name: code for code, name in OFFER_NAMES.items()}
DEFAULT_KEY = "jobboerse-jobsuche"


@dataclass(frozen=True)
class Place:
    postcode: str
    place: str
    district: str  # the district's name, as in reference.District
    latitude: float
    longitude: float


def posting(
    refnr: str,
    *,
    title: str = "Koch (m/w/d)",
    beruf: str = "Koch/Köchin",
    dkz: int | str | None = 9907,
    employer: str = "Gasthof Erzgebirge GmbH",
    place: Place | None = None,
    offer: int = 1,
    start: datetime.date | None = None,
    working_time: Iterable[str] = ("VOLLZEIT",),
    limited: str = "UNBEFRISTET",
    refugees: bool = True,
    modified: str = "2026-11-20T08:00:00.000",
    external_url: str | None = None,
) -> dict[str, Any]:
    """One posting as ``/pc/v4/jobdetails`` returns it (the search list is made from it)."""
    place = place or Place("09111", "Chemnitz", "Chemnitz, Stadt", 50.8357, 12.9229)
    published = datetime.date.fromisoformat(modified[:10])
    return {
        "refnr": refnr,
        "referenznummer": refnr,
        "hashId": base64.urlsafe_b64encode(refnr.encode()).decode(),
        "titel": title,
        "stellenangebotsTitel": title,
        "beruf": beruf,
        "hauptDkz": None if dkz is None else str(dkz),
        "arbeitgeber": employer,
        "angebotsart": OFFER_NAMES.get(offer, "ARBEIT"),
        "arbeitsorte": [
            {
                "land": "Deutschland",
                "region": "Sachsen",
                "plz": place.postcode,
                "ort": place.place,
                "koordinaten": {"lat": place.latitude, "lon": place.longitude},
            }
        ],
        "arbeitszeitmodelle": list(working_time),
        "befristung": limited,
        "eintrittsdatum": start.isoformat() if start else None,
        "aktuelleVeroeffentlichungsdatum": published.isoformat(),
        "ersteVeroeffentlichungsdatum": published.isoformat(),
        "fuerFluechtlingeGeeignet": refugees,
        "nurFuerSchwerbehinderte": False,
        "anzahlOffeneStellen": 1,
        "modifikationsTimestamp": modified,
        "externeUrl": external_url,
        "_district": place.district,  # not sent: where the stub files the posting
    }


def _where(detail: dict[str, Any]) -> dict[str, Any]:
    """The posting's first workplace ({} for a malformed one, which tests serve on purpose)."""
    places = detail.get("arbeitsorte")
    return places[0] if isinstance(places, list) and places and isinstance(places[0], dict) else {}


def _summary(detail: dict[str, Any]) -> dict[str, Any]:
    """The search list's entry for a posting (``JobSearchResponse.stellenangebote``)."""
    where = _where(detail)
    plz = where.get("plz")
    return {
        "hashId": detail.get("hashId"),
        "beruf": detail.get("beruf"),
        "titel": detail.get("titel"),
        "refnr": detail.get("refnr"),
        "arbeitgeber": detail.get("arbeitgeber"),
        "aktuelleVeroeffentlichungsdatum": detail.get("aktuelleVeroeffentlichungsdatum"),
        "eintrittsdatum": detail.get("eintrittsdatum"),
        # The schema has the postcode as an integer here: Saxony's 0… codes lose their zero.
        "arbeitsort": {
            "plz": int(plz) if str(plz or "").isdigit() else plz,
            "ort": where.get("ort"),
            "region": where.get("region"),
            "land": where.get("land"),
            "koordinaten": where.get("koordinaten"),
        },
        "modifikationsTimestamp": detail.get("modifikationsTimestamp"),
        "externeUrl": detail.get("externeUrl"),
    }


@dataclass
class Fault:
    """Answer matching requests with ``kind`` (``timeout``, ``500``, ``503``, ``429``,
    ``garbage``, ``shape``) ``times`` times."""

    matches: Callable[[str, dict[str, str]], bool]
    kind: str
    times: int


class JobsucheStub:
    """The WSGI app. ``postings`` maps refnr → detail payload (see ``posting``)."""

    def __init__(self, postings: Iterable[dict[str, Any]] = (), *, key: str = DEFAULT_KEY):
        self.key = key
        self.postings: dict[str, dict[str, Any]] = {p["refnr"]: p for p in postings}
        self.faults: list[Fault] = []
        self.calls: list[str] = []
        self._cache: dict[tuple, list[dict[str, Any]]] = {}

    # --- changing the board between two imports ----------------------------------------------

    def put(self, detail: dict[str, Any]) -> None:
        self.postings[detail["refnr"]] = detail
        self._cache.clear()

    def remove(self, refnr: str) -> None:
        self.postings.pop(refnr, None)
        self._cache.clear()

    def fail(
        self,
        kind: str,
        *,
        times: int = 1,
        path: str = "",
        page: int | None = None,
        refnr: str | None = None,
    ) -> None:
        """Make the next ``times`` requests to ``path`` (a prefix; with ``page`` only that
        search page, with ``refnr`` only that posting's details) answer with ``kind``."""
        if refnr is not None:
            path = "/pc/v4/jobdetails/" + base64.b64encode(refnr.encode()).decode()

        def matches(request_path: str, params: dict[str, str]) -> bool:
            return request_path.startswith(path) and (
                page is None or params.get("page") == str(page)
            )

        self.faults.append(Fault(matches, kind, times))

    # --- WSGI ---------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        params = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        self.calls.append(path)
        if environ.get("HTTP_X_API_KEY") != self.key:
            return self._send(start_response, 403, {"message": "X-API-Key missing or wrong"})
        for fault in self.faults:
            if fault.times > 0 and fault.matches(path, params):
                fault.times -= 1
                return self._fault(start_response, fault.kind)
        if path == "/pc/v4/jobs" or path == "/pc/v4/app/jobs":
            return self._send(start_response, 200, self._search(params))
        if path.startswith("/pc/v4/jobdetails/") or path.startswith("/pc/v3/jobdetails/"):
            try:
                refnr = base64.b64decode(path.rsplit("/", 1)[1]).decode()
            except ValueError:
                refnr = ""
            detail = self.postings.get(refnr)
            if detail is None:
                return self._send(start_response, 404, {"message": "not found"})
            return self._send(
                start_response, 200, {k: v for k, v in detail.items() if not k.startswith("_")}
            )
        return self._send(start_response, 404, {"message": "no such path"})

    def _fault(self, start_response: Callable, kind: str) -> list[bytes]:
        if kind == "timeout":
            raise httpx.ReadTimeout("the stub did not answer in time")
        if kind == "garbage":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b"{not json"]
        if kind == "shape":
            return self._send(start_response, 200, {"stellenangebote": "none"})
        if kind == "429":
            start_response("429 Too Many Requests", [("Retry-After", "2")])
            return [b""]
        return self._send(start_response, int(kind), {"message": "stub fault"})

    @staticmethod
    def _send(start_response: Callable, status: int, body: Any) -> list[bytes]:
        reason = {200: "OK", 403: "Forbidden", 404: "Not Found"}.get(status, "Error")
        start_response(f"{status} {reason}", [("Content-Type", "application/json")])
        return [json.dumps(body, ensure_ascii=False).encode()]

    def _matching(self, wo: str, radius: int, offer: int | None) -> list[dict[str, Any]]:
        key = (wo, radius, offer)
        if key not in self._cache:
            wanted = wo.strip().casefold()
            rows = [
                p
                for p in self.postings.values()
                if offer is None or OFFER_CODES.get(p.get("angebotsart", "")) == offer
            ]
            if wanted:
                named = [
                    p
                    for p in rows
                    if wanted
                    in (
                        str(p.get("_district", "")).casefold(),
                        str(_where(p).get("ort", "")).casefold(),
                        str(_where(p).get("plz", "")),
                        str(_where(p).get("region", "Sachsen")).casefold(),
                    )
                ]
                if radius and named:
                    centre = _where(named[0])["koordinaten"]
                    rows = [p for p in rows if self._within(p, centre, radius)]
                else:
                    rows = named
            self._cache[key] = [_summary(p) for p in sorted(rows, key=lambda p: p["refnr"])]
        return self._cache[key]

    @staticmethod
    def _within(detail: dict[str, Any], centre: dict[str, float], radius: int) -> bool:
        here = _where(detail).get("koordinaten") or {}
        if "lat" not in here:
            return False
        return haversine_km(centre["lat"], centre["lon"], here["lat"], here["lon"]) <= radius

    def _search(self, params: dict[str, str]) -> dict[str, Any]:
        page = max(int(params.get("page", "1") or 1), 1)
        size = min(max(int(params.get("size", "25") or 25), 1), 100)
        offer = int(params["angebotsart"]) if params.get("angebotsart", "").isdigit() else None
        radius = int(params["umkreis"]) if params.get("umkreis", "").isdigit() else 0
        rows = self._matching(params.get("wo", ""), radius, offer)
        return {
            "stellenangebote": rows[(page - 1) * size : page * size],
            "maxErgebnisse": str(len(rows)),
            "page": str(page),
            "size": str(size),
            "facetten": [],
        }


# --- realistic postings from the reference data -------------------------------------------------

_TITLE_FORMS = ("{t} (m/w/d)", "{t} (m/w/d) in Vollzeit", "{t} (m/w/d) gesucht", "{t} (w/m/d)")


def generate(
    count: int,
    places: list[Place],
    titles: list[tuple[int, str, str]],  # (dkz id, title, KldB code)
    *,
    seed: int = 2026,
    today: datetime.date | None = None,
) -> list[dict[str, Any]]:
    """``count`` postings spread over ``places`` with ``titles``; the same every time for the
    same arguments (reference numbers ``10000-1900000000-S`` onwards). Three in four come from
    an employer kind of the demo catalogue with one of its fitting occupations (a bakery offers
    bakers), the others from any employer with any title."""
    from lotse.demo.catalogues import (
        EMPLOYER_PREFIXES,
        EMPLOYER_PROFILES,
        EMPLOYER_SUFFIXES,
        STAFF_LAST,
    )

    rng = random.Random(seed)
    today = today or timezone.localdate()
    by_code: dict[str, list[tuple[int, str, str]]] = {}
    for title in titles:
        by_code.setdefault(title[2], []).append(title)
    result = []
    for n in range(count):
        offer = rng.choices((1, 4, 34), weights=(84, 11, 5))[0]
        kind = rng.randrange(len(EMPLOYER_PREFIXES))
        fitting = [t for code in EMPLOYER_PROFILES[kind][0] for t in by_code.get(code, ())]
        if offer == 4:  # apprenticeships lead to skilled work (level 2)
            fitting = [t for t in fitting if t[2].endswith("2")]
        dkz, title, code = rng.choice(fitting if fitting and rng.random() < 0.75 else titles)
        place = rng.choice(places)
        employer = (
            f"{EMPLOYER_PREFIXES[kind]} {rng.choice(STAFF_LAST)} {rng.choice(EMPLOYER_SUFFIXES)}"
        )
        working = ["VOLLZEIT"] if rng.random() < 0.7 else ["TEILZEIT"]
        if rng.random() < 0.2:
            working.append("SCHICHT_NACHTARBEIT_WOCHENENDE")
        if offer == 1 and code.endswith("1") and rng.random() < 0.1:
            working = ["MINIJOB"]
        modified = datetime.datetime.combine(
            today - datetime.timedelta(days=rng.randrange(0, 60)), datetime.time(6, 0)
        ) + datetime.timedelta(minutes=rng.randrange(0, 720))
        clean = title.split(" (")[0]
        result.append(
            posting(
                f"10000-{1_900_000_000 + n}-S",
                title=(
                    f"Ausbildung {clean} (m/w/d)"
                    if offer == 4
                    else rng.choice(_TITLE_FORMS).format(t=clean)
                ),
                beruf=title,
                dkz=dkz,
                employer=employer,
                place=place,
                offer=offer,
                start=today + datetime.timedelta(days=rng.randrange(0, 120))
                if rng.random() < 0.8
                else None,
                working_time=working,
                limited="BEFRISTET" if rng.random() < 0.25 else "UNBEFRISTET",
                refugees=rng.random() < 0.35,
                modified=modified.isoformat(timespec="milliseconds"),
            )
        )
    return result


def saxon_places() -> list[Place]:
    """Saxony's postcodes and places from ``reference.Postcode`` (districts ``14…``)."""
    from lotse.reference.models import Postcode

    return [
        Place(code, place, district, lat, lon)
        for code, place, district, lat, lon in Postcode.objects.filter(
            district__ags__startswith="14"
        )
        .order_by("code", "place")
        .values_list("code", "place", "district__name", "latitude", "longitude")
    ]


def current_titles() -> list[tuple[int, str, str]]:
    """Current BA job titles on a five-digit KldB code (what ``hauptDkz`` points to)."""
    from lotse.reference.models import OccupationTitle, TitleState

    return [
        row
        for row in OccupationTitle.objects.filter(state=TitleState.CURRENT)
        .order_by("dkz_id")
        .values_list("dkz_id", "title", "occupation_id")
        if len(row[2]) == 5 and row[2][4] in "1234"
    ]


def stub_from_reference(count: int = 400, *, key: str = DEFAULT_KEY, seed: int = 2026):
    """A stub with ``count`` Saxon postings built from the imported reference data."""
    places, titles = saxon_places(), current_titles()
    if not places or not titles:
        raise RuntimeError(
            "The stub needs the reference data: run import_reference first (Saxon postcodes "
            "and the BA job titles)."
        )
    return JobsucheStub(generate(count, places, titles, seed=seed), key=key)
