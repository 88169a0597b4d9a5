"""Response headers (CSP, no-store, Permissions-Policy), the idle timeout, the own password and
the language kept per user."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from lotse.accounts.middleware import LAST_SEEN_SESSION_KEY
from lotse.audit.models import AuditEvent
from lotse.cases.tests.factories import MenteeFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def mentee(project_a, alice):
    return MenteeFactory(project=project_a, mentor=alice, first_name="Amal", last_name="Haddad")


@pytest.mark.django_db
def test_a_person_page_is_not_stored_and_has_a_strict_policy(client, alice, mentee):
    client.force_login(alice)
    response = client.get(reverse("cases:detail", args=[mentee.public_id]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_json_export_is_not_stored(client, alice, mentee):
    client.force_login(alice)
    response = client.get(reverse("cases:export", args=[mentee.public_id]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_login_page_has_the_policy_too(client):
    response = client.get(reverse("accounts:login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


def test_no_template_has_inline_script_or_style():
    templates = settings.BASE_DIR / "lotse" / "templates"
    offenders = []
    for path in templates.rglob("*.html"):
        text = path.read_text()
        if "style=" in text or "<style" in text:
            offenders.append(f"{path}: style")
        for chunk in text.split("<script")[1:]:
            if "src=" not in chunk.split(">", 1)[0]:
                offenders.append(f"{path}: inline script")
    assert offenders == []


@pytest.mark.django_db
def test_an_idle_session_is_logged_out(client, alice):
    client.force_login(alice)
    assert client.get("/mentees/").status_code == 200
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.LOTSE_SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/mentees/")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_idle_htmx_request_sends_the_whole_page_to_the_login(client, alice):
    client.force_login(alice)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.LOTSE_SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/mentees/", headers={"HX-Request": "true"})
    assert reverse("accounts:login") in response["HX-Redirect"]


@pytest.mark.django_db
def test_an_active_session_stays(client, alice):
    client.force_login(alice)
    client.get("/mentees/")
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = (
        int(time.time()) - settings.LOTSE_SESSION_IDLE_MINUTES * 60 + 60
    )
    session.save()
    assert client.get("/mentees/").status_code == 200
    assert client.session[LAST_SEEN_SESSION_KEY] > time.time() - 10


@pytest.mark.django_db
def test_changing_the_password_is_audited(client, alice):
    client.force_login(alice)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": "x", "new_password2": "y"},
    )
    assert wrong.status_code == 200 and 'aria-invalid="true"' in wrong.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Leuchtturm-am-Elbufer-42",
            "new_password2": "Leuchtturm-am-Elbufer-42",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("Leuchtturm-am-Elbufer-42")
    event = AuditEvent.objects.get(changes__password="changed")
    assert event.actor == alice and event.object_id == str(alice.public_id)
    # Still logged in, still verified.
    assert client.get("/mentees/").status_code == 200


@pytest.mark.django_db
def test_the_language_is_kept_on_the_user_and_applied_at_login(client, alice):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/mentees/"})
    alice.refresh_from_db()
    assert alice.language == "en"

    fresh = client.__class__()
    response = fresh.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = fresh.get(reverse("accounts:two_factor_verify"))  # alice has a device
    assert page.content.decode().startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page.content.decode()
