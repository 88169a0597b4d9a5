"""The append-only audit trail of reads, exports and changes of personal data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One thing someone did to personal data. Rows are never changed or deleted."""

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    mentee_id = models.UUIDField(_("mentee"), null=True, blank=True, db_index=True)
    project_id = models.BigIntegerField(_("project"), null=True, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        when = f"{self.occurred_at:%Y-%m-%d %H:%M}"
        return f"{when} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")


class AuditSubject(models.Model):
    """A person an audit row is about, when a row is about several (a list page that showed 50
    mentees writes one row and 50 of these), so the trail of one person finds it by an index.
    Append-only like the trail."""

    event = models.ForeignKey(
        AuditEvent, on_delete=models.PROTECT, related_name="subjects", verbose_name=_("audit event")
    )
    mentee_id = models.UUIDField(_("mentee"), db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("person in an audit event")
        verbose_name_plural = _("people in audit events")
        constraints = [
            models.UniqueConstraint(fields=["event", "mentee_id"], name="audit_subject_unique")
        ]

    def __str__(self) -> str:
        return str(self.mentee_id)

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")
