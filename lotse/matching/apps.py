from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "lotse.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from lotse.employers.hooks import register_vacancy_listener
        from lotse.lib.panels import register_panel
        from lotse.matching.index import on_vacancy_changed
        from lotse.matching.panels import mentee_panel, vacancy_panel

        register_panel("mentee", order=50, panel=mentee_panel)
        register_panel("vacancy", order=30, panel=vacancy_panel)
        register_vacancy_listener(on_vacancy_changed)
