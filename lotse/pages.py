"""Which sections the mentee, vacancy and employer pages show, in this order.

Each section belongs to the app that owns its data (``lotse/<app>/panels.py``: its anchor,
heading, panel function and, on the mentee page, its part of the data-subject access export);
this module only puts them together, so the order of a page is read and changed here. The
access export of a mentee is assembled from the same list (``mentee_export_data``).
"""

from typing import Any

from django.utils import timezone

from lotse.cases import panels as cases
from lotse.cases.models import Mentee
from lotse.cv import panels as cv
from lotse.documents import panels as documents
from lotse.employers import panels as employers
from lotse.events import panels as events
from lotse.journal import panels as journal
from lotse.letters import panels as letters
from lotse.lib.sections import Page, export_sections
from lotse.matching import panels as matching
from lotse.placements import panels as placements
from lotse.privacy import panels as privacy
from lotse.reporting import panels as reporting

MENTEE_PAGE: Page[Mentee] = Page(
    "mentee",
    (
        cases.MENTEE_SECTION,
        journal.MENTEE_SECTION,
        documents.MENTEE_SECTION,
        letters.MENTEE_SECTION,
        cv.MENTEE_SECTION,
        events.MENTEE_SECTION,
        placements.MENTEE_SECTION,
        employers.MENTEE_SECTION,
        matching.MENTEE_SECTION,
        reporting.MENTEE_SECTION,
        privacy.MENTEE_SECTION,
    ),
)

VACANCY_PAGE: Page[Any] = Page("vacancy", (placements.VACANCY_SECTION, matching.VACANCY_SECTION))

EMPLOYER_PAGE: Page[Any] = Page("employer", (placements.EMPLOYER_SECTION,))

EXPORT_FORMAT = "lotse-mentee-export/1"


def mentee_export_data(user: Any, mentee: Mentee) -> dict[str, Any]:
    """The whole case file of one mentee as JSON-safe data (no internal keys), for the access
    export (Art. 15/20 GDPR). ``mentee`` must come from ``cases.selectors.mentee_for``."""
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        **export_sections(MENTEE_PAGE, user, mentee),
    }
