"""Login throttling with django-axes: per account and per address, on the login page and the
admin login; the lockout page; unlocking through the audited security desk."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from lotse.accounts.client_ip import client_ip
from lotse.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"


def _login(client, username, password, url=None, address="203.0.113.7"):
    return client.post(
        url or reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_the_account_locks_after_the_failure_limit_and_refuses_the_right_password(
    client, settings, alice
):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = _login(client, "alice", "wrong")
        assert response.status_code == 200  # the ordinary "not correct" message
    locked = _login(client, "alice", "wrong")
    assert locked.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in locked.content.decode()

    # The right password, even from another address, is refused now.
    refused = _login(client, "alice", PASSWORD, address="198.51.100.1")
    assert refused.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in refused.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked(client, settings, alice, bob):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess{n}", "wrong")
    assert _login(client, "bob", PASSWORD).status_code == 429
    # Bob from his own address is not affected.
    assert _login(client, "bob", PASSWORD, address="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_throttled_too(client, settings, adam):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "adam", "wrong", url="/admin/login/")
    response = _login(client, "adam", PASSWORD, url="/admin/login/")
    assert response.status_code == 429


@pytest.mark.django_db
def test_unlocking_restores_the_login_and_is_audited(client, settings, alice, dora):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong")
    desk = client.__class__()
    desk.force_login(dora)
    page = desk.get(reverse("accounts:security"))
    assert "Konto alice" in page.content.decode()
    response = desk.post(reverse("accounts:login_unlock"), {"username": "alice"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()
    event = AuditEvent.objects.get(changes__login_lockout="lifted")
    assert event.actor == dora
    assert event.object_id == str(alice.public_id)
    assert "alice" not in event.object_label and alice.last_name not in event.object_label

    assert _login(client, "alice", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_unlocking_an_address_is_audited_without_the_address(client, settings, bob, adam):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess{n}", "wrong")
    assert _login(client, "bob", PASSWORD).status_code == 429

    desk = client.__class__()
    desk.force_login(adam)
    assert "Adresse 203.0.113.7" in desk.get(reverse("accounts:security")).content.decode()
    desk.post(reverse("accounts:login_unlock"), {"ip_address": "203.0.113.7"})
    event = AuditEvent.objects.get(changes__kind="address")
    assert event.actor == adam and event.changes["failures"] >= settings.AXES_FAILURE_LIMIT
    assert "203.0.113.7" not in str(list(AuditEvent.objects.values()))
    assert _login(client, "bob", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_mentor_cannot_unlock(client, settings, alice, bob):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong")
    client.force_login(bob)
    assert client.post(reverse("accounts:login_unlock"), {"username": "alice"}).status_code == 404
    assert AccessAttempt.objects.filter(username="alice").exists()


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.5", "10.0.0.1"),  # no proxy: the header is the client's own claim
        (1, "198.51.100.5", "198.51.100.5"),
        (1, "1.2.3.4, 198.51.100.5", "198.51.100.5"),  # a forged first entry is ignored
        (2, "1.2.3.4, 198.51.100.5, 10.0.0.2", "198.51.100.5"),
        (2, "", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_a_known_number_of_proxies(settings, count, forwarded, expected):
    settings.LOTSE_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
