"""A client for the BA Jobsuche API (``/work/shared/reference/ba-jobsuche/openapi.yaml``).

- ``search(area, offer)`` pages through every result of one search (``/pc/v4/jobs``) for an
  area (a place or district name, optionally a radius in km) and an offer type (work,
  apprenticeship, internship/trainee);
- ``details(refnr)`` fetches one posting (``/pc/v4/jobdetails/{base64(refnr)}``);
- every request has a timeout, is retried with a growing delay after a timeout, a connection
  error, a 5xx answer or a 429 (whose ``Retry-After`` is honoured), and waits for the rate
  limit (at most ``rate`` requests per second) before it is sent; what still fails raises
  :class:`JobsucheError` with a short message and no personal data.

``client_from_settings()`` builds it from ``LOTSE_BA_JOBSUCHE_URL`` and
``LOTSE_BA_JOBSUCHE_KEY``; the URL ``stub:`` answers from the local stub
(``lotse.jobsuche.stub``) instead of the internet, for the demo.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings

logger = logging.getLogger(__name__)

#: Offer types searched (the API's ``angebotsart``): work, apprenticeship/dual study,
#: internship/trainee. Self-employment (2) is no vacancy.
OFFER_TYPES: dict[str, int] = {"work": 1, "apprenticeship": 4, "internship": 34}
STUB_URL = "stub:"
STUB_BASE = "http://jobsuche.stub"
RETRY_STATUSES = {429, 500, 502, 503, 504}


class JobsucheError(Exception):
    """A request that failed for good (after its retries) or an answer that is not what the
    API describes."""


class MalformedPayload(JobsucheError):
    """An answer that is not JSON of the described shape."""


@dataclass(frozen=True)
class Area:
    """Where to search: ``wo`` is a place, postcode or district name; ``radius_km`` the API's
    ``umkreis`` around it (None: the place itself)."""

    wo: str
    radius_km: int | None = None

    def __str__(self) -> str:
        return f"{self.wo} ({self.radius_km} km)" if self.radius_km else self.wo


class RateLimiter:
    """At most ``rate`` requests per second (0: no limit), spaced evenly."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self._next = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        now = self.clock()
        if now < self._next:
            self.sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


class JobsucheClient:
    def __init__(
        self,
        base_url: str,
        key: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
        retries: int = 3,
        backoff: float = 1.0,
        rate: float = 0.0,
        page_size: int = 100,
        max_pages: int = 1000,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"X-API-Key": key, "Accept": "application/json", "User-Agent": "Lotse"},
            timeout=timeout,
            transport=transport,
        )
        self.retries, self.backoff, self.sleep = retries, backoff, sleep
        self.limiter = RateLimiter(rate, sleep=sleep)
        self.page_size, self.max_pages = page_size, max_pages
        self.requests = 0
        self.retried = 0

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> JobsucheClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- requests ---------------------------------------------------------------------------

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait before attempt ``attempt + 1``: the server's Retry-After (capped
        at a minute) or the backoff, doubled per attempt."""
        retry_after = response.headers.get("Retry-After", "") if response is not None else ""
        if retry_after.strip().isdigit():
            return min(float(retry_after), 60.0)
        return self.backoff * 2**attempt

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """GET ``path`` and return its JSON object, retrying what may pass."""
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.retried += 1
            self.limiter.wait()
            self.requests += 1
            response = None
            try:
                response = self.http.get(path, params=params)
            except httpx.TimeoutException:
                problem = "timeout"
            except httpx.TransportError as error:
                problem = f"connection failed ({type(error).__name__})"
            else:
                if response.status_code == 200:
                    return _json_object(response)
                problem = f"HTTP {response.status_code}"
                if response.status_code not in RETRY_STATUSES:
                    break
            if attempt < self.retries:
                self.sleep(self._delay(attempt, response))
        raise JobsucheError(f"{path}: {problem} after {attempt + 1} attempt(s)")

    # --- the API ----------------------------------------------------------------------------

    def search_page(self, area: Area, offer: int, page: int) -> dict[str, Any]:
        params: dict[str, Any] = {
            "wo": area.wo,
            "angebotsart": offer,
            "page": page,
            "size": self.page_size,
        }
        if area.radius_km:
            params["umkreis"] = area.radius_km
        data = self.get_json("/pc/v4/jobs", params)
        postings = data.get("stellenangebote", [])
        if postings is None:
            postings = []
        if not isinstance(postings, list) or not all(isinstance(p, dict) for p in postings):
            raise MalformedPayload("/pc/v4/jobs: stellenangebote is not a list of objects")
        data["stellenangebote"] = postings
        return data

    def search(self, area: Area, offer: int) -> Iterator[dict[str, Any]]:
        """Every posting of one search, page by page (the API counts pages from 1)."""
        for page in range(1, self.max_pages + 1):
            data = self.search_page(area, offer, page)
            postings = data["stellenangebote"]
            yield from postings
            total = _int(data.get("maxErgebnisse"))
            if len(postings) < self.page_size or (
                total is not None and page * self.page_size >= total
            ):
                return
        raise JobsucheError(f"/pc/v4/jobs: more than {self.max_pages} pages for {area}")

    def details(self, refnr: str) -> dict[str, Any]:
        code = base64.b64encode(refnr.encode()).decode("ascii")
        return self.get_json(f"/pc/v4/jobdetails/{code}")


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError as error:
        raise MalformedPayload(f"{response.request.url.path}: not JSON") from error
    if not isinstance(data, dict):
        raise MalformedPayload(f"{response.request.url.path}: not a JSON object")
    return data


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def client_from_settings(**options: Any) -> JobsucheClient:
    """The client for ``LOTSE_BA_JOBSUCHE_URL`` (``stub:`` for the local stub)."""
    url = settings.LOTSE_BA_JOBSUCHE_URL
    key = settings.LOTSE_BA_JOBSUCHE_KEY
    if url == STUB_URL:
        from lotse.jobsuche.stub import stub_from_reference

        stub = stub_from_reference(count=settings.LOTSE_BA_JOBSUCHE_STUB_POSTINGS, key=key)
        options.setdefault("transport", httpx.WSGITransport(app=stub))
        options.setdefault("rate", 0)
        return JobsucheClient(STUB_BASE, key, **options)
    options.setdefault("rate", settings.LOTSE_BA_JOBSUCHE_RATE)
    return JobsucheClient(url, key, **options)
