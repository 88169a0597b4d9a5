import datetime
from zoneinfo import ZoneInfo

import pytest
from cronsim import CronSimError

from lotse.ops.schedule import JOBS, Job, get_job

BERLIN = ZoneInfo("Europe/Berlin")


def job(cron: str = "30 2 * * *", **kwargs) -> Job:
    return Job(name="test", description="test", cron=cron, function="x.y", **kwargs)


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BERLIN)


def test_the_latest_due_time_is_today_once_it_has_passed_and_yesterday_before():
    nightly = job()
    assert nightly.last_due(at(2026, 6, 10, 2, 30)) == at(2026, 6, 10, 2, 30)
    assert nightly.last_due(at(2026, 6, 10, 9, 0)) == at(2026, 6, 10, 2, 30)
    assert nightly.last_due(at(2026, 6, 10, 2, 29, 59, 999999)) == at(2026, 6, 9, 2, 30)
    assert nightly.next_due(at(2026, 6, 10, 2, 30)) == at(2026, 6, 11, 2, 30)


def test_due_times_are_local_time_and_survive_the_clock_changes():
    nightly = job()
    # 02:30 does not exist on 29 March 2026: the job runs at 03:00 CEST instead, once.
    assert nightly.next_due(at(2026, 3, 28, 12, 0)) == at(2026, 3, 29, 3, 0)
    # 02:30 happens twice on 25 October 2026: the job runs once.
    autumn = nightly.next_due(at(2026, 10, 24, 12, 0))
    assert autumn.astimezone(datetime.UTC) == datetime.datetime(
        2026, 10, 25, 0, 30, tzinfo=datetime.UTC
    )
    assert nightly.next_due(autumn) == at(2026, 10, 26, 2, 30)
    # Summer and winter: the same local hour is a different hour in UTC.
    assert nightly.last_due(at(2026, 7, 1, 12, 0)).utcoffset() == datetime.timedelta(hours=2)
    assert nightly.last_due(at(2026, 1, 1, 12, 0)).utcoffset() == datetime.timedelta(hours=1)


def test_weekday_schedules():
    mondays = job("0 6 * * MON")
    assert mondays.next_due(at(2026, 6, 10, 12, 0)) == at(2026, 6, 15, 6, 0)  # a Wednesday
    assert mondays.last_due(at(2026, 6, 10, 12, 0)) == at(2026, 6, 8, 6, 0)


def test_the_retry_delay_grows_fourfold():
    retried = job(retry_delay=datetime.timedelta(minutes=5))
    assert [retried.backoff(n) for n in (1, 2, 3)] == [
        datetime.timedelta(minutes=5),
        datetime.timedelta(minutes=20),
        datetime.timedelta(minutes=80),
    ]


def test_a_bad_cron_expression_fails_when_the_schedule_is_loaded():
    with pytest.raises(CronSimError):
        job("61 2 * * *")


def test_the_schedule_names_each_job_once_and_each_function_exists():
    from django.utils.module_loading import import_string

    assert len({j.name for j in JOBS}) == len(JOBS)
    assert {"create_reminders", "ensure_followups", "refresh_matches"} <= {j.name for j in JOBS}
    for scheduled in JOBS:
        assert callable(import_string(scheduled.function))
        assert get_job(scheduled.name) is scheduled
