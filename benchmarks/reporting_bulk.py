"""Benchmark: the report's figures at 300,000 mentees and 10 million journal entries, on
PostgreSQL, with the fact rows generated in bulk by the database.

    .venv/bin/python benchmarks/reporting_bulk.py [--mentees 300000] [--journal 10000000]
        [--runs 3] [--database lotse_bench_bulk] [--keep | --reuse]

Generating this much through Python (``benchmarks/reporting.py``) takes too long on a shared
machine, so every row is written by ``INSERT … SELECT … FROM generate_series`` inside
PostgreSQL: all 400 German districts (synthetic AGS codes, 16 states), one project per 470
mentees (all German programmes: 640 projects), 1.1 stays per mentee, 0.38 placements per mentee
with a 6-month follow-up, 0.38 employers per mentee with 10 services each, one integration
agreement per two mentees and ``--journal`` journal entries. Distributions follow
``benchmarks/reporting.py`` (genders, countries, exit reasons, placement types), drawn with
``random()`` after ``setseed``.

It then times, against a baseline measured in the same run (one scan of all stays):
``reporting.figures.compute`` for the funding period 2020–2024 (every figure per project, per
district and in total) and the contacts and hours (``activities``) over the 10 million journal
entries. Prints figures and ratios, never asserts a time. The published set (every grid period,
suppressed together) is not computed here; see ``benchmarks/reporting.py``.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from reporting import admin_sql, machine  # noqa: E402  (the sibling benchmark)

COUNTRIES = "ARRAY['SY','AF','UA','IQ','ER','IR','TR','VE','SO','GE']"
EXITS = "ARRAY['job','apprenticeship','qualification','moved','programme','no_contact','illness','left','other']"  # noqa: E501
TYPES = "ARRAY['insured_full','insured_full','insured_full','insured_part','mini_job','self_employed','apprenticeship','apprenticeship','eq','qualification']"  # noqa: E501
KINDS = "ARRAY['in_person','phone','video','message','accompaniment','employer_visit']"
SERVICES = "ARRAY['acquisition','advice','accompaniment','after_care']"


def pick(array: str, n: int) -> str:
    return f"({array})[1 + floor(random() * {n})::int]"


def insert(cursor, table: str, columns: dict[str, str], source: str) -> float:
    """``INSERT INTO table (columns) SELECT expressions FROM source``; a ``version`` column is
    filled with 1 where the table has one. Returns the seconds it took."""
    cursor.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = "
        "'version'",
        [table],
    )
    if cursor.fetchone() is not None and "version" not in columns:
        columns = {**columns, "version": "1"}
    t = time.perf_counter()
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(columns.values())} FROM {source}"
    )
    return time.perf_counter() - t


def build(mentees: int, journal: int, *, projects: int | None = None) -> dict[str, float]:
    """Generate the rows; ``projects`` new projects (default one per 470 mentees). Rows already
    in the database (a demo loaded before, as ``benchmarks/germany_data.py`` does) are kept:
    the new rows take keys after the highest existing ones and point only at each other."""
    from django.db import connection

    from lotse.accounts.models import Organisation, Project, User
    from lotse.reference.models import Country, District, Occupation
    from lotse.reporting.models import FundingPeriod

    times: dict[str, float] = {}
    states = [f"Land {i:02d}" for i in range(1, 17)]
    District.objects.bulk_create(
        [
            District(ags=f"{1000 + i:05d}", name=f"Kreis {i:03d}", state=states[i % 16])
            for i in range(400)
        ],
        ignore_conflicts=True,
    )
    Country.objects.bulk_create(
        [
            Country(iso_code=c, name_de=c, name_en=c, region=r)
            for c, r in (
                ("SY", "middle_east"),
                ("AF", "south_asia"),
                ("UA", "eastern_europe"),
                ("IQ", "middle_east"),
                ("ER", "east_africa"),
                ("IR", "middle_east"),
                ("TR", "turkey"),
                ("VE", "americas"),
                ("SO", "east_africa"),
                ("GE", "caucasus"),
            )
        ],
        ignore_conflicts=True,
    )
    for code, level in (("2", 1), ("29", 2), ("293", 3), ("2930", 4), ("29302", 5)):
        Occupation.objects.get_or_create(
            code=code,
            defaults={"level": level, "title": f"KldB {code}", "parent_id": code[:-1] or None},
        )
    org = Organisation.objects.create(name="Benchmark-Träger")
    n_projects = projects or max(1, mentees // 470)
    Project.objects.bulk_create(
        [Project(organisation=org, name=f"Projekt {i:04d}") for i in range(n_projects)]
    )
    User.objects.get_or_create(
        username="coordinator", defaults={"password": "!", "programme_role": "coordinator"}
    )
    FundingPeriod.objects.get_or_create(
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2024, 12, 31),
        defaults={"name": "Förderphase 2020–2024"},
    )
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.2016)")
        cur.execute("SELECT MIN(id) FROM accounts_project WHERE organisation_id = %s", [org.pk])
        p0 = cur.fetchone()[0]
        base = {}  # the highest key of each table before (0 in an empty database)
        for table in (
            "cases_mentee",
            "cases_participation",
            "employers_employer",
            "employers_employerservice",
            "placements_placement",
            "placements_followup",
            "journal_integrationagreement",
            "journal_journalentry",
        ):
            cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            base[table] = cur.fetchone()[0]
        bm, bp = base["cases_mentee"], base["cases_participation"]
        be, bpl = base["employers_employer"], base["placements_placement"]
        # project = p0 + i % n; district = the project's (400 districts round robin)
        times["mentees"] = insert(
            cur,
            "cases_mentee",
            {
                "id": f"{bm} + i",
                "public_id": "gen_random_uuid()",
                "created_at": "now()",
                "updated_at": "now()",
                "status": pick("ARRAY['active','placed','exited']", 3),
                "first_name": "'Vorname' || i",
                "last_name": "'Name' || i",
                "birth_date": "date '1960-01-01' + floor(random() * 16425)::int",
                "gender": "CASE WHEN random() < 0.38 THEN 'f' WHEN random() < 0.95 THEN 'm' "
                "WHEN random() < 0.5 THEN 'd' ELSE 'x' END",
                "phone": "''",
                "email": "''",
                "street": "''",
                "postcode": "''",
                "goal": "'job'",
                "driving_licence": "''",
                "has_car": "false",
                "commute_limit_km": "25",
                "childcare_constraint": "''",
                "referrer": "''",
                "referrer_note": "''",
                "notes": "''",
                "country_of_origin_id": pick(COUNTRIES, 10),
                "district_id": f"lpad((1000 + (i % {n_projects}) % 400)::text, 5, '0')",
                "project_id": f"{p0} + i % {n_projects}",
            },
            f"generate_series(1, {mentees}) AS i",
        )
        times["stays"] = insert(
            cur,
            "cases_participation",
            {
                "id": f"{bp} + i",
                "entry_date": "e",
                "exit_date": "CASE WHEN e + d > date '2025-06-30' OR random() < 0.15 THEN NULL "
                "ELSE e + d END",
                "exit_reason": pick(EXITS, 9),
                "mentee_id": f"{bm} + i",
                "project_id": f"{p0} + i % {n_projects}",
            },
            f"(SELECT i, date '2019-01-01' + floor(random() * 2390)::int AS e, "
            f"60 + floor(random() * 840)::int AS d FROM generate_series(1, {mentees}) i) s",
        )
        cur.execute(
            f"UPDATE cases_participation SET exit_reason = '' WHERE exit_date IS NULL AND id > {bp}"
        )
        # Re-entries: one in ten who left comes back (70 % into the same project).
        times["re-entries"] = insert(
            cur,
            "cases_participation",
            {
                "id": f"{bp} + {mentees} + row_number() OVER ()",
                "entry_date": "exit_date + 30 + floor(random() * 370)::int",
                "exit_date": "NULL",
                "exit_reason": "''",
                "mentee_id": "mentee_id",
                "project_id": f"CASE WHEN random() < 0.7 THEN project_id ELSE "
                f"{p0} + floor(random() * {n_projects})::int END",
            },
            f"cases_participation WHERE exit_date IS NOT NULL AND id > {bp} AND random() < 0.1",
        )
        n_employers = mentees * 38 // 100
        times["employers"] = insert(
            cur,
            "employers_employer",
            {
                "id": f"{be} + i",
                "public_id": "gen_random_uuid()",
                "created_at": "now()",
                "updated_at": "now()",
                "name": "'Betrieb ' || i",
                "size_class": "'small'",
                "street": "''",
                "postcode": "''",
                "website": "''",
                "notes": "''",
                "district_id": f"lpad((1000 + (i % {n_projects}) % 400)::text, 5, '0')",
                "project_id": f"{p0} + i % {n_projects}",
            },
            f"generate_series(1, {n_employers}) AS i",
        )
        times["services"] = insert(
            cur,
            "employers_employerservice",
            {
                "id": f"{base['employers_employerservice']} + i",
                "public_id": "gen_random_uuid()",
                "created_at": "now()",
                "updated_at": "now()",
                "date": "date '2016-10-01' + floor(random() * 3200)::int",
                "kind": pick(SERVICES, 4),
                "duration_minutes": "45",
                "target": "CASE WHEN c THEN 'company' ELSE 'mentee' END",
                "notes": "''",
                "employer_id": f"{be} + 1 + floor(random() * {n_employers})::int",
                "mentee_id": f"CASE WHEN c THEN NULL ELSE {bm} + 1 + "
                f"floor(random() * {mentees})::int END",
            },
            f"(SELECT i, random() < 0.6 AS c FROM generate_series(1, {n_employers * 10}) i) s",
        )
        n_placements = mentees * 38 // 100
        times["placements"] = insert(
            cur,
            "placements_placement",
            {
                "id": f"{bpl} + i",
                "public_id": "gen_random_uuid()",
                "created_at": "now()",
                "updated_at": "now()",
                "placement_type": "t",
                "start_date": "p.entry_date + 20 + floor(random() * 480)::int",
                "end_reason": "''",
                "requirement_level": "2",
                "qualification_level": "2",
                "adequacy_computed": "CASE WHEN t LIKE 'insured%%' THEN random() < 0.8 END",
                "adequacy_override": "NULL",
                "adequacy_override_reason": "''",
                "employer_id": f"CASE WHEN t = 'self_employed' THEN NULL ELSE "
                f"{be} + 1 + floor(random() * {n_employers})::int END",
                "mentee_id": "p.mentee_id",
                "occupation_id": "'29302'",
                "project_id": "p.project_id",
            },
            f"(SELECT i, {pick(TYPES, 10)} AS t, {bp} + 1 + floor(random() * {mentees})::int AS m "
            f"FROM generate_series(1, {n_placements}) i) s "
            "JOIN cases_participation p ON p.id = s.m",
        )
        times["follow-ups"] = insert(
            cur,
            "placements_followup",
            {
                "id": f"{base['placements_followup']} - {bpl} + id",
                "public_id": "gen_random_uuid()",
                "months": "6",
                "due_on": "start_date + 180",
                "answered_on": "CASE WHEN start_date + 180 < date '2025-07-01' "
                "THEN start_date + 180 END",
                "still_employed": "CASE WHEN start_date + 180 < date '2025-07-01' THEN "
                + pick("ARRAY['yes','yes','yes','no','unknown']", 5)
                + " ELSE '' END",
                "note": "''",
                "placement_id": "id",
            },
            f"placements_placement WHERE id > {bpl}",
        )
        times["agreements"] = insert(
            cur,
            "journal_integrationagreement",
            {
                "id": f"{base['journal_integrationagreement']} - {bm} + mentee_id",
                "public_id": "gen_random_uuid()",
                "created_at": "now()",
                "updated_at": "now()",
                "signed_on": "entry_date + 14",
                "reviewed_on": "NULL",
                "goal": "''",
                "notes": "''",
                "mentee_id": "mentee_id",
            },
            f"cases_participation WHERE id > {bp} AND id <= {bp} + {mentees} AND id % 2 = 0",
        )
        times["journal"] = insert(
            cur,
            "journal_journalentry",
            {
                "id": f"{base['journal_journalentry']} + i",
                "public_id": "gen_random_uuid()",
                "created_at": "now()",
                "updated_at": "now()",
                "occurred_at": "timestamptz '2019-01-01 09:00+00' + "
                "(floor(random() * 2390) || ' days')::interval",
                "duration_minutes": "30",
                "kind": pick(KINDS, 6),
                "topics": "'[\"job_search\"]'::jsonb",
                "interpreter_used": "false",
                "notes": "''",
                "mentee_id": f"{bm} + 1 + floor(random() * {mentees})::int",
            },
            f"generate_series(1, {journal}) AS i",
        )
        for table in (
            "cases_mentee",
            "cases_participation",
            "employers_employer",
            "employers_employerservice",
            "placements_placement",
            "placements_followup",
            "journal_journalentry",
            "journal_integrationagreement",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        t = time.perf_counter()
        cur.execute("VACUUM (ANALYZE)")
        times["vacuum analyze"] = time.perf_counter() - t
    return times


def counts() -> dict[str, int]:
    from django.db import connection

    result = {}
    with connection.cursor() as cursor:
        for table in (
            "cases_mentee",
            "cases_participation",
            "placements_placement",
            "employers_employer",
            "employers_employerservice",
            "journal_integrationagreement",
            "journal_journalentry",
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            result[table] = cursor.fetchone()[0]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentees", type=int, default=300_000)
    parser.add_argument("--journal", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="lotse_bench_bulk")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="time again on a kept database")
    args = parser.parse_args()
    if not args.reuse:
        admin_sql(args.server, f"DROP DATABASE IF EXISTS {args.database}")
        admin_sql(args.server, f"CREATE DATABASE {args.database}")
    os.environ.update(
        DATABASE_URL=f"{args.server}/{args.database}",
        DJANGO_SETTINGS_MODULE="lotse.settings",
        DEBUG="1",
        ALLOWED_HOSTS="localhost",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lotse.reporting.figures import Scope, activities, compute

    try:
        build_times: dict[str, float] = {}
        t = time.perf_counter()
        if not args.reuse:
            call_command("migrate", verbosity=0)
            build_times = build(args.mentees, args.journal)
        build_total = time.perf_counter() - t
        rows = counts()
        baseline = []
        for _ in range(args.runs):
            t = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT COUNT(*), COUNT(DISTINCT p.mentee_id) FROM cases_participation p "
                    "JOIN cases_mentee m ON m.id = p.mentee_id"
                )
                cursor.fetchone()
            baseline.append(time.perf_counter() - t)
        scope = Scope(start=datetime.date(2020, 1, 1), end=datetime.date(2024, 12, 31))
        figure_times, activity_times = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            figures = compute(scope)
            figure_times.append(time.perf_counter() - t)
        for _ in range(args.runs):
            t = time.perf_counter()
            work = activities(scope)
            activity_times.append(time.perf_counter() - t)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    finally:
        connection.close()
        if not (args.keep or args.reuse):
            admin_sql(args.server, f"DROP DATABASE IF EXISTS {args.database}")
    b = statistics.median(baseline)
    f = statistics.median(figure_times)
    a = statistics.median(activity_times)
    load = os.getloadavg()
    total = figures.values["total"]["total"]
    print(f"Machine: {machine()}; PostgreSQL {version}")
    print(f"Load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("Rows: " + ", ".join(f"{n:,} {table}" for table, n in rows.items()))
    if build_times:
        print(
            f"Generated in the database in {build_total:.0f} s: "
            + ", ".join(f"{k} {v:.0f} s" for k, v in build_times.items())
        )
    print(f"Baseline (scan of all stays, median of {args.runs}): {b:.3f} s")
    print(
        f"Figures 2020–2024 (compute, every figure per project, district, total): median "
        f"{f:.2f} s ({f / b:.1f}× baseline), min {min(figure_times):.2f} s, max "
        f"{max(figure_times):.2f} s; {len(figures.values['project'])} projects, "
        f"{len(figures.values['district'])} districts"
    )
    print(
        f"Contacts and hours 2020–2024 (activities over the journal): median {a:.2f} s "
        f"({a / b:.1f}× baseline); {sum(n for n, _m in work.contacts.values()):,} contacts"
    )
    print(
        f"Programme 2020–2024: {total.get('supported', 0):,} supported, "
        f"{total.get('entries', 0):,} entries, {total.get('into_job', 0):,} into a job, "
        f"{total.get('agreements', 0):,} agreements"
    )


if __name__ == "__main__":
    main()
