from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.lib.concurrency import VersionedModel
from lotse.lib.models import PublicIdModel

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
