"""Benchmark: one mentor's pages and the audit list at Saxony and at all-of-Germany scale.

    .venv/bin/python benchmarks/germany.py [--saxony lotse_saxony] [--germany lotse_germany]
        [--runs 20] [--rounds 2] [--mentor demo.…] [--explain]

Needs the two databases of ``benchmarks/germany_data.py``. The Germany database holds the
Saxony demo unchanged among 300,000 other mentees, so the mentor measured (the first demo mentor
with mentees, by username, as ``benchmarks/load.py`` picks them) has exactly the same data in
both: what grows from one to the other is only what the page's queries cannot leave aside.

Each database is measured in its own process (Django's test client, production settings:
``DEBUG=0``, cached templates, no second factor), Saxony and Germany alternately for
``--rounds`` rounds, so both see the same machine load. A process first opens every page once
(the matching index is built then; its time is printed apart), then ``--runs`` times each
page in turn with a different mentee, employer or vacancy of the mentor's. The data protection
officer's audit list is measured unfiltered, one page older, and filtered by a mentee.

Prints per page the median and p95 in both databases and their ratio, the number of
queries, the share of the Germany page's time spent in the database (the sum of its queries'
times, which includes the round trips) and the time of the first request of a process.
``--explain`` prints, for the Germany database, the slowest queries of each page with
``EXPLAIN (ANALYZE, BUFFERS)``. Not a test: nothing here asserts a time.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PAGES = [
    "My day",
    "mentee list",
    "mentee search",
    "mentee page",
    "journal",
    "matching",
    "board",
    "employer page",
    "vacancy page",
    "audit list",
    "audit list, older",
    "audit list, one mentee",
]


def production_environment(server: str, database: str) -> None:
    os.environ.update(
        DATABASE_URL=f"{server}/{database}",
        DEBUG="0",
        LOTSE_TESTING="0",
        SECRET_KEY=secrets.token_hex(32),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        LOTSE_SECURE_COOKIES="0",
        LOTSE_REQUIRE_2FA="0",
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="lotse.settings",
    )


def the_mentor(username: str | None) -> dict:
    """The mentor measured, with the ids of their mentees, employers and vacancies."""
    from lotse.accounts.models import Membership, ProjectRole, User
    from lotse.cases.models import Mentee
    from lotse.employers.models import Employer, Vacancy

    memberships = Membership.objects.filter(
        role=ProjectRole.MENTOR, user__is_active=True, user__username__startswith="demo."
    ).select_related("user", "project")
    if username:
        memberships = memberships.filter(user__username=username)
    for membership in memberships.order_by("user__username"):
        mentees = list(
            Mentee.objects.filter(mentor=membership.user, project=membership.project)
            .exclude(status="exited")
            .order_by("public_id")
            .values_list("public_id", "last_name")[:40]
        )
        if not mentees:
            continue
        employers = Employer.objects.filter(project=membership.project).order_by("public_id")
        vacancies = Vacancy.objects.filter(employer__project=membership.project).order_by(
            "public_id"
        )
        return {
            "user": membership.user,
            "mentees": [str(p) for p, _ in mentees],
            "searches": sorted({name[:3] for _, name in mentees if len(name) >= 3}),
            "employers": [str(p) for p in employers.values_list("public_id", flat=True)[:40]],
            "vacancies": [
                str(p)
                for p in vacancies.order_by("public_id").values_list("public_id", flat=True)[:40]
            ],
            "dpo": User.objects.filter(programme_role="dpo", is_active=True)
            .order_by("username")
            .first(),
        }
    raise SystemExit("No demo mentor with mentees: build the databases first.")


def urls(work: dict, rng: random.Random) -> dict[str, tuple[str, str]]:
    """Page name → (who, URL) for one pass, with a random mentee, employer and vacancy."""
    mentee = rng.choice(work["mentees"])
    return {
        "My day": ("mentor", "/journal/today/"),
        "mentee list": ("mentor", "/mentees/"),
        "mentee search": ("mentor", f"/mentees/?q={rng.choice(work['searches'])}"),
        "mentee page": ("mentor", f"/mentees/{mentee}/"),
        "journal": ("mentor", f"/journal/{mentee}/"),
        "matching": ("mentor", f"/matching/mentees/{mentee}/"),
        "board": ("mentor", "/placements/"),
        "employer page": ("mentor", f"/employers/{rng.choice(work['employers'])}/"),
        "vacancy page": ("mentor", f"/vacancies/{rng.choice(work['vacancies'])}/"),
        "audit list": ("dpo", "/audit/"),
        "audit list, older": ("dpo", "older"),
        "audit list, one mentee": ("dpo", f"/audit/?mentee={mentee}"),
    }


def older_link(html: str) -> str:
    """The href of the audit list's link to older entries (``rel="next"``)."""
    import re

    found = re.search(r'href="([^"]*)" rel="next"', html)
    return "/audit/" + found.group(1).replace("&amp;", "&") if found else "/audit/"


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def child(args: argparse.Namespace) -> None:
    production_environment(args.server, args.child)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    work = the_mentor(args.mentor)
    clients = {"mentor": Client(), "dpo": Client()}
    clients["mentor"].force_login(work["user"])
    clients["dpo"].force_login(work["dpo"])
    rng = random.Random(args.seed)
    older = "/audit/?page=2"

    def get(page: str, who: str, url: str) -> tuple[float, object]:
        nonlocal older
        if url == "older":
            url = older
        t = time.perf_counter()
        response = clients[who].get(url)
        elapsed = (time.perf_counter() - t) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{page} {url}: HTTP {response.status_code}")
        if page == "audit list":
            older = older_link(response.content.decode())
        return elapsed, response

    first: dict[str, float] = {}
    queries: dict[str, int] = {}
    slow: dict[str, list] = {}
    for page, (who, url) in urls(work, rng).items():
        with CaptureQueriesContext(connection) as captured:
            first[page], _ = get(page, who, url)
        queries[page] = len(captured.captured_queries)
        if args.explain:
            ranked = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
            slow[page] = [
                {"ms": float(q["time"]) * 1000, "sql": q["sql"], "plan": explain(q["sql"])}
                for q in ranked
                if float(q["time"]) * 1000 >= args.explain_ms
                and q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
            ]
    times: dict[str, list[float]] = {page: [] for page in PAGES}
    database: dict[str, list[float]] = {page: [] for page in PAGES}
    for _ in range(args.runs):
        for page, (who, url) in urls(work, rng).items():
            with CaptureQueriesContext(connection) as captured:
                times[page].append(get(page, who, url)[0])
            database[page].append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cases_mentee")
        mentees = cursor.fetchone()[0]
    json.dump(
        {
            "times": times,
            "database": database,
            "first": first,
            "queries": queries,
            "slow": slow,
            "mentor": work["user"].username,
            "mentees": mentees,
        },
        sys.stdout,
    )


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def run_child(args: argparse.Namespace, database: str, explain: bool) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        database,
        "--server",
        args.server,
        "--runs",
        str(args.runs),
        "--seed",
        str(args.seed),
        "--explain-ms",
        str(args.explain_ms),
    ]
    if args.mentor:
        command += ["--mentor", args.mentor]
    if explain:
        command.append("--explain")
    out = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--saxony", default="lotse_saxony")
    parser.add_argument("--germany", default="lotse_germany")
    parser.add_argument("--runs", type=int, default=20, help="requests per page and process")
    parser.add_argument("--rounds", type=int, default=2, help="Saxony/Germany alternations")
    parser.add_argument("--mentor", help="username of the demo mentor (default: the first)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE slow queries")
    parser.add_argument("--explain-ms", type=float, default=5.0, help="what counts as slow")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    from reporting import machine

    load_before = os.getloadavg()
    results: dict[str, list[dict]] = {"saxony": [], "germany": []}
    with tempfile.TemporaryDirectory(prefix="lotse-germany-") as static_root:
        os.environ["LOTSE_STATIC_ROOT"] = static_root  # hashed files, as in production
        production_environment(args.server, args.saxony)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            check=True,
        )
        for round_ in range(args.rounds):
            results["saxony"].append(run_child(args, args.saxony, False))
            results["germany"].append(run_child(args, args.germany, args.explain and round_ == 0))
    load_after = os.getloadavg()
    merged, db = (
        {
            name: {page: [t for r in rs for t in r[key][page]] for page in PAGES}
            for name, rs in results.items()
        }
        for key in ("times", "database")
    )
    sax, ger = results["saxony"][0], results["germany"][0]
    print(f"Machine: {machine()}")
    print(
        f"Load average before {load_before[0]:.1f} / {load_before[1]:.1f}, after "
        f"{load_after[0]:.1f} / {load_after[1]:.1f}"
    )
    print(
        f"Mentor {sax['mentor']}; {sax['mentees']:,} mentees in {args.saxony}, "
        f"{ger['mentees']:,} in {args.germany}; {args.rounds} rounds × {args.runs} requests "
        "per page and database (Django test client, one process per database and round)"
    )
    print(
        f"\n{'page':<24}{'Saxony p50':>11}{'p95':>7}{'Germany p50':>13}{'p95':>7}"
        f"{'p50 ratio':>11}{'p95 ratio':>11}{'queries S/G':>13}{'DB share G':>11}"
        f"{'first G ms':>12}"
    )
    for page in PAGES:
        s, g = merged["saxony"][page], merged["germany"][page]
        s50, s95, g50, g95 = (
            statistics.median(s),
            percentile(s, 0.95),
            statistics.median(g),
            percentile(g, 0.95),
        )
        print(
            f"{page:<24}{s50:>11.0f}{s95:>7.0f}{g50:>13.0f}{g95:>7.0f}{g50 / s50:>10.2f}×"
            f"{g95 / s95:>10.2f}×{sax['queries'][page]:>7}/{ger['queries'][page]:<5}"
            f"{sum(db['germany'][page]) / sum(g):>11.0%}{ger['first'][page]:>12.0f}"
        )
    if args.explain:
        for page, queries in ger["slow"].items():
            for q in queries:
                print(f"\n--- {page}: {q['ms']:.1f} ms\n{q['sql'][:1500]}\n{q['plan']}")


if __name__ == "__main__":
    main()
