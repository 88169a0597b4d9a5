from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "lotse.journal"
    verbose_name = _("Journal")

    def ready(self) -> None:
        from lotse.journal.panels import mentee_journal_panel
        from lotse.lib.panels import register_panel

        register_panel("mentee", order=20, panel=mentee_journal_panel)

        from lotse.journal.selectors import journal_export_data
        from lotse.lib.exports import register_export_section

        register_export_section("journal", journal_export_data)
