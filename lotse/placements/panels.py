"""Sections the placements app adds to the mentee, vacancy and employer pages.

Each panel runs a fixed number of queries (one or two), however many rows it shows. The object
was fetched through the host page's scoped selector; the lists here are scoped again to the
user's projects, so a vacancy or employer page never shows another project's mentees.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import project_ids_for
from lotse.audit.services import note_shown
from lotse.cases.models import ConsentPurpose
from lotse.cases.selectors import has_consent
from lotse.lib.sections import Export, Panel, Section
from lotse.placements import selectors
from lotse.placements.models import Application, ApplicationStageChange, FollowUp, Placement
from lotse.placements.stages import forward_next


def mentee_panel(request: HttpRequest, mentee: Any) -> Panel | None:
    """Applications and placements of the mentee."""
    user: Any = request.user
    if mentee.project_id not in project_ids_for(user):
        return None
    applications = list(selectors.mentee_applications(user, mentee))
    for application in applications:
        application.forward_stages = forward_next(application.stage)
    return Panel(
        "placements/_mentee_panel.html",
        {
            "placements_panel": {
                "applications": applications,
                "placements": selectors.mentee_placements(user, mentee),
                "may_propose": mentee.status != "exited",
                "has_consent": has_consent(mentee, ConsentPurpose.EMPLOYER_PROPOSAL),
            }
        },
    )


def vacancy_panel(request: HttpRequest, vacancy: Any) -> Panel | None:
    """The user's mentees who applied for the vacancy."""
    user: Any = request.user
    if not project_ids_for(user):
        return None
    applications = selectors.vacancy_applications(user, vacancy)
    note_shown(request, [application.mentee for application in applications], obj=vacancy)
    return Panel(
        "placements/_vacancy_panel.html",
        {
            "placements_panel": {
                "vacancy": vacancy,
                "applications": applications,
                "may_propose": vacancy.status == "open",
            }
        },
    )


def employer_panel(request: HttpRequest, employer: Any) -> Panel | None:
    """The user's mentees placed at the employer."""
    user: Any = request.user
    if not project_ids_for(user):
        return None
    placements = selectors.employer_placements(user, employer)
    note_shown(request, [placement.mentee for placement in placements], obj=employer)
    return Panel(
        "placements/_employer_panel.html", {"placements_panel": {"placements": placements}}
    )


MENTEE_SECTION: Section[Any] = Section(
    id="applications",
    heading=_("Applications and placements"),
    panel=mentee_panel,
    export=Export(
        selectors.placements_export_data,
        models=(Application, ApplicationStageChange, Placement, FollowUp),
        key="placements",
    ),
)
VACANCY_SECTION: Section[Any] = Section(
    id="applications", heading=_("Applications of your mentees"), panel=vacancy_panel
)
EMPLOYER_SECTION: Section[Any] = Section(
    id="placements", heading=_("Mentees placed here"), panel=employer_panel
)
