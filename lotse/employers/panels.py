"""The section the employers app adds to the mentee page: services to employers that were aimed
at this mentee (for example accompanying an interview). One query, at most ``SHOWN`` rows."""

from typing import Any

from django.http import HttpRequest

from lotse.employers import selectors
from lotse.lib.panels import Panel

SHOWN = 10


def mentee_panel(request: HttpRequest, mentee: Any) -> Panel | None:
    """Services to employers aimed at the mentee, newest first (order 45)."""
    services = list(
        selectors.services_for(request.user)
        .filter(mentee=mentee)
        .order_by("-date", "-id")[: SHOWN + 1]
    )
    if not services:
        return None
    return Panel(
        "employers/_mentee_panel.html",
        {"employer_services": {"services": services[:SHOWN], "more": len(services) > SHOWN}},
    )
