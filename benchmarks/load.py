"""Load test: mentors working at once against gunicorn and PostgreSQL, with Locust, on loopback.

    .venv/bin/pip install --require-hashes -r requirements/load.txt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse .venv/bin/python benchmarks/load.py \
        [--users 20] [--duration 60] [--warmup 10] [--workers N] [--threads 1]

Needs a PostgreSQL database with the Saxony demo (``make demo-data`` with ``DATABASE_URL`` set).
Starts gunicorn itself (``deploy/gunicorn.conf.py``) on a free port of 127.0.0.1 with the
production settings, plain HTTP on loopback (``LOTSE_SECURE_COOKIES=0``,
``SECURE_SSL_REDIRECT=0``) and password-only logins (``LOTSE_REQUIRE_2FA=0``: the second factor
is one extra request at login, not part of the pages measured). Each simulated mentor logs in as
one of the demo's mentors and, with 1–3 s think time, opens the pages of their own work: My day,
the mentee list and a search, a mentee page, the journal, matching, the board, an employer page
and a vacancy page. One anonymous visitor opens the login page in the same run: the ratio of each
page to it shows what the page itself costs on this machine under this load.

Without Locust installed (``requirements/load.txt``), or with ``--driver threads``, the same
mentors are simulated by threads with httpx (one client each, the same pages, weights and think
time); the report names the driver.

Prints p50/p95/p99 per page (requests during the warm-up are not counted), the ratio to the
login page and the server's CPU per request (the machine's busy time in the measured window
less the load driver's own, divided by its requests: on an idle machine gunicorn and
PostgreSQL), then stops gunicorn. Traffic goes to 127.0.0.1 only; users and time are bounded.
Not a test: nothing here asserts a time.
"""

try:
    from gevent import monkey
except ImportError:  # without requirements/load.txt: the thread driver (see the docstring)
    monkey = None
else:
    monkey.patch_all()  # before anything else imports socket or ssl (Locust needs it)

import argparse
import os
import platform
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MAX_USERS = 200
MAX_SECONDS = 900
LOGIN_PAGE = "login page"
PAGES = [  # name, weight
    ("My day", 3),
    ("mentee list", 2),
    ("mentee search", 2),
    ("mentee page", 4),
    ("journal", 2),
    ("matching", 2),
    ("board", 1),
    ("employer page", 1),
    ("vacancy page", 1),
]


def page_request(name: str, work: dict, rng: random.Random) -> tuple[str, dict]:
    """The path and query of one request to the page ``name`` for this mentor's work."""
    pick = rng.choice
    if name == "mentee search":
        return "/mentees/", {"q": pick(work["searches"])}
    paths = {
        "My day": "/journal/today/",
        "mentee list": "/mentees/",
        "board": "/placements/",
        "mentee page": f"/mentees/{pick(work['mentees'])}/",
        "journal": f"/journal/{pick(work['mentees'])}/",
        "matching": f"/matching/mentees/{pick(work['mentees'])}/",
        "employer page": f"/employers/{pick(work['employers'])}/",
        "vacancy page": f"/vacancies/{pick(work['vacancies'])}/",
    }
    return paths[name], {}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="mentors at once (default 20)")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured (default 60)")
    parser.add_argument("--warmup", type=int, default=10, help="seconds not counted (default 10)")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn workers (default: as deploy/gunicorn.conf.py, 2 x cores + 1)",
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (default 1, as deployed)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the page choices")
    parser.add_argument(
        "--driver",
        choices=["locust", "threads"],
        default="locust" if monkey else "threads",
        help="Locust (default when installed) or threads with httpx",
    )
    args = parser.parse_args()
    if not 1 <= args.users <= MAX_USERS:
        parser.error(f"--users must be between 1 and {MAX_USERS}")
    if not 1 <= args.duration + args.warmup <= MAX_SECONDS:
        parser.error(f"--duration plus --warmup must be at most {MAX_SECONDS} s")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        parser.error("set DATABASE_URL to the PostgreSQL database with the Saxony demo")
    return args


def production_environment(static_root: str) -> None:
    os.environ.update(
        DEBUG="0",
        LOTSE_TESTING="0",
        SECRET_KEY=secrets.token_hex(32),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOTSE_SECURE_COOKIES="0",
        LOTSE_REQUIRE_2FA="0",
        LOTSE_STATIC_ROOT=static_root,
        LOTSE_LOGIN_FAILURE_LIMIT="1000",
        LOG_LEVEL="WARNING",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
        DJANGO_SETTINGS_MODULE="lotse.settings",
    )


def work_of_each_mentor(limit: int) -> list[dict]:
    """Per demo mentor: their username and the ids of their own mentees, employers, vacancies."""
    import django

    django.setup()
    from lotse.accounts.models import Membership, ProjectRole
    from lotse.cases.models import Mentee
    from lotse.employers.models import Employer, Vacancy

    mentors = []
    memberships = (
        Membership.objects.filter(role=ProjectRole.MENTOR, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    for membership in memberships:
        mentees = list(
            Mentee.objects.filter(mentor=membership.user, project=membership.project)
            .exclude(status="exited")
            .values_list("public_id", "last_name")[:60]
        )
        employers = list(
            Employer.objects.filter(project=membership.project).values_list("public_id", flat=True)[
                :40
            ]
        )
        vacancies = list(
            Vacancy.objects.filter(employer__project=membership.project).values_list(
                "public_id", flat=True
            )[:40]
        )
        if mentees and employers and vacancies:
            mentors.append(
                {
                    "username": membership.user.username,
                    "mentees": [str(public_id) for public_id, _ in mentees],
                    "searches": sorted({name[:3] for _, name in mentees if len(name) >= 3}),
                    "employers": [str(e) for e in employers],
                    "vacancies": [str(v) for v in vacancies],
                }
            )
        if len(mentors) == limit:
            break
    if not mentors:
        raise SystemExit("No demo mentors with mentees found: load the Saxony demo first.")
    return mentors


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "lotse.wsgi:application",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited; see its output above.") from None
            time.sleep(0.5)
    server.kill()
    raise SystemExit("gunicorn did not answer /health/ within 60 s.")


class ServerCpu:
    """CPU seconds the server side used during the measured window: the machine's busy time
    (``/proc/stat``) less this process's own (the load driver runs here). On an otherwise idle
    machine that is gunicorn and PostgreSQL; divided by the requests of the window it is a
    steadier figure than response times, which queue on two cores."""

    def __init__(self) -> None:
        self.started: tuple[float, float] | None = None
        self.seconds = float("nan")

    @staticmethod
    def _sample() -> tuple[float, float]:
        try:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        except OSError:
            return float("nan"), time.process_time()
        user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
        busy = (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")
        return busy, time.process_time()

    def start(self) -> None:
        self.started = self._sample()

    def stop(self) -> None:
        if self.started:
            busy, own = self._sample()
            self.seconds = (busy - self.started[0]) - (own - self.started[1])


def run_locust(base: str, mentors: list[dict], args: argparse.Namespace) -> dict[str, list]:
    from locust import HttpUser, between, events, task
    from locust.env import Environment

    rng = random.Random(args.seed)
    accounts = cycle(mentors)
    times: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    counted_from = time.monotonic() + args.warmup

    @events.request.add_listener
    def record(name, response_time, exception, **kwargs) -> None:
        if time.monotonic() < counted_from or name == "login":
            return
        if exception:
            failures[name] += 1
        else:
            times[name].append(response_time)

    class Mentor(HttpUser):
        wait_time = between(1, 3)

        def on_start(self) -> None:
            self.work = next(accounts)
            self.client.get("/accounts/login/", name="login")
            token = self.client.cookies.get("csrftoken", "")
            response = self.client.post(
                "/accounts/login/",
                {
                    "username": self.work["username"],
                    "password": "lotse-demo-2026",
                    "csrfmiddlewaretoken": token,
                },
                headers={"Referer": f"{base}/accounts/login/"},
                name="login",
            )
            if "/accounts/login/" in response.url:
                raise SystemExit(f"{self.work['username']} could not log in")

        def open(self, name: str) -> None:
            path, params = page_request(name, self.work, rng)
            self.client.get(path, params=params or None, name=name)

        @task(3)
        def my_day(self) -> None:
            self.open("My day")

        @task(2)
        def mentee_list(self) -> None:
            self.open("mentee list")

        @task(2)
        def mentee_search(self) -> None:
            self.open("mentee search")

        @task(4)
        def mentee_page(self) -> None:
            self.open("mentee page")

        @task(2)
        def journal(self) -> None:
            self.open("journal")

        @task(2)
        def matching(self) -> None:
            self.open("matching")

        @task(1)
        def board(self) -> None:
            self.open("board")

        @task(1)
        def employer_page(self) -> None:
            self.open("employer page")

        @task(1)
        def vacancy_page(self) -> None:
            self.open("vacancy page")

    class Visitor(HttpUser):
        fixed_count = 1
        wait_time = between(1, 3)

        @task
        def login_page(self) -> None:
            self.client.get("/accounts/login/", name=LOGIN_PAGE)
            self.client.cookies.clear()

    environment = Environment(user_classes=[Mentor, Visitor], host=base, events=events)
    runner = environment.create_local_runner()
    runner.start(args.users + 1, spawn_rate=max(args.users, 1))
    import gevent

    cpu = ServerCpu()
    gevent.spawn_later(args.warmup, cpu.start)
    gevent.spawn_later(args.warmup + args.duration, runner.quit)
    runner.greenlet.join()
    cpu.stop()
    return {"times": times, "failures": failures, "cpu": cpu.seconds}


def run_threads(base: str, mentors: list[dict], args: argparse.Namespace) -> dict[str, list]:
    """The same users as :func:`run_locust`, as threads with one httpx client each."""
    import threading

    import httpx

    rng = random.Random(args.seed)
    lock = threading.Lock()
    times: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    counted_from = time.monotonic() + args.warmup
    stop_at = counted_from + args.duration
    names = [name for name, _ in PAGES]
    weights = [weight for _, weight in PAGES]

    def get(client: httpx.Client, name: str, path: str, params: dict | None = None) -> None:
        started = time.monotonic()
        try:
            response = client.get(path, params=params)
            error = response.status_code >= 400
        except httpx.HTTPError:
            error = True
        elapsed = (time.monotonic() - started) * 1000
        if started >= counted_from:
            with lock:
                if error:
                    failures[name] += 1
                else:
                    times[name].append(elapsed)

    def mentor(work: dict, seed: int) -> None:
        own = random.Random(seed)
        with httpx.Client(base_url=base, follow_redirects=True, timeout=60) as client:
            client.get("/accounts/login/")
            response = client.post(
                "/accounts/login/",
                data={
                    "username": work["username"],
                    "password": "lotse-demo-2026",
                    "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
                },
                headers={"Referer": f"{base}/accounts/login/"},
            )
            if "/accounts/login/" in str(response.url):
                raise SystemExit(f"{work['username']} could not log in")
            while time.monotonic() < stop_at:
                name = own.choices(names, weights)[0]
                path, params = page_request(name, work, own)
                get(client, name, path, params or None)
                time.sleep(own.uniform(1, 3))

    def visitor() -> None:
        own = random.Random(args.seed)
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < stop_at:
                get(client, LOGIN_PAGE, "/accounts/login/")
                client.cookies.clear()
                time.sleep(own.uniform(1, 3))

    accounts = cycle(mentors)
    threads = [threading.Thread(target=visitor, daemon=True)]
    threads += [
        threading.Thread(target=mentor, args=(next(accounts), rng.random()), daemon=True)
        for _ in range(args.users)
    ]
    cpu = ServerCpu()
    timer = threading.Timer(args.warmup, cpu.start)
    timer.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, stop_at + 60 - time.monotonic()))
    cpu.stop()
    return {"times": times, "failures": failures, "cpu": cpu.seconds}


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def report(result: dict, args: argparse.Namespace, mentors: int) -> None:
    times, failures = result["times"], result["failures"]
    login = times.get(LOGIN_PAGE) or [float("nan")]
    login_p50, login_p95 = percentile(login, 0.5), percentile(login, 0.95)
    total = sum(len(v) for v in times.values())
    print(
        f"\n{args.users} mentors at once ({mentors} different demo logins) + 1 visitor on the login"
        f" page, think time 1-3 s, {args.duration} s measured after {args.warmup} s warm-up"
        f" ({'Locust' if args.driver == 'locust' else 'threads with httpx'});"
        f" gunicorn {args.workers} workers x {args.threads} threads, PostgreSQL;"
        f" {os.cpu_count()} cores, {platform.processor() or platform.machine()},"
        f" Python {platform.python_version()}"
    )
    requests = total + sum(failures.values())
    print(
        f"{total} requests, {total / args.duration:.1f} requests/s, "
        f"{sum(failures.values())} failures; server CPU (gunicorn and PostgreSQL) "
        f"{result['cpu'] * 1000 / max(requests, 1):.0f} ms per request, "
        f"{result['cpu'] / args.duration * 100 / (os.cpu_count() or 1):.0f} % of the cores\n"
    )
    header = f"{'page':<16}{'requests':>9}{'fail':>6}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    print(header + f"{'p50/login':>11}{'p95/login':>11}")
    for name in [LOGIN_PAGE] + [page for page, _ in PAGES]:
        values = sorted(times.get(name, []))
        if not values:
            print(f"{name:<16}{0:>9}{failures.get(name, 0):>6}")
            continue
        p50, p95, p99 = (percentile(values, q) for q in (0.5, 0.95, 0.99))
        print(
            f"{name:<16}{len(values):>9}{failures.get(name, 0):>6}{p50:>8.0f}{p95:>8.0f}{p99:>8.0f}"
            f"{p50 / login_p50:>10.1f}x{p95 / login_p95:>10.1f}x"
        )


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="lotse-load-") as static_root:
        production_environment(static_root)
        unapplied = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--check"], cwd=ROOT, capture_output=True
        )
        if unapplied.returncode:
            raise SystemExit("The database has unapplied migrations: run manage.py migrate.")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            check=True,
        )
        mentors = work_of_each_mentor(args.users)
        port = free_port()
        server = start_gunicorn(port, args.workers, args.threads)
        try:
            run = run_locust if args.driver == "locust" else run_threads
            result = run(f"http://127.0.0.1:{port}", mentors, args)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                server.kill()
        report(result, args, len(mentors))


if __name__ == "__main__":
    main()
