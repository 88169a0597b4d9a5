"""The second factor in tests: a confirmed authenticator device and the codes it accepts.

``client.force_login(user)`` in the test suite also marks the session as having passed the
second factor (``conftest.py``), so view tests need not enter codes; the tests of the login
itself and the browser login helper enter real codes computed here from the device's key.
"""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

TEST_DEVICE_NAME = "authenticator"


def ensure_device(user) -> TOTPDevice:
    """The user's confirmed authenticator device (made on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TEST_DEVICE_NAME, confirmed=True)
    return device


def code_for(device: TOTPDevice) -> str:
    """The code the device accepts next: the current one, or the following time step's when the
    current one was already used (codes are single-use; the device tolerates one step ahead)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time = device.t0 + (device.last_t + 1 - device.drift) * device.step
    return str(totp.token()).zfill(device.digits)


def mark_verified(client, user) -> None:
    """Mark the test client's logged-in session as having passed the second factor."""
    device = ensure_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
