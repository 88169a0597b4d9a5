"""Organisations, projects, users and their memberships with roles."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.lib.models import PublicIdModel


class Organisation(PublicIdModel):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(PublicIdModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    districts = models.ManyToManyField(
        "reference.District", related_name="projects", blank=True, verbose_name=_("districts")
    )
    esf_indicators = models.BooleanField(_("records ESF Plus indicators"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgrammeRole(models.TextChoices):
    """Roles that span the whole programme rather than one project."""

    NONE = "", _("none")
    COORDINATOR = "coordinator", _("programme coordinator")
    DATA_PROTECTION = "dpo", _("data protection officer")
    ADMINISTRATOR = "admin", _("administrator")


class User(AbstractUser):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    programme_role = models.CharField(
        _("programme role"),
        max_length=20,
        choices=ProgrammeRole.choices,
        blank=True,
        default=ProgrammeRole.NONE,
    )
    projects = models.ManyToManyField(
        Project, through="Membership", related_name="members", verbose_name=_("projects")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the interface, kept from the last switch."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def works_programme_wide(self) -> bool:
        """Programme roles and staff accounts see no case files, so they hold no membership."""
        return bool(self.programme_role) or self.is_staff or self.is_superuser

    def clean(self) -> None:
        super().clean()
        if self.pk and self.works_programme_wide and self.memberships.exists():
            raise ValidationError(
                _(
                    "A user with a programme role or access to the administration cannot be a "
                    "member of a project. Remove the project memberships first."
                ),
                code="programme_role_with_membership",
            )


class ProjectRole(models.TextChoices):
    MENTOR = "mentor", _("mentor")
    LEAD = "lead", _("project lead")


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    role = models.CharField(_("role"), max_length=20, choices=ProjectRole.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project"], name="membership_unique_user_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.user_id and self.user.works_programme_wide:
            raise ValidationError(
                {
                    "user": _(
                        "Coordinators, data protection officers, administrators and staff "
                        "accounts cannot be members of a project: they never see case files."
                    )
                },
                code="programme_role_with_membership",
            )
