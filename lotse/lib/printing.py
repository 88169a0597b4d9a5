"""Print pages: the papers a mentor hands over (the file summary, the integration agreement)
as a page for the browser's print function and as PDF, from one template.

The page is a document of its own (no navigation, no buttons in print: ``paper/print_base.html``
with ``lotse/paper.css`` and ``lotse/print.css``); the PDF is the same template through
``lotse.lib.paper`` (A4, date and page numbers in the footer). Every print writes an audit row
on the mentee: ``view`` for the page, ``export`` for the PDF, with the paper's code as reason.
"""

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.lib import paper

PRINT_STYLESHEET = "lotse/print.css"


def print_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    mentee: Any,
    obj: models.Model,
    code: str,
    pdf: bool,
    filename: str,
) -> HttpResponse:
    """The print page of ``template`` (``pdf`` False) or its PDF download, with its audit
    row. ``code`` names the paper in the audit trail ("print_file", "print_agreement")."""
    context = {
        **context,
        "mentee": mentee,
        "paper_pdf": pdf,
        "made_on": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    }
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT if pdf else AuditAction.VIEW,
        obj=obj,
        mentee=mentee,
        reason=code,
    )
    if not pdf:
        return render(request, template, context)
    body = paper.pdf_from_template(
        template, context, request=request, stylesheets=(PRINT_STYLESHEET,)
    )
    return paper.download(body, filename=filename, content_type=paper.PDF)
