"""Data protection: requests of data subjects, restriction, versioned consent texts (top part);
erasure and retention (below)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import ConsentPurpose
from lotse.lib.concurrency import VersionedModel
from lotse.lib.models import CheckedModel, PublicIdModel, TimestampedModel

# Data-subject requests and consent texts -------------------------------------------------------


class RequestKind(models.TextChoices):
    """The rights of Art. 15–21 GDPR a person can ask for."""

    ACCESS = "access", _("access (Art. 15)")
    RECTIFICATION = "rectification", _("rectification (Art. 16)")
    ERASURE = "erasure", _("erasure (Art. 17)")
    RESTRICTION = "restriction", _("restriction of processing (Art. 18)")
    PORTABILITY = "portability", _("data portability (Art. 20)")
    OBJECTION = "objection", _("objection (Art. 21)")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    REFUSED = "refused", _("refused (with reasons given)")


#: Statuses of a request that is still to be answered (its deadline runs).
OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


class RequestChannel(models.TextChoices):
    LETTER = "letter", _("letter")
    EMAIL = "email", _("e-mail")
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    OTHER = "other", _("other")


class DataSubjectRequest(PublicIdModel, TimestampedModel, VersionedModel):
    """A request of a mentee under Art. 15–21 GDPR, with its one-month deadline (Art. 12(3)),
    which may be extended by two further months with a reason. The record is kept as evidence
    of how the request was answered (Art. 5(2)); ``mentee`` stays when the person is erased."""

    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.SET_NULL,
        null=True,
        related_name="data_subject_requests",
        verbose_name=_("mentee"),
    )
    kind = models.CharField(_("right asked for"), max_length=20, choices=RequestKind.choices)
    channel = models.CharField(
        _("received by"),
        max_length=20,
        choices=RequestChannel.choices,
        default=RequestChannel.LETTER,
    )
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due by"))
    extended_until = models.DateField(_("deadline extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    details = models.TextField(
        _("what was asked for"),
        blank=True,
        help_text=_("For example which data are contested, or the grounds of an objection."),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("answered on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="dsr_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("received_on")),
                name="dsr_due_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(extended_until__isnull=True)
                | models.Q(extended_until__gt=models.F("due_on")),
                name="dsr_extension_after_due",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("received_on")),
                name="dsr_closed_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.received_on:%d.%m.%Y})"

    @property
    def deadline(self):
        return self.extended_until or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RestrictionReason(models.TextChoices):
    """The grounds of Art. 18(1) GDPR."""

    ACCURACY = "accuracy", _("accuracy contested, being verified (Art. 18(1)(a))")
    UNLAWFUL = "unlawful", _("processing unlawful, restriction instead of erasure (Art. 18(1)(b))")
    LEGAL_CLAIMS = "legal_claims", _("needed by the person for legal claims (Art. 18(1)(c))")
    OBJECTION = "objection", _("objection pending verification (Art. 18(1)(d))")


class Restriction(CheckedModel):
    """Restriction of processing (Art. 18 GDPR): while it exists, the record is hidden from the
    project's mentors (lists, pages, matching, person reports); only the project's leads and
    the data protection officer see that it exists, and they can lift it. Nothing is deleted;
    lifting removes this row (the trail keeps who restricted and lifted when)."""

    mentee = models.OneToOneField(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="restriction",
        verbose_name=_("mentee"),
    )
    reason = models.CharField(_("ground"), max_length=20, choices=RestrictionReason.choices)
    request = models.ForeignKey(
        DataSubjectRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("data-subject request"),
    )
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("restricted by"),
    )
    restricted_at = models.DateTimeField(_("restricted since"), auto_now_add=True)

    class Meta:
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")

    def __str__(self) -> str:
        return self.get_reason_display()


class TextLanguage(models.TextChoices):
    """Languages a consent text is offered in (ISO 639-1)."""

    GERMAN = "de", "Deutsch"
    ENGLISH = "en", "English"
    ARABIC = "ar", "العربية"
    PERSIAN = "fa", "فارسی"
    UKRAINIAN = "uk", "Українська"
    RUSSIAN = "ru", "Русский"
    TURKISH = "tr", "Türkçe"
    FRENCH = "fr", "Français"
    TIGRINYA = "ti", "ትግርኛ"
    PASHTO = "ps", "پښتو"


class ConsentText(PublicIdModel, TimestampedModel):
    """One version of the text of a consent purpose in one language, as the person reads and
    signs it. A text that a consent refers to is evidence and is not changed: a new wording is a
    new version."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    version = models.CharField(_("version"), max_length=40, help_text=_("For example “v3”."))
    language = models.CharField(_("language"), max_length=10, choices=TextLanguage.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    valid_from = models.DateField(_("valid from"))
    checked_translation = models.BooleanField(
        _("checked translation"),
        default=False,
        help_text=_("A qualified translator has checked the text against the German original."),
    )

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose", "-valid_from", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version", "language"], name="consenttext_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.version} ({self.get_language_display()})"


# Erasure and retention ---------------------------------------------------------------------------


# Erasure and retention


class ReviewReason(models.TextChoices):
    CONSENT_WITHDRAWN = "consent_withdrawn", _("consent to case management withdrawn")
    REQUEST = "request", _("request of the data subject")


class ReviewDecision(models.TextChoices):
    OPEN = "", _("not decided yet")
    ERASE = "erase", _("erase (anonymise) now")
    KEEP = "keep", _("keep, for a legal reason")


class KeepReason(models.TextChoices):
    NONE = "", _("none")
    RETENTION_DUTY = "retention_duty", _("retention duty of the funder (ESF Plus, grant terms)")
    LEGAL_CLAIMS = "legal_claims", _("establishment, exercise or defence of legal claims")
    LEGAL_OBLIGATION = "legal_obligation", _("another legal obligation")
    OTHER_BASIS = "other_basis", _("processing continues on another legal basis")


class ErasureReview(PublicIdModel, VersionedModel):
    """Whether a mentee's record is erased now: opened when the consent to case management is
    withdrawn (or by a request), decided by the project lead or the data protection officer."""

    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.PROTECT,
        related_name="erasure_reviews",
        verbose_name=_("mentee"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReviewReason.choices)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    due_on = models.DateField(_("to be decided by"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=ReviewDecision.choices, blank=True
    )
    keep_reason = models.CharField(
        _("legal reason to keep"), max_length=20, choices=KeepReason.choices, blank=True
    )
    keep_until = models.DateField(_("kept until"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("erasure review")
        verbose_name_plural = _("erasure reviews")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(decision=""),
                name="erasurereview_one_open_per_mentee",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="keep") | ~models.Q(keep_reason=""),
                name="erasurereview_keep_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def is_open(self) -> bool:
        return self.decision == ReviewDecision.OPEN


class LegalHold(PublicIdModel):
    """Stops retention for one mentee (a pending lawsuit, an audit of the funder) until it is
    lifted or its end date has passed."""

    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.PROTECT,
        related_name="legal_holds",
        verbose_name=_("mentee"),
    )
    reason = models.CharField(_("reason"), max_length=300)
    until = models.DateField(_("until"), null=True, blank=True)
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-set_at", "pk"]

    def __str__(self) -> str:
        return str(self.public_id)
