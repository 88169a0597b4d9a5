"""Claiming, running, retrying and stopping job runs, with django-tasks-db's real worker."""

import datetime
import os
import signal
import threading

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from lotse.lib.stopping import Stopped
from lotse.ops import schedule
from lotse.ops import scheduler as scheduler_module
from lotse.ops.models import JobRun, RunStatus, RunTrigger
from lotse.ops.scheduler import Scheduler, enqueue_due, enqueue_now
from lotse.ops.services import run_enqueue

CALLS: list[str] = []


def succeeding(*, should_stop) -> dict:
    CALLS.append("succeeding")
    return {"done": 3}


def failing(*, should_stop) -> dict:
    CALLS.append("failing")
    raise RuntimeError("the reference file is missing")


def failing_once(*, should_stop) -> dict:
    CALLS.append("failing_once")
    if CALLS.count("failing_once") == 1:
        raise RuntimeError("database went away")
    return {"done": 1}


def terminated(*, should_stop) -> dict:
    """Receives SIGTERM in the middle of its work and stops at the next chunk."""
    CALLS.append("terminated")
    os.kill(os.getpid(), signal.SIGTERM)
    for chunk in range(1000):
        if should_stop():
            raise Stopped({"chunks": chunk})
    return {"chunks": 1000}


def make_job(name: str, function: str) -> schedule.Job:
    return schedule.Job(
        name=name, description=name, cron="0 3 * * *", function=f"{__name__}.{function}"
    )


@pytest.fixture
def jobs(monkeypatch):
    CALLS.clear()
    table = tuple(
        make_job(name, name) for name in ("succeeding", "failing", "failing_once", "terminated")
    )
    monkeypatch.setattr(schedule, "JOBS", table)
    return {job.name: job for job in table}


def work(max_tasks: int | None = None) -> Worker:
    """Run django-tasks-db's worker until no task is ready (the way db_worker does)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run()
    return worker


def make_ready(run: JobRun) -> None:
    """Let the retry that waits for its backoff be due now."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


# The worker and the scheduler close connections between tasks (close_old_connections), which
# ends a test's transaction on PostgreSQL: these tests commit, like the real processes.
TRANSACTIONAL = pytest.mark.django_db(transaction=True)

NOW = datetime.datetime(2026, 6, 10, 3, 5, tzinfo=datetime.UTC)


def test_a_due_job_is_enqueued_once_however_often_the_schedulers_look(db, jobs):
    job = jobs["succeeding"]
    first = enqueue_due(NOW, [job])
    second = enqueue_due(NOW, [job])  # the second scheduler, or the next pass
    later = enqueue_due(NOW + datetime.timedelta(hours=3), [job])
    assert [run.job for run in first] == ["succeeding"]
    assert second == later == []
    run = JobRun.objects.get()
    assert run.due_at == job.last_due(NOW)
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().args_kwargs == {"args": [run.pk], "kwargs": {}}


def test_a_due_time_older_than_the_grace_is_skipped(db, jobs):
    job = jobs["succeeding"]
    assert enqueue_due(job.last_due(NOW) + job.grace + datetime.timedelta(minutes=1), [job]) == []
    assert not JobRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_enqueue_each_run_once(jobs):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    barrier = threading.Barrier(4)
    results: list[int] = []

    def scheduler() -> None:
        try:
            barrier.wait()
            results.append(len(enqueue_due(NOW, list(jobs.values()))))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == len(jobs)
    assert JobRun.objects.count() == DBTaskResult.objects.count() == len(jobs)


@TRANSACTIONAL
def test_the_worker_runs_the_job_and_the_job_records_its_run(jobs):
    run = run_enqueue(job=jobs["succeeding"], due_at=NOW)
    assert run.status == RunStatus.QUEUED and run.started_at is None
    work()
    run.refresh_from_db()
    assert CALLS == ["succeeding"]
    assert run.status == RunStatus.SUCCEEDED
    assert run.result == {"done": 3}
    assert run.attempts == 1 and run.failures == 0 and run.error == ""
    assert run.started_at <= run.finished_at
    assert run.duration is not None
    assert run.worker.endswith(f":{os.getpid()}")
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


@TRANSACTIONAL
def test_a_failing_job_records_its_error_and_is_retried_with_backoff_until_it_gives_up(jobs):
    job = jobs["failing"]
    run = run_enqueue(job=job, due_at=NOW)
    work()
    run.refresh_from_db()
    assert run.status == RunStatus.RETRYING
    assert run.failures == 1
    assert run.error == "builtins.RuntimeError: the reference file is missing"
    assert run.next_attempt_at - run.finished_at == pytest.approx(
        job.retry_delay, abs=datetime.timedelta(seconds=5)
    )
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert str(retry.id) == run.task_result_id
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 1
    work()  # the retry is not due yet: nothing runs
    assert CALLS == ["failing"]

    make_ready(run)
    work()
    run.refresh_from_db()
    assert run.status == RunStatus.RETRYING and run.failures == 2
    assert run.next_attempt_at - run.finished_at == pytest.approx(
        job.retry_delay * 4, abs=datetime.timedelta(seconds=5)
    )
    make_ready(run)
    work()
    run.refresh_from_db()
    assert CALLS == ["failing"] * job.max_attempts
    assert run.status == RunStatus.FAILED
    assert run.failures == run.attempts == job.max_attempts
    assert run.next_attempt_at is None
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


@TRANSACTIONAL
def test_a_retry_that_succeeds_clears_the_error(jobs):
    run = run_enqueue(job=jobs["failing_once"], due_at=NOW)
    work()
    make_ready(run)
    work()
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert run.attempts == 2 and run.failures == 1
    assert run.error == "" and run.result == {"done": 1}


@TRANSACTIONAL
def test_sigterm_stops_the_job_between_chunks_and_its_run_continues_later(jobs):
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)}
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=False,  # like db_worker in production: it runs until a signal stops it
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    run = run_enqueue(job=jobs["terminated"], due_at=NOW)
    worker.configure_signals()
    try:
        worker.run()  # returns because SIGTERM reached the worker's own handler too
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
    run.refresh_from_db()
    assert worker.running is False
    assert CALLS == ["terminated"]
    assert run.status == RunStatus.STOPPED
    assert run.result == {"chunks": 0}
    # Enqueued again, to be continued by the next worker.
    assert DBTaskResult.objects.get(
        status=TaskResultStatus.READY
    ).id.hex == run.task_result_id.replace("-", "")
    assert signal.getsignal(signal.SIGTERM) is before[signal.SIGTERM]


@TRANSACTIONAL
def test_the_scheduler_stops_cleanly_on_sigterm(jobs, monkeypatch):
    passes = []

    def enqueue_and_receive_sigterm(now, jobs=None):
        passes.append(now)
        os.kill(os.getpid(), signal.SIGTERM)
        return []

    monkeypatch.setattr(scheduler_module, "enqueue_due", enqueue_and_receive_sigterm)
    before = signal.getsignal(signal.SIGTERM)
    Scheduler(interval=3600).run()  # would sleep an hour if SIGTERM did not end the loop
    assert len(passes) == 1
    assert signal.getsignal(signal.SIGTERM) is before


@TRANSACTIONAL
def test_run_due_now_enqueues_every_job_by_hand(jobs):
    Scheduler().run(run_due_now=True, once=True)
    manual = JobRun.objects.filter(trigger=RunTrigger.MANUAL)
    assert sorted(manual.values_list("job", flat=True)) == sorted(jobs)
    assert DBTaskResult.objects.count() == JobRun.objects.count()


def test_enqueue_now_twice_in_the_same_second_enqueues_once(db, jobs, monkeypatch):
    frozen = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    assert len(enqueue_now([jobs["succeeding"]])) == 1
    assert enqueue_now([jobs["succeeding"]]) == []


def test_pruning_deletes_only_finished_task_records_older_than_30_days(db, jobs):
    from lotse.ops.services import task_results_prune

    for _ in range(3):
        run_enqueue(job=jobs["succeeding"], due_at=timezone.now() - datetime.timedelta(days=_ + 1))
    old, recent, waiting = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk__in=[old.pk, recent.pk]).update(
        status=TaskResultStatus.SUCCESSFUL
    )
    DBTaskResult.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=31)
    )
    DBTaskResult.objects.filter(pk=recent.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=29)
    )
    assert task_results_prune() == 1
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert JobRun.objects.count() == 3  # the history stays
