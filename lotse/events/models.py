"""Group events of a project (workshops, application trainings, employer days, job fairs) and
the mentees invited to them, with their attendance recorded afterwards.

An event belongs to one project; its staff are users of that project, its employers the
project's employers, its invitees the project's mentees. The duration is derived from the
start and end time (``kinds.GROUP_EVENT``'s ``prepare``), so the hours in the report and on the
attendance list agree.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotse.lib.concurrency import VersionedModel
from lotse.lib.models import PublicIdModel, TimestampedModel


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", pgettext_lazy("event kind", "workshop")
    APPLICATION_TRAINING = (
        "application_training",
        pgettext_lazy("event kind", "application training"),
    )
    EMPLOYER_DAY = "employer_day", pgettext_lazy("event kind", "employer day")
    JOB_FAIR = "job_fair", pgettext_lazy("event kind", "job fair")
    OTHER = "other", pgettext_lazy("event kind", "other")


class Attendance(models.TextChoices):
    OPEN = "", _("not recorded yet")
    ATTENDED = "attended", _("attended")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class GroupEventQuerySet(models.QuerySet):
    def held(self) -> "GroupEventQuerySet":
        """Events that took place: not cancelled and dated today or earlier. The one rule for
        the report's "Group events held" and their hours and for the staff's time sheets,
        which count ``duration_minutes`` (set from the start and end time)."""
        return self.filter(cancelled=False, date__lte=timezone.localdate())


class GroupEvent(PublicIdModel, TimestampedModel, VersionedModel):
    project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.PROTECT,
        related_name="group_events",
        verbose_name=_("project"),
    )
    kind = models.CharField(_("kind of event"), max_length=30, choices=EventKind.choices)
    title = models.CharField(
        _("title or topic"),
        max_length=200,
        help_text=_("For example “Writing a CV for German employers”."),
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=0)
    place = models.CharField(
        _("place"), max_length=200, help_text=_("Address or room, for example “Room 2.14”.")
    )
    district = models.ForeignKey(
        "reference.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Where the event takes place; the report counts the event there."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="group_events",
        verbose_name=_("staff"),
    )
    employers = models.ManyToManyField(
        "employers.Employer",
        blank=True,
        related_name="group_events",
        verbose_name=_("employers taking part"),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = GroupEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("group event")
        verbose_name_plural = _("group events")
        ordering = ["-date", "-starts_at", "-id"]
        indexes = [models.Index(fields=["project", "date"], name="groupevent_project_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="groupevent_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__lte=24 * 60),
                name="groupevent_duration_at_most_a_day",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if self.district_id and self.project_id:
            covered = self.project.districts.filter(pk=self.district_id).exists()
            if not covered and self.project.districts.exists():
                raise ValidationError(
                    {"district": _("Please choose one of the districts of the project.")}
                )

    @property
    def starts(self) -> datetime.datetime:
        """The start as an aware datetime in the project's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.date, self.starts_at))

    @property
    def is_past(self) -> bool:
        """The event has begun (attendance can be recorded)."""
        return self.starts <= timezone.now()

    @property
    def hours(self) -> float:
        return round(self.duration_minutes / 60, 2)

    @property
    def hours_label(self) -> str:
        """The duration in hours as the reader writes numbers: "2,5", "3", "1,75"."""
        hours = self.hours
        return number_format(int(hours) if hours == int(hours) else hours)


class Invitation(PublicIdModel, TimestampedModel, VersionedModel):
    """A mentee invited to an event, with the attendance recorded afterwards."""

    event = models.ForeignKey(
        GroupEvent,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("group event"),
    )
    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.CASCADE,
        related_name="event_invitations",
        verbose_name=_("mentee"),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )

    class Meta:
        verbose_name = _("invitation to a group event")
        verbose_name_plural = _("invitations to group events")
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "mentee"], name="invitation_once_per_event")
        ]
        indexes = [models.Index(fields=["mentee", "event"], name="invitation_mentee_idx")]

    def __str__(self) -> str:
        return f"{self.event} ({self.get_attendance_display()})"

    def clean(self) -> None:
        super().clean()
        known = self._state.adding and self.event_id and self.mentee_id
        if known and self.mentee.project_id != self.event.project_id:
            raise ValidationError({"mentee": _("Please choose a mentee of the event's project.")})
