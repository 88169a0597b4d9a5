"""The journal of a mentee: contacts, appointments, tasks and reminders, the integration
agreement with its steps, referrals to partners and courses.

Every model points to ``cases.Mentee`` (directly, so that scoping is one join) and carries a
``public_id`` for URLs.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lotse.lib.concurrency import VersionedModel
from lotse.lib.models import PublicIdModel, TimestampedModel
from lotse.reference.models import CefrLevel


class ContactKind(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    VIDEO = "video", _("video call")
    MESSAGE = "message", _("message (e-mail, chat, letter)")
    ACCOMPANIMENT = "accompaniment", _("accompaniment to an appointment")
    EMPLOYER_VISIT = "employer_visit", _("visit at an employer")


class Topic(models.TextChoices):
    """The catalogue of topics a contact can be about (several per contact)."""

    JOB_SEARCH = "job_search", _("job search")
    APPLICATION = "application", _("application")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    RECOGNITION = "recognition", _("recognition of qualifications")
    LANGUAGE_COURSE = "language_course", _("language course")
    QUALIFICATION = "qualification", _("qualification or further training")
    RESIDENCE = "residence", _("residence and work permit")
    AGENCIES = "agencies", _("Jobcenter or Agentur für Arbeit")
    HOUSING = "housing", _("housing")
    CHILDCARE = "childcare", _("childcare")
    MOBILITY = "mobility", _("mobility and driving licence")
    AFTER_PLACEMENT = "after_placement", _("support after placement")
    OTHER = "other", _("other")


class JournalEntry(PublicIdModel, TimestampedModel, VersionedModel):
    """One contact with or about the mentee."""

    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="journal_entries",
        verbose_name=_("mentee"),
    )
    occurred_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    interpreter_language = models.ForeignKey(
        "reference.Language",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreted language"),
    )
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["mentee", "-occurred_at"], name="journalentry_mentee_time_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__lte=24 * 60),
                name="journalentry_duration_at_most_a_day",
            ),
            models.CheckConstraint(
                condition=models.Q(interpreter_used=True)
                | models.Q(interpreter_language__isnull=True),
                name="journalentry_language_only_with_interpreter",
            ),
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.occurred_at), "SHORT_DATE_FORMAT")
        return f"{self.get_kind_display()} {when}"

    def clean(self) -> None:
        super().clean()
        unknown = [t for t in (self.topics or []) if t not in Topic.values]
        if not isinstance(self.topics, list) or unknown:
            raise ValidationError({"topics": _("Please choose topics from the list.")})
        if self.interpreter_language_id and not self.interpreter_used:
            raise ValidationError(
                {
                    "interpreter_language": _(
                        "Please tick “interpreter used” or leave the language empty."
                    )
                }
            )

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels[t]) for t in self.topics if t in labels]


class AppointmentKind(models.TextChoices):
    MEETING = "meeting", _("meeting with the mentor")
    AGENCIES = "agencies", _("Jobcenter or Agentur für Arbeit")
    IMMIGRATION_OFFICE = "immigration", _("immigration office")
    INTERVIEW = "interview", _("job interview")
    TRIAL_WORK = "trial_work", _("trial work or internship")
    COUNSELLING = "counselling", _("counselling (recognition, migration)")
    COURSE = "course", _("course or exam")
    OTHER = "other", _("other")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("took place")
    CANCELLED = "cancelled", _("cancelled")


class Appointment(PublicIdModel, TimestampedModel, VersionedModel):
    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("mentee"),
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    kind = models.CharField(
        _("kind of appointment"), max_length=20, choices=AppointmentKind.choices
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    with_whom = models.CharField(_("with whom"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PLANNED,
    )
    # An interview or trial work belongs to an application (one of the mentee's open ones).
    application = models.ForeignKey(
        "placements.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("application"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["mentee", "-starts_at"], name="appointment_mentee_start_idx"),
            models.Index(fields=["starts_at"], name="appointment_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="appointment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.starts_at), "SHORT_DATETIME_FORMAT")
        return f"{self.get_kind_display()} {when}"

    def clean(self) -> None:
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end must not be before the start.")})
        if self.application_id and self.application.mentee_id != self.mentee_id:
            raise ValidationError({"application": _("Choose one of this mentee's applications.")})


class TaskKind(models.TextChoices):
    MANUAL = "manual", _("task")
    PERMIT_EXPIRY = "permit_expiry", _("residence document expires")
    DOCUMENT_EXPIRY = "document_expiry", _("document expires")
    AGREEMENT_STEP = "agreement_step", _("agreed step due")
    FOLLOW_UP = "follow_up", _("follow-up after placement")
    PLANNED_START = "planned_start", _("planned start of a placement")
    NEW_MATCH = "new_match", _("new matching vacancy")
    OTHER = "other", _("other reminder")


class Task(PublicIdModel, TimestampedModel, VersionedModel):
    """Something to do for a mentee. Automatic tasks (reminders, follow-ups, new matches) carry
    a ``source_key`` that is unique per mentee, so they are never created twice."""

    mentee = models.ForeignKey(
        "cases.Mentee", on_delete=models.CASCADE, related_name="tasks", verbose_name=_("mentee")
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    kind = models.CharField(
        _("kind of task"), max_length=20, choices=TaskKind.choices, default=TaskKind.MANUAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_tasks",
        verbose_name=_("assigned to"),
    )
    notes = models.TextField(_("notes"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    source_key = models.CharField(
        _("source of an automatic task"), max_length=120, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["done_at", "due_date", "id"]
        indexes = [
            models.Index(fields=["mentee", "done_at"], name="task_mentee_open_idx"),
            models.Index(fields=["assignee", "done_at", "due_date"], name="task_assignee_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "source_key"],
                condition=~models.Q(source_key=""),
                name="task_unique_source_key_per_mentee",
                violation_error_message=_("This reminder already exists for the mentee."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_automatic(self) -> bool:
        return bool(self.source_key)


class IntegrationAgreement(PublicIdModel, TimestampedModel, VersionedModel):
    """The Integrationsvereinbarung: one per mentee, with its agreed steps."""

    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="integration_agreements",
        verbose_name=_("mentee"),
    )
    signed_on = models.DateField(_("signed on"))
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    goal = models.CharField(_("agreed goal"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("integration agreement")
        verbose_name_plural = _("integration agreements")
        constraints = [
            models.UniqueConstraint(fields=["mentee"], name="integrationagreement_one_per_mentee"),
            models.CheckConstraint(
                condition=models.Q(reviewed_on__isnull=True)
                | models.Q(reviewed_on__gte=models.F("signed_on")),
                name="integrationagreement_reviewed_after_signed",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Integration agreement of %(date)s")
            % {"date": date_format(self.signed_on, "SHORT_DATE_FORMAT")}
        )

    def clean(self) -> None:
        super().clean()
        if self.reviewed_on and self.signed_on and self.reviewed_on < self.signed_on:
            raise ValidationError(
                {"reviewed_on": _("The review cannot be before the agreement was signed.")}
            )


class Responsible(models.TextChoices):
    MENTEE = "mentee", _("mentee")
    MENTOR = "mentor", _("mentor")
    PARTNER = "partner", _("partner")


class StepStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class AgreementStep(PublicIdModel, TimestampedModel, VersionedModel):
    agreement = models.ForeignKey(
        IntegrationAgreement,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("integration agreement"),
    )
    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="agreement_steps",
        verbose_name=_("mentee"),
    )
    description = models.CharField(_("step"), max_length=300)
    responsible = models.CharField(
        _("responsible"), max_length=20, choices=Responsible.choices, default=Responsible.MENTEE
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.OPEN
    )

    class Meta:
        verbose_name = _("agreed step")
        verbose_name_plural = _("agreed steps")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="agreementstep_due_idx")]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        super().clean()
        if self.agreement_id and self.mentee_id and self.agreement.mentee_id != self.mentee_id:
            raise ValidationError(_("The step must belong to the mentee's own agreement."))


class PartnerKind(models.TextChoices):
    JOBCENTER = "jobcenter", _("Jobcenter")
    AGENTUR = "agentur", _("Agentur für Arbeit")
    RECOGNITION_COUNSELLING = "recognition", _("IQ or recognition counselling")
    MIGRATION_COUNSELLING = "migration", _("migration counselling")
    LANGUAGE_COURSE_PROVIDER = "language", _("language course provider")
    OTHER = "other", _("other")


class Referral(PublicIdModel, TimestampedModel, VersionedModel):
    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("mentee"),
    )
    partner_kind = models.CharField(
        _("kind of partner"), max_length=20, choices=PartnerKind.choices
    )
    partner_name = models.CharField(_("partner"), max_length=200, blank=True)
    referred_on = models.DateField(_("referred on"))
    purpose = models.CharField(_("purpose"), max_length=300)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome_on__isnull=True)
                | models.Q(outcome_on__gte=models.F("referred_on")),
                name="referral_outcome_after_referral",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_partner_kind_display()}: {self.purpose}"

    def clean(self) -> None:
        super().clean()
        if self.outcome_on and self.referred_on and self.outcome_on < self.referred_on:
            raise ValidationError(
                {"outcome_on": _("The outcome cannot be dated before the referral.")}
            )
        if self.outcome_on and not self.outcome:
            raise ValidationError({"outcome": _("Please describe the outcome for this date.")})


class CourseKind(models.TextChoices):
    INTEGRATION = "integration", _("integration course")
    JOB_LANGUAGE = "deufoev", _("job-related language course (DeuFöV)")
    SPECIAL = "special", _("special language course")
    QUALIFICATION = "qualification", _("qualification or bridging measure")
    OTHER = "other", _("other course")


class CourseResult(models.TextChoices):
    ONGOING = "ongoing", _("ongoing")
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")
    DROPPED_OUT = "dropped_out", _("dropped out")


LANGUAGE_COURSE_KINDS = {CourseKind.INTEGRATION, CourseKind.JOB_LANGUAGE, CourseKind.SPECIAL}


class CourseParticipation(PublicIdModel, TimestampedModel, VersionedModel):
    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="courses",
        verbose_name=_("mentee"),
    )
    kind = models.CharField(_("kind of course"), max_length=20, choices=CourseKind.choices)
    title = models.CharField(
        _("course"), max_length=200, blank=True, help_text=_("For example “B1→B2 basic course”.")
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    target_level = models.CharField(
        _("target level (CEFR)"), max_length=10, choices=CefrLevel.choices, blank=True
    )
    result = models.CharField(
        _("result"), max_length=20, choices=CourseResult.choices, default=CourseResult.ONGOING
    )
    achieved_level = models.CharField(
        _("level reached (CEFR)"), max_length=10, choices=CefrLevel.choices, blank=True
    )
    certificate = models.CharField(
        _("certificate"), max_length=200, blank=True, help_text=_("For example DTZ B1, telc B2.")
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="courseparticipation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(result="passed") | models.Q(achieved_level=""),
                name="courseparticipation_level_only_when_passed",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The course cannot end before it starts.")
        if self.achieved_level and self.result != CourseResult.PASSED:
            errors["achieved_level"] = _("A level reached can only be given for a passed course.")
        if (
            self.result == CourseResult.PASSED
            and self.kind in LANGUAGE_COURSE_KINDS
            and not self.achieved_level
        ):
            errors["achieved_level"] = _("Please give the level reached in the passed course.")
        if errors:
            raise ValidationError(errors)


class CalendarTitles(models.TextChoices):
    """What a calendar feed shows of an appointment (``lotse.journal.calendar``)."""

    NEUTRAL = "neutral", _("a neutral title only (“Appointment (Lotse)”)")
    INITIALS = "initials", _("the kind of appointment, the mentee's initials and the place")


class CalendarFeed(PublicIdModel, TimestampedModel):
    """A mentor's personal calendar subscription. The secret token is shown once when the feed
    is made; only its SHA-256 is stored. Revoking deletes the row, so the old address stops
    working; a new feed gets a new token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True, editable=False)
    titles = models.CharField(
        _("what the calendar shows"),
        max_length=20,
        choices=CalendarTitles.choices,
        default=CalendarTitles.NEUTRAL,
    )
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(_("Calendar feed"))
