"""The case file's own section of the mentee page: the profile cards, and the profile records
in the access export."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.cases.kinds import RECORD_KINDS
from lotse.cases.models import (
    Mentee,
    Participation,
    TransferRequest,
)
from lotse.cases.selectors import mentee_page_data, profile_export_data
from lotse.lib.sections import Export, Panel, Section


def mentee_profile_panel(request: HttpRequest, mentee: Mentee) -> Panel:
    """Person, origin, residence status, languages, qualifications, work experience, target
    occupations, mobility, references, consents, participations and notes (the page data is
    computed once per request; see ``mentee_page_data``)."""
    user: Any = request.user
    return Panel("cases/_profile.html", {"data": mentee_page_data(user, mentee)})


MENTEE_SECTION: Section[Mentee] = Section(
    id="profile",
    heading=_("Personal details"),
    panel=mentee_profile_panel,
    export=Export(
        profile_export_data,
        models=(
            Mentee,
            Participation,
            TransferRequest,
            *(kind.model for kind in RECORD_KINDS.values()),
        ),
    ),
)
