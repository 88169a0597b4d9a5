import pytest

from lotse.cases.tests.factories import MenteeFactory, PostcodeFactory


@pytest.fixture
def mentee(project_a, alice):
    return MenteeFactory(project=project_a, mentor=alice, first_name="Amal", last_name="Haddad")


@pytest.fixture
def postcode(db):
    return PostcodeFactory()


@pytest.fixture
def outsiders(charlie, cora, dora, adam):
    return [charlie, cora, dora, adam]
