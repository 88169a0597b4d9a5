"""Playwright in Debian's Chromium, and axe-core, for the browser tests.

The browser is never downloaded: tests drive the system's ``chromium`` (``LOTSE_CHROMIUM``,
default ``/usr/bin/chromium``), which ``.ci/run`` installs from Debian's packages.
"""

import os
import shutil
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "correct horse battery staple"  # noqa: S105 - the factories' test password


def chromium_path() -> str | None:
    configured = os.environ.get("LOTSE_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(playwright: Playwright) -> Browser:
    path = chromium_path()
    if path is None:
        raise RuntimeError("Debian's chromium is not installed (apt-get install chromium).")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


def login(page: Page, live_server_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form and wait for the first page after it."""
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Benutzername").or_(page.get_by_label("User name")).fill(username)
    page.get_by_label("Passwort").or_(page.get_by_label("Password")).fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"Login as {username} failed: still on {page.url}")


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page and fail with a readable report on any WCAG 2.1 A/AA violation."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    if results.violations_count:
        raise AssertionError(
            f"axe-core found {results.violations_count} WCAG 2.1 A/AA violation(s) on "
            f"{page.url}:\n{results.generate_report()}"
        )
