"""Documents on the case file: a copy of a passport, a residence permit, a certificate, a
recognition notice, … with its kind, dates and the record it proves.

The file itself lives in the ``documents`` storage (``settings.STORAGES``: a private folder by
default, never under a static or media URL) under a random name; its original name is kept as
metadata only. Only ``lotse.documents.files.check_upload`` produces what is stored.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotse.lib.concurrency import VersionedModel
from lotse.lib.models import PublicIdModel, TimestampedModel


def document_storage() -> Storage:
    """The storage of the files (``STORAGES["documents"]``), looked up when used. The code
    reads, writes and deletes the files through this function, not through ``Document.file``
    (a field evaluates its storage once, when the model is loaded)."""
    return storages["documents"]


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", pgettext_lazy("document kind", "passport")
    RESIDENCE_PERMIT = "residence_permit", pgettext_lazy("document kind", "residence permit")
    FIKTIONSBESCHEINIGUNG = "fiktion", pgettext_lazy("document kind", "Fiktionsbescheinigung")
    CERTIFICATE = "certificate", pgettext_lazy("document kind", "certificate")
    RECOGNITION_NOTICE = "recognition", pgettext_lazy("document kind", "recognition notice")
    LANGUAGE_CERTIFICATE = "language", pgettext_lazy("document kind", "language certificate")
    CONTRACT = "contract", pgettext_lazy("document kind", "contract")
    CV = "cv", pgettext_lazy("document kind", "CV")
    OTHER = "other", pgettext_lazy("document kind", "other")


class FileType(models.TextChoices):
    """The types Lotse accepts, recognised from the content (``files.check_upload``)."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"


class Document(PublicIdModel, TimestampedModel, VersionedModel):
    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("mentee"),
    )
    kind = models.CharField(_("kind of document"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("For example “Bachelor's degree, Damascus University”."),
    )
    file = models.FileField(_("file"), storage=document_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100, choices=FileType.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    residence_status = models.ForeignKey(
        "cases.ResidenceStatus",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("proves the residence status"),
    )
    qualification = models.ForeignKey(
        "cases.Qualification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("proves the qualification"),
    )
    course = models.ForeignKey(
        "journal.CourseParticipation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("proves the course"),
    )
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("proves the placement"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    #: The links to the records a document proves (all of them the mentee's own).
    LINKS = ("residence_status", "qualification", "course", "placement")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["mentee", "-created_at"], name="document_mentee_idx"),
            models.Index(fields=["expires_on"], name="document_expires_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="document_expires_after_issue",
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="document_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())

    @property
    def proves(self) -> list[models.Model]:
        """The records the document proves (joined by ``selectors.documents_for``)."""
        return [linked for name in self.LINKS if (linked := getattr(self, name)) is not None]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            errors["expires_on"] = _("The document cannot expire before it was issued.")
        for name in self.LINKS:
            linked = getattr(self, name)
            if linked is not None and self.mentee_id and linked.mentee_id != self.mentee_id:
                errors[name] = _("Please choose a record of this mentee.")
        if errors:
            raise ValidationError(errors)
