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
    """Log in through the real login form, with the second factor (a code computed from the
    user's authenticator device, made if the user has none), and wait for the page after it."""
    from lotse.accounts.models import User
    from lotse.lib.testing.otp import code_for, ensure_device

    device = ensure_device(User.objects.get(username=username))
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Benutzername").or_(page.get_by_label("User name")).fill(username)
    page.get_by_label("Passwort").or_(page.get_by_label("Password")).fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"Login as {username} failed: still on {page.url}")
    if "/accounts/two-factor/" in page.url:
        page.get_by_label("Code").fill(code_for(device))
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        if "/accounts/two-factor/" in page.url:
            raise AssertionError(f"Second factor for {username} refused: still on {page.url}")


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__lotseCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || document.location.href}:${event.lineNumber}`
  );
});
"""


def collect_csp_violations(context) -> list[str]:
    """Record every Content-Security-Policy violation on every page of the context."""
    violations: list[str] = []

    def record(violation: str) -> None:
        violations.append(violation)

    context.expose_function("__lotseCspViolation", record)
    context.add_init_script(CSP_LISTENER)
    return violations


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page and fail with a readable report on any WCAG 2.1 A/AA violation."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    if results.violations_count:
        raise AssertionError(
            f"axe-core found {results.violations_count} WCAG 2.1 A/AA violation(s) on "
            f"{page.url}:\n{results.generate_report()}"
        )
