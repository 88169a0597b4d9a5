"""Employers, their contact persons, the services given to them, the WZ 2008 sector catalogue
and the vacancies they offer."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.lib.concurrency import VersionedModel
from lotse.lib.models import PublicIdModel, TimestampedModel
from lotse.reference.models import CefrLevel, RequirementLevel


class SectorLevel(models.IntegerChoices):
    SECTION = 1, _("section")
    DIVISION = 2, _("division")


class Sector(models.Model):
    """One position of the German classification of economic activities (WZ 2008): a section
    (letter A–U) or one of its 88 divisions (two digits). Loaded by ``load_sectors()``."""

    code = models.CharField(_("WZ 2008 code"), max_length=2, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=SectorLevel.choices)
    name_de = models.CharField(_("German name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="divisions",
        verbose_name=_("section"),
    )

    class Meta:
        verbose_name = _("sector (WZ 2008)")
        verbose_name_plural = _("sectors (WZ 2008)")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level=1, parent__isnull=True)
                | models.Q(level=2, parent__isnull=False),
                name="sector_divisions_have_a_section",
                violation_error_message=_("A division belongs to a section; a section to none."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "de").startswith("en") else self.name_de


class SizeClass(models.TextChoices):
    """Company size by employees, as in the EU SME definition."""

    MICRO = "micro", _("micro (fewer than 10 employees)")
    SMALL = "small", _("small (10 to 49 employees)")
    MEDIUM = "medium", _("medium (50 to 249 employees)")
    LARGE = "large", _("large (250 employees or more)")


SME_SIZE_CLASSES = (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM)


class Employer(PublicIdModel, TimestampedModel, VersionedModel):
    """A company or public body a project works with. Employers belong to one project and are
    scoped like mentees."""

    project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name=_("project"),
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
        limit_choices_to={"level": SectorLevel.DIVISION},
        verbose_name=_("sector (WZ 2008 division)"),
    )
    size_class = models.CharField(_("size"), max_length=10, choices=SizeClass.choices, blank=True)
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
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        indexes = [models.Index(fields=["project", "name"], name="employer_project_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sme(self) -> bool | None:
        """Small or medium-sized enterprise (fewer than 250 employees); None when unknown."""
        if not self.size_class:
            return None
        return self.size_class in SME_SIZE_CLASSES


class EmployerContact(PublicIdModel, TimestampedModel, VersionedModel):
    """A contact person at an employer. Their data may only be stored with their consent."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("employer")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_given_on = models.DateField(_("consent to store the data given on"))

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceKind(models.TextChoices):
    ACQUISITION = "acquisition", _("acquisition")
    ADVICE = "advice", _("advice on hiring and subsidies")
    ACCOMPANIMENT = "accompaniment", _("accompaniment")
    AFTER_CARE = "after_care", _("after-care")


class ServiceTarget(models.TextChoices):
    COMPANY = "company", _("the company")
    MENTEE = "mentee", _("a specific mentee")


class EmployerService(PublicIdModel, TimestampedModel, VersionedModel):
    """A service given to an employer. Services aimed at the company make the employer
    count as *looked after* in the period of their date."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="services", verbose_name=_("employer")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    target = models.CharField(
        _("aimed at"), max_length=10, choices=ServiceTarget.choices, default=ServiceTarget.COMPANY
    )
    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer_services",
        verbose_name=_("mentee"),
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
        verbose_name = _("service to an employer")
        verbose_name_plural = _("services to employers")
        ordering = ["-date", "-id"]
        indexes = [
            # "Looked after in a period": a company-aimed service of this employer in a range.
            models.Index(
                fields=["employer", "target", "date"], name="empservice_emp_target_date_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target=ServiceTarget.COMPANY, mentee__isnull=True)
                | models.Q(target=ServiceTarget.MENTEE, mentee__isnull=False),
                name="empservice_mentee_iff_aimed_at_mentee",
                violation_error_message=_(
                    "A service aimed at a mentee names the mentee; one aimed at the company "
                    "names none."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="empservice_duration_sane",
                violation_error_message=_("The duration must be between 1 and 1440 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} – {self.employer}"


class VacancyKind(models.TextChoices):
    JOB = "job", _("job")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    INTERNSHIP = "internship", _("internship / entry qualification (EQ)")
    MINI_JOB = "mini_job", _("mini-job")


class VacancySource(models.TextChoices):
    OWN = "own", _("own acquisition")
    BA = "ba", _("BA job board")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("open")
    FILLED = "filled", _("filled")
    CLOSED = "closed", _("closed")


class WorkingTime(models.TextChoices):
    """The working-time models of the BA job board (``arbeitszeitmodelle``)."""

    FULL_TIME = "VOLLZEIT", _("full-time")
    PART_TIME = "TEILZEIT", _("part-time")
    SHIFTS = "SCHICHT_NACHTARBEIT_WOCHENENDE", _("shifts, nights, weekends")
    HOME = "HEIM_TELEARBEIT", _("working from home")
    MINI_JOB = "MINIJOB", _("mini-job")


#: The posting on the BA job board, by its reference number.
JOB_BOARD_URL = "https://www.arbeitsagentur.de/jobsuche/jobdetail/{refnr}"


class Vacancy(PublicIdModel, TimestampedModel, VersionedModel):
    """An open position at an employer. Matching reads the occupation, requirement level,
    workplace coordinates, German level, hours, start date, kind, licence and status.

    Vacancies imported from the BA job board (``lotse.jobsuche``) have no employer and belong to
    no project: the employer is only named (``employer_name``), every project's mentors see them
    in matching, and a mentor takes one over into a vacancy of an own employer (``origin``)."""

    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
        verbose_name=_("employer"),
    )
    employer_name = models.CharField(_("employer name"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=VacancyKind.choices, default=VacancyKind.JOB
    )
    title = models.CharField(_("title"), max_length=200)
    occupation = models.ForeignKey(
        "reference.Occupation",
        on_delete=models.PROTECT,
        related_name="vacancies",
        limit_choices_to={"level": 5},
        verbose_name=_("occupation (KldB 2010)"),
    )
    requirement_level = models.PositiveSmallIntegerField(
        _("requirement level"), choices=RequirementLevel.choices
    )
    requirement_level_overridden = models.BooleanField(
        _("requirement level set by hand"), default=False
    )
    workplace_postcode = models.CharField(_("workplace postcode"), max_length=5, blank=True)
    # True when no workplace of its own was given: the workplace moves with the employer.
    workplace_at_employer = models.BooleanField(
        _("workplace at the employer's address"), default=False
    )
    workplace_place = models.ForeignKey(
        "reference.Postcode",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workplace"),
    )
    district = models.ForeignKey(
        "reference.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    german_level = models.CharField(
        _("German level required"), max_length=6, choices=CefrLevel.choices, blank=True
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    shift_work = models.BooleanField(_("shift work"), default=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    driving_licence_required = models.BooleanField(_("driving licence required"), default=False)
    source = models.CharField(
        _("source"), max_length=10, choices=VacancySource.choices, default=VacancySource.OWN
    )
    ba_refnr = models.CharField(_("BA reference number"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    description = models.TextField(_("description"), blank=True)
    # From the BA job board: the working-time models (``WorkingTime`` values), limited or not,
    # "suitable for refugees", the employer's own link, the posting's last change there and
    # when it disappeared from the board.
    working_time_models = models.JSONField(_("working-time models"), default=list, blank=True)
    limited = models.BooleanField(_("limited"), null=True, blank=True)
    suitable_for_refugees = models.BooleanField(_("suitable for refugees"), null=True, blank=True)
    external_url = models.URLField(_("external link"), max_length=500, blank=True)
    ba_modified = models.CharField(_("changed on the BA job board"), max_length=40, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taken_over",
        verbose_name=_("taken over from"),
    )

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "kind"], name="vacancy_status_kind_idx"),
            models.Index(fields=["employer", "status"], name="vacancy_employer_status_idx"),
            # The matching index's revision: the last change in one look-up (lotse/matching).
            models.Index(fields=["updated_at"], name="vacancy_updated_idx"),
        ]
        constraints = [
            # One imported posting per reference number; a project records it at most once per
            # employer (two projects may each take the same posting over).
            models.UniqueConstraint(
                fields=["ba_refnr"],
                condition=models.Q(employer__isnull=True),
                name="vacancy_unique_ba_refnr",
                violation_error_message=_(
                    "A vacancy with this BA reference number has already been recorded."
                ),
            ),
            models.UniqueConstraint(
                fields=["employer", "ba_refnr"],
                condition=~models.Q(ba_refnr=""),
                name="vacancy_unique_ba_refnr_per_employer",
                violation_error_message=_(
                    "A vacancy with this BA reference number has already been recorded."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(employer__isnull=False) | models.Q(source=VacancySource.BA),
                name="vacancy_without_employer_is_from_ba",
                violation_error_message=_(
                    "Only a vacancy from the BA job board may have no employer."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(source=VacancySource.OWN, ba_refnr="")
                | (models.Q(source=VacancySource.BA) & ~models.Q(ba_refnr="")),
                name="vacancy_ba_refnr_iff_ba_source",
                violation_error_message=_(
                    "A vacancy from the BA job board needs its reference number; one from own "
                    "acquisition has none."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(requirement_level__gte=1, requirement_level__lte=4),
                name="vacancy_requirement_level_1_to_4",
                violation_error_message=_("The requirement level must be between 1 and 4."),
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__isnull=True)
                | models.Q(hours_per_week__gte=1, hours_per_week__lte=60),
                name="vacancy_hours_per_week_sane",
                violation_error_message=_("The hours per week must be between 1 and 60."),
            ),
        ]

    def __str__(self) -> str:
        employer = self.employer_label
        return f"{self.title} – {employer}" if employer else self.title

    @property
    def is_open(self) -> bool:
        return self.status == VacancyStatus.OPEN

    @property
    def employer_label(self) -> str:
        """The employer's name: the record's, or the one the BA job board gives."""
        return self.employer.name if self.employer_id else self.employer_name

    @property
    def is_imported(self) -> bool:
        """Imported from the BA job board: belongs to no project."""
        return self.employer_id is None

    @property
    def job_board_url(self) -> str:
        """The posting on the BA job board, for vacancies from there."""
        if self.source != VacancySource.BA or not self.ba_refnr:
            return ""
        return JOB_BOARD_URL.format(refnr=self.ba_refnr)
