"""Shared fixtures. Users are named after what they may see (as in healthchecks):

- alice: mentor in project A; bob: her teammate, also a mentor in A;
- lena: project lead of A; charlie: mentor in project B (an outsider to A);
- cora: programme coordinator; dora: data protection officer; adam: administrator.
"""

import pytest

from lotse.accounts.models import ProgrammeRole, ProjectRole
from lotse.accounts.tests.factories import MembershipFactory, ProjectFactory, UserFactory

#: The suite's longest tests (from half a minute to four minutes each), started first: `make
#: test` runs one pytest-xdist worker per core, and a long test begun last would leave its
#: worker running alone at the end.
SLOW_FIRST = (
    "lotse/tests/test_fuzz.py",
    "lotse/reporting/tests/test_attack.py",
    "lotse/privacy/tests/test_erasure.py::test_the_report_figures_are_the_same_after_erasing",
    "lotse/reference/tests/test_real_files.py",
)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))  # stable: else as found


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (German), whatever an earlier test in the
    same worker left active. In one CI run an import batch, which records the language active
    at upload, came out in English; which earlier test left English active was not found (a
    test that activates English before it does not reproduce it), so the language is set here
    for every test rather than at one test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_matching_index():
    """The matching index and the kept profiles live for the whole process; each test starts
    from its own data."""
    from lotse.matching import index, profiles

    index.reset()
    profiles.forget_profiles()
    yield
    index.reset()
    profiles.forget_profiles()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """The tests run with the second factor required, as in production. ``client.force_login``
    also marks the session as having passed it, so view tests need not enter codes; the login
    tests enter real codes (``lotse/lib/testing/otp.py``). ``force_login_password_only`` (below)
    logs in without the second factor."""
    from django.test import Client

    from lotse.lib.testing.otp import mark_verified

    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        mark_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def force_login_password_only():
    """``force_login_password_only(client, user)``: logged in, second factor not yet passed."""
    from django.test.client import ClientMixin

    return ClientMixin.force_login


@pytest.fixture
def project_a(db):
    return ProjectFactory(name="Projekt Chemnitz")


@pytest.fixture
def project_b(db):
    return ProjectFactory(name="Projekt Leipzig")


def _member(username: str, project, role: str):
    user = UserFactory(username=username, first_name=username.capitalize())
    MembershipFactory(user=user, project=project, role=role)
    return user


@pytest.fixture
def alice(project_a):
    return _member("alice", project_a, ProjectRole.MENTOR)


@pytest.fixture
def bob(project_a):
    return _member("bob", project_a, ProjectRole.MENTOR)


@pytest.fixture
def lena(project_a):
    return _member("lena", project_a, ProjectRole.LEAD)


@pytest.fixture
def charlie(project_b):
    return _member("charlie", project_b, ProjectRole.MENTOR)


@pytest.fixture
def cora(db):
    return UserFactory(username="cora", programme_role=ProgrammeRole.COORDINATOR)


@pytest.fixture
def dora(db):
    return UserFactory(username="dora", programme_role=ProgrammeRole.DATA_PROTECTION)


@pytest.fixture
def adam(db):
    return UserFactory(username="adam", programme_role=ProgrammeRole.ADMINISTRATOR, is_staff=True)


# --- Browser tests (Playwright in Debian's Chromium, axe-core) ---------------------------------


@pytest.fixture(scope="session")
def _chromium():
    import os

    from playwright.sync_api import sync_playwright

    from lotse.lib.testing.browser import chromium_path, launch_chromium

    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing; .ci/run installs it.")
        pytest.skip("Debian's chromium is not installed; run `apt-get install chromium`.")
    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # are still synchronous, so Django's async guard must be told.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = launch_chromium(playwright)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def _live_server_safe_for_sqlite(django_db_setup):
    """On SQLite the test database lives in memory, and Django hands the live server's
    threads that one connection. Two requests at once (htmx loads a page's deferred sections
    in parallel) then interleave on it: "cannot commit transaction - SQL statements in
    progress", and a panel that never arrives. On SQLite the live server therefore answers one
    request at a time (Django's server then closes each connection after its response);
    PostgreSQL keeps a connection per thread and the threaded server."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connections
    from django.test.testcases import LiveServerThread

    if not any(c.vendor == "sqlite" and c.is_in_memory_db() for c in connections.all()):
        yield
        return

    class OneRequestAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)  # the server's own thread has the connection

    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = OneRequestAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture
def browser_page(_chromium, _live_server_safe_for_sqlite, live_server):
    """A fresh browser page (German, desktop size); ``page.base_url`` is the live server.

    Every Content-Security-Policy violation on any page it visits fails the test."""
    from lotse.lib.testing.browser import collect_csp_violations

    context = _chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    # A page's first load may wait for the live server's first request on a busy machine.
    context.set_default_navigation_timeout(30_000)
    violations = collect_csp_violations(context)
    page = context.new_page()
    page.base_url = live_server.url
    page.csp_violations = violations
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def login():
    """``login(page, user)`` logs the user in through the login form."""
    from lotse.lib.testing.browser import login as _login

    def _do(page, user, password=None):
        kwargs = {"password": password} if password else {}
        _login(page, page.base_url, user.username, **kwargs)

    return _do


@pytest.fixture
def assert_accessible():
    from lotse.lib.testing.browser import assert_accessible as _assert

    return _assert
