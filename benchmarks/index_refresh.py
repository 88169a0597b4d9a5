"""Benchmark: bringing the matching index up to date after other processes changed vacancies –
in place from the changed rows, against building it anew.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_b10x \
        .venv/bin/python benchmarks/index_refresh.py [--changes 1,10,100,1000] [--repeat 5]

Needs a database with the demo loaded (``load_demo``, the BA stub import). The vacancies'
``updated_at`` are first spread a minute apart over the days before (the demo writes them all
in one minute; committed: the only change the benchmark leaves). Then, in one transaction that
is rolled back at the end, for each number of changes ``k``: ``k`` open vacancies chosen at
random are changed as another process would change them (``updated_at`` written with
``UPDATE``, a third of them closed, no hook of this process), then ``vacancy_index()`` is asked
for the index, which reads the revision and applies the changed rows in place
(``lotse/matching/index.py``); the same index is then built anew (``build()``, what every such
change cost before). Each round's changed rows are put back after it, so that each round reads
its own ``k`` rows and the few changed within ``REFRESH_MARGIN`` before. Each measurement is
repeated ``--repeat`` times, the two ways taking turns. Printed per ``k``: median CPU ms of
this process plus its PostgreSQL backend (``/proc``), median wall-clock ms, queries, and the
ratio of refresh to build. Not a test: nothing here asserts a time.
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scale import backend_cpu, production_environment  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", default="1,10,100,1000", help="changed vacancies per round")
    parser.add_argument("--repeat", type=int, default=5, help="measurements per way and round")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database with the demo loaded.")
    # The production settings, as benchmarks/scale.py runs them (DEBUG=0, no query log).
    production_environment(os.environ["DATABASE_URL"], tempfile.mkdtemp())
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from lotse.employers.models import Vacancy, VacancyStatus
    from lotse.matching import index

    settings.LOTSE_MATCHING_REVISION_SECONDS = 0  # every call checks the revision
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def measured(call):
        cpu, db = time.process_time(), backend_cpu(backend)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = call()
        wall = (time.perf_counter() - started) * 1000
        return (
            result,
            (time.process_time() - cpu + backend_cpu(backend) - db) * 1000,
            wall,
            len(queries),
        )

    # The demo wrote its rows within a minute, which the margin would read again each time:
    # spread them a minute apart over the days before, as in a database in use (committed,
    # then vacuumed, so that the index on updated_at has no dead entries).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Vacancy._meta.db_table} SET updated_at = "
            "now() - interval '1 day' - id * interval '1 minute'"
        )
        cursor.execute(f"VACUUM (ANALYZE) {Vacancy._meta.db_table}")
    rng = random.Random(1)
    rows = []
    with transaction.atomic():
        open_ids = list(
            Vacancy.objects.filter(status=VacancyStatus.OPEN).values_list("pk", flat=True)
        )
        long_ago = timezone.now() - datetime.timedelta(days=400)
        size = len(index.build())
        for k in [int(x) for x in args.changes.split(",")]:
            refresh, build = [], []
            for _ in range(args.repeat):
                index.build()
                chosen = rng.sample(open_ids, k)
                closing = set(chosen[: k // 3])
                Vacancy.objects.filter(pk__in=chosen).update(updated_at=timezone.now())
                Vacancy.objects.filter(pk__in=closing).update(status=VacancyStatus.CLOSED)
                before = index._state["index"]
                got, cpu, wall, queries = measured(index.vacancy_index)
                if got is not before:
                    raise SystemExit(f"{k} changes: rebuilt instead of refreshed")
                if any(pk in got for pk in closing):
                    raise SystemExit(f"{k} changes: a closed vacancy is still in the index")
                refresh.append((cpu, wall, queries))
                _, cpu, wall, queries = measured(index.build)
                build.append((cpu, wall, queries))
                Vacancy.objects.filter(pk__in=closing).update(status=VacancyStatus.OPEN)
                Vacancy.objects.filter(pk__in=chosen).update(updated_at=long_ago)
            rows.append((k, refresh, build))
        transaction.set_rollback(True)

    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, load average {os.getloadavg()}")
    print(f"database: {connection.settings_dict['NAME']}, {size:,} open vacancies in the index")
    print()
    print("| changed | refresh: CPU / wall ms, queries | build: CPU / wall ms, queries | ratio |")
    print("|---|---|---|---|")
    for k, refresh, build in rows:
        r_cpu = statistics.median(x[0] for x in refresh)
        b_cpu = statistics.median(x[0] for x in build)
        print(
            f"| {k:,} | {r_cpu:.1f} / {statistics.median(x[1] for x in refresh):.1f}, "
            f"{refresh[0][2]} | {b_cpu:.0f} / {statistics.median(x[1] for x in build):.0f}, "
            f"{build[0][2]} | {r_cpu / b_cpu:.3f} |"
        )


if __name__ == "__main__":
    main()
