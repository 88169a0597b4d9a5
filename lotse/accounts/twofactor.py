"""The second factor: an authenticator app (TOTP) and single-use recovery codes (django-otp)."""

import base64
import secrets

import segno
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.accounts.models import User

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def confirmed_app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app_device(user: User) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (a fresh secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps expect it typed in, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_code_svg(device: TOTPDevice, title: str) -> str:
    """The provisioning URL as an inline SVG (attributes only, no inline style: fits the CSP)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=title
    )


def _new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(5)).decode().lower()
    return f"{raw[:4]}-{raw[4:8]}"


def confirm_enrolment(device: TOTPDevice) -> list[str]:
    """Mark the app device confirmed and issue a fresh set of recovery codes (returned once)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return replace_recovery_codes(device.user)


def replace_recovery_codes(user: User) -> list[str]:
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(
            StaticToken(device=static, token=code.replace("-", "")) for code in codes
        )
    return codes


def verify(user: User, code: str) -> tuple[object | None, bool]:
    """Check an app code (six digits) or a recovery code.

    Returns ``(device, throttled)``: the device that accepted the code, or ``None``; and whether
    the app device refuses to check codes for now after too many wrong ones.
    """
    code = code.replace("-", "").lower()
    with transaction.atomic():
        if code.isdigit():
            device = (
                TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            if device is None:
                return None, False
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                return None, True
            return (device if device.verify_token(code) else None), False
        static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if static is not None and static.verify_token(code):
            return static, False
    return None, False
