"""The typed API for automatic tasks: one task per mentee and source, closed by its source."""

import datetime

import pytest

from lotse.audit.models import AuditEvent
from lotse.employers.tests.factories import VacancyFactory
from lotse.journal.automatic import (
    AgreementStepSource,
    FollowUpSource,
    ResidenceDocumentSource,
    StrongMatchSource,
    close_task,
    ensure_task,
    existing,
    task_for,
)
from lotse.journal.models import Task, TaskKind
from lotse.journal.tests.factories import (
    AgreementStepFactory,
    IntegrationAgreementFactory,
    MenteeFactory,
    ResidenceStatusFactory,
)
from lotse.placements.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 12, 1)


@pytest.fixture
def sources(mentee):
    step = AgreementStepFactory(agreement=IntegrationAgreementFactory(mentee=mentee), due_date=DUE)
    return {
        TaskKind.PERMIT_EXPIRY: ResidenceDocumentSource(
            ResidenceStatusFactory(mentee=mentee, valid_until=DUE)
        ),
        TaskKind.AGREEMENT_STEP: AgreementStepSource(step),
        TaskKind.FOLLOW_UP: FollowUpSource(PlacementFactory(mentee=mentee), 6),
        TaskKind.NEW_MATCH: StrongMatchSource(VacancyFactory()),
    }


def test_the_keys_keep_the_format_stored_in_the_database(sources):
    document = sources[TaskKind.PERMIT_EXPIRY].status
    step = sources[TaskKind.AGREEMENT_STEP].step
    placement = sources[TaskKind.FOLLOW_UP].placement
    vacancy = sources[TaskKind.NEW_MATCH].vacancy
    assert [source.key for source in sources.values()] == [
        f"journal:residence:{document.pk}:2026-12-01",
        f"journal:agreement-step:{step.public_id}:2026-12-01",
        f"placements:{placement.public_id}:follow-up-6",
        f"match:{vacancy.public_id}",
    ]


def test_ensure_task_creates_one_task_per_source_of_its_kind(alice, mentee, sources):
    for kind, source in sources.items():
        assert task_for(source, mentee=mentee) is None
        task, created = ensure_task(
            source, mentee=mentee, title="Erinnerung", due_date=DUE, assignee=alice, actor=alice
        )
        assert created is True
        assert (task.kind, task.assignee, task.due_date, task.created_by) == (
            kind,
            alice,
            DUE,
            alice,
        )
        again, created = ensure_task(source, mentee=mentee, title="anders", due_date=None)
        assert (again.pk, again.title, created) == (task.pk, "Erinnerung", False)
        assert task_for(source, mentee=mentee) == task
    assert Task.objects.count() == 4
    assert AuditEvent.objects.filter(object_type="journal.task", action="create").count() == 4


def test_close_task_closes_only_the_open_task_of_its_source(alice, mentee, sources):
    tasks = {
        kind: ensure_task(source, mentee=mentee, title="t", due_date=None)[0]
        for kind, source in sources.items()
    }
    assert close_task(sources[TaskKind.FOLLOW_UP], mentee=mentee, actor=alice) == 1
    assert close_task(sources[TaskKind.FOLLOW_UP], mentee=mentee, actor=alice) == 0
    done = set(Task.objects.filter(done_at__isnull=False).values_list("pk", flat=True))
    assert done == {tasks[TaskKind.FOLLOW_UP].pk}
    assert Task.objects.get(pk=tasks[TaskKind.FOLLOW_UP].pk).done_by == alice


def test_close_task_of_a_step_closes_its_tasks_for_earlier_due_dates(mentee, sources):
    step = sources[TaskKind.AGREEMENT_STEP].step
    first, _ = ensure_task(AgreementStepSource(step), mentee=mentee, title="t", due_date=DUE)
    step.due_date = DUE + datetime.timedelta(days=14)
    step.save()
    second, created = ensure_task(
        AgreementStepSource(step), mentee=mentee, title="t", due_date=None
    )
    assert created and second.pk != first.pk
    assert close_task(AgreementStepSource(step), mentee=mentee) == 2


def test_a_source_belongs_to_one_mentee(mentee, project_a, sources):
    other = MenteeFactory(project=project_a)
    source = sources[TaskKind.NEW_MATCH]
    ensure_task(source, mentee=other, title="t", due_date=None)
    assert task_for(source, mentee=mentee) is None
    assert close_task(source, mentee=mentee) == 0
    assert existing([(mentee, source), (other.pk, source)]) == {(other.pk, source)}


def test_close_task_of_a_follow_up_leaves_the_other_months_alone(mentee):
    placement = PlacementFactory(mentee=mentee)
    for months in (1, 12):
        ensure_task(FollowUpSource(placement, months), mentee=mentee, title="t", due_date=None)
    assert close_task(FollowUpSource(placement, 1), mentee=mentee) == 1
    assert task_for(FollowUpSource(placement, 12), mentee=mentee).done_at is None
