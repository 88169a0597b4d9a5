"""Erasure of applications and placements (called by ``lotse.privacy.erasure.erase_mentee``).

Placements stay with their facts (type, occupation, employer, vacancy, dates, hours, levels,
adequacy) and their follow-ups with the answer; the reasons and notes typed by mentors go.
Applications and their stage history are removed (the report counts placements, not
applications)."""

from typing import Any

from lotse.lib.erasure import ERASED_TEXT, renew_public_ids
from lotse.placements.models import Application, FollowUp, Placement


def erase(mentee: Any, *, actor: Any) -> None:
    placements = Placement.objects.filter(mentee=mentee)
    placements.update(end_reason="", application=None)
    # A mentor's judgement keeps a reason (a database rule); the words go.
    placements.filter(adequacy_override__isnull=True).update(adequacy_override_reason="")
    placements.filter(adequacy_override__isnull=False).update(adequacy_override_reason=ERASED_TEXT)
    Application.objects.filter(mentee=mentee).delete()
    followups = FollowUp.objects.filter(placement__mentee=mentee)
    followups.update(note="")
    renew_public_ids(followups)
    renew_public_ids(placements)
