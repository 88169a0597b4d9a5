"""Reads of documents, scoped to the user's projects like every read of personal data."""

from typing import Any

from django.db.models import QuerySet

from lotse.accounts.selectors import project_ids_for
from lotse.cases.models import Mentee
from lotse.documents.models import Document
from lotse.lib.exports import model_values

#: What the list shows of a document's related rows, but the mentee of its placement.
_LISTED = ("residence_status__title", "qualification", "course", "placement", "uploaded_by")


def documents_for(user: Any) -> QuerySet[Document]:
    """Documents of the mentees in the user's projects, with what the list shows joined."""
    return Document.objects.filter(mentee__project_id__in=project_ids_for(user)).select_related(
        *_LISTED, "placement__mentee"
    )


def mentee_documents(user: Any, mentee: Mentee) -> list[Document]:
    """The mentee's documents, newest first (one query). A document proves only records of its
    own mentee (``Document.clean``), so a placement's mentee is ``mentee`` and is not read
    again (one join less to plan)."""
    documents = list(
        documents_for(user).select_related(None).select_related(*_LISTED).filter(mentee=mentee)
    )
    for document in documents:
        if document.placement is not None and document.placement.mentee_id == mentee.pk:
            document.placement.mentee = mentee
    return documents


def documents_export_data(user: Any, mentee: Mentee) -> list[dict[str, Any]]:
    """The documents' metadata for the access export, each with the name of its file (the
    file's content is handed over separately, by download)."""
    return [
        model_values(document, skip=("file",))
        for document in documents_for(user).filter(mentee=mentee).order_by("created_at", "pk")
    ]
