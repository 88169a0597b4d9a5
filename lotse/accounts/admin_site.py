from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest


class LotseAdminSite(admin.AdminSite):
    """The admin only for users who passed the second factor (like django-otp's
    ``OTPAdminSite``, but following ``LOTSE_REQUIRE_2FA`` so the demo works without an app)."""

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.LOTSE_REQUIRE_2FA or request.user.is_verified()


def unregister_access_models() -> None:
    """Take out of the admin what would grant access or a second factor past the audited
    services: Django's groups (Lotse's access is the programme role and the memberships) and
    django-otp's devices (their secret would let an administrator log in as someone else)."""
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (Group, TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
