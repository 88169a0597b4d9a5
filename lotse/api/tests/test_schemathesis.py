"""schemathesis against the API's own OpenAPI description, in-process through Django's WSGI
handler (no server; runs on SQLite and PostgreSQL alike): every operation with generated
valid and invalid input, as a mentor of project A whose records the object URLs name.

Checks: no server error, every response as the schema describes it (status code, content type,
body). Bounded: ``MAX_EXAMPLES`` examples per operation and phase."""

import time
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from lotse.api.api import api
from lotse.api.tests import scenario
from lotse.api.tests.conftest import make_token
from lotse.cases.models import Mentee
from lotse.employers.models import Vacancy
from lotse.events.models import Invitation
from lotse.journal.models import Appointment, JournalEntry
from lotse.placements.models import Placement

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
STATS: dict = {"operations": set(), "examples": 0, "started": None, "statuses": Counter()}


@pytest.fixture(scope="module", autouse=True)
def _figures():
    """Print the run's figures (operations, examples, answers by status, seconds)."""
    yield
    if STATS["started"] is not None:
        seconds = time.monotonic() - STATS["started"]
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(STATS["statuses"].items()))
        print(
            f"\nschemathesis: {len(STATS['operations'])} operations, {STATS['examples']} "
            f"examples in {seconds:.0f} s; answers {statuses}"
        )


@pytest.fixture
def world(project_a, alice, settings):
    settings.LOTSE_API_RATE_LIMIT = (1_000_000, 60)
    # As Django's test client: the WSGI handler must not close the test's database
    # connection after each request (on PostgreSQL that would end the test transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield scenario.build(project_a, alice), make_token(alice)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()


VERSIONED = {
    "mentees": Mentee,
    "contacts": JournalEntry,
    "appointments": Appointment,
    "vacancies": Vacancy,
    "placements": Placement,
    "invitations": Invitation,
}


def _current_version(path: str, ident: str) -> str:
    model = VERSIONED[path]
    return str(model._base_manager.filter(public_id=ident).values_list("version", flat=True)[0])


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_as_its_schema_says(case, world):
    records, token = world
    STATS["started"] = STATS["started"] or time.monotonic()
    STATS["operations"].add(f"{case.method} {case.path}")
    STATS["examples"] += 1
    first = case.path.strip("/").split("/")[1]
    if case.path_parameters and "id" in case.path_parameters:
        # The records of the scenario, so that reads and writes reach the services (unknown
        # ids are the 404 test's part).
        ident = records.ids()[first]
        case.path_parameters["id"] = ident
        if case.method.upper() == "PATCH" and first in VERSIONED:
            case.headers = {**(case.headers or {}), "If-Match": _current_version(first, ident)}
    if isinstance(case.body, dict):
        # References to records in the body name the scenario's (random ones are refused at
        # the field, which the examples of the other fields exercise already).
        for name, ident in records.references().items():
            if name in case.body and case.body[name] is not None:
                case.body[name] = ident
    headers = {"Authorization": f"Bearer {token}"}
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    STATS["statuses"][f"{case.method.upper()} {response.status_code}"] += 1
