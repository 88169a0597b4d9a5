"""The coordinator's report section is rendered once per published set (``sections.py``): the
same published set, period and selection give the same HTML without building it again, and
any new published set — recomputed here or by another process — is shown at once. Exact
reports (mentors, leads) are never kept: they show the data as they are now."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.reporting import published, sections
from lotse.reporting.models import PublishedPeriod
from lotse.reporting.tests.factories import MenteeFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

YEAR_2021 = {"kind": "year", "year": "2021", "breakdown": "project"}


@pytest.fixture(autouse=True)
def _empty_memo():
    sections.memo.clear()
    yield
    sections.memo.clear()


def _page(client, user, params=YEAR_2021):
    client.force_login(user)
    response = client.get(reverse("reporting:index"), params)
    assert response.status_code == 200
    return response


def _supported_total(response) -> str:
    key = response.context["report"].table("key_project")
    row = next(r for r in key.rows if r.key == "supported")
    return row.cells[-1].text


def _six_more_in_2021(project):
    for _ in range(6):
        mentee = MenteeFactory(project=project)
        ParticipationFactory(mentee=mentee, project=project, entry_date=datetime.date(2021, 3, 1))


def test_the_same_report_is_built_once_per_published_set(client, cora, scenario):
    first = _page(client, cora)
    misses = sections.memo.misses
    second = _page(client, cora)
    assert sections.memo.misses == misses  # the second page came from the memo
    assert first.content.count(b"<table") == second.content.count(b"<table") > 5
    assert _supported_total(first) == _supported_total(second) == "< 5"
    # Another period, selection or breakdown is another section.
    _page(client, cora, {**YEAR_2021, "breakdown": "district"})
    _page(client, cora, {**YEAR_2021, "project": str(scenario["a"].pk)})
    assert sections.memo.misses == misses + 2


def test_a_new_published_set_is_shown_at_once(client, cora, scenario):
    assert _supported_total(_page(client, cora)) == "< 5"  # 4 people in 2021
    _six_more_in_2021(scenario["a"])
    # Until the set is published again the page shows the published figures (by design: at
    # most one publication an hour) ...
    assert _supported_total(_page(client, cora)) == "< 5"
    published.refresh()
    # ... and the new set as soon as it is there.
    assert _supported_total(_page(client, cora)) == "10"


def test_a_set_published_by_another_process_is_shown_at_once(client, cora, scenario, monkeypatch):
    assert _supported_total(_page(client, cora)) == "< 5"
    _six_more_in_2021(scenario["a"])
    # Another process recomputes the set: this process's memo is not cleared.
    monkeypatch.setattr(sections.memo, "clear", lambda: None)
    published.refresh()
    assert len(sections.memo.data) == 1
    response = _page(client, cora)
    assert _supported_total(response) == "10"
    computed_at = PublishedPeriod.objects.values_list("computed_at", flat=True).first()
    assert response.context["report"].computed_at == computed_at


def test_exact_reports_are_never_kept(client, lena, scenario):
    before = _page(client, lena, {"kind": "year", "year": "2021"})
    assert len(sections.memo.data) == 0
    _six_more_in_2021(scenario["a"])
    after = _page(client, lena, {"kind": "year", "year": "2021"})
    assert int(_supported_total(after)) == int(_supported_total(before)) + 6


def test_a_page_never_waits_for_a_new_set_while_one_is_stored(scenario, monkeypatch):
    stamp = published.refresh()
    _six_more_in_2021(scenario["a"])
    monkeypatch.setattr(published, "refresh", lambda *a, **k: pytest.fail("computed on a page"))
    assert published.current_stamp()[0] == stamp  # the stored set, though the data changed
    monkeypatch.undo()
    assert published.due() == published.fingerprint() != stamp  # the job will publish it


def test_the_job_republishes_an_old_set_even_if_the_data_look_unchanged(scenario, settings):
    stamp = published.refresh()
    assert published.due() is None
    settings.LOTSE_REPORT_MAX_AGE_SECONDS = 3600
    PublishedPeriod.objects.update(computed_at=timezone.now() - datetime.timedelta(seconds=3700))
    assert published.due() == stamp


def test_with_the_audit_a_page_enqueues_the_publication_instead_of_computing_it(
    client, cora, scenario, settings, monkeypatch
):
    """No set stored and the audit on: the page does not wait minutes (gunicorn's timeout
    would end it) and never publishes a set suppressed without the audit; it enqueues the job
    once and says so (503, Retry-After). The job's set is then shown, without the warning."""
    from lotse.ops.models import JobRun
    from lotse.ops.services import run_execute

    settings.LOTSE_REPORT_AUDIT = True
    refresh = published.refresh
    monkeypatch.setattr(published, "refresh", lambda *a, **k: pytest.fail("computed on a page"))
    client.force_login(cora)
    for _ in range(2):
        response = client.get(reverse("reporting:index"), YEAR_2021)
        assert response.status_code == 503
        assert response["Retry-After"] == str(published.RETRY_AFTER)
        assert "werden gerade veröffentlicht" in response.content.decode()
    assert client.get(reverse("reporting:export_csv"), YEAR_2021).status_code == 503
    assert not PublishedPeriod.objects.exists()
    run = JobRun.objects.get(job="publish_report")  # enqueued once for all the requests
    monkeypatch.setattr(published, "refresh", refresh)
    run_execute(run_id=run.pk)  # what the db_worker does
    response = _page(client, cora)
    assert response.context["report"].audited
    assert "ohne die Prüfung" not in response.content.decode()


def test_figures_published_without_the_audit_say_so(client, cora, scenario):
    response = _page(client, cora)  # the test settings switch the audit off
    assert not response.context["report"].audited
    assert "ohne die Prüfung" in response.content.decode()
    assert published.stored_summary()["audited"] is False


def test_check_deploy_warns_when_the_audit_is_off_outside_debug_mode(settings):
    from lotse.reporting.checks import suppression_audit_on

    settings.DEBUG, settings.LOTSE_REPORT_AUDIT = False, False
    assert [w.id for w in suppression_audit_on(None)] == ["lotse.W101"]
    settings.LOTSE_REPORT_AUDIT = True
    assert suppression_audit_on(None) == []
