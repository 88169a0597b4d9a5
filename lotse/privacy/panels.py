"""The erasure section of the mentee page (an open erasure review, legal holds) and their part
of the access export."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import project_ids_for
from lotse.lib.exports import model_values
from lotse.lib.sections import Export, Panel, Section
from lotse.privacy.models import ErasureReview, LegalHold
from lotse.privacy.retention import active_holds


def mentee_erasure_panel(request: HttpRequest, mentee: Any) -> Panel | None:
    """Shown only while something applies: an open review or an active legal hold."""
    if mentee.project_id not in project_ids_for(request.user):
        return None
    reviews = list(ErasureReview.objects.filter(mentee=mentee, decision="").order_by("due_on"))
    holds = list(active_holds().filter(mentee=mentee).order_by("-set_at"))
    if not reviews and not holds:
        return None
    return Panel(
        "privacy/_erasure_panel.html", {"erasure_panel": {"reviews": reviews, "holds": holds}}
    )


def erasure_export_data(user: Any, mentee: Any) -> dict[str, Any]:
    if mentee.project_id not in project_ids_for(user):
        return {"erasure_reviews": [], "legal_holds": []}
    return {
        "erasure_reviews": [
            model_values(r, skip=("decided_by",))
            for r in ErasureReview.objects.filter(mentee=mentee).order_by("opened_at", "pk")
        ],
        "legal_holds": [
            model_values(h, skip=("set_by", "lifted_by"))
            for h in LegalHold.objects.filter(mentee=mentee).order_by("set_at", "pk")
        ],
    }


MENTEE_SECTION: Section[Any] = Section(
    id="erasure",
    heading=_("Erasure and retention"),
    panel=mentee_erasure_panel,
    export=Export(erasure_export_data, models=(ErasureReview, LegalHold)),
)
