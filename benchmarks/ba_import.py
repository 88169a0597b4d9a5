"""Benchmark of the BA import (issue 11). Run against a database with the reference data
imported (``import_reference``), e.g. on PostgreSQL::

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/ba_import.py [--postings 60000]

The stub (``lotse.jobsuche.stub``) serves ``--postings`` realistic Saxon postings in process
(``httpx.WSGITransport``, no network, no rate limit); the searches are Saxony's 13 districts ×
the three offer types, 100 postings a page, as the daily job does for a Saxon programme.

Measures (wall clock; the machine's load from ``uptime`` is printed before and after):
- the baseline: the client alone reading every search page and every posting's details from
  the stub, without the database – what the API part costs;
- the first import (every posting new: details fetched, mapped, written in one transaction);
- building the matching index over all open vacancies (``lotse.matching.index.build``) and one
  ranking for a mentee in Leipzig;
- a second import with nothing changed (no details fetched: the daily steady state);
- a third after 5 % of the postings changed and 2 % disappeared.

Everything runs in one transaction that is rolled back at the end (``--keep`` keeps it), so
the database is as before.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from lotse.employers.models import Vacancy  # noqa: E402
from lotse.jobsuche.client import OFFER_TYPES, STUB_BASE, Area, JobsucheClient  # noqa: E402
from lotse.jobsuche.stub import (  # noqa: E402
    DEFAULT_KEY,
    JobsucheStub,
    current_titles,
    generate,
    saxon_places,
)
from lotse.jobsuche.sync import ba_import  # noqa: E402
from lotse.matching import index, rules  # noqa: E402
from lotse.reference.models import District  # noqa: E402


class Rollback(Exception):
    pass


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def timed(label: str, fn):
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    print(f"{label:<58} {seconds:8.1f} s")
    return value, seconds


def client_for(stub: JobsucheStub) -> JobsucheClient:
    return JobsucheClient(
        STUB_BASE, DEFAULT_KEY, transport=httpx.WSGITransport(app=stub), rate=0, page_size=100
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=60_000)
    parser.add_argument("--keep", action="store_true", help="keep the imported vacancies")
    args = parser.parse_args()

    print(f"database: {connection.vendor}; load before: {uptime()}")
    places, titles = saxon_places(), current_titles()
    if not places or not titles:
        sys.exit("No reference data: run `manage.py import_reference` first.")
    areas = [
        Area(name)
        for name in District.objects.filter(ags__startswith="14")
        .order_by("ags")
        .values_list("name", flat=True)
    ]
    offers = list(OFFER_TYPES.values())
    postings, _ = timed(
        f"generating {args.postings:,} postings ({len(places)} places, {len(titles)} titles)",
        lambda: generate(args.postings, places, titles, today=timezone.localdate()),
    )
    stub = JobsucheStub(postings)

    def api_only() -> int:
        with client_for(stub) as api:
            refnrs = {
                hit["refnr"]
                for area in areas
                for offer in offers
                for hit in api.search(area, offer)
            }
            for refnr in refnrs:
                api.details(refnr)
            return len(refnrs)

    found, baseline = timed("baseline: the client reads every page and posting (no DB)", api_only)
    assert found == args.postings, found

    try:
        with transaction.atomic():
            Vacancy.objects.filter(employer__isnull=True).delete()

            def once():
                with client_for(stub) as api:
                    return ba_import(client=api, areas=areas, offers=offers)

            first, first_seconds = timed("first import: every posting new", once)
            print(
                f"    {first.found:,} found, {first.new:,} new, {first.failed} failed, "
                f"{first.pages} requests"
            )
            built, build_seconds = timed(
                "matching index built over all open vacancies", index.build
            )
            profile = rules.MenteeProfile(
                id=1,
                target_codes=("29302",),
                latitude=51.3397,
                longitude=12.3731,
                commute_limit_km=25,
                german_rank=3,
                project_id=1,
            )
            ranking, _ = timed(
                "one ranking (top 20) for a cook in Leipzig",
                lambda: built.rank(
                    profile, today=timezone.localdate(), k=20, groups=frozenset({0})
                ),
            )
            print(f"    {len(ranking.matches)} matches of {ranking.considered:,} considered")
            print(
                f"    index: {len(built):,} vacancies, {built.bytes_per_vacancy():.0f} bytes each"
            )
            second, second_seconds = timed("second import: nothing changed", once)
            print(
                f"    {second.unchanged:,} unchanged, {second.changed} changed, "
                f"{second.closed} closed"
            )
            refnrs = sorted(stub.postings)
            for refnr in refnrs[: len(refnrs) // 20]:
                detail = stub.postings[refnr]
                detail["arbeitgeber"] += " Nachfolger"
                detail["modifikationsTimestamp"] = "2099-01-01T00:00:00.000"
            for refnr in refnrs[-len(refnrs) // 50 :]:
                stub.postings.pop(refnr)
            stub._cache.clear()
            third, third_seconds = timed("third import: 5 % changed, 2 % gone", once)
            print(
                f"    {third.changed:,} changed, {third.closed:,} closed, "
                f"{third.unchanged:,} unchanged"
            )
            total = first_seconds + build_seconds
            print(
                f"\nimport + index of {args.postings:,} postings: {total:.1f} s "
                f"({total / 60:.1f} min; target ≤ 10 min), "
                f"of which the API part (baseline) {baseline:.1f} s"
            )
            print(f"load after: {uptime()}")
            if not args.keep:
                raise Rollback
    except Rollback:
        print("(rolled back: the database is as before)")


if __name__ == "__main__":
    main()
