"""Benchmark: what each section of the mentee page costs, and the page with and without the
deferred sections.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_b1x \
        .venv/bin/python benchmarks/mentee_sections.py [--mentor mentorin.chemnitz] \
        [--mentees 8] [--repeat 3]

Needs a database with the demo loaded (``load_demo``; default: ``DATABASE_URL``). A child
process runs the production settings (``DEBUG=0``, as ``benchmarks/scale.py`` does) with
Django's test client logged in as a demo mentor and opens ``--mentees`` of the mentor's current
mentees (the same choice at every run). It prints:

- per section of ``lotse/pages.py: MENTEE_PAGE``: the queries and the CPU time of rendering it
  alone (its panel and template, with the request of a real mentee page; per mentee), of a
  whole request of its URL as htmx sends it (the fragment: session, login, scoped mentee and
  audit row on top), and whether it is deferred;
- the whole mentee page with every section rendered (as before deferred sections), the page as
  it is (deferred sections as placeholders), the page plus the fragments of all its deferred
  sections (a mentor who scrolls to the end) and the login page, each with queries, CPU time per
  request, median wall-clock time and the ratio of its CPU time to the login page's.

CPU time is the child's own (``time.process_time``: Django, templates, the database driver) plus
that of its PostgreSQL backend process (``/proc``; the database runs on the same machine; SQLite
runs inside the child). The variants take turns request by request, so that a change in the
machine's load hits them alike; on a shared machine CPU time is the steadier figure. The pages
write their audit rows into the database, as for a mentor. Not a test: nothing here asserts a
time.
"""

import argparse
import dataclasses
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scale import backend_cpu, production_environment  # noqa: E402

DEFAULT_MENTOR = "mentorin.chemnitz"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentor", default=DEFAULT_MENTOR, help="a demo mentor's username")
    parser.add_argument("--mentees", type=int, default=8, help="mentee pages opened")
    parser.add_argument("--repeat", type=int, default=3, help="requests per mentee")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


# --- the child --------------------------------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from lotse import pages
    from lotse.accounts.models import Membership, User
    from lotse.cases.models import Mentee
    from lotse.lib.sections import Page, render_section

    user = User.objects.get(username=args.mentor)
    projects = Membership.objects.filter(user=user).values_list("project_id", flat=True)
    current = list(
        Mentee.objects.filter(mentor=user, project_id__in=list(projects), erased_at__isnull=True)
        .exclude(status="exited")
        .order_by("public_id")
    )
    if not current:
        raise SystemExit(f"{args.mentor} has no current mentees: load the demo first.")
    mentees = random.Random(1).sample(current, min(args.mentees, len(current)))
    client = Client()
    client.force_login(user)
    anonymous = Client()
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]

    def db_cpu() -> float:
        return backend_cpu(backend) if backend else 0.0

    def measure(variants: dict[str, list[Callable[[], object]]]) -> dict[str, dict[str, float]]:
        """Per variant: queries per call (mean over its calls), CPU ms per call, median wall
        ms. The variants take turns, call by call, so that a change in the machine's load hits
        them alike."""
        counts = dict.fromkeys(variants, 0)
        for name, calls in variants.items():
            for call in calls:  # warm-up: caches, the matching index, PostgreSQL's buffers
                call()
            # Counted by a wrapper: CaptureQueriesContext loses the queries of all but the
            # last request (each request starts with reset_queries()).

            def counter(execute, sql, params, many, context, name=name):  # type: ignore[no-untyped-def]
                counts[name] += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(counter):
                for call in calls:
                    call()
        cpu = dict.fromkeys(variants, 0.0)
        db = dict.fromkeys(variants, 0.0)
        walls: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(max(1, args.repeat)):
            for i in range(max(len(calls) for calls in variants.values())):
                for name, calls in variants.items():
                    if i >= len(calls):
                        continue
                    started, started_cpu, started_db = (
                        time.perf_counter(),
                        time.process_time(),
                        db_cpu(),
                    )
                    calls[i]()
                    walls[name].append((time.perf_counter() - started) * 1000)
                    cpu[name] += time.process_time() - started_cpu
                    db[name] += db_cpu() - started_db
        return {
            name: {
                "queries": counts[name] / len(calls),
                "cpu": cpu[name] * 1000 / len(walls[name]),
                "db": db[name] * 1000 / len(walls[name]),
                "wall": statistics.median(walls[name]),
            }
            for name, calls in variants.items()
        }

    def get(c: Client, url: str, **headers: str) -> Callable[[], object]:
        def call() -> object:
            response = c.get(url, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code}")
            return response

        return call

    def on(page: Page[Mentee], call: Callable[[], object]) -> Callable[[], object]:
        def with_page() -> object:
            pages.MENTEE_PAGE = page
            try:
                return call()
            finally:
                pages.MENTEE_PAGE = as_it_is

        return with_page

    as_it_is = pages.MENTEE_PAGE
    rendered = Page(
        "mentee", tuple(dataclasses.replace(s, deferred=False) for s in as_it_is.sections)
    )
    page_urls = [reverse("cases:detail", args=[m.public_id]) for m in mentees]
    deferred = [s for s in as_it_is.sections if s.deferred]

    def section_url(m: Mentee, s: Any) -> str:
        return reverse("cases:section", args=[m.public_id, s.id])

    # A real request of the mentee page (through the middleware) for the sections alone.
    requests = {
        m.pk: client.get(url).wsgi_request for m, url in zip(mentees, page_urls, strict=True)
    }
    alone = {
        s.id: [(lambda m=m, s=s: render_section(as_it_is, requests[m.pk], m, s)) for m in mentees]
        for s in as_it_is.sections
    }
    fragments = {
        s.id: [get(client, section_url(m, s), HX_Request="true") for m in mentees]
        for s in as_it_is.sections
    }
    measured = measure(
        {
            **{f"alone {k}": v for k, v in alone.items()},
            **{f"fragment {k}": v for k, v in fragments.items()},
        }
    )
    sections = {
        s.id: {
            "alone": measured[f"alone {s.id}"],
            "fragment": measured[f"fragment {s.id}"],
            "deferred": s.deferred,
        }
        for s in as_it_is.sections
    }

    def page_and_fragments(m: Mentee, url: str) -> Callable[[], object]:
        calls = [get(client, url)] + [
            get(client, section_url(m, s), HX_Request="true") for s in deferred
        ]

        def call() -> object:
            for one in calls:
                one()
            return None

        return call

    results = measure(
        {
            "page, all sections rendered": [on(rendered, get(client, u)) for u in page_urls],
            "page, deferred sections": [get(client, u) for u in page_urls],
            "page + all deferred fragments": [
                page_and_fragments(m, u) for m, u in zip(mentees, page_urls, strict=True)
            ],
            "login page": [get(anonymous, reverse("accounts:login"))],
        }
    )
    print(
        json.dumps(
            {
                "mentor": args.mentor,
                "mentees": len(mentees),
                "all_mentees": Mentee.objects.count(),
                "vendor": connection.vendor,
                "sections": sections,
                "pages": results,
            }
        )
    )


# --- the parent -------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    if args.child:
        child(args)
        return
    database = os.environ.get("DATABASE_URL", "")
    if not database:
        raise SystemExit("Set DATABASE_URL to a database with the demo loaded.")
    loads = [Path("/proc/loadavg").read_text().strip()]
    started = time.monotonic()
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="lotse-sections-") as static_root:
        production_environment(database, static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            check=True,
        )
        command = [sys.executable, __file__, "--child", "--mentor", args.mentor]
        command += ["--mentees", str(args.mentees), "--repeat", str(args.repeat)]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    os.environ.clear()
    os.environ.update(env)
    loads.append(Path("/proc/loadavg").read_text().strip())
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit("the child failed")
    run = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"\nMentee page of {run['mentees']} current mentees of {run['mentor']}"
        f" ({run['all_mentees']:,} mentees in the database, {run['vendor']}); Django test"
        f" client, DEBUG=0, {args.repeat} requests per mentee; {os.cpu_count()} cores,"
        f" {platform.processor() or platform.machine()}, Python {platform.python_version()};"
        f" /proc/loadavg before: {loads[0]}, after: {loads[1]};"
        f" {time.monotonic() - started:.0f} s\n"
    )
    print(
        f"{'section':<20}{'alone: queries':>15}{'CPU ms':>8}{'of it DB':>10}"
        f"{'fragment: queries':>19}{'CPU ms':>8}  deferred"
    )
    for section_id, s in run["sections"].items():
        a, f = s["alone"], s["fragment"]
        print(
            f"{section_id:<20}{a['queries']:>15.1f}{a['cpu'] + a['db']:>8.1f}{a['db']:>10.1f}"
            f"{f['queries']:>19.1f}{f['cpu'] + f['db']:>8.1f}  {'yes' if s['deferred'] else ''}"
        )
    login = run["pages"]["login page"]
    login_cpu = login["cpu"] + login["db"]
    print(
        f"\n{'request':<34}{'queries':>9}{'CPU ms':>9}{'of it DB':>10}{'wall ms':>9}{'x login':>9}"
    )
    for name, p in run["pages"].items():
        cpu = p["cpu"] + p["db"]
        print(
            f"{name:<34}{p['queries']:>9.1f}{cpu:>9.1f}{p['db']:>10.1f}{p['wall']:>9.1f}"
            f"{cpu / login_cpu:>8.1f}x"
        )


if __name__ == "__main__":
    main()
