"""Enqueueing and running scheduled jobs.

``run_enqueue`` is what a scheduler calls: it claims the run of one job for one due time (a row
with a unique constraint on job and due time) and enqueues the ``run_job`` task in the same
transaction, so two schedulers on two machines enqueue each run once, and a crash leaves
neither a claim without its task nor a task without its claim.

``run_execute`` is what the task does on a ``db_worker``: it records its own start, end,
duration, result or error on the claimed row, retries a failure later with a growing delay
(``Job.backoff``) up to ``Job.max_attempts``, and stops cleanly on SIGTERM: the job is asked to
stop between two chunks, the run is marked stopped and enqueued again to be continued.
"""

import contextlib
import datetime
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from lotse.lib.stopping import Stopped
from lotse.ops.models import JobRun, RunStatus, RunTrigger
from lotse.ops.schedule import Job, get_job

logger = logging.getLogger("lotse.ops")

ERROR_LIMIT = 4000  # characters of the error kept on the run
TASK_RESULTS_KEPT = datetime.timedelta(days=30)


def run_enqueue(
    *, job: Job, due_at: datetime.datetime, trigger: str = RunTrigger.SCHEDULE
) -> JobRun | None:
    """Claim and enqueue the run of ``job`` for ``due_at``; None if it was claimed already."""
    if JobRun.objects.filter(job=job.name, due_at=due_at).exists():
        return None  # the usual case on every pass; the constraint below settles races
    try:
        with transaction.atomic():
            run = JobRun.objects.create(job=job.name, due_at=due_at, trigger=trigger)
            _enqueue_task(run)
    except IntegrityError:
        return None
    logger.info("job enqueued", extra={"job": job.name, "run": run.pk, "due_at": due_at})
    return run


def _enqueue_task(run: JobRun, run_after: datetime.datetime | None = None) -> None:
    from lotse.ops.tasks import run_job

    task = run_job.using(run_after=run_after) if run_after else run_job
    result = task.enqueue(run.pk)
    run.task_result_id = str(result.id)
    run.next_attempt_at = run_after
    run.save(update_fields=["task_result_id", "next_attempt_at"])


class StopFlag:
    """Set when SIGTERM arrives while a job runs. The handler that was installed before (the
    worker's own, which finishes the current task and then exits) is still called."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def __call__(self) -> bool:
        return self._event.is_set()

    @contextlib.contextmanager
    def listening(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # signal handlers can only be installed in the main thread
            return
        previous = signal.getsignal(signal.SIGTERM)

        def handle(signum: int, frame: Any) -> None:
            self._event.set()
            if callable(previous):
                previous(signum, frame)

        signal.signal(signal.SIGTERM, handle)
        try:
            yield
        finally:
            signal.signal(signal.SIGTERM, previous)


def run_execute(*, run_id: int) -> dict[str, Any]:
    """Run the claimed job run ``run_id`` and record how it went (see the module docstring)."""
    with transaction.atomic():
        run = JobRun.objects.select_for_update().get(pk=run_id)
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.RUNNING):
            # A stray duplicate task for a run that another worker finished or is running.
            return {"skipped": run.status}
        run.status = RunStatus.RUNNING
        run.attempts += 1
        run.started_at = timezone.now()
        run.finished_at = run.duration = run.next_attempt_at = None
        run.worker = f"{socket.gethostname()}:{os.getpid()}"[:128]
        run.save()
    job = get_job(run.job)
    log = {"job": run.job, "run": run.pk, "attempt": run.attempts}
    logger.info("job started", extra=log)
    stop = StopFlag()
    began = time.monotonic()
    try:
        with stop.listening():
            result = import_string(job.function)(should_stop=stop)
    except Stopped as stopped:
        done = stopped.args[0] if stopped.args else None
        _finish(run, began, RunStatus.STOPPED, result=done, again_at=timezone.now())
        logger.warning("job stopped, enqueued again", extra=log)
        return {"stopped": True, "done": done}
    except Exception as error:
        run.failures += 1
        again_at = None
        if run.failures < job.max_attempts:
            again_at = timezone.now() + job.backoff(run.failures)
        _finish(
            run,
            began,
            RunStatus.RETRYING if again_at else RunStatus.FAILED,
            error=f"{type(error).__module__}.{type(error).__qualname__}: {error}",
            again_at=again_at,
        )
        logger.exception("job failed", extra={**log, "retry_at": again_at})
        raise
    except BaseException:
        # A second SIGTERM (the worker exits at once) or Ctrl+C: continue on another worker.
        _finish(run, began, RunStatus.STOPPED, again_at=timezone.now())
        raise
    _finish(run, began, RunStatus.SUCCEEDED, result=result)
    logger.info("job succeeded", extra={**log, "duration_ms": _ms(run.duration)})
    return result


def _finish(
    run: JobRun,
    began: float,
    status: str,
    *,
    result: Any = None,
    error: str = "",
    again_at: datetime.datetime | None = None,
) -> None:
    with transaction.atomic():
        run.status = status
        run.finished_at = timezone.now()
        run.duration = datetime.timedelta(seconds=time.monotonic() - began)
        run.result = result
        run.error = error[:ERROR_LIMIT]
        run.save()
        if again_at is not None:
            _enqueue_task(run, run_after=again_at)


def task_results_prune(*, older_than: datetime.timedelta = TASK_RESULTS_KEPT) -> int:
    """Delete django-tasks' records of finished tasks older than ``older_than``; the job runs
    keep the history. Returns how many were deleted."""
    from django_tasks_db.models import DBTaskResult

    old = DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - older_than)
    deleted, _ = old.delete()
    return deleted


def _ms(duration: datetime.timedelta | None) -> int | None:
    return None if duration is None else round(duration.total_seconds() * 1000)
