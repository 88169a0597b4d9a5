"""The sections matching adds to the mentee page and the vacancy page.

The host page fetched the object through its scoped selector; the lists here are scoped again to
the user's projects.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import project_ids_for
from lotse.audit.services import note_shown
from lotse.cases.models import ConsentPurpose, MenteeStatus
from lotse.cases.selectors import has_consent, mentee_ids_with_consent
from lotse.employers.models import VacancyStatus
from lotse.lib.sections import Panel, Section
from lotse.matching import selectors
from lotse.matching.forms import MatchFilterForm


def mentee_context(request: HttpRequest, mentee: Any) -> dict[str, Any]:
    user: Any = request.user
    form = MatchFilterForm(request.GET if {"kind", "radius"} & set(request.GET) else None)
    matches = selectors.vacancies_for_mentee(
        user, mentee, show_excluded=request.GET.get("excluded") == "1", **form.filters()
    )
    query = request.GET.copy()
    query["excluded"] = "1"
    return {
        "matching": {
            "form": form,
            "list": matches,
            "may_propose": mentee.status != MenteeStatus.EXITED,
            # Without it the service refuses; the panel shows a note with a link instead.
            "has_consent": has_consent(mentee, ConsentPurpose.EMPLOYER_PROPOSAL),
            "excluded_query": query.urlencode(),
            "next": request.get_full_path(),
        }
    }


def mentee_panel(request: HttpRequest, mentee: Any) -> Panel | None:
    """Matching vacancies for the mentee."""
    if mentee.project_id not in project_ids_for(request.user):
        return None
    return Panel("matching/_mentee_panel.html", mentee_context(request, mentee))


def vacancy_panel(request: HttpRequest, vacancy: Any) -> Panel | None:
    """Matching mentees of the user's projects for the vacancy."""
    user: Any = request.user
    if not project_ids_for(user):
        return None
    matches = selectors.mentees_for_vacancy(user, vacancy)
    note_shown(
        request,
        [
            row.mentee
            for row in [*matches.rows, *(matches.excluded_rows if matches.show_excluded else [])]
            if row.mentee
        ],
        obj=vacancy,
    )
    return Panel(
        "matching/_vacancy_panel.html",
        {
            "matching": {
                "vacancy": vacancy,
                "list": matches,
                "may_propose": vacancy.status == VacancyStatus.OPEN,
                "consented": mentee_ids_with_consent(
                    [row.mentee.pk for row in matches.rows if row.mentee],
                    ConsentPurpose.EMPLOYER_PROPOSAL,
                ),
                "next": request.get_full_path(),
            }
        },
    )


MENTEE_SECTION: Section[Any] = Section(
    id="matching",
    heading=_("Matching vacancies"),
    panel=mentee_panel,
    deferred=True,  # about twelve queries; see benchmarks/mentee_sections.py
)
VACANCY_SECTION: Section[Any] = Section(
    id="matching", heading=_("Matching mentees"), panel=vacancy_panel
)
