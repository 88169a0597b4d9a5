"""The journal's note that a CV (Lebenslauf) was made for the mentee: when, by whom, as which
file, with which personal details and whether with a photo. The CV itself is not kept; it is
made again from the profile whenever it is wanted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.lib.models import PublicIdModel, TimestampedModel


class CvFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")


class Detail(models.TextChoices):
    """The personal details a mentor may put on the CV (each one chosen, none by default
    beyond what an application needs)."""

    NAME = "name", _("name")
    ADDRESS = "address", _("address")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    BIRTH_DATE = "birth_date", _("date of birth")
    NATIONALITY = "nationality", _("nationality")


class CvRecord(PublicIdModel, TimestampedModel):
    """One CV handed out, as it appears in the mentee's journal."""

    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="cv_records",
        verbose_name=_("mentee"),
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    file_format = models.CharField(_("file"), max_length=10, choices=CvFormat.choices)
    #: ``Detail`` values, in the order of ``Detail``: codes only, never the values themselves.
    details = models.JSONField(_("personal details included"), default=list, blank=True)
    with_photo = models.BooleanField(_("with photo"), default=False)
    #: What the download makes again from the profile: the photo chosen and the place.
    photo = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    place = models.CharField(_("place"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("CV made")
        verbose_name_plural = _("CVs made")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["mentee", "-created_at"], name="cvrecord_mentee_idx")]

    def __str__(self) -> str:
        return str(_("CV (%(format)s)") % {"format": self.get_file_format_display()})

    def detail_labels(self) -> list[str]:
        labels = dict(Detail.choices)
        return [str(labels[d]) for d in self.details if d in labels]
