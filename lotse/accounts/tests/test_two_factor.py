"""Two-factor login: enrolment at the first login, a code at every login, recovery codes, the
admin site, resets by the data protection officer, and the deployment check."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.audit.models import AuditEvent
from lotse.lib.testing.otp import code_for, ensure_device

PASSWORD = "correct horse battery staple"


def _password_login(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def _current_code(device: TOTPDevice) -> str:
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits).token()).zfill(6)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["alice", "lena", "cora", "dora", "adam"])
def test_every_role_must_enrol_before_reaching_any_page(client, request, username):
    user = request.getfixturevalue(username)
    _password_login(client, user)
    for url in [reverse("home"), "/mentees/", "/audit/", "/reports/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor_setup")), url


@pytest.mark.django_db
def test_enrolment_confirms_the_app_and_shows_recovery_codes_once(client, alice):
    _password_login(client, alice)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    device = TOTPDevice.objects.get(user=alice, confirmed=False)

    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 200
    assert 'aria-invalid="true"' in wrong.content.decode()
    assert not client.get(reverse("home")).url.startswith("/journal")
    device.refresh_from_db()
    device.throttle_reset()  # a person takes longer than the one-second wait after a wrong code

    response = client.post(
        reverse("accounts:two_factor_setup"), {"code": _current_code(device), "next": "/"}
    )
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    codes = codes_page.context["codes"]
    assert len(codes) == 10 and all(code in codes_page.content.decode() for code in codes)
    # Shown once only.
    assert client.get(reverse("accounts:recovery_codes")).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=alice).token_set.count() == 10
    # Now verified: pages open.
    assert client.get(reverse("home"))["Location"] != reverse("accounts:two_factor_setup")
    event = AuditEvent.objects.get(object_type="accounts.user", changes__second_factor="enrolled")
    assert alice.first_name not in event.object_label and alice.last_name not in event.object_label


@pytest.mark.django_db
def test_each_login_asks_for_the_code_and_refuses_a_wrong_one(client, alice):
    device = ensure_device(alice)
    _password_login(client, alice)
    assert client.get("/mentees/")["Location"].startswith(reverse("accounts:two_factor_verify"))
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "nicht richtig" in wrong.content.decode()
    assert client.get("/mentees/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post(
        reverse("accounts:two_factor_verify"), {"code": code_for(device), "next": "/mentees/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/mentees/"
    assert client.get("/mentees/").status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, alice):
    from lotse.accounts.twofactor import replace_recovery_codes

    ensure_device(alice)
    codes = replace_recovery_codes(alice)
    _password_login(client, alice)
    ok = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0].upper()})
    assert ok.status_code == 302
    assert client.get("/mentees/").status_code == 200

    client.post(reverse("accounts:logout"))
    _password_login(client, alice)
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert client.get("/mentees/").status_code == 302


@pytest.mark.django_db
def test_the_admin_site_needs_the_second_factor(client, adam, force_login_password_only):
    force_login_password_only(client, adam)
    assert client.get("/admin/").status_code == 302
    from lotse.accounts.admin_site import LotseAdminSite
    from lotse.accounts.models import User

    class _Request:
        user = User.objects.get(pk=adam.pk)

    _Request.user.is_verified = lambda: False
    assert not LotseAdminSite().has_permission(_Request)
    _Request.user.is_verified = lambda: True
    assert LotseAdminSite().has_permission(_Request)


@pytest.mark.django_db
def test_the_data_protection_officer_resets_a_second_factor(client, dora, alice):
    ensure_device(alice)
    client.force_login(dora)
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 200
    assert "alice" in page.content.decode()
    response = client.post(reverse("accounts:second_factor_reset", args=[alice.public_id]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    event = AuditEvent.objects.get(changes__second_factor="reset")
    assert event.actor == dora
    assert event.object_id == str(alice.public_id)
    assert alice.first_name not in event.object_label and "alice" not in event.object_label


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["alice", "lena", "cora"])
def test_others_cannot_use_the_security_desk(client, request, username, bob):
    client.force_login(request.getfixturevalue(username))
    ensure_device(bob)
    assert client.get(reverse("accounts:security")).status_code == 404
    assert (
        client.post(reverse("accounts:second_factor_reset", args=[bob.public_id])).status_code
        == 404
    )
    assert TOTPDevice.objects.filter(user=bob).exists()


def test_deployment_check_fails_when_the_second_factor_is_off(settings):
    settings.LOTSE_REQUIRE_2FA = False
    settings.DEBUG = False
    with pytest.raises(SystemCheckError, match="lotse.E001"):
        call_command("check", "--deploy", "--tag", "security")
    settings.DEBUG = True
    from lotse.accounts.checks import second_factor_required

    assert second_factor_required(None) == []


@pytest.mark.django_db
def test_without_the_requirement_the_password_is_enough(client, settings, alice):
    settings.LOTSE_REQUIRE_2FA = False
    _password_login(client, alice)
    assert client.get("/mentees/").status_code == 200


@pytest.mark.django_db
def test_the_password_alone_cannot_make_new_recovery_codes(client, alice):
    ensure_device(alice)
    _password_login(client, alice)
    response = client.post(reverse("accounts:recovery_codes_replace"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert not StaticDevice.objects.filter(user=alice).exists()
    for name in ("accounts:recovery_codes", "accounts:account", "accounts:password_change"):
        assert client.get(reverse(name))["Location"].startswith(
            reverse("accounts:two_factor_verify")
        )


@pytest.mark.django_db
def test_a_verified_user_makes_new_recovery_codes(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:recovery_codes_replace"), follow=True)
    assert len(response.context["codes"]) == 10
    assert AuditEvent.objects.filter(changes__second_factor="recovery_codes_replaced").exists()
