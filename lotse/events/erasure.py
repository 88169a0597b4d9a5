"""The group events' part of erasing a mentee (called by ``lotse.privacy``'s
``erase_mentee`` for every app): invitations without recorded attendance are removed, recorded
attendance stays (without anything but the event and the value) so that the report's
participants and participations keep their numbers."""

from typing import Any

from lotse.cases.models import Mentee
from lotse.events.services import invitations_erase


def erase(mentee: Mentee, *, actor: Any) -> None:
    invitations_erase(mentee=mentee, actor=actor)
