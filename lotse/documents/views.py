"""Pages of the documents: the mentee's list with the upload form, upload, edit, delete and
the download. Every view fetches the mentee and the document through the scoped selectors
(another project's document is a 404), and the download writes an audit row."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from lotse.audit.services import note_shown
from lotse.cases.models import Mentee
from lotse.cases.selectors import mentee_for
from lotse.documents import selectors, services
from lotse.documents.forms import DocumentUploadForm
from lotse.documents.kinds import DOCUMENT
from lotse.documents.models import Document, document_storage
from lotse.lib.concurrency import StaleRecordError
from lotse.lib.records import edit_view
from lotse.lib.views import apply_service_errors, safe_next


def _back(request: HttpRequest, mentee: Mentee) -> str:
    fallback = reverse("cases:detail", args=[mentee.public_id]) + "#documents"
    return safe_next(request, fallback)


def _document(request: HttpRequest, mentee: Mentee, document_id: UUID) -> Document:
    return get_object_or_404(
        selectors.documents_for(request.user).filter(mentee=mentee), public_id=document_id
    )


@require_GET
@login_required
def document_list(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    mentee = mentee_for(request.user, mentee_id)
    note_shown(request, [mentee])
    context = {
        "mentee": mentee,
        "documents": selectors.mentee_documents(request.user, mentee),
        "form": DocumentUploadForm(mentee=mentee),
    }
    return render(request, "documents/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def document_upload(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    """The upload form; a valid POST stores the checked file and its record."""
    mentee = mentee_for(request.user, mentee_id)
    note_shown(request, [mentee])
    data: Any = (request.POST, request.FILES) if request.method == "POST" else ()
    form = DocumentUploadForm(*data, instance=Document(mentee=mentee), mentee=mentee)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        upload = values.pop("upload")
        try:
            services.document_upload(actor=request.user, mentee=mentee, upload=upload, **values)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, DOCUMENT.created)
            return redirect(_back(request, mentee))
    return render(
        request,
        "documents/upload.html",
        {"mentee": mentee, "form": form, "title": DOCUMENT.texts["add"]},
    )


@require_http_methods(["GET", "POST"])
@login_required
def document_edit(request: HttpRequest, mentee_id: UUID, document_id: UUID) -> HttpResponse:
    mentee = mentee_for(request.user, mentee_id)
    document = _document(request, mentee, document_id)
    note_shown(request, [mentee], obj=document)
    return edit_view(
        request,
        DOCUMENT,
        record=document,
        form_kwargs={"mentee": mentee},
        template="documents/edit.html",
        context={"mentee": mentee, "document": document, "title": DOCUMENT.texts["edit"]},
        success_url=_back(request, mentee),
    )


@require_http_methods(["GET", "POST"])
@login_required
def document_delete(request: HttpRequest, mentee_id: UUID, document_id: UUID) -> HttpResponse:
    """GET asks for confirmation; POST deletes the record and its file."""
    mentee = mentee_for(request.user, mentee_id)
    document = _document(request, mentee, document_id)
    note_shown(request, [mentee], obj=document)
    error = None
    if request.method == "POST":
        try:
            services.document_delete(
                actor=request.user, document=document, version=request.POST.get("version")
            )
        except StaleRecordError as exc:
            error = " ".join(exc.messages)
            document.refresh_from_db()
        else:
            messages.success(request, DOCUMENT.deleted)
            return redirect(_back(request, mentee))
    return render(
        request,
        "documents/delete.html",
        {"mentee": mentee, "record": document, "error": error, "title": DOCUMENT.texts["delete"]},
        status=400 if error else 200,
    )


@require_GET
@login_required
def document_download(request: HttpRequest, mentee_id: UUID, document_id: UUID) -> HttpResponse:
    """The file as an attachment (never shown inline), with an audit row for the copy."""
    mentee = mentee_for(request.user, mentee_id)
    document = _document(request, mentee, document_id)
    handle = document_storage().open(document.file.name, "rb")
    services.document_download_record(actor=request.user, document=document)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
