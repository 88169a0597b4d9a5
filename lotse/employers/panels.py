"""The section the employers app adds to the mentee page: services to employers that were aimed
at this mentee (for example accompanying an interview). One query, at most ``SHOWN`` rows; the
access export has them all."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.employers import selectors
from lotse.employers.models import EmployerService
from lotse.lib.exports import model_values
from lotse.lib.sections import Export, Panel, Section

SHOWN = 10


def mentee_panel(request: HttpRequest, mentee: Any) -> Panel | None:
    """Services to employers aimed at the mentee, newest first."""
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


def services_export_data(user: Any, mentee: Any) -> list[dict[str, Any]]:
    """Every service to an employer aimed at the mentee (in the user's projects), oldest first,
    with the employer by name."""
    return [
        model_values(service)
        for service in selectors.services_for(user).filter(mentee=mentee).order_by("date", "pk")
    ]


MENTEE_SECTION: Section[Any] = Section(
    id="employer-services",
    heading=_("Services to employers for this mentee"),
    panel=mentee_panel,
    export=Export(services_export_data, models=(EmployerService,), key="employer_services"),
)
