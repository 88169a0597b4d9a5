from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Statements a PostgreSQL connection keeps prepared (psycopg's default is 100, fewer than the
# distinct queries of the pages a mentor opens; docs/performance.md, "Prepared statements").
PREPARED_MAX = 1000


def keep_prepared_statements(sender, connection, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """``connection_created`` receiver: with prepared statements on (``lotse/settings.py``),
    let the connection keep ``PREPARED_MAX`` of them instead of psycopg's 100."""
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get(
        "prepare_threshold"
    ):
        connection.connection.prepared_max = PREPARED_MAX


class OpsConfig(AppConfig):
    name = "lotse.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        connection_created.connect(keep_prepared_statements, dispatch_uid="lotse_prepared_max")
