"""The journal's section on the mentee page (listed in ``lotse/pages.py``)."""

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Mentee
from lotse.journal import selectors
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    CourseParticipation,
    IntegrationAgreement,
    JournalEntry,
    Referral,
    Task,
)
from lotse.journal.selectors import journal_export_data
from lotse.lib.sections import Export, Panel, Section

PANEL_TIMELINE_SIZE = 30


def mentee_journal_panel(request: HttpRequest, mentee: Mentee) -> Panel | None:
    """Open tasks, the integration agreement with its steps, and the latest 30 journal items.

    Ten queries (nine without an agreement), however long the journal is
    (``selectors.journal_panel_for``). ``mentee`` was fetched through a scoped selector by the
    mentee page, which also wrote the view audit row.
    """
    user: Any = request.user
    data = selectors.journal_panel_for(user, mentee, size=PANEL_TIMELINE_SIZE)
    return Panel(
        "journal/_panel.html",
        {
            "journal": {
                "mentee": mentee,
                "items": data.items,
                "has_more": data.has_more,
                "open_tasks": data.open_tasks,
                "agreement": data.agreement,
                "agreement_steps": data.agreement_steps,
                "today": timezone.localdate(),
            },
            # For the task buttons' forms when the panel is rendered with its own context.
            "csrf_token": get_token(request),
        },
    )


MENTEE_SECTION: Section[Mentee] = Section(
    id="journal",
    heading=_("Journal"),
    panel=mentee_journal_panel,
    export=Export(
        journal_export_data,
        models=(
            JournalEntry,
            Appointment,
            Task,
            IntegrationAgreement,
            AgreementStep,
            Referral,
            CourseParticipation,
        ),
        key="journal",
    ),
)
