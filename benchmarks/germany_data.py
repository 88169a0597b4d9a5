"""Build the two databases of ``benchmarks/germany.py``: the Saxony demo, and all of Germany
around the same Saxony demo.

    .venv/bin/python benchmarks/germany_data.py [--saxony lotse_saxony] [--germany lotse_germany]
        [--mentees 300000] [--mentors 3000] [--projects 800] [--journal 10000000]
        [--vacancies 1000000] [--audit 5000000] [--reuse-saxony] [--audit-only]

**Saxony** is built as ``make demo-data`` builds it (migrate, reference data, sectors,
``load_demo``, the BA import from the stub with its 60,000 Saxon postings, reminders and
follow-ups; not the published report), plus an audit trail of the size Saxony would have
(``--audit`` × Saxony's share of the mentees), since the demo writes no audit rows.

**Germany** is a copy of the Saxony database (``CREATE DATABASE … TEMPLATE``: the demo's
mentors, mentees and their records keep their keys and public ids, so one mentor's data is the
same in both) with the rest of the country generated inside PostgreSQL around it:

- the mentees, stays, employers, services, placements, agreements and journal entries of
  ``benchmarks/reporting_bulk.py`` (its generator, with ``--projects`` less the demo's projects
  and ``--journal`` less the demo's entries);
- mentors up to ``--mentors`` in those projects (memberships), each bulk mentee given a mentor of
  their project;
- the demo's tasks, appointments and applications copied onto the bulk mentees (every bulk
  mentee gets the rows of one demo mentee, so per-mentee constraints hold), assigned to the
  bulk mentee's mentor: My day and the board of every mentor look like a demo mentor's;
- vacancies up to ``--vacancies``: the demo's own vacancies copied to bulk employers (as many per
  project as in the demo) and the BA job board's rest copied from the Saxon postings at random
  places in Germany;
- the audit trail up to ``--audit`` rows (views of mentee pages, list pages with the people they
  showed, changes), over the last two years.

Everything is ``INSERT … SELECT`` inside the database (no rows through Python), the big
tables' secondary indexes and foreign keys dropped for the insert and built again afterwards,
then ``VACUUM (ANALYZE)``. Prints the time of each step and the row counts. ``--audit-only``
adds only the audit trail (up to ``--audit`` rows) to a Germany database built before. On the
shared 2-CPU machine at load average 13–19 it took 6 minutes for Saxony and 50 for Germany
(``docs/performance.md``, "All of Germany"); the databases take 150 MB and 4.9 GB.
"""

import argparse
import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from reporting import admin_sql, machine  # noqa: E402  (the sibling benchmarks)

SAXONY_STEPS = [
    ["migrate", "--no-input", "-v", "0"],
    ["import_reference"],
    ["import_sectors"],
    ["load_demo"],
    ["import_ba_vacancies"],
    ["create_reminders"],
    ["ensure_followups"],
]
COUNTED = [
    "accounts_project",
    "accounts_membership",
    "cases_mentee",
    "journal_journalentry",
    "journal_task",
    "journal_appointment",
    "placements_application",
    "placements_placement",
    "employers_employer",
    "employers_vacancy",
    "audit_auditevent",
    "audit_auditsubject",
]


def log(line: str) -> None:
    print(f"{time.strftime('%H:%M:%S', time.gmtime())} UTC {line}", flush=True)


def environment(server: str, database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{server}/{database}",
        "DEBUG": "1",
        "LOTSE_REQUIRE_2FA": "0",
        "LOTSE_BA_JOBSUCHE_URL": "stub:",
    }


def build_saxony(server: str, database: str) -> None:
    admin_sql(server, f"DROP DATABASE IF EXISTS {database}")
    admin_sql(server, f"CREATE DATABASE {database}")
    env = environment(server, database)
    for step in SAXONY_STEPS:
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        log(f"saxony: {step[0]} {time.perf_counter() - t:.0f} s")


def columns(cur, table: str) -> list[str]:
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cur.fetchall()]


def clone(cur, table: str, overrides: dict[str, str], source: str, alias: str = "t") -> int:
    """``INSERT INTO table SELECT …`` copying every column of the rows ``alias`` in ``source``
    but those in ``overrides`` (column → SQL expression). Returns the rows written."""
    names = columns(cur, table)
    select = [overrides.get(name, f"{alias}.{name}") for name in names]
    cur.execute(
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(select)} FROM {source}"
    )
    return cur.rowcount


@contextlib.contextmanager
def without_indexes(cur, tables: list[str]):
    """Drop the secondary indexes, unique and foreign-key constraints of ``tables`` for a bulk
    insert and build them again afterwards (two to three times faster than keeping each index
    up to date row by row; the constraints are checked again when they are added back)."""
    again = []
    for table in tables:
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
            [table],
        )
        for name, definition in cur.fetchall():
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            again.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        for name, definition in cur.fetchall():
            cur.execute(f'DROP INDEX "{name}"')
            again.append(definition)
    try:
        yield
    finally:
        t = time.perf_counter()
        for statement in again:
            cur.execute(statement)
        seconds = time.perf_counter() - t
        log(f"indexes and constraints of {', '.join(tables)} built again: {seconds:.0f} s")


def top(cur, table: str) -> int:
    cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    return cur.fetchone()[0]


def count(cur, sql: str) -> int:
    cur.execute(sql)
    return cur.fetchone()[0]


def timed(name: str, work) -> None:
    t = time.perf_counter()
    rows = work()
    log(f"{name}: {rows:,} rows in {time.perf_counter() - t:.0f} s")


def audit_rows(cur, n: int, mentees_from: int = 0) -> int:
    """``n`` audit rows over the last two years about mentees with keys above
    ``mentees_from``, by their mentors: 75 % views of a mentee page, 15 % list pages that
    showed 20 people (with an ``AuditSubject`` for the first of them), 10 % changes."""
    if n <= 0:
        return 0
    first = top(cur, "audit_auditevent")
    cur.execute("SELECT COUNT(*), MIN(id) FROM cases_mentee WHERE id > %s", [mentees_from])
    people, low = cur.fetchone()
    cur.execute(
        f"""
        INSERT INTO audit_auditevent (id, occurred_at, actor_id, action, object_type, object_id,
            object_label, mentee_id, project_id, changes, reason)
        SELECT {first} + s.i,
            now() - random() * interval '730 days',
            m.mentor_id,
            CASE WHEN s.r < 0.9 THEN 'view' ELSE 'update' END,
            CASE WHEN s.r < 0.75 OR s.r >= 0.9 THEN 'cases.mentee' ELSE 'page' END,
            CASE WHEN s.r < 0.75 OR s.r >= 0.9 THEN m.public_id::text ELSE 'cases:list' END,
            '',
            CASE WHEN s.r < 0.75 OR s.r >= 0.9 THEN m.public_id END,
            m.project_id,
            CASE WHEN s.r < 0.75 THEN '{{}}'::jsonb
                 WHEN s.r < 0.9 THEN jsonb_build_object('page', 'cases:list', 'shown',
                     jsonb_build_array(m.public_id), 'shown_count', 20)
                 ELSE '{{"phone": {{}}}}'::jsonb END,
            ''
        FROM (SELECT i, random() AS r, {low} + floor(random() * {people})::int AS p
              FROM generate_series(1, {n}) AS i) s
        JOIN cases_mentee m ON m.id = s.p
        """
    )
    written = cur.rowcount
    cur.execute(
        f"""
        INSERT INTO audit_auditsubject (event_id, mentee_id)
        SELECT id, (changes -> 'shown' ->> 0)::uuid FROM audit_auditevent
        WHERE id > {first} AND object_type = 'page'
        """
    )
    cur.execute(
        "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), "
        "(SELECT MAX(id) FROM audit_auditevent))"
    )
    return written


def germany_rows(cur, args, demo: dict[str, int], bm: int) -> None:
    """Everything but ``reporting_bulk``'s rows: mentors, tasks, appointments, applications,
    vacancies, audit trail (see the module's docstring)."""
    cur.execute("SELECT setseed(0.49)")
    cur.execute(
        "SELECT MIN(p.id), COUNT(*) FROM accounts_project p JOIN accounts_organisation o "
        "ON o.id = p.organisation_id WHERE o.name = 'Benchmark-Träger'"
    )
    p0, n_projects = cur.fetchone()
    demo_mentors = count(cur, "SELECT COUNT(*) FROM accounts_membership WHERE role = 'mentor'")
    n_mentors = args.mentors - demo_mentors
    template_user = count(cur, "SELECT MIN(user_id) FROM accounts_membership WHERE role = 'mentor'")
    bu = top(cur, "accounts_user")

    def mentors() -> int:
        n = clone(
            cur,
            "accounts_user",
            {
                "id": f"{bu} + g",
                "username": "'mentor' || lpad(g::text, 4, '0')",
                "email": "'mentor' || g || '@germany.invalid'",
                "first_name": "'Mentorin'",
                "last_name": "'Nr. ' || g",
                "password": "'!'",
                "public_id": "gen_random_uuid()",
            },
            f"accounts_user t CROSS JOIN generate_series(1, {n_mentors}) g "
            f"WHERE t.id = {template_user}",
        )
        cur.execute(
            f"INSERT INTO accounts_membership (user_id, project_id, role) SELECT {bu} + g, "
            f"{p0} + (g - 1) % {n_projects}, 'mentor' FROM generate_series(1, {n_mentors}) g"
        )
        cur.execute(
            f"""
            UPDATE cases_mentee m SET mentor_id = a.ids[1 + m.id % cardinality(a.ids)]
            FROM (SELECT project_id, array_agg(user_id ORDER BY user_id) AS ids
                  FROM accounts_membership WHERE role = 'mentor' GROUP BY project_id) a
            WHERE a.project_id = m.project_id AND m.id > {bm}
            """
        )
        for table in ("accounts_user", "accounts_membership"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        return n

    timed("mentors and memberships, bulk mentees assigned", mentors)

    # Every bulk mentee bm + (d - 1) * k + j (j = 1 … k) takes the rows of demo mentee d.
    k = max(1, (args.mentees) // demo["mentees"])
    person = f"{bm} + (t.mentee_id - 1) * {k} + g"
    who = {
        "journal_task": ("assignee_id", "created_by_id", "done_by_id"),
        "journal_appointment": ("created_by_id",),
        "placements_application": ("created_by_id",),
    }
    for table, people in who.items():
        first = top(cur, table)
        overrides = {
            "id": f"{first} + row_number() OVER ()",
            "public_id": "gen_random_uuid()",
            "mentee_id": "m.id",
            **{
                column: f"CASE WHEN t.{column} IS NULL THEN NULL ELSE m.mentor_id END"
                for column in people
            },
        }
        if table == "journal_appointment":
            overrides["application_id"] = "NULL"
        source = (
            f"{table} t CROSS JOIN generate_series(1, {k}) g JOIN cases_mentee m "
            f"ON m.id = {person} WHERE t.mentee_id <= {demo['mentees']}"
        )
        timed(f"{table} copied ×{k}", lambda t=table, o=overrides, s=source: clone(cur, t, o, s))
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        )

    # Vacancies: own ones per bulk project as many as per demo project, the rest from the BA.
    own = count(cur, "SELECT COUNT(*) FROM employers_vacancy WHERE employer_id IS NOT NULL")
    per_project = max(1, own // demo["projects"])
    cur.execute("SELECT MIN(id), COUNT(*) FROM employers_employer WHERE project_id >= %s", [p0])
    e0, n_employers = cur.fetchone()
    spread = {
        "latitude": "47.4 + random() * 7.5",
        "longitude": "6.0 + random() * 8.9",
        "public_id": "gen_random_uuid()",
    }
    first = top(cur, "employers_vacancy")
    copies = max(1, per_project * n_projects // max(own, 1))
    timed(
        f"own vacancies copied to bulk employers ×{copies}",
        lambda: clone(
            cur,
            "employers_vacancy",
            {
                **spread,
                "id": f"{first} + row_number() OVER ()",
                "employer_id": f"{e0} + floor(random() * {n_employers})::int",
                # unique per employer: a taken-over posting's number gets the copy's number
                "ba_refnr": "CASE WHEN t.ba_refnr = '' THEN '' ELSE t.ba_refnr || '-' || g END",
            },
            f"employers_vacancy t CROSS JOIN generate_series(1, {copies}) g "
            f"WHERE t.employer_id IS NOT NULL AND t.id <= {first}",
        ),
    )
    total = count(cur, "SELECT COUNT(*) FROM employers_vacancy")
    ba = count(cur, "SELECT COUNT(*) FROM employers_vacancy WHERE employer_id IS NULL")
    missing = args.vacancies - total
    if missing > 0 and ba:
        first = top(cur, "employers_vacancy")
        copies = -(-missing // ba)
        timed(
            f"BA vacancies copied across Germany ×{copies}",
            lambda: clone(
                cur,
                "employers_vacancy",
                {
                    **spread,
                    "id": f"{first} + n",
                    "ba_refnr": "'DE-' || n",
                },
                f"(SELECT t.*, row_number() OVER () AS n FROM employers_vacancy t "
                f"CROSS JOIN generate_series(1, {copies}) g WHERE t.employer_id IS NULL "
                f"AND t.id <= {first}) t WHERE n <= {missing}",
            ),
        )
    cur.execute(
        "SELECT setval(pg_get_serial_sequence('employers_vacancy', 'id'), "
        "(SELECT MAX(id) FROM employers_vacancy))"
    )
    existing = count(cur, "SELECT COUNT(*) FROM audit_auditevent")
    timed("audit trail", lambda: audit_rows(cur, args.audit - existing, mentees_from=bm))


def audit_only(args) -> None:
    """Only the audit trail and ``VACUUM (ANALYZE)`` on a Germany database built before."""
    import psycopg

    with psycopg.connect(f"{args.server}/{args.germany}", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("SELECT setseed(0.49)")
        cur.execute(
            "SELECT MAX(id) FROM cases_mentee WHERE project_id IN (SELECT p.id FROM "
            "accounts_project p JOIN accounts_organisation o ON o.id = p.organisation_id "
            "WHERE o.name <> 'Benchmark-Träger')"
        )
        bm = cur.fetchone()[0]
        existing = count(cur, "SELECT COUNT(*) FROM audit_auditevent")
        with without_indexes(cur, ["audit_auditevent", "audit_auditsubject"]):
            timed("audit trail", lambda: audit_rows(cur, args.audit - existing, mentees_from=bm))
        t = time.perf_counter()
        cur.execute("VACUUM (ANALYZE)")
        log(f"germany: vacuum analyze {time.perf_counter() - t:.0f} s")


def build_germany(args) -> None:
    admin_sql(args.server, f"DROP DATABASE IF EXISTS {args.germany}")
    t = time.perf_counter()
    admin_sql(args.server, f"CREATE DATABASE {args.germany} TEMPLATE {args.saxony}")
    log(f"germany: copy of {args.saxony} {time.perf_counter() - t:.0f} s")
    import django

    os.environ.update(environment(args.server, args.germany))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lotse.settings"
    django.setup()
    from django.db import connection
    from reporting_bulk import build

    with connection.cursor() as cur:
        demo = {
            "mentees": count(cur, "SELECT COUNT(*) FROM cases_mentee"),
            "projects": count(cur, "SELECT COUNT(*) FROM accounts_project"),
            "journal": count(cur, "SELECT COUNT(*) FROM journal_journalentry"),
        }
        bm = top(cur, "cases_mentee")
        assert bm == demo["mentees"], "the demo's mentees are expected to have keys 1 … n"
    t = time.perf_counter()
    with connection.cursor() as cur, without_indexes(cur, ["journal_journalentry"]):
        times = build(
            args.mentees, args.journal - demo["journal"], projects=args.projects - demo["projects"]
        )
    log(
        f"germany: reporting_bulk {time.perf_counter() - t:.0f} s ("
        + ", ".join(f"{k} {v:.0f} s" for k, v in times.items())
        + ")"
    )
    with connection.cursor() as cur:
        with without_indexes(cur, ["employers_vacancy", "audit_auditevent", "audit_auditsubject"]):
            germany_rows(cur, args, demo, bm)
        t = time.perf_counter()
        cur.execute("VACUUM (ANALYZE)")
        log(f"germany: vacuum analyze {time.perf_counter() - t:.0f} s")


def saxony_audit(args) -> None:
    """The Saxony demo's audit trail at Saxony's share of ``--audit`` (in a subprocess-free
    way: plain SQL through psql's connection of Django is not needed here)."""
    import psycopg

    with psycopg.connect(f"{args.server}/{args.saxony}", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("SELECT setseed(0.14)")
        mentees = count(cur, "SELECT COUNT(*) FROM cases_mentee")
        if count(cur, "SELECT COUNT(*) FROM audit_auditevent") < 1000:
            n = args.audit * mentees // (mentees + args.mentees)
            timed("saxony: audit trail", lambda: audit_rows(cur, n))
        cur.execute("VACUUM (ANALYZE)")


def row_counts(server: str, database: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(f"{server}/{database}") as conn:
        cur = conn.cursor()
        return {table: count(cur, f"SELECT COUNT(*) FROM {table}") for table in COUNTED}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--saxony", default="lotse_saxony")
    parser.add_argument("--germany", default="lotse_germany")
    parser.add_argument("--mentees", type=int, default=300_000, help="bulk mentees")
    parser.add_argument("--mentors", type=int, default=3_000)
    parser.add_argument("--projects", type=int, default=800)
    parser.add_argument("--journal", type=int, default=10_000_000)
    parser.add_argument("--vacancies", type=int, default=1_000_000)
    parser.add_argument("--audit", type=int, default=5_000_000)
    parser.add_argument("--reuse-saxony", action="store_true", help="keep a built Saxony")
    parser.add_argument("--audit-only", action="store_true", help="add only the audit trail")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.audit_only:
        audit_only(args)
        return
    if not args.reuse_saxony:
        build_saxony(args.server, args.saxony)
    saxony_audit(args)
    build_germany(args)
    log(f"Built in {time.perf_counter() - started:.0f} s on {machine()}")
    load = os.getloadavg()
    log(f"Load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    for name in (args.saxony, args.germany):
        log(f"{name}: " + ", ".join(f"{n:,} {t}" for t, n in row_counts(args.server, name).items()))


if __name__ == "__main__":
    main()
