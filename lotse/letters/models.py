"""Letters in the mentee's language: the templates (data a project lead edits) and the record
of each letter generated.

A ``LetterTemplate`` is one version of the text of one kind of letter in one language, either
programme-wide (``project`` empty, seeded by ``seed_letter_templates``) or a project's own. A
new wording is a new row with the next version; rows are never changed afterwards except for
the native speaker's check, so a generated ``Letter`` can always say which text it used.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.lib.models import PublicIdModel, TimestampedModel


class LetterKind(models.TextChoices):
    INVITATION = "invitation", _("invitation to an appointment")
    REMINDER = "reminder", _("reminder of an appointment")
    CONSENT = "consent", _("consent form")
    AGREEMENT = "agreement", _("integration agreement")
    EMPLOYER = "employer", _("confirmation for an employer")


#: Kinds that need an appointment, and the kind that goes to an employer.
APPOINTMENT_KINDS = frozenset({LetterKind.INVITATION, LetterKind.REMINDER})


class LetterLanguage(models.TextChoices):
    """The languages a letter is written in: German, alone or with one of these beside it."""

    GERMAN = "de", "Deutsch"
    ENGLISH = "en", "English"
    ARABIC = "ar", "العربية"
    PERSIAN = "fa", "فارسی / دری"
    UKRAINIAN = "uk", "Українська"
    RUSSIAN = "ru", "Русский"
    TURKISH = "tr", "Türkçe"


#: Scripts written from right to left.
RTL_LANGUAGES = frozenset({LetterLanguage.ARABIC, LetterLanguage.PERSIAN})

#: ISO 639 codes of ``reference.Language`` that a letter language covers (Dari is Persian).
REFERENCE_CODES = {
    "de": "de",
    "en": "en",
    "ar": "ar",
    "fa": "fa",
    "prs": "fa",
    "uk": "uk",
    "ru": "ru",
    "tr": "tr",
}


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


class LetterFormat(models.TextChoices):
    PDF = "pdf", _("PDF (to print)")
    DOCX = "docx", _("Word (DOCX, to edit)")


class LetterTemplate(PublicIdModel, TimestampedModel):
    kind = models.CharField(_("kind of letter"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=5, choices=LetterLanguage.choices)
    project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letter_templates",
        verbose_name=_("project"),
        help_text=_("Empty: the programme-wide text."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Paragraphs are separated by an empty line. Placeholders in braces, like {name}, "
            "are filled in when the letter is made."
        ),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by a native speaker"),
    )
    checked_at = models.DateTimeField(_("checked on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "project", "version"],
                condition=models.Q(project__isnull=False),
                name="lettertemplate_unique_project_version",
            ),
            models.UniqueConstraint(
                fields=["kind", "language", "version"],
                condition=models.Q(project__isnull=True),
                name="lettertemplate_unique_programme_version",
            ),
            models.CheckConstraint(
                condition=models.Q(checked_by__isnull=True) | models.Q(checked_at__isnull=False),
                name="lettertemplate_checked_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language}, v{self.version})"

    @property
    def is_translation(self) -> bool:
        return self.language != LetterLanguage.GERMAN

    @property
    def needs_check(self) -> bool:
        """A translation nobody has confirmed yet ("to be checked by a native speaker")."""
        return self.is_translation and self.checked_at is None

    @property
    def direction(self) -> str:
        return direction(self.language)


class Letter(PublicIdModel, TimestampedModel):
    """One letter generated for a mentee: which kind, language and template versions, about
    which appointment, consent text or employer. The file itself is not kept."""

    mentee = models.ForeignKey(
        "cases.Mentee", on_delete=models.CASCADE, related_name="letters", verbose_name=_("mentee")
    )
    kind = models.CharField(_("kind of letter"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(
        _("language beside German"), max_length=5, choices=LetterLanguage.choices
    )
    file_format = models.CharField(_("format"), max_length=5, choices=LetterFormat.choices)
    template = models.ForeignKey(
        LetterTemplate,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("German text used"),
    )
    translation = models.ForeignKey(
        LetterTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translated_letters",
        verbose_name=_("translation used"),
    )
    appointment = models.ForeignKey(
        "journal.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("appointment"),
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("employer"),
    )
    consent_text = models.ForeignKey(
        "privacy.ConsentText",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("consent text"),
    )
    consent_translation = models.ForeignKey(
        "privacy.ConsentText",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translated_letters",
        verbose_name=_("consent text beside it"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["mentee", "-created_at"], name="letter_mentee_time_idx")]

    def __str__(self) -> str:
        return str(self.get_kind_display())
