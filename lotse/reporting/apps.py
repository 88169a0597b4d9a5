from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "lotse.reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from lotse.reporting import checks  # noqa: F401 - registers the system checks
        from lotse.reporting.expressions import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="lotse_sqlite_median")
