"""System checks for the published report figures, run by ``manage.py check --deploy``."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def suppression_audit_on(app_configs, **kwargs) -> list[Warning]:
    if not settings.LOTSE_REPORT_AUDIT and not settings.DEBUG:
        return [
            Warning(
                "LOTSE_REPORT_AUDIT is off outside debug mode: the coordinator's figures are "
                "suppressed by the line closure alone, and combinations of them can reveal "
                "small counts.",
                hint="Only the demo and the test suite switch the audit off; unset "
                "LOTSE_REPORT_AUDIT.",
                id="lotse.W101",
            )
        ]
    return []
