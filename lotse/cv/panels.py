"""The mentee page's section of the papers a mentor hands over: the CV, the print of the file
summary and of the integration agreement; its part of the access export is the journal's notes
of CVs made."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Mentee
from lotse.cv.models import CvRecord
from lotse.cv.selectors import cv_export_data, may_make_cv
from lotse.lib.sections import Export, Panel, Section


def papers_panel(request: HttpRequest, mentee: Mentee) -> Panel:
    from lotse.journal.selectors import has_agreement

    user: Any = request.user
    return Panel(
        "cv/_papers_panel.html",
        {
            "papers": {
                "may_make_cv": may_make_cv(mentee),
                "has_agreement": has_agreement(user, mentee),
            }
        },
    )


MENTEE_SECTION: Section[Any] = Section(
    id="papers",
    heading=_("Papers to hand over"),
    panel=papers_panel,
    export=Export(cv_export_data, models=(CvRecord,), key="cv_records"),
)
