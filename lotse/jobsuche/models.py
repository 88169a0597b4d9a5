"""The summary of each import run from the BA job board. The vacancies themselves are
``employers.Vacancy`` rows with source "BA" and no employer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    PARTIAL = "partial", _("partly failed")
    FAILED = "failed", _("failed, nothing changed")


class ImportRun(models.Model):
    """One run of ``import_ba_vacancies``: what it found and changed. Holds no personal data
    (postings name companies, not people); ``problems`` are short technical messages."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    searches = models.PositiveIntegerField(_("searches"), default=0)
    pages = models.PositiveIntegerField(_("result pages"), default=0)
    found = models.PositiveIntegerField(_("postings found"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    closed = models.PositiveIntegerField(_("closed"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("BA import run")
        verbose_name_plural = _("BA import runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None
