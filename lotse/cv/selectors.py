"""Reads for the CV, scoped to the user like every read of personal data."""

from typing import Any

from django.db.models import QuerySet

from lotse.cases.models import ConsentPurpose, Mentee
from lotse.cases.selectors import has_consent, visible_q
from lotse.cv.models import CvRecord
from lotse.lib.exports import model_values

#: The consent without which no CV leaves Lotse: passing the profile to employers.
CONSENT = ConsentPurpose.EMPLOYER_PROPOSAL
PHOTO_TYPES = ("image/jpeg", "image/png")


def may_make_cv(mentee: Mentee) -> bool:
    """Whether the mentee's consent to pass the profile to employers is in force today."""
    return has_consent(mentee, CONSENT)


def photo_documents(user: Any, mentee: Mentee) -> QuerySet:
    """The mentee's image documents (JPEG, PNG) a photo for the CV can come from."""
    from lotse.documents.selectors import documents_for

    return documents_for(user).filter(mentee=mentee, content_type__in=PHOTO_TYPES)


def cv_records_for(user: Any) -> QuerySet[CvRecord]:
    return CvRecord.objects.filter(visible_q(user, "mentee__")).select_related("made_by")


def cv_export_data(user: Any, mentee: Mentee) -> list[dict[str, Any]]:
    """The notes of CVs made, for the access export."""
    return [
        model_values(record)
        for record in cv_records_for(user).filter(mentee=mentee).order_by("created_at", "pk")
    ]
