"""The mentee's case file: the person, their participations in projects and their profile."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.lib.concurrency import VersionedModel
from lotse.lib.models import CheckedModel, PublicIdModel, TimestampedModel
from lotse.reference.models import CefrLevel


class Gender(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    DIVERSE = "d", _("non-binary")
    NOT_STATED = "x", _("not stated (keine Angabe)")


class Goal(models.TextChoices):
    JOB = "job", _("job")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    QUALIFICATION = "qualification", _("qualification")


class MenteeStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    PLACED = "placed", _("placed (after-care)")
    EXITED = "exited", _("exited")


class DrivingLicence(models.TextChoices):
    NONE = "", _("none")
    B = "B", _("car (B)")
    FOREIGN = "foreign", _("foreign licence, not yet converted")
    OTHER = "other", _("other classes")


class Referrer(models.TextChoices):
    JOBCENTER = "jobcenter", _("Jobcenter")
    AGENTUR = "agentur", _("Agentur für Arbeit")
    IMMIGRATION_OFFICE = "immigration", _("immigration office")
    MIGRATION_COUNSELLING = "counselling", _("migration counselling")
    INTEGRATION_COURSE = "course", _("integration or language course")
    EMPLOYER = "employer", _("employer")
    SELF = "self", _("came on their own")
    OTHER = "other", _("other")


class IscedLevel(models.IntegerChoices):
    ISCED_0 = 0, _("ISCED 0 – early childhood education or none")
    ISCED_1 = 1, _("ISCED 1 – primary education")
    ISCED_2 = 2, _("ISCED 2 – lower secondary education")
    ISCED_3 = 3, _("ISCED 3 – upper secondary education")
    ISCED_4 = 4, _("ISCED 4 – post-secondary non-tertiary education")
    ISCED_5 = 5, _("ISCED 5 – short-cycle tertiary education")
    ISCED_6 = 6, _("ISCED 6 – bachelor's or equivalent")
    ISCED_7 = 7, _("ISCED 7 – master's or equivalent")
    ISCED_8 = 8, _("ISCED 8 – doctoral or equivalent")


class Mentee(PublicIdModel, TimestampedModel, VersionedModel):
    """A person accompanied by the programme. ``project`` and ``mentor`` are the current ones;
    each stay in a project is kept as a ``Participation``."""

    project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.PROTECT,
        related_name="mentees",
        verbose_name=_("project"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MenteeStatus.choices, default=MenteeStatus.ACTIVE
    )

    # Identity and contact
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.NOT_STATED
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    place = models.ForeignKey(
        "reference.Postcode",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    district = models.ForeignKey(
        "reference.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )

    # Origin
    nationality = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nationality"),
    )
    country_of_origin = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of origin"),
    )
    arrival_date = models.DateField(_("arrival in Germany"), null=True, blank=True)

    # Education and goal
    school_years = models.PositiveSmallIntegerField(_("years of schooling"), null=True, blank=True)
    isced_level = models.PositiveSmallIntegerField(
        _("highest education (ISCED)"), choices=IscedLevel.choices, null=True, blank=True
    )
    goal = models.CharField(_("goal"), max_length=20, choices=Goal.choices, default=Goal.JOB)

    # Mobility and availability
    driving_licence = models.CharField(
        _("driving licence"), max_length=10, choices=DrivingLicence.choices, blank=True
    )
    has_car = models.BooleanField(_("has a car"), default=False)
    commute_limit_km = models.PositiveSmallIntegerField(
        _("longest acceptable commute (km)"), default=25
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week wanted"), null=True, blank=True
    )
    childcare_constraint = models.CharField(_("childcare constraint"), max_length=300, blank=True)

    # Referral
    referrer = models.CharField(
        _("referred by"), max_length=20, choices=Referrer.choices, blank=True
    )
    referrer_note = models.CharField(_("referrer details"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    # Set by ``lotse.privacy.erasure.erase_mentee``: the record is anonymised, kept only for the
    # programme's figures and shown to nobody.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mentee")
        verbose_name_plural = _("mentees")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["project", "status"], name="mentee_project_status_idx"),
            models.Index(fields=["last_name", "first_name"], name="mentee_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commute_limit_km__lte=300), name="mentee_commute_limit_sane"
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__isnull=True) | models.Q(hours_per_week__lte=60),
                name="mentee_hours_per_week_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ExitReason(models.TextChoices):
    JOB = "job", _("took up a job")
    APPRENTICESHIP = "apprenticeship", _("started an apprenticeship")
    QUALIFICATION = "qualification", _("started a qualification")
    MOVED = "moved", _("moved away")
    OTHER_PROGRAMME = "programme", _("moved to another programme")
    NO_CONTACT = "no_contact", _("no longer in contact")
    ILLNESS = "illness", _("illness or family reasons")
    LEFT_GERMANY = "left", _("left Germany")
    TRANSFER = "transfer", _("moved to another project of the programme")
    OTHER = "other", _("other reason")


class Participation(CheckedModel):
    """One stay of a mentee in a project, from entry to exit. A person may come back later,
    also to another project; each stay keeps its own dates."""

    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="participations", verbose_name=_("mentee")
    )
    project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("project"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentor"),
    )
    entry_date = models.DateField(_("entry date"))
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_reason = models.CharField(
        _("exit reason"), max_length=20, choices=ExitReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-entry_date"]
        indexes = [models.Index(fields=["project", "entry_date"], name="participation_entry_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exit_date__isnull=True)
                | models.Q(exit_date__gte=models.F("entry_date")),
                name="participation_exit_after_entry",
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(exit_date__isnull=True),
                name="participation_one_open_per_mentee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} – {self.project} ({self.entry_date})"


class LanguageSkill(PublicIdModel, VersionedModel):
    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="languages", verbose_name=_("mentee")
    )
    language = models.ForeignKey(
        "reference.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    level = models.CharField(_("level (CEFR)"), max_length=10, choices=CefrLevel.choices)
    certificate = models.CharField(
        _("certificate"), max_length=100, blank=True, help_text=_("For example DTZ, telc, Goethe.")
    )
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)

    class Meta:
        verbose_name = _("language skill")
        verbose_name_plural = _("language skills")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "language"], name="languageskill_unique_mentee_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.level}"


class QualificationKind(models.IntegerChoices):
    """The level a qualification stands for, aligned with the KldB requirement level."""

    NONE = 1, _("no vocational qualification")
    VOCATIONAL = 2, _("vocational qualification")
    ADVANCED = 3, _("master craftsman, technician or bachelor")
    ACADEMIC = 4, _("master's degree or equivalent")


class RecognitionResult(models.TextChoices):
    NOT_APPLIED = "", _("not applied for")
    PENDING = "pending", _("procedure running")
    FULL = "full", _("full equivalence")
    PARTIAL = "partial", _("partial equivalence")
    NONE = "none", _("no equivalence")
    NOT_NEEDED = "not_needed", _("not needed")


class Qualification(PublicIdModel, VersionedModel):
    """A (usually foreign) qualification with its recognition procedure."""

    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="qualifications", verbose_name=_("mentee")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.PositiveSmallIntegerField(
        _("qualification level"),
        choices=QualificationKind.choices,
        default=QualificationKind.VOCATIONAL,
    )
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    isced_level = models.PositiveSmallIntegerField(
        _("ISCED level"), choices=IscedLevel.choices, null=True, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year obtained"), null=True, blank=True)
    reference_occupation = models.ForeignKey(
        "reference.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("German reference occupation (KldB)"),
    )
    regulated = models.BooleanField(_("regulated profession"), default=False)
    competent_body = models.CharField(_("competent body"), max_length=200, blank=True)
    recognition_result = models.CharField(
        _("recognition"), max_length=20, choices=RecognitionResult.choices, blank=True
    )
    application_date = models.DateField(_("application date"), null=True, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    gaps = models.TextField(_("gaps named in the decision"), blank=True)
    bridging_measure = models.CharField(_("bridging measure"), max_length=200, blank=True)
    bridging_from = models.DateField(_("bridging measure from"), null=True, blank=True)
    bridging_until = models.DateField(_("bridging measure until"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["-kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision_date__isnull=True)
                | models.Q(application_date__isnull=True)
                | models.Q(decision_date__gte=models.F("application_date")),
                name="qualification_decision_after_application",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def counts_as_recognised(self) -> bool:
        """Whether the qualification's level counts for matching and adequacy: recognised in
        full, recognition not needed, or obtained in Germany (no procedure and not regulated)."""
        if self.recognition_result in {RecognitionResult.FULL, RecognitionResult.NOT_NEEDED}:
            return True
        return self.country_id == "DE" and not self.recognition_result


class WorkExperience(PublicIdModel, VersionedModel):
    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="work_experience", verbose_name=_("mentee")
    )
    occupation = models.ForeignKey(
        "reference.Occupation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("occupation (KldB)"),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1, null=True, blank=True)
    #: Where and when, for the CV (``lotse.cv``): "Monat/Jahr – Monat/Jahr", newest first.
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Leave empty if the job continues.")
    )

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="workexperience_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.description or str(self.occupation)


class TargetOccupation(PublicIdModel, VersionedModel):
    mentee = models.ForeignKey(
        Mentee,
        on_delete=models.CASCADE,
        related_name="target_occupations",
        verbose_name=_("mentee"),
    )
    occupation = models.ForeignKey(
        "reference.Occupation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("occupation (KldB)"),
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)

    class Meta:
        verbose_name = _("target occupation")
        verbose_name_plural = _("target occupations")
        ordering = ["priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "occupation"], name="targetoccupation_unique_mentee_occupation"
            )
        ]

    def __str__(self) -> str:
        return str(self.occupation)


class ResidenceStatus(PublicIdModel, VersionedModel):
    """One residence document in the mentee's dated history."""

    mentee = models.ForeignKey(
        Mentee,
        on_delete=models.CASCADE,
        related_name="residence_statuses",
        verbose_name=_("mentee"),
    )
    title = models.ForeignKey(
        "reference.ResidenceTitle",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("residence status"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    work_note = models.CharField(_("work note (Nebenbestimmung)"), max_length=300, blank=True)
    asylum_application_date = models.DateField(_("asylum application date"), null=True, blank=True)
    duldung_start = models.DateField(_("start of Duldung"), null=True, blank=True)
    reception_centre_obligation = models.BooleanField(
        _("obliged to live in a reception centre"), default=False
    )
    identity_clarified = models.BooleanField(_("identity clarified"), default=False)
    hours_per_week_allowed = models.PositiveSmallIntegerField(
        _("hours per week allowed"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("residence status")
        verbose_name_plural = _("residence statuses")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="residencestatus_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.valid_from})"


class Agency(models.TextChoices):
    JOBCENTER = "jobcenter", _("Jobcenter")
    AGENTUR = "agentur", _("Agentur für Arbeit")
    IMMIGRATION_OFFICE = "immigration", _("immigration office")
    OTHER = "other", _("other")


class ExternalReference(PublicIdModel, VersionedModel):
    mentee = models.ForeignKey(
        Mentee,
        on_delete=models.CASCADE,
        related_name="external_references",
        verbose_name=_("mentee"),
    )
    agency = models.CharField(_("agency"), max_length=20, choices=Agency.choices)
    reference = models.CharField(_("reference number"), max_length=60)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("external reference")
        verbose_name_plural = _("external references")

    def __str__(self) -> str:
        return f"{self.get_agency_display()}: {self.reference}"


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case", _("case management in the programme")
    EMPLOYER_PROPOSAL = "proposal", _("passing the profile to employers")
    PARTNER_EXCHANGE = "partners", _("exchange with Jobcenter, Agentur and partners")
    ESF_INDICATORS = "esf", _("ESF Plus indicators including special categories")
    FOLLOW_UP = "follow_up", _("contact after leaving the programme")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("signed on paper")
    ELECTRONIC = "electronic", _("electronically")
    VERBAL = "verbal", _("verbally, with a witness")


class Consent(PublicIdModel, VersionedModel):
    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="consents", verbose_name=_("mentee")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    #: The versioned text agreed to (``privacy.ConsentText``); ``text_version`` and ``language``
    #: are copied from it (consents recorded before the texts were data have only those).
    consent_text = models.ForeignKey(
        "privacy.ConsentText",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("consent text agreed to"),
    )
    text_version = models.CharField(_("text version"), max_length=40)
    language = models.CharField(_("language of the text"), max_length=40)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return self.get_purpose_display()


class TransferStatus(models.TextChoices):
    OPEN = "open", _("waiting for the decision")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class TransferRequest(PublicIdModel, TimestampedModel):
    """A project asks the project that holds a person's case file to hand it over (the person
    moved, or came back in another district). The requesting side knows only that the person
    is in ``from_project``; the leads of ``from_project`` decide. An accepted transfer ends the
    stay in ``from_project`` and starts one in ``to_project``; the file moves with its history."""

    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="transfer_requests", verbose_name=_("mentee")
    )
    from_project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from project"),
    )
    to_project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to project"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    consent_on = models.DateField(_("the mentee agreed on"))
    consent_method = models.CharField(
        _("how the mentee agreed"), max_length=20, choices=ConsentMethod.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "to_project"],
                condition=models.Q(status="open"),
                name="transferrequest_one_open_per_project",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_project} → {self.to_project}"
