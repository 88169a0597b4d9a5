"""System checks for login security, run by ``manage.py check --deploy``."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def second_factor_required(app_configs, **kwargs) -> list[Error]:
    if not settings.LOTSE_REQUIRE_2FA and not settings.DEBUG:
        return [
            Error(
                "LOTSE_REQUIRE_2FA is off outside debug mode: users log in without a second "
                "factor.",
                hint="Only the demo (DEBUG=1) may switch the second factor off; unset "
                "LOTSE_REQUIRE_2FA.",
                id="lotse.E001",
            )
        ]
    return []
