"""Personal access tokens: the page (make, shown once, revoke), storage, expiry, the second
factor, the rate limit and the audit rows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from lotse.api import tokens
from lotse.api.models import AccessToken
from lotse.api.tests.conftest import ApiClient, make_token
from lotse.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_account_page_links_to_the_token_page(client, alice):
    client.force_login(alice)
    assert reverse("api:tokens") in client.get(reverse("accounts:account")).content.decode()


def test_a_token_is_shown_once_and_stored_hashed(client, alice):
    client.force_login(alice)
    response = client.post(reverse("api:tokens"), {"name": "BI export", "days": "30"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    secret = html.split('data-testid="new-token">')[1].split("<")[0]
    assert secret.startswith("lotse_")
    stored = AccessToken.objects.get(user=alice)
    assert stored.digest == tokens.digest(secret) and secret not in stored.digest
    assert stored.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    assert secret not in client.get(reverse("api:tokens")).content.decode()
    event = AuditEvent.objects.get(object_type="api.accesstoken", action="create")
    assert event.actor == alice and "BI export" not in str(event.changes)
    assert ApiClient(secret).get("/api/mentees").status_code == 200


def test_the_page_is_german_and_english(client, alice):
    client.force_login(alice)
    assert "Zugangstoken" in client.get(reverse("api:tokens")).content.decode()
    english = client.get(reverse("api:tokens"), headers={"Accept-Language": "en"})
    assert "API tokens" in english.content.decode()


def test_api_leads_to_the_schema(client):
    response = client.get("/api/")
    assert response.status_code == 302 and response["Location"] == "/api/openapi.json"


def test_bad_input_is_refused_at_the_field(client, alice):
    client.force_login(alice)
    response = client.post(reverse("api:tokens"), {"name": "", "days": "9999"})
    assert response.status_code == 400
    assert not AccessToken.objects.exists()


def test_a_revoked_token_no_longer_works(client, alice):
    secret = make_token(alice)
    token = AccessToken.objects.get(user=alice)
    client.force_login(alice)
    response = client.post(reverse("api:token_revoke", args=[token.public_id]))
    assert response.status_code == 302
    assert ApiClient(secret).get("/api/mentees").status_code == 401
    assert AuditEvent.objects.filter(object_type="api.accesstoken", action="update").exists()


def test_another_users_token_cannot_be_revoked(client, alice, bob):
    make_token(alice)
    token = AccessToken.objects.get(user=alice)
    client.force_login(bob)
    assert client.post(reverse("api:token_revoke", args=[token.public_id])).status_code == 404
    assert AccessToken.objects.get(pk=token.pk).revoked_at is None


def test_revoke_is_post_only(client, alice):
    make_token(alice)
    token = AccessToken.objects.get(user=alice)
    client.force_login(alice)
    assert client.get(reverse("api:token_revoke", args=[token.public_id])).status_code == 405


def test_an_expired_token_no_longer_works(alice):
    secret = make_token(alice)
    AccessToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert ApiClient(secret).get("/api/mentees").status_code == 401


def test_garbled_and_guessed_tokens_are_refused(alice):
    secret = make_token(alice)
    for raw in ["", "lotse_", secret[:-1] + ("A" if secret[-1] != "A" else "B"), "x" * 500]:
        response = ApiClient(raw).get("/api/mentees")
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_tokens_only_with_a_second_factor(client, alice, settings):
    assert not tokens.may_have_tokens(alice)  # no authenticator app yet
    with pytest.raises(PermissionDenied):
        tokens.token_create(actor=alice, name="x", days=30)
    settings.LOTSE_REQUIRE_2FA = False
    assert tokens.may_have_tokens(alice)


def test_a_token_stops_working_when_the_second_factor_is_removed(alice):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    secret = make_token(alice)
    TOTPDevice.objects.filter(user=alice).delete()
    assert ApiClient(secret).get("/api/mentees").status_code == 401


def test_the_rate_limit_counts_per_token(alice, bob, settings):
    settings.LOTSE_API_RATE_LIMIT = (3, 60)
    first, second = ApiClient(make_token(alice)), ApiClient(make_token(bob))
    assert [first.get("/api/mentees").status_code for _ in range(3)] == [200] * 3
    refused = first.get("/api/mentees")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused["Content-Type"] == "application/problem+json"
    assert second.get("/api/mentees").status_code == 200
    # A window that has passed starts again at one.
    AccessToken.objects.filter(user=alice).update(
        window_started=timezone.now() - datetime.timedelta(seconds=61)
    )
    assert first.get("/api/mentees").status_code == 200
