import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from lotse.audit.models import AuditEvent
from lotse.cases.models import MenteeStatus
from lotse.journal.models import StepStatus, Task, TaskKind
from lotse.journal.reminders import reminders_create
from lotse.journal.tests.factories import (
    AgreementStepFactory,
    IntegrationAgreementFactory,
    MenteeFactory,
    ResidenceStatusFactory,
)

TODAY = datetime.date(2026, 11, 26)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.django_db
def test_a_document_expiring_within_four_weeks_gets_one_reminder_for_the_mentor(alice, mentee):
    ResidenceStatusFactory(mentee=mentee, valid_until=days(20))
    created = reminders_create(today=TODAY)
    assert created == {"permit_expiry": 1, "document_expiry": 0, "agreement_step": 0, "closed": 0}
    task = Task.objects.get()
    assert task.kind == TaskKind.PERMIT_EXPIRY
    assert task.assignee == alice
    assert task.due_date == TODAY
    assert "16.12.2026" in task.title
    assert AuditEvent.objects.filter(object_id=str(task.public_id), action="create").count() == 1


@pytest.mark.django_db
def test_the_reminder_is_due_four_weeks_before_expiry(mentee):
    ResidenceStatusFactory(mentee=mentee, valid_until=days(28))
    reminders_create(today=TODAY)
    assert Task.objects.get().due_date == TODAY
    assert not reminders_create(today=days(1))["permit_expiry"]


@pytest.mark.django_db
def test_no_reminder_for_a_document_expiring_later(mentee):
    ResidenceStatusFactory(mentee=mentee, valid_until=days(29))
    assert reminders_create(today=TODAY)["permit_expiry"] == 0
    assert reminders_create(today=days(1))["permit_expiry"] == 1


@pytest.mark.django_db
def test_no_reminder_for_a_document_that_has_been_replaced(mentee):
    ResidenceStatusFactory(
        mentee=mentee, valid_from=datetime.date(2024, 1, 1), valid_until=days(10)
    )
    ResidenceStatusFactory(mentee=mentee, valid_from=days(-5), valid_until=days(700))
    assert reminders_create(today=TODAY)["permit_expiry"] == 0


@pytest.mark.django_db
def test_no_reminder_for_a_mentee_who_has_left(project_a):
    gone = MenteeFactory(project=project_a, status=MenteeStatus.EXITED)
    ResidenceStatusFactory(mentee=gone, valid_until=days(10))
    assert reminders_create(today=TODAY)["permit_expiry"] == 0


@pytest.mark.django_db
def test_an_extended_document_closes_its_reminder_and_gets_a_new_one_later(mentee):
    status = ResidenceStatusFactory(mentee=mentee, valid_until=days(10))
    reminders_create(today=TODAY)
    status.valid_until = days(400)
    status.save()
    assert reminders_create(today=TODAY) == {
        "permit_expiry": 0,
        "document_expiry": 0,
        "agreement_step": 0,
        "closed": 1,
    }
    assert Task.objects.get().done_at is not None
    assert reminders_create(today=days(380))["permit_expiry"] == 1
    assert Task.objects.filter(done_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_a_replaced_document_closes_its_reminder(mentee):
    ResidenceStatusFactory(mentee=mentee, valid_from=datetime.date(2024, 1, 1), valid_until=days(9))
    reminders_create(today=TODAY)
    ResidenceStatusFactory(mentee=mentee, valid_from=days(1), valid_until=days(800))
    assert reminders_create(today=days(1))["closed"] == 1
    task = Task.objects.get()
    assert task.done_at is not None and task.done_by is None


@pytest.mark.django_db
def test_a_step_with_a_new_due_date_closes_the_old_reminder(mentee):
    step = AgreementStepFactory(
        agreement=IntegrationAgreementFactory(mentee=mentee), due_date=days(2)
    )
    reminders_create(today=TODAY)
    step.due_date = days(3)
    step.save()
    assert reminders_create(today=TODAY) == {
        "permit_expiry": 0,
        "document_expiry": 0,
        "agreement_step": 1,
        "closed": 1,
    }
    assert Task.objects.filter(done_at__isnull=True).get().due_date == days(3)


@pytest.mark.django_db
def test_reminders_of_other_apps_and_manual_tasks_are_left_alone(mentee):
    from lotse.journal.automatic import FollowUpSource, ensure_task
    from lotse.journal.tests.factories import TaskFactory
    from lotse.placements.tests.factories import PlacementFactory

    ensure_task(
        FollowUpSource(PlacementFactory(mentee=mentee), 3), mentee=mentee, title="t", due_date=None
    )
    TaskFactory(mentee=mentee, kind=TaskKind.PERMIT_EXPIRY, title="Pass verlängern")
    assert reminders_create(today=TODAY)["closed"] == 0
    assert not Task.objects.filter(done_at__isnull=False).exists()


@pytest.mark.django_db
def test_agreed_steps_due_within_a_week_get_a_reminder(alice, mentee):
    agreement = IntegrationAgreementFactory(mentee=mentee)
    due = AgreementStepFactory(agreement=agreement, due_date=days(5), description="B1-Prüfung")
    AgreementStepFactory(agreement=agreement, due_date=days(30))
    AgreementStepFactory(agreement=agreement, due_date=days(-3), status=StepStatus.DONE)
    AgreementStepFactory(agreement=agreement, due_date=None)
    assert reminders_create(today=TODAY) == {
        "permit_expiry": 0,
        "document_expiry": 0,
        "agreement_step": 1,
        "closed": 0,
    }
    task = Task.objects.get()
    assert task.kind == TaskKind.AGREEMENT_STEP
    assert task.due_date == due.due_date
    assert "B1-Prüfung" in task.title
    assert task.assignee == alice


@pytest.mark.django_db
def test_running_twice_creates_nothing_new(mentee):
    ResidenceStatusFactory(mentee=mentee, valid_until=days(3))
    AgreementStepFactory(agreement=IntegrationAgreementFactory(mentee=mentee), due_date=days(-1))
    assert reminders_create(today=TODAY) == {
        "permit_expiry": 1,
        "document_expiry": 0,
        "agreement_step": 1,
        "closed": 0,
    }
    assert reminders_create(today=TODAY) == {
        "permit_expiry": 0,
        "document_expiry": 0,
        "agreement_step": 0,
        "closed": 0,
    }
    assert Task.objects.count() == 2


@pytest.mark.django_db
def test_a_done_reminder_is_not_created_again(alice, mentee):
    from lotse.journal.services import task_complete

    ResidenceStatusFactory(mentee=mentee, valid_until=days(3))
    reminders_create(today=TODAY)
    task_complete(actor=alice, task=Task.objects.get())
    reminders_create(today=days(1))
    assert Task.objects.count() == 1


@pytest.mark.django_db
def test_the_command_reports_what_it_created(mentee, capsys):
    ResidenceStatusFactory(mentee=mentee, valid_until=days(3))
    call_command("create_reminders", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    assert (
        "Created 1 residence reminders, 0 document reminders and 0 agreed-step reminders; closed 0"
        in out
    )
    call_command("create_reminders", "--date", TODAY.isoformat())
    assert "Created 0 residence reminders" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_rejects_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("create_reminders", "--date", "26.11.2026")


@pytest.mark.django_db
def test_the_background_task_calls_the_service(mentee):
    from lotse.journal.tasks import create_reminders

    ResidenceStatusFactory(mentee=mentee, valid_until=timezone.localdate())
    result = create_reminders.call()
    assert result["permit_expiry"] == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database for two connections"
)
def test_two_concurrent_runs_create_each_reminder_once(project_a):
    for _ in range(30):
        ResidenceStatusFactory(mentee=MenteeFactory(project=project_a), valid_until=days(7))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run() -> None:
        try:
            barrier.wait()
            results.append(reminders_create(today=TODAY))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r["permit_expiry"] for r in results) == 30
    assert Task.objects.count() == 30


@pytest.mark.django_db
def test_a_run_with_nothing_new_needs_the_same_queries_for_5_and_25_documents(
    project_a, alice, django_assert_max_num_queries
):
    def second_run_queries(n: int) -> int:
        for _ in range(n):
            person = MenteeFactory(project=project_a, mentor=alice)
            ResidenceStatusFactory(mentee=person, valid_until=days(7))
            AgreementStepFactory(
                agreement=IntegrationAgreementFactory(mentee=person), due_date=days(1)
            )
        reminders_create(today=TODAY)
        with django_assert_max_num_queries(10) as ctx:
            assert reminders_create(today=TODAY) == {
                "permit_expiry": 0,
                "document_expiry": 0,
                "agreement_step": 0,
                "closed": 0,
            }
        return len(ctx.captured_queries)

    assert second_run_queries(5) == second_run_queries(20)


@pytest.mark.django_db
def test_a_run_asked_to_stop_ends_between_chunks_and_keeps_what_it_wrote(mentee):
    from lotse.journal.reminders import Stopped

    ResidenceStatusFactory(mentee=mentee, valid_until=days(3))
    AgreementStepFactory(agreement=IntegrationAgreementFactory(mentee=mentee), due_date=days(1))
    with pytest.raises(Stopped):
        reminders_create(today=TODAY, should_stop=lambda: True)
    assert not Task.objects.exists()
    calls = iter([False, True])
    with pytest.raises(Stopped) as stopped:
        reminders_create(today=TODAY, should_stop=lambda: next(calls))
    assert stopped.value.args[0] == {
        "permit_expiry": 1,
        "document_expiry": 0,
        "agreement_step": 0,
        "closed": 0,
    }
    assert Task.objects.get().kind == TaskKind.PERMIT_EXPIRY


@pytest.mark.django_db
def test_reminders_are_written_in_the_mentors_language_with_a_day_first_date(alice, mentee):
    alice.language = "en"
    alice.save(update_fields=["language"])
    ResidenceStatusFactory(mentee=mentee, valid_until=days(20))
    step = AgreementStepFactory(
        agreement=IntegrationAgreementFactory(mentee=mentee), due_date=days(3)
    )
    reminders_create(today=TODAY)

    titles = set(Task.objects.values_list("title", flat=True))
    assert any(t.endswith("expires on 16/12/2026: plan the extension") for t in titles), titles
    assert f"Agreed step due: {step.description}" in titles
    assert reminders_create(today=TODAY)["permit_expiry"] == 0  # still idempotent


@pytest.mark.django_db
def test_a_mentor_without_a_language_gets_german_titles(alice, mentee):
    ResidenceStatusFactory(mentee=mentee, valid_until=days(20))
    reminders_create(today=TODAY)
    assert "läuft am 16.12.2026 ab" in Task.objects.get().title
