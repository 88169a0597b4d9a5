from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsucheConfig(AppConfig):
    name = "lotse.jobsuche"
    label = "jobsuche"
    verbose_name = _("BA Jobsuche")
