from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "lotse.placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        from lotse.lib.panels import register_panel
        from lotse.placements.panels import employer_panel, mentee_panel, vacancy_panel

        register_panel("mentee", order=40, panel=mentee_panel)
        register_panel("vacancy", order=20, panel=vacancy_panel)
        register_panel("employer", order=30, panel=employer_panel)

        from lotse.lib.exports import register_export_section
        from lotse.placements.selectors import placements_export_data

        register_export_section("placements", placements_export_data)
