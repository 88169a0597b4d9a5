"""Erasing a mentee: invitations without recorded attendance go, recorded attendance stays
under a new public id, and the report's event figures are the same before and after."""

import datetime

import pytest

from lotse.audit.models import AuditEvent
from lotse.events.models import Attendance, Invitation
from lotse.events.tests.factories import GroupEventFactory, InvitationFactory
from lotse.privacy.erasure import erase_mentee, erasers
from lotse.reporting.figures import TOTAL, Scope, activities, compute

pytestmark = pytest.mark.django_db
YEAR = Scope(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def _figures():
    f = compute(YEAR)
    keys = ("event_participants", "event_participations")
    return {k: f.get(TOTAL, TOTAL, k) for k in keys}, activities(YEAR).events


def test_the_events_app_takes_part_in_erasure():
    assert "events" in [label for label, _erase in erasers()]


def test_erasure_keeps_the_figures_and_removes_what_is_not_needed(lena, mentee, project_a):
    held = GroupEventFactory(project=project_a, date=datetime.date(2026, 3, 3))
    later = GroupEventFactory(project=project_a, date=datetime.date(2026, 11, 20))
    kept = InvitationFactory(event=held, mentee=mentee, attendance=Attendance.ATTENDED)
    dropped = InvitationFactory(event=later, mentee=mentee)
    before = _figures()
    assert before[0] == {"event_participants": 1, "event_participations": 1}

    erase_mentee(actor=lena, mentee=mentee)

    assert not Invitation.objects.filter(pk=dropped.pk).exists()
    remaining = Invitation.objects.get(pk=kept.pk)
    assert remaining.public_id != kept.public_id
    assert remaining.attendance == Attendance.ATTENDED
    assert _figures() == before
    rows = AuditEvent.objects.filter(object_type="events.invitation", reason="erasure")
    assert {r.action for r in rows} == {"update", "delete"}
