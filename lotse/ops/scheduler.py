"""The scheduler loop behind ``manage.py run_scheduler``: every pass enqueues the jobs whose
latest due time has no run yet (``services.run_enqueue``, idempotent across schedulers), then
sleeps until the next due time or ``interval`` seconds, whichever comes first. SIGTERM and
SIGINT end the loop after the current pass; a database that does not answer is tried again on
the next pass."""

import datetime
import logging
import signal
import threading
from collections.abc import Iterable
from typing import Any

from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from lotse.ops import schedule
from lotse.ops.models import JobRun, RunTrigger
from lotse.ops.services import run_enqueue

logger = logging.getLogger("lotse.ops")


def enqueue_due(now: datetime.datetime, jobs: Iterable[schedule.Job] | None = None) -> list[JobRun]:
    """Enqueue every job whose latest due time (within its grace) has not been claimed yet."""
    enqueued = []
    for job in schedule.JOBS if jobs is None else jobs:
        due = job.last_due(now)
        if now - due > job.grace:
            continue
        run = run_enqueue(job=job, due_at=due)
        if run is not None:
            enqueued.append(run)
    return enqueued


def enqueue_now(jobs: Iterable[schedule.Job] | None = None) -> list[JobRun]:
    """Enqueue a run of each job now, by hand (the time to the second is its due time)."""
    now = timezone.now().replace(microsecond=0)
    runs = [
        run_enqueue(job=job, due_at=now, trigger=RunTrigger.MANUAL)
        for job in (schedule.JOBS if jobs is None else jobs)
    ]
    return [run for run in runs if run is not None]


class Scheduler:
    def __init__(self, *, interval: float = 30.0) -> None:
        self.interval = interval
        self.stopping = threading.Event()

    def stop(self, signum: int, frame: Any) -> None:
        logger.info("scheduler stopping", extra={"signal": signal.strsignal(signum)})
        self.stopping.set()

    def seconds_to_sleep(self, now: datetime.datetime) -> float:
        upcoming = min((job.next_due(now) for job in schedule.JOBS), default=None)
        if upcoming is None:
            return self.interval
        return max(0.5, min(self.interval, (upcoming - now).total_seconds()))

    def run(self, *, run_due_now: bool = False, once: bool = False) -> None:
        previous = {s: signal.signal(s, self.stop) for s in (signal.SIGTERM, signal.SIGINT)}
        logger.info("scheduler started", extra={"jobs": [job.name for job in schedule.JOBS]})
        try:
            if run_due_now:
                self._guarded(enqueue_now)
            while not self.stopping.is_set():
                close_old_connections()
                self._guarded(lambda: enqueue_due(timezone.now()))
                if once:
                    break
                self.stopping.wait(self.seconds_to_sleep(timezone.now()))
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            close_old_connections()
        logger.info("scheduler stopped")

    def _guarded(self, enqueue: Any) -> None:
        try:
            enqueue()
        except DatabaseError:
            logger.exception("scheduler pass failed; trying again on the next pass")
