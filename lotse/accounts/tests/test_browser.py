"""In the browser: enrolment with an authenticator app (codes computed here from the secret the
page shows), login with the second factor and with a recovery code, in German and English, the
security desk and the lockout page; axe-core on each page. The ``browser_page`` fixture fails
the test on any Content-Security-Policy violation."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


class App:
    """An authenticator app: the secret typed in from the page, single-use codes."""

    def __init__(self, secret: str) -> None:
        raw = secret.replace(" ", "")
        self.key = base64.b32decode(raw + "=" * (-len(raw) % 8))
        self.used = -1

    def code(self) -> str:
        totp = TOTP(self.key)
        totp.time = time.time()
        if totp.t() <= self.used:
            totp.time = (self.used + 1) * totp.step  # the server accepts one step ahead
        self.used = totp.t()
        return str(totp.token()).zfill(6)


def _password(page, username, user_label="Benutzername", password_label="Passwort"):
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label(user_label).fill(username)
    page.get_by_label(password_label).fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def _logout(page):
    page.locator(".header-tools form[action$='/logout/'] button").click()
    page.wait_for_load_state()


def test_enrolment_then_login_with_the_app_and_with_a_recovery_code(
    browser_page, assert_accessible, alice
):
    page = browser_page
    _password(page, "alice")
    assert "/accounts/two-factor/setup/" in page.url
    expect(page.get_by_role("heading", name="Zweiten Faktor einrichten")).to_be_visible()
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    assert_accessible(page)

    app = App(page.get_by_test_id("otp-secret").inner_text())
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Bestätigen und weiter").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Dieser Code ist nicht richtig.").first).to_be_visible()
    assert_accessible(page)

    time.sleep(1.1)  # the device waits a second after a wrong code, as a person would
    page.get_by_label("Code").fill(app.code())
    page.get_by_role("button", name="Bestätigen und weiter").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Ihre Wiederherstellungscodes")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="Ich habe die Codes aufbewahrt, weiter").click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url
    assert_accessible(page)

    # The next login asks for the code; in English this time.
    _logout(page)
    page.get_by_label("Sprache").or_(page.get_by_label("Language")).select_option("en")
    page.get_by_role("button", name="Wechseln").click()
    page.wait_for_load_state()
    _password(page, "alice", user_label="User name", password_label="Password")
    assert "/accounts/two-factor/" in page.url
    expect(page.get_by_role("heading", name="Confirm your login")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(app.code())
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url
    page.goto(f"{page.base_url}/mentees/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Without the phone: a recovery code, then a warning that it is used up.
    _logout(page)
    _password(page, "alice", user_label="User name", password_label="Password")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text("You used a recovery code")).to_be_visible()
    assert_accessible(page)


def test_account_password_security_desk_and_lockout_pages(
    browser_page, login, assert_accessible, alice, dora
):
    from axes.models import AccessAttempt

    page = browser_page
    login(page, alice)
    page.get_by_role("link", name="Ihr Konto").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Passwort ändern").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Passwort ändern").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    _logout(page)

    # Someone locked alice's account from elsewhere; the data protection officer lifts it.
    AccessAttempt.objects.create(
        username="alice",
        ip_address="192.0.2.1",
        user_agent="x",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    login(page, dora)
    page.get_by_role("link", name="Anmeldesicherheit").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Konto alice")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sperre von alice aufheben").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Die Anmeldesperre wurde aufgehoben.")).to_be_visible()
    assert_accessible(page)
    _logout(page)

    # Five wrong passwords: the lockout page, in German.
    for _ in range(5):
        page.goto(f"{page.base_url}/accounts/login/")
        page.get_by_label("Benutzername").fill("alice")
        page.get_by_label("Passwort").fill("wrong")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Anmeldung gesperrt")).to_be_visible()
    expect(page.get_by_text("Zu viele fehlgeschlagene Anmeldungen")).to_be_visible()
    assert_accessible(page)


def test_the_admin_pages_keep_to_the_content_security_policy(browser_page, login, adam, alice):
    """Django's admin behind the second factor, without a CSP violation (the fixture fails the
    test on any)."""
    adam.is_superuser = True
    adam.save()
    page = browser_page
    login(page, adam)
    for path in [
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{alice.pk}/change/",
        "/admin/accounts/project/",
        "/admin/accounts/user/add/",
    ]:
        response = page.goto(f"{page.base_url}{path}")
        assert response.status == 200, path
        assert "no-store" in response.headers["cache-control"]
    assert page.csp_violations == []
