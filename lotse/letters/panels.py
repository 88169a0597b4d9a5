"""The letters' section on the mentee page (listed in ``lotse/pages.py``): the form that makes
a letter, the letters made so far, and their records in the access export."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Mentee
from lotse.letters import selectors
from lotse.letters.forms import initial_for, letter_form
from lotse.letters.models import Letter
from lotse.lib.sections import Export, Panel, Section


def mentee_letters_panel(request: HttpRequest, mentee: Mentee) -> Panel:
    """A few queries: the letters made, the form's appointments and employers (read when the
    form is rendered) and the mentee's languages for the default."""
    user: Any = request.user
    return Panel(
        "letters/_panel.html",
        {
            "letters": selectors.mentee_letters(user, mentee),
            "checks": selectors.languages_to_check(mentee.project),
            "form": letter_form(
                user, mentee, initial=initial_for(request, mentee), auto_id="letter_%s"
            ),
        },
    )


MENTEE_SECTION: Section[Mentee] = Section(
    id="letters",
    heading=_("Letters"),
    panel=mentee_letters_panel,
    export=Export(selectors.letters_export_data, models=(Letter,), key="letters"),
    deferred=True,  # the form's choices cost six queries; see benchmarks/mentee_sections.py
)
