from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "lotse.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from lotse.accounts import (
            checks,  # noqa: F401 - registers the system checks
            middleware,  # noqa: F401 - starts the idle clock at login
        )


class LotseAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site that demands the second factor (see ``admin_site.py``)."""

    default = False  # lotse.accounts' own config stays AccountsConfig
    default_site = "lotse.accounts.admin_site.LotseAdminSite"

    def ready(self) -> None:
        super().ready()
        from lotse.accounts.admin_site import unregister_access_models

        unregister_access_models()
