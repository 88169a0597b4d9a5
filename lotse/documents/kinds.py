"""The document as a record kind of the core (``lotse.lib.records``): its services check the
project and the version and write the audit row like every other record's. The file is written
and removed by ``lotse.documents.services`` around them."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotse.documents import forms
from lotse.documents.models import Document
from lotse.lib.records import RecordKind


def _uploaded_by(actor: Any) -> dict[str, Any]:
    return {"uploaded_by": actor if getattr(actor, "is_authenticated", False) else None}


def _close_old_reminders(actor: Any, document: Document, changes: dict | None) -> None:
    """A changed expiry date makes the old reminder obsolete (the daily run makes a new one)."""
    if changes and "expires_on" in changes:
        from lotse.journal.automatic import DocumentExpirySource, close_task

        close_task(DocumentExpirySource(document), mentee=document.mentee_id, actor=actor)


DOCUMENT = RecordKind(
    slug="documents",
    model=Document,
    form=forms.DocumentForm,
    fields=(
        *forms.DocumentForm._meta.fields,
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
    ),
    defaults=_uploaded_by,
    after=_close_old_reminders,
    related="documents",
    title=_("document"),
    anchor="documents",
    created=_("The document has been stored."),
    saved=_("The document's details have been saved."),
    deleted=_("The document has been deleted."),
    texts={
        "add": _("Upload a document"),
        "edit": _("Edit document details"),
        "delete": _("Delete document"),
    },
)
