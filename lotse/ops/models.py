from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    RETRYING = "retrying", _("failed, will be retried")
    FAILED = "failed", _("failed")
    STOPPED = "stopped", _("stopped, will be continued")


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("schedule")
    MANUAL = "manual", _("by hand")


class JobRun(models.Model):
    """One run of a scheduled job for one due time, claimed by the scheduler that enqueued it
    (unique per job and due time, so two schedulers enqueue it once). Everything after
    ``enqueued_at`` is written by the job itself while it runs: start, end, outcome, error."""

    job = models.CharField(_("job"), max_length=64)
    due_at = models.DateTimeField(_("due at"))
    trigger = models.CharField(
        _("trigger"), max_length=16, choices=RunTrigger.choices, default=RunTrigger.SCHEDULE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    failures = models.PositiveSmallIntegerField(_("failures"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=128, blank=True)
    task_result_id = models.CharField(_("task result"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-due_at", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "due_at"], name="ops_jobrun_once_per_due_time")
        ]
        indexes = [models.Index(fields=["job", "-due_at"], name="ops_jobrun_job_due")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.due_at:%Y-%m-%d %H:%M}"


class BarrierStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")


class BarrierReport(models.Model):
    """A barrier someone reported through the accessibility statement (BITV 2.0 § 7 (1) 2: the
    feedback mechanism). It waits for the operator, who answers within
    ``LOTSE_ACCESSIBILITY_ANSWER_DAYS`` and marks it answered in the administration. The
    reporter's name and address are optional and only for the answer."""

    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    page = models.CharField(_("page concerned"), max_length=300, blank=True)
    description = models.TextField(_("what is hard to use"), max_length=4000)
    contact_name = models.CharField(_("your name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("your e-mail address"), blank=True)
    answer_due = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=16, choices=BarrierStatus.choices, default=BarrierStatus.OPEN
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reported barrier")
        verbose_name_plural = _("reported barriers")
        ordering = ["status", "answer_due"]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y} · {self.get_status_display()}"
