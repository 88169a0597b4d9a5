"""The batch refresh: a task for the mentor when a new strong match appears, never twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from lotse.cases.models import MenteeStatus
from lotse.journal.models import Task, TaskKind
from lotse.matching.services import matches_refresh
from lotse.matching.tests.factories import LEIPZIG, job, welder


@pytest.fixture
def samir(project_a, alice):
    return welder(project_a, alice)


def test_a_strong_match_gives_the_mentor_one_task(samir, alice, project_a):
    strong = job(project_a, title="Schweißer/in MAG", german_level="B1")
    job(project_a, code="81302", title="Pflegefachkraft")  # a weak match: no task
    result = matches_refresh()
    assert result.mentees == 1
    assert result.tasks_created == 1
    task = Task.objects.get(mentee=samir)
    assert task.kind == TaskKind.NEW_MATCH
    assert task.assignee == alice
    assert task.source_key == f"match:{strong.public_id}"
    assert "Schweißer/in MAG" in task.title


def test_running_twice_creates_no_second_task(samir, project_a):
    job(project_a, german_level="B1")
    matches_refresh()
    again = matches_refresh()
    assert again.strong_matches == 1
    assert again.tasks_created == 0
    assert Task.objects.filter(mentee=samir).count() == 1


def test_a_new_strong_vacancy_later_gives_a_new_task(samir, project_a):
    job(project_a, german_level="B1")
    matches_refresh()
    job(project_a, title="Schweißer/in Spätschicht", german_level="B1")
    assert matches_refresh().tasks_created == 1
    assert Task.objects.filter(mentee=samir).count() == 2


def test_only_active_mentees_and_their_own_projects_vacancies_count(
    samir, alice, project_a, project_b
):
    job(project_b, german_level="B1")  # another project's vacancy
    job(project_a, where=LEIPZIG, german_level="B1")  # too far
    exited = welder(project_a, alice, first_name="Ex", status=MenteeStatus.EXITED)
    result = matches_refresh()
    assert result.mentees == 1
    assert result.tasks_created == 0
    assert not Task.objects.filter(mentee__in=[samir, exited]).exists()


def test_the_command_reports_what_it_did(samir, project_a):
    job(project_a, german_level="B1")
    out = StringIO()
    call_command("refresh_matches", stdout=out)
    assert "1" in out.getvalue()
    assert Task.objects.filter(mentee=samir).count() == 1


def test_the_task_runs_the_refresh(samir, project_a):
    from lotse.matching.tasks import refresh_matches

    job(project_a, german_level="B1")
    result = refresh_matches.call()
    assert result == {"mentees": 1, "strong_matches": 1, "tasks_created": 1}
