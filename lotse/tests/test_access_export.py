"""The data-subject access export holds the whole record: profile, journal and placements."""

import json

import pytest
from django.urls import reverse

from lotse.cases.tests.factories import MenteeFactory
from lotse.journal.tests.factories import JournalEntryFactory
from lotse.placements.tests.factories import ApplicationFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def test_the_export_includes_the_journal_applications_and_placements(client, project_a, alice):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    JournalEntryFactory(mentee=mentee, notes="Lebenslauf besprochen.")
    ApplicationFactory(mentee=mentee)
    PlacementFactory(mentee=mentee, hours_per_week=30)
    other = MenteeFactory(project=project_a, mentor=alice)
    JournalEntryFactory(mentee=other, notes="Nicht von dieser Person.")

    client.force_login(alice)
    data = json.loads(client.get(reverse("cases:export", args=[mentee.public_id])).content)

    notes = [entry["notes"] for entry in data["journal"]["contacts"]]
    assert notes == ["Lebenslauf besprochen."]
    assert len(data["placements"]["applications"]) == 1
    assert data["placements"]["applications"][0]["history"][0]["to_stage"] == "proposed"
    assert [p["hours_per_week"] for p in data["placements"]["placements"]] == [30]
    assert "id" not in data["placements"]["placements"][0]
