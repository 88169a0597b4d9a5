import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.ops import schedule
from lotse.ops.admin import job_overview
from lotse.ops.models import JobRun, RunStatus

URL = reverse("admin:ops_jobrun_changelist")


@pytest.fixture
def failed_run(db):
    job = schedule.JOBS[0]
    return JobRun.objects.create(
        job=job.name,
        due_at=job.last_due(timezone.now()),
        status=RunStatus.RETRYING,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        duration=datetime.timedelta(seconds=2.5),
        attempts=1,
        failures=1,
        error="builtins.RuntimeError: the reference file is missing",
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=5),
    )


def test_the_administrator_sees_each_job_with_its_last_run_and_error(client, adam, failed_run):
    client.force_login(adam)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for job in schedule.JOBS:
        assert job.name in page and job.cron in page
    assert "the reference file is missing" in page
    assert "0:00:02.500000" in page


def test_runs_cannot_be_added_changed_or_deleted(client, adam, failed_run):
    client.force_login(adam)
    assert client.get(reverse("admin:ops_jobrun_add")).status_code == 403
    change = client.post(reverse("admin:ops_jobrun_change", args=[failed_run.pk]), {"job": "x"})
    assert change.status_code == 403
    failed_run.refresh_from_db()
    assert failed_run.job == schedule.JOBS[0].name
    assert client.post(reverse("admin:ops_jobrun_delete", args=[failed_run.pk])).status_code == 403


def test_people_without_admin_access_do_not_see_the_page(client, alice, cora):
    assert client.get(URL).status_code == 302  # to the admin login
    for user in (alice, cora):
        client.force_login(user)
        assert client.get(URL).status_code == 302


def test_a_due_time_without_a_run_is_flagged_as_missed(db):
    job = schedule.JOBS[0]
    half_an_hour_late = job.last_due(timezone.now()) + datetime.timedelta(minutes=30)
    (row,) = [r for r in job_overview(half_an_hour_late) if r["job"] is job]
    assert row["missed"] and row["last"] is None
    JobRun.objects.create(job=job.name, due_at=job.last_due(half_an_hour_late))
    (row,) = [r for r in job_overview(half_an_hour_late) if r["job"] is job]
    assert not row["missed"] and row["last"].status == RunStatus.QUEUED
