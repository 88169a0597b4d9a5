"""Applications with their stage history, placements and the follow-ups after a placement."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.lib.concurrency import VersionedModel
from lotse.lib.models import CheckedModel, PublicIdModel, TimestampedModel
from lotse.placements.adequacy import JUDGED_TYPES, PlacementType, effective
from lotse.placements.stages import CLOSED_STAGES, OPEN_STAGES, Stage
from lotse.placements.stages import tone as stage_tone

__all__ = ["Application", "ApplicationStageChange", "FollowUp", "Placement", "PlacementType"]

_ACTIVE = ~models.Q(stage__in=CLOSED_STAGES)


class Application(PublicIdModel, TimestampedModel):
    """A mentee proposed for a vacancy, moving through the stages of ``stages.TRANSITIONS``."""

    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("mentee"),
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("vacancy"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.PROPOSED
    )
    stage_date = models.DateField(_("in this stage since"))
    planned_start = models.DateField(
        _("planned start"),
        null=True,
        blank=True,
        help_text=_("The agreed first working day, recorded with the signed contract."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-stage_date", "-id"]
        indexes = [
            models.Index(fields=["mentee", "stage"], name="application_mentee_stage_idx"),
            models.Index(fields=["vacancy", "stage"], name="application_vacancy_stage_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "vacancy"],
                condition=_ACTIVE,
                name="application_one_active_per_mentee_vacancy",
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=Stage.values), name="application_stage_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} – {self.vacancy.title}"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def is_started(self) -> bool:
        return self.stage == Stage.STARTED

    @property
    def stage_tone(self) -> str:
        """The badge tone of the stage (``placements/_stage_badge.html``)."""
        return stage_tone(self.stage)


class ApplicationStageChange(CheckedModel):
    """One dated step in an application's history. The first row (``from_stage`` empty) is the
    proposal itself."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="history",
        verbose_name=_("application"),
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    on_date = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason or note"), blank=True)
    is_reopening = models.BooleanField(_("reopened"), default=False)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["on_date", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_stage=models.F("to_stage")),
                name="stagechange_moves_somewhere",
            ),
            models.CheckConstraint(
                condition=~models.Q(to_stage__in=CLOSED_STAGES) | ~models.Q(reason=""),
                name="stagechange_closing_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on_date}: {self.from_stage or '–'} → {self.to_stage}"


class Placement(PublicIdModel, TimestampedModel, VersionedModel):
    """A mentee in work or training: from an application that reached "started", or recorded
    directly when the mentee found it alone. Keeps the computed adequacy and the mentor's
    override side by side."""

    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("mentee"),
    )
    project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("project at the start"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
        verbose_name=_("application"),
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("vacancy"),
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("employer"),
    )
    placement_type = models.CharField(_("type"), max_length=20, choices=PlacementType.choices)
    occupation = models.ForeignKey(
        "reference.Occupation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("occupation (KldB 2010)"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("reason for the end"), max_length=300, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)

    requirement_level = models.PositiveSmallIntegerField(
        _("requirement level"), null=True, blank=True
    )
    qualification_level = models.PositiveSmallIntegerField(_("qualification level"))
    adequacy_computed = models.BooleanField(_("adequate (computed)"), null=True, blank=True)
    adequacy_override = models.BooleanField(
        _("adequate (set by the mentor)"), null=True, blank=True
    )
    adequacy_override_reason = models.TextField(_("reason for the mentor's judgement"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["project", "start_date"], name="placement_project_start_idx"),
            models.Index(fields=["mentee", "start_date"], name="placement_mentee_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="placement_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(placement_type__in=PlacementType.values),
                name="placement_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(employer__isnull=False)
                | models.Q(placement_type=PlacementType.SELF_EMPLOYED),
                name="placement_employer_unless_self_employed",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__isnull=True)
                | models.Q(hours_per_week__gte=1, hours_per_week__lte=60),
                name="placement_hours_per_week_sane",
            ),
            models.CheckConstraint(
                condition=models.Q(requirement_level__isnull=True)
                | models.Q(requirement_level__gte=1, requirement_level__lte=4),
                name="placement_requirement_level_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(qualification_level__gte=1, qualification_level__lte=4),
                name="placement_qualification_level_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(adequacy_override__isnull=True)
                | ~models.Q(adequacy_override_reason=""),
                name="placement_override_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(adequacy_override__isnull=True)
                | models.Q(placement_type__in=sorted(JUDGED_TYPES)),
                name="placement_override_only_when_judged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} – {self.get_placement_type_display()} ({self.start_date})"

    @property
    def is_judged(self) -> bool:
        return self.placement_type in JUDGED_TYPES

    @property
    def adequate(self) -> bool | None:
        """What counts: the mentor's override if given, else the computed value."""
        return effective(self.adequacy_computed, self.adequacy_override)

    @property
    def adequacy_reason(self) -> str:
        from lotse.placements.adequacy import explain

        return explain(
            placement_type=self.placement_type,
            requirement_level=self.requirement_level,
            qualification_level=self.qualification_level,
        )

    @property
    def is_running(self) -> bool:
        return self.end_date is None


class StillEmployed(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("unknown (no answer)")


FOLLOW_UP_MONTHS: tuple[int, ...] = (3, 6, 12)


class FollowUp(PublicIdModel, VersionedModel):
    """The question, 3, 6 and 12 months after the start, whether the person is still employed."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="followups", verbose_name=_("placement")
    )
    months = models.PositiveSmallIntegerField(
        _("months after the start"), choices=[(m, m) for m in FOLLOW_UP_MONTHS]
    )
    due_on = models.DateField(_("due on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    still_employed = models.CharField(
        _("still employed"), max_length=10, choices=StillEmployed.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "months"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "months"], name="followup_unique_placement_months"
            ),
            models.CheckConstraint(
                condition=models.Q(months__in=FOLLOW_UP_MONTHS), name="followup_months_3_6_12"
            ),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True, still_employed="")
                | (models.Q(answered_on__isnull=False) & ~models.Q(still_employed="")),
                name="followup_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement} – {self.months}"

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None
