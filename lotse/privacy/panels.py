"""The data-protection section of the mentee page (the readable access copy for everyone who
sees the mentee; for the project's leads also the restriction and the person's requests; an
open erasure review or legal hold while one applies) and its part of the access export: the
person's requests, a restriction, the consent texts they agreed to, erasure reviews and legal
holds."""

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
    """The access copy for everyone who sees the mentee; for those who handle requests the
    restriction and the person's requests; for everyone an open erasure review or a legal hold
    while one applies."""
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
                "reviews": list(
                    ErasureReview.objects.filter(mentee=mentee, decision="").order_by("due_on")
                ),
                "holds": list(active_holds().filter(mentee=mentee).order_by("-set_at")),
            }
        },
    )


def privacy_export_data(user: Any, mentee: Mentee) -> dict[str, Any]:
    """The person's requests under Art. 15–21, a restriction in force, the full consent texts
    they agreed to, erasure reviews and legal holds. ``mentee`` comes from a scoped selector
    (or the copy reader)."""
    if mentee.project_id not in project_ids_for(user):
        return {
            "data_subject_requests": [],
            "restriction": None,
            "consent_texts": [],
            "erasure_reviews": [],
            "legal_holds": [],
        }
    requests = DataSubjectRequest.objects.filter(mentee=mentee).select_related(
        "recorded_by", "handled_by"
    )
    restriction = Restriction.objects.filter(mentee=mentee).select_related("restricted_by")
    texts = ConsentText.objects.filter(consents__mentee=mentee).distinct().order_by("purpose")
    return {
        "data_subject_requests": [model_values(r) for r in requests.order_by("received_on", "pk")],
        "restriction": next((model_values(r) for r in restriction), None),
        "consent_texts": [model_values(t) for t in texts],
        "erasure_reviews": [
            model_values(r, skip=("decided_by",))
            for r in ErasureReview.objects.filter(mentee=mentee).order_by("opened_at", "pk")
        ],
        "legal_holds": [
            model_values(h, skip=("set_by", "lifted_by"))
            for h in LegalHold.objects.filter(mentee=mentee).order_by("set_at", "pk")
        ],
    }


MENTEE_SECTION: Section[Mentee] = Section(
    id="data-protection",
    heading=_("Data protection"),
    panel=mentee_privacy_panel,
    export=Export(
        privacy_export_data,
        models=(DataSubjectRequest, Restriction, ConsentText, ErasureReview, LegalHold),
        key="data_protection",
    ),
)
