from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "lotse.reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from lotse.reporting.expressions import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="lotse_sqlite_median")

        from lotse.lib.panels import register_panel
        from lotse.reporting.panels import mentee_esf_panel

        register_panel("mentee", order=80, panel=mentee_esf_panel)
