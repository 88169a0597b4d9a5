"""The scheduled jobs call the real services and stop between chunks when asked."""

import datetime

import pytest
from django.utils import timezone

from lotse.cases.models import MenteeStatus
from lotse.cases.tests.factories import MenteeFactory, ResidenceStatusFactory
from lotse.lib.stopping import Stopped
from lotse.ops import jobs
from lotse.placements.tests.factories import PlacementFactory


def never() -> bool:
    return False


def always() -> bool:
    return True


def test_refresh_matches_ranks_the_active_mentees_and_stops_before_a_chunk_when_asked(db):
    MenteeFactory.create_batch(2, status=MenteeStatus.ACTIVE)
    assert jobs.refresh_matches(should_stop=never)["mentees"] == 2
    with pytest.raises(Stopped) as stopped:
        jobs.refresh_matches(should_stop=always)
    assert stopped.value.args[0]["mentees"] == 0


def test_ensure_followups_completes_a_loaded_placement_and_stops_when_asked(db):
    placement = PlacementFactory()  # made without the service: no follow-ups yet
    assert placement.followups.count() == 0
    with pytest.raises(Stopped) as stopped:
        jobs.ensure_followups(should_stop=always)
    assert stopped.value.args[0] == {"placements": 0}
    assert placement.followups.count() == 0
    assert jobs.ensure_followups(should_stop=never) == {"placements": 1}
    assert placement.followups.count() == 3
    assert jobs.ensure_followups(should_stop=never) == {"placements": 0}  # nothing twice


def test_create_reminders_stops_when_asked_and_creates_the_reminder_when_not(db):
    ResidenceStatusFactory(valid_until=timezone.localdate() + datetime.timedelta(days=10))
    with pytest.raises(Stopped) as stopped:
        jobs.create_reminders(should_stop=always)
    assert stopped.value.args[0]["permit_expiry"] == 0
    assert jobs.create_reminders(should_stop=never)["permit_expiry"] == 1
    assert jobs.create_reminders(should_stop=never)["permit_expiry"] == 0  # nothing twice


def test_publish_report_computes_the_published_set_once_per_data_state(db):
    from lotse.reporting import published

    assert published.stored_stamp() is None
    result = jobs.publish_report(should_stop=never)
    assert result["recomputed"] == 1 and result["cells"] > 0
    assert published.stored_stamp() == published.fingerprint()
    assert jobs.publish_report(should_stop=never) == {"recomputed": 0}  # nothing changed


def test_publish_report_with_the_audit_stops_when_asked_and_stores_nothing(db, settings):
    from lotse.reporting.models import PublishedPeriod

    settings.LOTSE_REPORT_AUDIT = True
    MenteeFactory.create_batch(3)
    with pytest.raises(Stopped):
        jobs.publish_report(should_stop=always)
    assert not PublishedPeriod.objects.exists()  # nothing half-published
    assert jobs.publish_report(should_stop=never)["recomputed"] == 1
