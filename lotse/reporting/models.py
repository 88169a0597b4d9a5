"""Funding periods and the optional ESF Plus indicators recorded per participation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.lib.concurrency import VersionedModel
from lotse.lib.models import PublicIdModel, TimestampedModel


class FundingPeriod(PublicIdModel):
    """A phase of the programme as granted by the funder, e.g. 2020-01-01 to 2024-12-31."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("funding period")
        verbose_name_plural = _("funding periods")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="fundingperiod_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The last day must not be before the first day.")})


class YesNoUnknown(models.TextChoices):
    """An answer that the participant may decline to give ("keine Angabe")."""

    YES = "yes", _("yes")
    NO = "no", _("no")
    NOT_STATED = "not_stated", _("not stated (keine Angabe)")


class LabourStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("unemployed (not long-term)")
    LONG_TERM_UNEMPLOYED = "long_term", _("long-term unemployed")
    INACTIVE = "inactive", _("inactive")
    EMPLOYED = "employed", _("employed, including self-employed")
    NOT_STATED = "not_stated", _("not stated (keine Angabe)")


class ImmediateResult(models.TextChoices):
    """The situation within four weeks of leaving; only the last event counts."""

    JOB_SEARCHING = "job_searching", _("engaged in job searching")
    EDUCATION = "education", _("in education or training")
    QUALIFICATION = "qualification", _("gaining a qualification")
    EMPLOYMENT = "employment", _("in employment, including self-employment")
    NONE = "none", _("none of these")
    NOT_STATED = "not_stated", _("not stated (keine Angabe)")


class EsfRecord(TimestampedModel, VersionedModel):
    """The ESF Plus indicators (Regulation (EU) 2021/1057, Annex I) of one participation.

    Recorded only for projects with ``Project.esf_indicators``. Every question allows
    "keine Angabe"; an empty answer means the question has not been asked yet.
    """

    participation = models.OneToOneField(
        "cases.Participation",
        on_delete=models.CASCADE,
        related_name="esf_record",
        verbose_name=_("participation"),
    )
    # At entry
    labour_status = models.CharField(
        _("labour-market status at entry"), max_length=20, choices=LabourStatus.choices, blank=True
    )
    disability = models.CharField(
        _("participant with disabilities"), max_length=20, choices=YesNoUnknown.choices, blank=True
    )
    foreign_background = models.CharField(
        _("participant with a foreign background"),
        max_length=20,
        choices=YesNoUnknown.choices,
        blank=True,
    )
    minority = models.CharField(
        _("participant from a minority"), max_length=20, choices=YesNoUnknown.choices, blank=True
    )
    homeless = models.CharField(
        _("homeless or affected by housing exclusion"),
        max_length=20,
        choices=YesNoUnknown.choices,
        blank=True,
    )
    rural = models.CharField(
        _("from a rural area"), max_length=20, choices=YesNoUnknown.choices, blank=True
    )
    entry_asked_on = models.DateField(_("entry data asked on"), null=True, blank=True)
    # Within four weeks of leaving
    immediate_result = models.CharField(
        _("situation within four weeks of leaving"),
        max_length=20,
        choices=ImmediateResult.choices,
        blank=True,
    )
    exit_asked_on = models.DateField(_("exit data asked on"), null=True, blank=True)
    # Six months after leaving
    employed_after_six_months = models.CharField(
        _("in employment six months after leaving"),
        max_length=20,
        choices=YesNoUnknown.choices,
        blank=True,
    )
    better_situation_after_six_months = models.CharField(
        _("better labour-market situation six months after leaving"),
        max_length=20,
        choices=YesNoUnknown.choices,
        blank=True,
        help_text=_("Only for participants who were employed at entry."),
    )
    six_months_asked_on = models.DateField(_("six-month data asked on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("ESF Plus record")
        verbose_name_plural = _("ESF Plus records")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(better_situation_after_six_months="")
                | models.Q(labour_status="employed"),
                name="esfrecord_better_situation_only_if_employed",
            )
        ]

    def __str__(self) -> str:
        return str(self.participation)

    def clean(self) -> None:
        if self.better_situation_after_six_months and self.labour_status != LabourStatus.EMPLOYED:
            raise ValidationError(
                {
                    "better_situation_after_six_months": _(
                        "This question applies only to participants who were employed at entry."
                    )
                }
            )
        if self.entry_asked_on and self.exit_asked_on and self.exit_asked_on < self.entry_asked_on:
            raise ValidationError(
                {"exit_asked_on": _("The exit data cannot be asked before the entry data.")}
            )


class ExportFormat(models.TextChoices):
    """How a report was obtained: every page, print view and export is recorded."""

    XLSX = "xlsx", _("Excel workbook (XLSX)")
    CSV = "csv", _("CSV")
    PAGE = "page", _("report page")
    PRINT = "print", _("printable page")
    DOCX = "docx", _("Word document (DOCX)")


class ReportExport(PublicIdModel):
    """One report obtained (page, print view or export): what, by whom, exact or suppressed.
    The audit row points here; the rate limit counts these rows."""

    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exported by"),
    )
    export_format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    period_label = models.CharField(_("period"), max_length=200)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    district = models.ForeignKey(
        "reference.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    breakdown = models.CharField(_("tables"), max_length=20)
    suppressed = models.BooleanField(_("small counts suppressed"))

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "created_at"], name="reportexport_rate")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="reportexport_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_label} ({self.get_export_format_display()})"


class PublishedPeriod(models.Model):
    """The suppressed cells of one grid period, as published to coordinators (a cache: the
    whole set is recomputed together, see ``published.py``). Holds aggregates only."""

    fingerprint = models.CharField(_("data state"), max_length=64)
    computed_at = models.DateTimeField(_("computed at"))
    period_key = models.CharField(_("period"), max_length=20)
    cells = models.JSONField(_("cells"))

    class Meta:
        verbose_name = _("published report period")
        verbose_name_plural = _("published report periods")
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint", "period_key"], name="publishedperiod_unique_period"
            )
        ]

    def __str__(self) -> str:
        return self.period_key
