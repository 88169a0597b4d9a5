"""The documents' section on the mentee page (listed in ``lotse/pages.py``): the list with
the upload form, and the documents' metadata in the access export."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Mentee
from lotse.documents import selectors
from lotse.documents.forms import DocumentUploadForm
from lotse.documents.models import Document
from lotse.lib.sections import Export, Panel, Section


def mentee_documents_panel(request: HttpRequest, mentee: Mentee) -> Panel:
    """One query: the mentee's documents with their links (the form's choices are read when
    the form is rendered: four small queries)."""
    user: Any = request.user
    return Panel(
        "documents/_panel.html",
        {
            "documents": selectors.mentee_documents(user, mentee),
            "form": DocumentUploadForm(mentee=mentee, auto_id="document_%s"),
        },
    )


MENTEE_SECTION: Section[Mentee] = Section(
    id="documents",
    heading=_("Documents"),
    panel=mentee_documents_panel,
    export=Export(selectors.documents_export_data, models=(Document,), key="documents"),
)
