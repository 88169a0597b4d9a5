"""The data-protection section of the mentee page (the readable access copy for everyone who
sees the mentee; for the project's leads also the restriction and the person's requests) and
its part of the access export: the person's requests, a restriction and the consent texts
they agreed to."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import project_ids_for
from lotse.cases.models import Mentee
from lotse.lib.exports import model_values
from lotse.lib.sections import Export, Panel, Section
from lotse.privacy.models import (
    ConsentText,
    DataSubjectRequest,
    ErasureReview,
    LegalHold,
    Restriction,
)
from lotse.privacy.retention import active_holds
from lotse.privacy.selectors import may_handle, requests_of_mentee


def _restriction(mentee: Mentee) -> Restriction | None:
    try:
        return mentee.restriction
    except Restriction.DoesNotExist:
        return None


def mentee_privacy_panel(request: HttpRequest, mentee: Mentee) -> Panel | None:
    user: Any = request.user
    if mentee.project_id not in project_ids_for(user):
        return None
    handles = may_handle(user, mentee)
    return Panel(
        "privacy/_mentee_panel.html",
        {
            "privacy_panel": {
                "handles": handles,
                "restriction": _restriction(mentee) if handles else None,
                "requests": requests_of_mentee(user, mentee) if handles else [],
            }
        },
    )


def privacy_export_data(user: Any, mentee: Mentee) -> dict[str, Any]:
    """The person's requests under Art. 15–21, a restriction in force and the full consent
    texts they agreed to. ``mentee`` comes from a scoped selector (or the copy reader)."""
    if mentee.project_id not in project_ids_for(user):
        return {"data_subject_requests": [], "restriction": None, "consent_texts": []}
    requests = DataSubjectRequest.objects.filter(mentee=mentee).select_related(
        "recorded_by", "handled_by"
    )
    restriction = Restriction.objects.filter(mentee=mentee).select_related("restricted_by")
    texts = ConsentText.objects.filter(consents__mentee=mentee).distinct().order_by("purpose")
    return {
        "data_subject_requests": [model_values(r) for r in requests.order_by("received_on", "pk")],
        "restriction": next((model_values(r) for r in restriction), None),
        "consent_texts": [model_values(t) for t in texts],
    }


MENTEE_SECTION: Section[Mentee] = Section(
    id="data-protection",
    heading=_("Data protection"),
    panel=mentee_privacy_panel,
    export=Export(
        privacy_export_data,
        models=(DataSubjectRequest, Restriction, ConsentText),
        key="data_protection",
    ),
)


# The erasure section: an open erasure review, legal holds, and their part of the access
# export.


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


ERASURE_SECTION: Section[Any] = Section(
    id="erasure",
    heading=_("Erasure and retention"),
    panel=mentee_erasure_panel,
    export=Export(erasure_export_data, models=(ErasureReview, LegalHold)),
)
