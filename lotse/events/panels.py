"""The group events' section on the mentee page (listed in ``lotse/pages.py``): the events
the mentee was invited to with the attendance, and the same in the access export."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Mentee
from lotse.events import selectors
from lotse.events.models import GroupEvent, Invitation
from lotse.lib.sections import Export, Panel, Section


def mentee_events_panel(request: HttpRequest, mentee: Mentee) -> Panel | None:
    """One query: the mentee's invitations with their events; nothing when there are none."""
    user: Any = request.user
    invitations = selectors.mentee_invitations(user, mentee)
    if not invitations:
        return None
    return Panel("events/_mentee_panel.html", {"invitations": invitations})


MENTEE_SECTION: Section[Mentee] = Section(
    id="group-events",
    heading=_("Group events"),
    panel=mentee_events_panel,
    export=Export(
        selectors.invitations_export_data, models=(Invitation, GroupEvent), key="group_events"
    ),
)
