from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "lotse.employers"
    verbose_name = _("Employers")

    def ready(self) -> None:
        from lotse.employers.panels import mentee_panel
        from lotse.lib.panels import register_panel

        register_panel("mentee", order=45, panel=mentee_panel)
