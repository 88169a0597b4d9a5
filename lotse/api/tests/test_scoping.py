"""Another project's token gets 404 on every object URL of the API (every operation with a
record id in its path, every method), and the coordinator and the data protection officer,
who see no person, too."""

import re

import pytest
from django.utils import timezone

from lotse.api.api import api
from lotse.api.tests import scenario

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()

#: A body the schema accepts for each operation that takes one, so that the answer is about
#: the record, not the input. A new operation without one fails the test.
BODIES = {
    "mentees_update": {"notes": "x"},
    "journal_contact_create": {"occurred_at": "2025-03-03T09:30:00+01:00", "kind": "phone"},
    "journal_contact_update": {"notes": "x"},
    "journal_appointment_create": {"starts_at": "2025-03-03T09:30:00+01:00", "kind": "agencies"},
    "journal_appointment_update": {"status": "done"},
    "vacancies_update": {"title": "x"},
    "placements_application_move": {"to_stage": "applied", "on_date": TODAY},
    "placements_placement_create": lambda records: {
        "placement_type": "insured_full",
        "occupation": "29302",
        "start_date": TODAY,
        "employer": str(records.employer.public_id),
    },
    "placements_placement_update": {"hours_per_week": 20},
    "events_invitation_update": {"attendance": "attended"},
}


def _body(operation_id: str, records) -> dict:
    body = BODIES[operation_id]
    return body(records) if callable(body) else body


def object_operations() -> list[tuple[str, str, str]]:
    """(method, path, operation id) of every operation whose path names a record."""
    schema = api.get_openapi_schema()
    return [
        (method, path, operation["operationId"])
        for path, methods in schema["paths"].items()
        if "{" in path
        for method, operation in methods.items()
    ]


def test_the_object_urls_are_the_expected_ones():
    assert len(object_operations()) >= 20


@pytest.mark.parametrize("who", ["charlie", "cora", "dora"])
def test_another_projects_token_gets_404_on_every_object_url(
    request, who, project_a, alice, api_as
):
    records = scenario.build(project_a, alice)
    ids = records.ids()
    client = api_as(request.getfixturevalue(who))
    for method, path, operation_id in object_operations():
        url = re.sub(r"\{id\}", ids[path.split("/")[2]], path)
        headers = {"If-Match": '"1"'}
        if method == "get":
            response = client.get(url, headers=headers)
        else:
            assert operation_id in BODIES, f"no body for {operation_id}"
            response = getattr(client, method)(url, _body(operation_id, records), headers=headers)
        assert response.status_code == 404, (method, url, response.content)
        assert response["Content-Type"] == "application/problem+json"


def test_the_bodies_are_right_for_the_owner(project_a, alice, api_as):
    """The same requests as the owner are not refused for the record's sake (so the 404s
    above come from the scoping, not from the input)."""
    records = scenario.build(project_a, alice)
    ids = records.ids()
    client = api_as(alice)
    for method, path, operation_id in object_operations():
        url = re.sub(r"\{id\}", ids[path.split("/")[2]], path)
        if method == "get":
            response = client.get(url)
        else:
            version = client.get(url).get("ETag", '"1"') if method == "patch" else '"1"'
            body = _body(operation_id, records)
            response = getattr(client, method)(url, body, headers={"If-Match": version})
        assert response.status_code in (200, 201), (method, url, response.content)
