"""Benchmark: each key page for one mentor at Saxony scale and at ten times it, and the ratio.

    .venv/bin/python benchmarks/scale.py --small postgres://postgres@127.0.0.1:5432/lotse_1x \
        --large postgres://postgres@127.0.0.1:5432/lotse_10x [--rounds 2] [--repeat 3]

Needs two PostgreSQL databases with the demo loaded the way ``make demo-data`` does it, one with
``load_demo`` (Saxony) and one with ``load_demo --scale 10``. The demo's mentors are the same 50
people at both scales, so each has ten times the mentees, applications, employers and vacancies
in the large one: what a page shows per mentee stays the same, the lists around it grow.

For each database a child process runs the production settings (``DEBUG=0``) with Django's test
client logged in as the same demo mentor (``--mentor``, default the one with the most current
mentees at Saxony scale) and opens each key page: My day, the mentee list and a search (three
letters of the mentor's mentees' surnames), a mentee page, the journal, matching, the board, an
employer page and a vacancy page; the pages of one record for ``--objects`` different records.
Each request is timed wall-clock (``time.perf_counter``) after one warm-up round, and the CPU
time a request costs is summed up per page: the child's own (``time.process_time``: Django,
templates, the database driver) and that of its PostgreSQL backend process (``/proc``, the
database runs on the same machine). On a shared machine the CPU time is the steadier figure:
wall-clock time grows with everyone else's load. The children alternate between the databases
``--rounds`` times so that a change in the load hits both alike. Prints, per page, the median
wall-clock time and the mean CPU time per request at each scale with the ratios 10x/1x, the
queries of one request and the page's size. Not a test: nothing here asserts a time.
"""

import argparse
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", help="DATABASE_URL of the Saxony demo")
    parser.add_argument("--large", help="DATABASE_URL of the demo at --scale 10")
    parser.add_argument("--mentor", default="", help="username (default: see above)")
    parser.add_argument("--objects", type=int, default=8, help="records per record page")
    parser.add_argument("--repeat", type=int, default=3, help="requests per URL and round")
    parser.add_argument("--rounds", type=int, default=2, help="alternations between databases")
    parser.add_argument("--pages", default="", help="only these pages (comma-separated)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.child and not (args.small and args.large):
        parser.error("give --small and --large (two PostgreSQL DATABASE_URLs)")
    return args


def selected(args: argparse.Namespace) -> list[str]:
    chosen = [p.strip() for p in args.pages.split(",") if p.strip()]
    return [p for p in PAGES if p in chosen] if chosen else PAGES


def production_environment(database: str, static_root: str) -> None:
    os.environ.update(
        DATABASE_URL=database,
        DEBUG="0",
        LOTSE_TESTING="0",
        SECRET_KEY=secrets.token_hex(32),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        LOTSE_SECURE_COOKIES="0",
        LOTSE_REQUIRE_2FA="0",
        LOTSE_STATIC_ROOT=static_root,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="lotse.settings",
    )


# --- the child: one database ------------------------------------------------------------------


def busiest_mentor() -> str:
    from django.db.models import Count, Q

    from lotse.accounts.models import User

    current = Q(mentees__status__in=["active", "placed"])
    user = (
        User.objects.filter(username__startswith="demo.", username__contains=".mentor")
        .annotate(n=Count("mentees", filter=current))
        .order_by("-n", "username")
        .first()
    )
    if user is None:
        raise SystemExit("No demo mentor found: load the demo first.")
    return user.username


def urls_of(username: str, objects: int) -> tuple[object, dict[str, list[str]]]:
    """The mentor and, per page, the URLs to open (the same choice rule at every scale)."""
    import random

    from lotse.accounts.models import Membership, User
    from lotse.cases.models import Mentee
    from lotse.employers.models import Employer, Vacancy

    user = User.objects.get(username=username)
    projects = list(Membership.objects.filter(user=user).values_list("project_id", flat=True))
    rng = random.Random(1)
    mentees = list(
        Mentee.objects.filter(mentor=user, project_id__in=projects, erased_at__isnull=True)
        .exclude(status="exited")
        .order_by("public_id")
        .values_list("public_id", "last_name")
    )
    employers = list(
        Employer.objects.filter(project_id__in=projects)
        .order_by("public_id")
        .values_list("public_id", flat=True)
    )
    vacancies = list(
        Vacancy.objects.filter(employer__project_id__in=projects)
        .order_by("public_id")
        .values_list("public_id", flat=True)
    )
    chosen = rng.sample(mentees, min(objects, len(mentees)))
    names = sorted({last[:3] for _, last in mentees if len(last) >= 3})
    return user, {
        "My day": ["/journal/today/"],
        "mentee list": ["/mentees/"],
        "mentee search": [f"/mentees/?q={q}" for q in rng.sample(names, min(objects, len(names)))],
        "mentee page": [f"/mentees/{m}/" for m, _ in chosen],
        "journal": [f"/journal/{m}/" for m, _ in chosen],
        "matching": [f"/matching/mentees/{m}/" for m, _ in chosen],
        "board": ["/placements/"],
        "employer page": [f"/employers/{e}/" for e in rng.sample(employers, objects)],
        "vacancy page": [f"/vacancies/{v}/" for v in rng.sample(vacancies, objects)],
    }


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lotse.cases.models import Mentee

    username = args.mentor or busiest_mentor()
    user, urls = urls_of(username, args.objects)
    client = Client()
    client.force_login(user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    cpu: dict[str, float] = {}
    db_cpu: dict[str, float] = {}
    per_url = max(1, args.repeat)
    times: dict[str, list[float]] = {}
    queries: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for page in selected(args):
        for url in urls[page]:  # warm-up: caches, the matching index, PostgreSQL's buffers
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(urls[page][0])
        queries[page] = len(captured)
        sizes[page] = len(response.content)
        samples = []
        cpu_started, db_started = time.process_time(), backend_cpu(backend)
        for _ in range(per_url):
            for url in urls[page]:
                started = time.perf_counter()
                client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
        cpu[page] = (time.process_time() - cpu_started) * 1000 / len(samples)
        db_cpu[page] = (backend_cpu(backend) - db_started) * 1000 / len(samples)
        times[page] = samples
    current = Mentee.objects.filter(mentor=user).exclude(status="exited").count()
    print(
        json.dumps(
            {
                "mentor": username,
                "mentor_mentees": current,
                "mentees": Mentee.objects.count(),
                "times": times,
                "queries": queries,
                "sizes": sizes,
                "cpu": cpu,
                "db_cpu": db_cpu,
            }
        )
    )


def backend_cpu(pid: int) -> float:
    """CPU seconds the PostgreSQL backend of this connection has used (``/proc``; the database
    runs on this machine). 0 where ``/proc`` cannot tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- the parent: alternate, collect, print ----------------------------------------------------


def run_child(database: str, args: argparse.Namespace, mentor: str, static_root: str) -> dict:
    env = dict(os.environ)
    command = [sys.executable, __file__, "--child", "--database", database]
    command += ["--objects", str(args.objects), "--repeat", str(args.repeat)]
    command += ["--pages", args.pages]
    if mentor:
        command += ["--mentor", mentor]
    production_environment(database, static_root)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    os.environ.clear()
    os.environ.update(env)
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"the child for {database} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    args = parse_args()
    if args.child:
        child(args)
        return
    loads = [os.getloadavg()[0]]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lotse-scale-") as static_root:
        production_environment(args.small, static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            check=True,
        )
        mentor = args.mentor
        runs: dict[str, list[dict]] = {"small": [], "large": []}
        for _ in range(args.rounds):
            for key in ("small", "large"):
                run = run_child(getattr(args, key), args, mentor, static_root)
                mentor = mentor or run["mentor"]
                runs[key].append(run)
                loads.append(os.getloadavg()[0])
    small, large = runs["small"][0], runs["large"][0]
    print(
        f"\nOne mentor ({mentor}): {small['mentor_mentees']} current mentees of"
        f" {small['mentees']:,} at Saxony scale, {large['mentor_mentees']} of"
        f" {large['mentees']:,} at 10x. Django test client, DEBUG=0, PostgreSQL;"
        f" {args.rounds} rounds x {args.repeat} requests x up to {args.objects} records;"
        f" {os.cpu_count()} cores, {platform.processor() or platform.machine()},"
        f" Python {platform.python_version()}; load average {min(loads):.1f}-{max(loads):.1f};"
        f" {time.monotonic() - started:.0f} s\n"
    )
    print(
        f"{'page':<15}{'wall ms: 1x':>12}{'10x':>7}{'ratio':>7}"
        f"{'CPU ms: 1x':>12}{'10x':>7}{'ratio':>7}{'queries':>9}{'KB':>9}"
    )
    for page in selected(args):
        a = [t for run in runs["small"] for t in run["times"][page]]
        b = [t for run in runs["large"] for t in run["times"][page]]
        ma, mb = statistics.median(a), statistics.median(b)
        ca, cb = (
            statistics.mean(run["cpu"][page] + run["db_cpu"][page] for run in runs[key])
            for key in ("small", "large")
        )
        q = f"{small['queries'][page]}/{large['queries'][page]}"
        kb = f"{small['sizes'][page] // 1024}/{large['sizes'][page] // 1024}"
        print(
            f"{page:<15}{ma:>12.0f}{mb:>7.0f}{mb / ma:>6.2f}x"
            f"{ca:>12.0f}{cb:>7.0f}{cb / ca:>6.2f}x{q:>9}{kb:>9}"
        )


if __name__ == "__main__":
    main()
