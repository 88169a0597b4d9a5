"""Benchmark: the report page of the coordinator (published set) and of a lead (exact figures).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse .venv/bin/python \
        benchmarks/report_page.py [--runs 20] [--profile] [--coordinator koordination] \
        [--lead leitung.chemnitz]

Needs a database with the Saxony demo (``make demo-data`` with ``DATABASE_URL`` set) or any
database with a coordinator and a lead (``--coordinator``, ``--lead``). Runs in process
through Django's test client with the production settings (``DEBUG=0``, no query logging),
the published set stored beforehand (``publish_report``; computed here if missing).

Measures, ``--runs`` requests each after one warm-up request, wall-clock:

- the baseline of this run: the login page (anonymous, a form and the base template);
- the coordinator's report page for the current funding period (the default), a year by
  district, a quarter by project, the funding period 2020–2024, one project and one district;
- the lead's report page (exact figures of her project) for the current funding period, a
  year and a quarter.

Prints median, p95 and max per page (wall-clock), the ratio of the median to the baseline's
median, the CPU time of this process per request (median) and of the database backend (mean,
PostgreSQL on the same machine, from /proc), the number of queries of one request and the
load average: on a shared machine the wall-clock times move with the load, the CPU times
much less. ``--profile`` prints the top of a
cProfile of one request of each page (cumulative). Not a test: nothing here asserts a time.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(static_root: str) -> None:
    os.environ.update(
        DEBUG="0",
        LOTSE_TESTING="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_hex(32),
        ALLOWED_HOSTS="localhost",
        SECURE_SSL_REDIRECT="0",
        LOTSE_SECURE_COOKIES="0",
        LOTSE_REQUIRE_2FA="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="lotse.settings",
        LOTSE_STATIC_ROOT=static_root,
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--no-input", verbosity=0)  # the manifest of DEBUG=0


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def client_for(username: str | None):
    from django.test import Client

    from lotse.accounts.models import User

    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="de")
    if username:
        user = User.objects.get(username=username)
        client.force_login(user)
        try:
            from lotse.lib.testing.otp import mark_verified

            mark_verified(client, user)
        except ImportError:
            pass
    return client


def _backend_cpu() -> float | None:
    """CPU seconds the database backend of this connection has used so far (PostgreSQL on
    this machine only: read from /proc), so that the database's share can be told apart
    from the waiting for a core on a loaded machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client, url: str, params: dict, runs: int, profile: bool) -> dict:
    from django.db import connection

    response = client.get(url, params)  # warm-up: the process's memo, the template cache
    assert response.status_code == 200, (url, params, response.status_code)
    # Counted by an execute wrapper: CaptureQueriesContext saw none here (with DEBUG=0 the
    # request's end closes the connection and its debug cursor's log).
    queries = []

    def count(execute, sql, params_, many, context):
        queries.append(sql)
        return execute(sql, params_, many, context)

    with connection.execute_wrapper(count):
        client.get(url, params)
    times, cpu = [], []
    db_before = _backend_cpu()
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        assert response.status_code == 200, response.status_code
    db_after = _backend_cpu()
    result = {
        "median": statistics.median(times),
        "p95": p95(times),
        "max": max(times),
        "cpu": statistics.median(cpu),
        "db": (db_after - db_before) / runs if db_before is not None else float("nan"),
        "queries": len(queries),
        "kb": len(response.content) / 1024,
    }
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url, params)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        result["profile"] = out.getvalue()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--coordinator", default="koordination")
    parser.add_argument("--lead", default="leitung.chemnitz")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lotse-report-page-") as static_root:
        setup(static_root)
        run(args)


def run(args: argparse.Namespace) -> None:
    import datetime

    from django.conf import settings
    from django.test.utils import override_settings
    from django.urls import reverse

    from lotse.accounts.models import User
    from lotse.reporting import published
    from lotse.reporting.models import FundingPeriod

    if published.stored_stamp() is None:
        t = time.perf_counter()
        published.refresh()
        print(f"Published set computed: {time.perf_counter() - t:.1f} s")
    fp = FundingPeriod.objects.filter(
        start=datetime.date(2020, 1, 1), end=datetime.date(2024, 12, 31)
    ).first()
    coordinator = [
        ("current funding period (default)", {}),
        ("year 2024 by district", {"kind": "year", "year": "2024", "breakdown": "district"}),
        (
            "quarter 2/2025 by project",
            {"kind": "quarter", "year": "2025", "quarter": "2", "breakdown": "project"},
        ),
    ]
    if fp is not None:
        coordinator.append(
            (
                "funding period 2020–2024 by project",
                {"kind": "funding", "funding_period": str(fp.pk), "breakdown": "project"},
            )
        )
    from lotse.accounts.models import Project
    from lotse.reference.models import District

    project = Project.objects.order_by("name").first()
    district = District.objects.filter(projects__isnull=False).order_by("name").first()
    coordinator.append(
        ("year 2024, one project", {"kind": "year", "year": "2024", "project": str(project.pk)})
    )
    if district is not None:
        coordinator.append(
            (
                "year 2024, one district",
                {"kind": "year", "year": "2024", "district": district.pk, "breakdown": "district"},
            )
        )
    lead = [
        ("current funding period (default)", {}),
        ("year 2024", {"kind": "year", "year": "2024"}),
        ("quarter 2/2025", {"kind": "quarter", "year": "2025", "quarter": "2"}),
    ]
    rows = []
    with override_settings(LOTSE_REPORT_RATE_LIMIT=(1_000_000, 60)):
        base = measure(client_for(None), reverse(settings.LOGIN_URL), {}, args.runs, False)
        rows.append(("baseline: login page", base))
        client = client_for(args.coordinator)
        for label, params in coordinator:
            rows.append(
                (
                    f"coordinator: {label}",
                    measure(client, "/reports/", params, args.runs, args.profile),
                )
            )
        if User.objects.filter(username=args.lead).exists():
            client = client_for(args.lead)
            for label, params in lead:
                rows.append(
                    (
                        f"lead: {label}",
                        measure(client, "/reports/", params, args.runs, args.profile),
                    )
                )
    load = os.getloadavg()
    print(f"Load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"{os.cpu_count()} CPUs; {args.runs} requests per page after one warm-up; ms")
    print(
        f"{'page':<54} {'median':>7} {'p95':>7} {'max':>7} {'× base':>7} {'app CPU':>8} "
        f"{'DB CPU':>7} {'queries':>7} {'KB':>5}"
    )
    b = base["median"]
    for label, r in rows:
        print(
            f"{label:<54} {1000 * r['median']:7.1f} {1000 * r['p95']:7.1f} "
            f"{1000 * r['max']:7.1f} {r['median'] / b:7.1f} {1000 * r['cpu']:8.1f} "
            f"{1000 * r['db']:7.1f} {r['queries']:7d} {r['kb']:5.0f}"
        )
    for label, r in rows:
        if "profile" in r:
            print(f"\n--- {label}\n{r['profile']}")


if __name__ == "__main__":
    main()
