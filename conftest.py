"""Shared fixtures. Users are named after what they may see (as in healthchecks):

- alice: mentor in project A; bob: her teammate, also a mentor in A;
- lena: project lead of A; charlie: mentor in project B (an outsider to A);
- cora: programme coordinator; dora: data protection officer; adam: administrator.
"""

import pytest

from lotse.accounts.models import ProgrammeRole, ProjectRole
from lotse.accounts.tests.factories import MembershipFactory, ProjectFactory, UserFactory


@pytest.fixture
def project_a(db):
    return ProjectFactory(name="Projekt Chemnitz")


@pytest.fixture
def project_b(db):
    return ProjectFactory(name="Projekt Leipzig")


def _member(username: str, project, role: str):
    user = UserFactory(username=username, first_name=username.capitalize())
    MembershipFactory(user=user, project=project, role=role)
    return user


@pytest.fixture
def alice(project_a):
    return _member("alice", project_a, ProjectRole.MENTOR)


@pytest.fixture
def bob(project_a):
    return _member("bob", project_a, ProjectRole.MENTOR)


@pytest.fixture
def lena(project_a):
    return _member("lena", project_a, ProjectRole.LEAD)


@pytest.fixture
def charlie(project_b):
    return _member("charlie", project_b, ProjectRole.MENTOR)


@pytest.fixture
def cora(db):
    return UserFactory(username="cora", programme_role=ProgrammeRole.COORDINATOR)


@pytest.fixture
def dora(db):
    return UserFactory(username="dora", programme_role=ProgrammeRole.DATA_PROTECTION)


@pytest.fixture
def adam(db):
    return UserFactory(username="adam", programme_role=ProgrammeRole.ADMINISTRATOR, is_staff=True)
