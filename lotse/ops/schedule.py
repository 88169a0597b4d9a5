"""The schedule: which background jobs run when. One table in code, read by ``run_scheduler``.

Times are cron expressions (minute hour day-of-month month day-of-week) in ``TIME_ZONE``
(Europe/Berlin), evaluated by cronsim, which treats the clock changes like cron does: a time
that does not exist in spring runs at the first minute after the change, one that occurs
twice in autumn runs once. A job whose due time was missed (no scheduler running then) is
caught up if the scheduler starts within ``grace`` of it; older due times are skipped.

Later jobs (the Federal Employment Agency import, retention) add a row to ``JOBS`` with a
function in ``lotse/ops/jobs.py`` that calls their service.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from cronsim import CronSim
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

JobFunction = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class Job:
    name: str
    description: str | Promise
    cron: str
    function: str  # dotted path of a callable taking ``should_stop`` and returning a dict
    max_attempts: int = 3
    retry_delay: datetime.timedelta = datetime.timedelta(minutes=5)
    grace: datetime.timedelta = datetime.timedelta(hours=12)
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        CronSim(self.cron, datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))  # fail early

    def _zone(self) -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    def last_due(self, now: datetime.datetime) -> datetime.datetime:
        """The latest due time at or before ``now`` (an aware datetime, in the local zone)."""
        local = now.astimezone(self._zone()).replace(microsecond=0) + datetime.timedelta(seconds=1)
        return next(CronSim(self.cron, local, reverse=True))

    def next_due(self, now: datetime.datetime) -> datetime.datetime:
        """The first due time after ``now``."""
        return next(CronSim(self.cron, now.astimezone(self._zone())))

    def backoff(self, failures: int) -> datetime.timedelta:
        """How long to wait before the next attempt after ``failures`` failed ones: the retry
        delay, four times as long after the second failure, and so on."""
        return self.retry_delay * 4 ** max(failures - 1, 0)


JOBS: tuple[Job, ...] = (
    Job(
        name="create_reminders",
        description=_("Reminders for expiring residence documents and agreed steps that are due"),
        cron="15 5 * * *",
        function="lotse.ops.jobs.create_reminders",
    ),
    Job(
        name="ensure_followups",
        description=_("Missing follow-ups (3, 6 and 12 months) and their tasks for placements"),
        cron="30 1 * * *",
        function="lotse.ops.jobs.ensure_followups",
    ),
    Job(
        name="refresh_matches",
        description=_("Match refresh: new strong matches become tasks for the mentors"),
        cron="0 2 * * *",
        function="lotse.ops.jobs.refresh_matches",
    ),
    Job(
        name="publish_report",
        description=_("The coordinator's published report figures, when the data have changed"),
        cron="40 * * * *",
        function="lotse.ops.jobs.publish_report",
        grace=datetime.timedelta(minutes=50),
    ),
    Job(
        name="import_ba_vacancies",
        description=_("Vacancies from the BA job board: new, changed and closed postings"),
        cron="30 3 * * *",
        function="lotse.ops.jobs.import_ba_vacancies",
        retry_delay=datetime.timedelta(minutes=20),
    ),
    Job(
        name="prune_imports",
        description=_("Uploaded spreadsheets and their rows older than a day are deleted"),
        cron="20 * * * *",
        function="lotse.ops.jobs.prune_imports",
        grace=datetime.timedelta(minutes=50),
    ),
    Job(
        name="prune_task_results",
        description=_("Finished background-task records older than 30 days are deleted"),
        cron="0 4 * * SUN",
        function="lotse.ops.jobs.prune_task_results",
    ),
    Job(
        name="apply_retention",
        description=_("Retention: case files and free text that are due are anonymised"),
        cron="30 3 * * *",
        function="lotse.ops.jobs.apply_retention",
    ),
)


def get_job(name: str) -> Job:
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)
