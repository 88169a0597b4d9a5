"""Benchmark: the full funding-period report on 10× Saxony, on PostgreSQL.

    .venv/bin/python benchmarks/reporting.py [--scale 10] [--runs 5] [--keep]

Builds a scratch database (``lotse_bench_reporting`` on the server of ``--server``, default
``postgres://postgres@127.0.0.1:5432``), migrates it, bulk-loads with COPY

- 6,600 × scale mentees with 1.1 stays each (re-entries, also into another project),
- 150,000 × scale journal entries, 2,500 × scale placements with their three follow-ups,
- 2,500 × scale employers with 10 services each,

then times the report of the funding period 2020–2024 for the programme coordinator: all key
figures by project and by district, the breakdowns, suppression and the rendered page. Prints the
figures and the machine; the numbers go into docs/performance.md by hand. Not a test: nothing here
asserts a time.
"""

import argparse
import datetime
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAXONY_DISTRICTS = [  # AGS, name, latitude, longitude (district centres)
    ("14511", "Chemnitz", 50.83, 12.92),
    ("14521", "Erzgebirgskreis", 50.63, 12.95),
    ("14522", "Mittelsachsen", 50.97, 13.20),
    ("14523", "Vogtlandkreis", 50.47, 12.25),
    ("14524", "Zwickau", 50.73, 12.55),
    ("14612", "Dresden", 51.05, 13.74),
    ("14625", "Bautzen", 51.25, 14.20),
    ("14626", "Görlitz", 51.20, 14.80),
    ("14627", "Meißen", 51.25, 13.45),
    ("14628", "Sächsische Schweiz-Osterzgebirge", 50.90, 13.90),
    ("14713", "Leipzig", 51.34, 12.37),
    ("14729", "Landkreis Leipzig", 51.20, 12.65),
    ("14730", "Nordsachsen", 51.50, 12.70),
]
COUNTRIES = [
    ("SY", "Syrien", "Syria", "middle_east", 0.28),
    ("AF", "Afghanistan", "Afghanistan", "south_asia", 0.18),
    ("UA", "Ukraine", "Ukraine", "eastern_europe", 0.2),
    ("IQ", "Irak", "Iraq", "middle_east", 0.07),
    ("ER", "Eritrea", "Eritrea", "east_africa", 0.06),
    ("IR", "Iran", "Iran", "middle_east", 0.05),
    ("TR", "Türkei", "Türkiye", "turkey", 0.05),
    ("VE", "Venezuela", "Venezuela", "americas", 0.03),
    ("SO", "Somalia", "Somalia", "east_africa", 0.04),
    ("GE", "Georgien", "Georgia", "caucasus", 0.04),
]
EXIT_REASONS = [
    "job",
    "apprenticeship",
    "qualification",
    "moved",
    "programme",
    "no_contact",
    "illness",
    "left",
    "other",
]
PLACEMENT_TYPES = [
    ("insured_full", 0.34),
    ("insured_part", 0.14),
    ("mini_job", 0.12),
    ("self_employed", 0.02),
    ("apprenticeship", 0.22),
    ("eq", 0.09),
    ("qualification", 0.07),
]
CONTACT_KINDS = ["in_person", "phone", "video", "message", "accompaniment", "employer_visit"]
SERVICE_KINDS = ["acquisition", "advice", "accompaniment", "after_care"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs{memory}, {platform.system()} {platform.release()}"


def admin_sql(server: str, sql: str) -> None:
    subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True)


def copy(cursor, table: str, columns: list[str], rows) -> int:
    """COPY ``rows`` into ``table``; records that forms edit get ``version`` 1 (the column of
    ``lib.concurrency.VersionedModel``) when the rows do not name it."""
    cursor.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = "
        "'version'",
        [table],
    )
    versioned = cursor.fetchone() is not None and "version" not in columns
    if versioned:
        columns = [*columns, "version"]
    n = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row((*row, 1) if versioned else row)
            n += 1
    return n


def build(scale: int, rng: random.Random) -> dict:
    from django.db import connection

    from lotse.accounts.models import Membership, Organisation, Project, ProjectRole, User
    from lotse.reference.models import Country, District, Occupation

    counts: dict[str, int] = {}
    now = datetime.datetime.now(datetime.UTC)
    districts = [
        District(ags=a, name=n, state="Sachsen", latitude=la, longitude=lo)
        for a, n, la, lo in SAXONY_DISTRICTS
    ]
    District.objects.bulk_create(districts, ignore_conflicts=True)
    Country.objects.bulk_create(
        [Country(iso_code=c, name_de=de, name_en=en, region=r) for c, de, en, r, _w in COUNTRIES]
        + [
            Country(
                iso_code="DE",
                name_de="Deutschland",
                name_en="Germany",
                region="eu_eea",
                is_eu_eea=True,
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
    n_projects = 14 * scale
    projects = Project.objects.bulk_create(
        [Project(organisation=org, name=f"Projekt {i:03d}") for i in range(n_projects)]
    )
    project_district = {p.pk: SAXONY_DISTRICTS[i % 13][0] for i, p in enumerate(projects)}
    mentors = User.objects.bulk_create(
        [User(username=f"mentor{i}", password="!") for i in range(50 * scale)]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, project=projects[i % n_projects], role=ProjectRole.MENTOR)
            for i, u in enumerate(mentors)
        ]
    )
    User.objects.create(username="coordinator", password="!", programme_role="coordinator")
    project_ids = [p.pk for p in projects]
    weights = [w for *_x, w in COUNTRIES]
    codes = [c for c, *_x in COUNTRIES]

    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor  # psycopg's own cursor, for COPY
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM cases_mentee")
        n_mentees = 6600 * scale
        mentee_project = {}
        mentee_rows = []
        for i in range(1, n_mentees + 1):
            project = rng.choice(project_ids)
            mentee_project[i] = project
            birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 45 * 365))
            mentee_rows.append(
                (
                    i,
                    uuid.uuid4(),
                    now,
                    now,
                    rng.choice(["active", "placed", "exited"]),
                    1,
                    f"Vorname{i}",
                    f"Name{i}",
                    birth,
                    rng.choices("fmdx", [0.38, 0.58, 0.01, 0.03])[0],
                    "",
                    "",
                    "",
                    "",
                    "job",
                    "",
                    False,
                    25,
                    "",
                    "",
                    "",
                    "",
                    rng.choices(codes, weights)[0],
                    project_district[project],
                    project,
                )
            )
        counts["mentees"] = copy(
            cur,
            "cases_mentee",
            [
                "id",
                "public_id",
                "created_at",
                "updated_at",
                "status",
                "version",
                "first_name",
                "last_name",
                "birth_date",
                "gender",
                "phone",
                "email",
                "street",
                "postcode",
                "goal",
                "driving_licence",
                "has_car",
                "commute_limit_km",
                "childcare_constraint",
                "referrer",
                "referrer_note",
                "notes",
                "country_of_origin_id",
                "district_id",
                "project_id",
            ],
            mentee_rows,
        )

        participations = []
        stays: dict[int, list[tuple[datetime.date, datetime.date | None, int]]] = {}
        pid = 0
        start0 = datetime.date(2019, 1, 1)
        for i in range(1, n_mentees + 1):
            entry = start0 + datetime.timedelta(days=rng.randrange(0, 6 * 365 + 200))
            exit_ = entry + datetime.timedelta(days=rng.randrange(60, 900))
            open_ = exit_ > datetime.date(2025, 6, 30) or rng.random() < 0.15
            pid += 1
            participations.append(
                (
                    pid,
                    entry,
                    None if open_ else exit_,
                    "" if open_ else rng.choice(EXIT_REASONS),
                    i,
                    mentee_project[i],
                )
            )
            stays[i] = [(entry, None if open_ else exit_, mentee_project[i])]
            if not open_ and rng.random() < 0.1:
                again = exit_ + datetime.timedelta(days=rng.randrange(30, 400))
                project = mentee_project[i] if rng.random() < 0.7 else rng.choice(project_ids)
                pid += 1
                participations.append((pid, again, None, "", i, project))
                stays[i].append((again, None, project))
        counts["participations"] = copy(
            cur,
            "cases_participation",
            [
                "id",
                "entry_date",
                "exit_date",
                "exit_reason",
                "mentee_id",
                "project_id",
            ],
            participations,
        )

        n_employers = 2500 * scale
        employer_rows, employer_project = [], {}
        for e in range(1, n_employers + 1):
            project = rng.choice(project_ids)
            employer_project[e] = project
            employer_rows.append(
                (
                    e,
                    uuid.uuid4(),
                    now,
                    now,
                    f"Betrieb {e}",
                    "small",
                    "",
                    "",
                    "",
                    "",
                    project_district[project],
                    project,
                )
            )
        counts["employers"] = copy(
            cur,
            "employers_employer",
            [
                "id",
                "public_id",
                "created_at",
                "updated_at",
                "name",
                "size_class",
                "street",
                "postcode",
                "website",
                "notes",
                "district_id",
                "project_id",
            ],
            employer_rows,
        )

        def services():
            for s in range(1, n_employers * 10 + 1):
                company = rng.random() < 0.6
                yield (
                    s,
                    uuid.uuid4(),
                    now,
                    now,
                    datetime.date(2016, 10, 1) + datetime.timedelta(days=rng.randrange(0, 3200)),
                    rng.choice(SERVICE_KINDS),
                    45,
                    "company" if company else "mentee",
                    "",
                    rng.randrange(1, n_employers + 1),
                    None if company else rng.randrange(1, n_mentees + 1),
                )

        counts["employer services"] = copy(
            cur,
            "employers_employerservice",
            [
                "id",
                "public_id",
                "created_at",
                "updated_at",
                "date",
                "kind",
                "duration_minutes",
                "target",
                "notes",
                "employer_id",
                "mentee_id",
            ],
            services(),
        )

        n_placements = 2500 * scale
        placed = rng.sample(range(1, n_mentees + 1), int(n_placements * 0.85))
        placed += rng.sample(placed, n_placements - len(placed))  # some people twice
        placement_rows, followup_rows = [], []
        types = [t for t, _w in PLACEMENT_TYPES]
        type_weights = [w for _t, w in PLACEMENT_TYPES]
        fid = 0
        for p, mentee in enumerate(placed, start=1):
            entry, exit_, project = stays[mentee][-1]
            start = entry + datetime.timedelta(days=rng.randrange(20, 500))
            kind = rng.choices(types, type_weights)[0]
            judged = kind in ("insured_full", "insured_part")
            computed = (rng.random() < 0.8) if judged else None
            override = (not computed) if judged and rng.random() < 0.05 else None
            placement_rows.append(
                (
                    p,
                    uuid.uuid4(),
                    now,
                    now,
                    kind,
                    start,
                    "",
                    2,
                    2,
                    computed,
                    override,
                    "Begründung" if override is not None else "",
                    None if kind == "self_employed" else rng.randrange(1, n_employers + 1),
                    mentee,
                    "29302",
                    project,
                )
            )
            for months in (3, 6, 12):
                fid += 1
                due = start + datetime.timedelta(days=30 * months)
                answered = due < datetime.date(2025, 7, 1) and rng.random() < 0.8
                answer = rng.choices(["yes", "no", "unknown"], [0.75, 0.2, 0.05])[0]
                followup_rows.append(
                    (
                        fid,
                        uuid.uuid4(),
                        months,
                        due,
                        due if answered else None,
                        answer if answered else "",
                        "",
                        p,
                    )
                )
        counts["placements"] = copy(
            cur,
            "placements_placement",
            [
                "id",
                "public_id",
                "created_at",
                "updated_at",
                "placement_type",
                "start_date",
                "end_reason",
                "requirement_level",
                "qualification_level",
                "adequacy_computed",
                "adequacy_override",
                "adequacy_override_reason",
                "employer_id",
                "mentee_id",
                "occupation_id",
                "project_id",
            ],
            placement_rows,
        )
        counts["follow-ups"] = copy(
            cur,
            "placements_followup",
            [
                "id",
                "public_id",
                "months",
                "due_on",
                "answered_on",
                "still_employed",
                "note",
                "placement_id",
            ],
            followup_rows,
        )

        def journal():
            topics = json.dumps(["job_search"])
            for j in range(1, 150_000 * scale + 1):
                mentee = rng.randrange(1, n_mentees + 1)
                entry = stays[mentee][0][0]
                at = datetime.datetime.combine(
                    entry + datetime.timedelta(days=rng.randrange(0, 700)),
                    datetime.time(9, 0),
                    tzinfo=datetime.UTC,
                )
                yield (
                    j,
                    uuid.uuid4(),
                    now,
                    now,
                    at,
                    30,
                    rng.choice(CONTACT_KINDS),
                    topics,
                    False,
                    "",
                    mentee,
                )

        counts["journal entries"] = copy(
            cur,
            "journal_journalentry",
            [
                "id",
                "public_id",
                "created_at",
                "updated_at",
                "occurred_at",
                "duration_minutes",
                "kind",
                "topics",
                "interpreter_used",
                "notes",
                "mentee_id",
            ],
            journal(),
        )
        for table in (
            "cases_mentee",
            "cases_participation",
            "employers_employer",
            "employers_employerservice",
            "placements_placement",
            "placements_followup",
            "journal_journalentry",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")  # as autovacuum would have done by now
    return counts


def existing_counts() -> dict:
    from django.db import connection

    tables = {
        "mentees": "cases_mentee",
        "participations": "cases_participation",
        "employers": "employers_employer",
        "employer services": "employers_employerservice",
        "placements": "placements_placement",
        "follow-ups": "placements_followup",
        "journal entries": "journal_journalentry",
    }
    counts = {}
    with connection.cursor() as cursor:
        for name, table in tables.items():
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[name] = cursor.fetchone()[0]
    return counts


def time_baseline(runs: int) -> float:
    """The baseline of this run: one full scan of the stays (``COUNT(*)`` over a join to the
    mentees), median of ``runs``; the other figures are also printed as multiples of it, so
    that runs on a busy and an idle machine can be compared."""
    from django.db import connection

    times = []
    for _ in range(runs):
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*), COUNT(DISTINCT p.mentee_id) FROM cases_participation p "
                "JOIN cases_mentee m ON m.id = p.mentee_id"
            )
            cursor.fetchone()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def time_report(runs: int, publish: bool = True) -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from lotse.accounts.models import User
    from lotse.reporting import published
    from lotse.reporting.figures import Scope, compute, programme_figures
    from lotse.reporting.models import FundingPeriod

    scope = Scope(start=datetime.date(2020, 1, 1), end=datetime.date(2024, 12, 31))
    compute_times, page_times = [], []
    for _ in range(runs):
        t = time.perf_counter()
        compute(scope)
        compute_times.append(time.perf_counter() - t)
    # The coordinator's published set: every grid period, suppressed together, once per data
    # change (at most hourly); the page then reads one period of it.
    if not publish:
        return {"compute": compute_times, "figures": programme_figures(scope.start, scope.end)}
    t = time.perf_counter()
    published.refresh()
    publish_time = time.perf_counter() - t
    client = Client(HTTP_HOST="localhost")
    coordinator = User.objects.get(username="coordinator")
    client.force_login(coordinator)
    try:
        from lotse.lib.testing.otp import mark_verified

        mark_verified(client, coordinator)
    except ImportError:  # before two-factor login
        pass
    fp = FundingPeriod.objects.get(start=scope.start, end=scope.end)
    params = {"kind": "funding", "funding_period": str(fp.pk), "breakdown": "project"}
    queries = 0
    limit = override_settings(LOTSE_REPORT_RATE_LIMIT=(10_000, 60))
    limit.enable()
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get("/reports/", params)
            page_times.append(time.perf_counter() - t)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
    t = time.perf_counter()
    response = client.get("/reports/export.xlsx", params)
    xlsx_time = time.perf_counter() - t
    limit.disable()
    return {
        "publish": publish_time,
        "suppression": published.stored_summary(),
        "compute": compute_times,
        "page": page_times,
        "queries": queries,
        "xlsx": xlsx_time,
        "figures": programme_figures(scope.start, scope.end),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="lotse_bench_reporting")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse", action="store_true", help="time again on a database kept with --keep"
    )
    parser.add_argument(
        "--no-publish",
        action="store_true",
        help="time only the figures (no published set, no report page)",
    )
    args = parser.parse_args()

    if not args.reuse:
        admin_sql(args.server, f"DROP DATABASE IF EXISTS {args.database}")
        admin_sql(args.server, f"CREATE DATABASE {args.database}")
    os.environ.update(
        DATABASE_URL=f"{args.server}/{args.database}",
        DJANGO_SETTINGS_MODULE="lotse.settings",
        DEBUG="1",
        ALLOWED_HOSTS="localhost",
        LANGUAGE_CODE="de",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        migrate_time = load_time = 0.0
        if args.reuse:
            counts = existing_counts()
        else:
            t = time.perf_counter()
            call_command("migrate", verbosity=0)
            migrate_time = time.perf_counter() - t
            t = time.perf_counter()
            counts = build(args.scale, random.Random(20161001))
            load_time = time.perf_counter() - t
        baseline = time_baseline(args.runs)
        result = time_report(args.runs, publish=not args.no_publish)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0]
    finally:
        connection.close()
        if not (args.keep or args.reuse):
            admin_sql(args.server, f"DROP DATABASE IF EXISTS {args.database}")

    out = io.StringIO()
    print(
        f"Machine: {machine()}; PostgreSQL {pg_version}; Python {platform.python_version()}",
        file=out,
    )
    print(
        f"Scale {args.scale}× Saxony: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()),
        file=out,
    )
    if not args.reuse:
        print(f"Migrate {migrate_time:.1f} s, bulk load {load_time:.1f} s", file=out)
    c = result["compute"]
    load = os.getloadavg()
    print(f"Load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", file=out)
    print(f"Baseline (scan of all stays, median): {baseline:.3f} s", file=out)
    print(
        f"Figures 2020–2024 (compute, all dimensions): median {statistics.median(c):.3f} s "
        f"({statistics.median(c) / baseline:.1f}× baseline), min {min(c):.3f} s, max "
        f"{max(c):.3f} s over {len(c)} runs",
        file=out,
    )
    if "publish" in result:
        p = result["page"]
        print(
            f"Published set (every grid period, suppressed together): {result['publish']:.1f} s "
            f"({result['publish'] / baseline:.0f}× baseline); suppression: "
            f"{json.dumps(result['suppression'])}",
            file=out,
        )
        print(
            f"Report page as coordinator (published cells, charts, map, HTML): median "
            f"{statistics.median(p):.3f} s ({statistics.median(p) / baseline:.1f}× baseline), "
            f"min {min(p):.3f} s, max {max(p):.3f} s; {result['queries']} queries",
            file=out,
        )
        print(f"XLSX export: {result['xlsx']:.3f} s", file=out)
    print(
        "Programme figures 2020–2024: "
        + json.dumps(
            {k: (round(v, 3) if isinstance(v, float) else v) for k, v in result["figures"].items()}
        ),
        file=out,
    )
    print(out.getvalue(), end="")


if __name__ == "__main__":
    main()
