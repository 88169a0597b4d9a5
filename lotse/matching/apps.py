from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "lotse.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from lotse.employers.hooks import register_vacancy_listener
        from lotse.matching.index import on_vacancy_changed

        register_vacancy_listener(on_vacancy_changed)
