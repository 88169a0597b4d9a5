"""Selectors: scoped to the user's projects."""

import pytest

from lotse.placements import selectors
from lotse.placements.stages import Stage
from lotse.placements.tests.factories import (
    ApplicationFactory,
    MenteeFactory,
    PlacementFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db


def test_applications_and_placements_are_scoped_to_the_users_projects(
    alice, charlie, cora, project_a, project_b
):
    mine = ApplicationFactory(mentee=MenteeFactory(project=project_a))
    theirs = ApplicationFactory(mentee=MenteeFactory(project=project_b))
    placement = PlacementFactory(mentee=mine.mentee)
    assert list(selectors.applications_for(alice)) == [mine]
    assert list(selectors.applications_for(charlie)) == [theirs]
    assert list(selectors.applications_for(cora)) == []
    assert list(selectors.placements_for(alice)) == [placement]
    assert list(selectors.placements_for(charlie)) == []
    assert list(selectors.placements_for(cora)) == []


def test_active_applications_for_matching(alice, charlie, project_a):
    mentee = MenteeFactory(project=project_a)
    vacancy = VacancyFactory(employer__project=project_a)
    closed = VacancyFactory(employer__project=project_a)
    ApplicationFactory(mentee=mentee, vacancy=vacancy, stage=Stage.INTERVIEW)
    ApplicationFactory(mentee=mentee, vacancy=closed, stage=Stage.WITHDRAWN)
    assert selectors.active_vacancy_ids_for_mentee(alice, mentee) == {vacancy.pk}
    assert selectors.active_mentee_ids_for_vacancy(alice, vacancy) == {mentee.pk}
    assert selectors.active_mentee_ids_for_vacancy(alice, closed) == set()
    assert selectors.active_vacancy_ids_for_mentee(charlie, mentee) == set()
