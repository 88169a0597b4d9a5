import datetime

import pytest


@pytest.fixture
def mentee(project_a, alice):
    from lotse.journal.tests.factories import MenteeFactory

    return MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")


@pytest.fixture
def event(project_a, alice):
    from lotse.events.tests.factories import GroupEventFactory

    event = GroupEventFactory(project=project_a, date=datetime.date(2026, 11, 10))
    event.staff.add(alice)
    return event


@pytest.fixture
def invitation(event, mentee):
    from lotse.events.tests.factories import InvitationFactory

    return InvitationFactory(event=event, mentee=mentee)
