"""Spreadsheet import: a 10,000-row XLSX of mentees through the upload, the background check
and the background import (django-tasks-db's worker, as ``db_worker`` runs it), with the
progress the page would show sampled while the task runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench .venv/bin/python \
        benchmarks/import_10k.py [--rows 10000]

Use a scratch database: the script migrates it, adds a project "Import-Benchmark" with a lead
and a mentor and the few reference rows the file names, and leaves the imported mentees there.
Baseline measured in the same run: creating 500 mentees with the same services directly (no
file, no check), so the figure per row shows what the import adds. Not a test: nothing here
asserts a time.
"""

import argparse
import datetime
import io
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = [
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


def workbook(rows: int, run: str) -> bytes:
    """``rows`` distinct people (``run`` makes the names new in every run: no duplicates)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Mentees")
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append(
            [
                f"Vorname{n}",
                f"Bench{run}x{n}",
                datetime.date(1970 + n % 35, n % 12 + 1, n % 28 + 1),
                "",
                f"bench{run}x{n}@example.org",
                "09111",
                "SY",
                "Deutsch B1; Arabisch Muttersprache",
                "29302",
                "ae-25-2",
                datetime.date(2024, 1, 1),
                datetime.date(2025, 1, 15),
                "bench-mentor",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def setup_data():
    from lotse.accounts.models import Membership, Organisation, Project, ProjectRole, User
    from lotse.reference.models import (
        Country,
        District,
        Language,
        Occupation,
        Postcode,
        ResidenceTitle,
        WorkPermission,
    )

    organisation, _ = Organisation.objects.get_or_create(name="Import-Benchmark")
    project, _ = Project.objects.get_or_create(name="Import-Benchmark", organisation=organisation)
    lead, _ = User.objects.get_or_create(username="bench-lead")
    mentor, _ = User.objects.get_or_create(username="bench-mentor")
    Membership.objects.get_or_create(
        user=lead, project=project, defaults={"role": ProjectRole.LEAD}
    )
    Membership.objects.get_or_create(
        user=mentor, project=project, defaults={"role": ProjectRole.MENTOR}
    )
    district, _ = District.objects.get_or_create(ags="14511", defaults={"name": "Chemnitz, Stadt"})
    if not Postcode.objects.filter(code="09111").exists():
        Postcode.objects.create(
            code="09111", place="Chemnitz", district=district, latitude=50.83, longitude=12.92
        )
    Country.objects.get_or_create(iso_code="SY", defaults={"name_de": "Syrien", "name_en": "Syria"})
    Language.objects.get_or_create(
        iso_code="de", defaults={"name_de": "Deutsch", "name_en": "German"}
    )
    Language.objects.get_or_create(
        iso_code="ar", defaults={"name_de": "Arabisch", "name_en": "Arabic"}
    )
    parent = None
    for size in range(1, 6):
        parent, _ = Occupation.objects.get_or_create(
            code="29302"[:size], defaults={"level": size, "title": f"Koch {size}", "parent": parent}
        )
    if not ResidenceTitle.objects.filter(code="ae-25-2").exists():
        ResidenceTitle.objects.create(
            code="ae-25-2",
            name="Aufenthaltserlaubnis § 25 Abs. 2 AufenthG",
            work_permission=WorkPermission.ALLOWED,
            valid_from=datetime.date(2005, 1, 1),
        )
    return project, lead, mentor


def run_worker():
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
        excluded_queue_names=[],
    ).run()


def in_background(batch, commit: bool, out: list) -> float:
    """Start the check or import, run the worker in a thread, sample the progress meanwhile."""
    from django.db import connection

    from lotse.imports import services
    from lotse.imports.models import ImportBatch

    started = time.perf_counter()
    services.batch_start(actor=batch.created_by, batch=batch, commit=commit)
    worker = threading.Thread(target=run_worker)
    worker.start()
    while worker.is_alive():
        worker.join(timeout=5)
        row = ImportBatch.objects.filter(pk=batch.pk).values("status", "progress").get()
        out.append(
            f"  {time.perf_counter() - started:6.1f} s: {row['status']}, {row['progress']} rows"
        )
    connection.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="skip the check pass (the import checks every row again itself): half the time",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lotse.cases.services import mentee_create
    from lotse.imports import services
    from lotse.imports.models import BatchStatus

    call_command("migrate", verbosity=0)
    project, lead, mentor = setup_data()
    print(f"Database: {connection.vendor}, {args.rows} rows")

    t = time.perf_counter()
    content = workbook(args.rows, str(int(time.time())))
    print(f"Workbook written: {len(content) / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    batch = services.batch_upload(
        actor=lead, project=project, kind="mentees", file_name="bench.xlsx", content=content
    )
    upload = time.perf_counter() - t
    print(f"Upload (read, store file and rows, suggest mapping): {upload:.1f} s")

    samples: list[str] = []
    check = 0.0
    if args.import_only:
        from lotse.imports.models import ImportBatch

        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.CHECKED)
        print("Check skipped (--import-only)")
    else:
        check = in_background(batch, False, samples)
        batch.refresh_from_db()
        print(f"Check in the background task: {check:.1f} s, result {batch.result}")
        print("\n".join(samples))
        assert batch.status == BatchStatus.CHECKED, batch.status

    samples = []
    imported = in_background(batch, True, samples)
    batch.refresh_from_db()
    print(f"Import in the background task: {imported:.1f} s, status {batch.status}")
    print("\n".join(samples))

    t = time.perf_counter()
    for n in range(500):
        mentee_create(
            actor=lead,
            project=project,
            entry_date=datetime.date(2025, 1, 15),
            mentor=mentor,
            first_name=f"Basis{n}",
            last_name="Baseline",
            email="",
        )
    baseline = (time.perf_counter() - t) / 500
    per_row = imported / args.rows
    print(
        f"Baseline mentee_create alone: {baseline * 1000:.1f} ms per mentee; the import: "
        f"{per_row * 1000:.1f} ms per row (with languages, target, residence: "
        f"{per_row / baseline:.1f}× the bare create)"
    )
    print(f"Total upload + check + import: {upload + check + imported:.1f} s")


if __name__ == "__main__":
    main()
