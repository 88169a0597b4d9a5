"""The ESF Plus section on the mentee page (only for projects that record the indicators)."""

from typing import Any

from django.http import HttpRequest

from lotse.accounts.selectors import project_ids_for
from lotse.lib.panels import Panel
from lotse.reporting.selectors import esf_participation


def mentee_esf_panel(request: HttpRequest, mentee: Any) -> Panel | None:
    user: Any = request.user
    if mentee.project_id not in project_ids_for(user) or not mentee.project.esf_indicators:
        return None
    participation = esf_participation(user, mentee)
    if participation is None:
        return None
    record = getattr(participation, "esf_record", None)
    return Panel(
        "reporting/_esf_panel.html",
        {"esf_panel": {"mentee": mentee, "participation": participation, "record": record}},
    )
