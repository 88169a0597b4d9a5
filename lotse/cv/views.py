"""The CV page: the mentor ticks the personal details, picks a photo and looks at the preview;
the PDF or Word button notes the CV in the journal (POST) and leads to its download (GET, made
again from the profile with the noted choices, also later from the journal). Without the consent
to pass the profile to employers the page says why and where to record it, and makes nothing."""

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotse.cases.selectors import mentee_for
from lotse.cv import content, papers, services
from lotse.cv.forms import PREVIEW, CvForm
from lotse.cv.models import CvFormat
from lotse.cv.selectors import cv_records_for, may_make_cv
from lotse.lib import paper


def _page(request: HttpRequest, mentee: Any, form: Any, cv: Any, status: int = 200):
    services.cv_view_record(actor=request.user, mentee=mentee)
    return render(
        request,
        "cv/cv_page.html",
        {"mentee": mentee, "form": form, "cv": cv, "has_consent": form is not None},
        status=status,
    )


def _photo(form: CvForm) -> Any:
    """The chosen photo, scaled for paper; ``False`` (and the error at the field) if it cannot
    be read."""
    document = form.cleaned_data["photo"]
    if document is None:
        return None
    try:
        return content.photo_from(document)
    except OSError:  # the file is gone from the storage or is no image after all
        form.add_error("photo", _("This photo cannot be read; please choose another one."))
        return False


@require_http_methods(["GET", "POST"])
@login_required
def cv_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user: Any = request.user
    mentee = mentee_for(user, public_id)
    if not may_make_cv(mentee):
        return _page(request, mentee, None, None, status=403 if request.method == "POST" else 200)
    if request.method == "GET":
        form = CvForm(user=user, mentee=mentee)
        initial = form.initial
        cv = content.build(user, mentee, details=set(initial["details"]), place=initial["place"])
        return _page(request, mentee, form, cv)
    form = CvForm(request.POST, user=user, mentee=mentee)
    photo = _photo(form) if form.is_valid() else None
    if not form.is_valid():
        return _page(request, mentee, form, None, status=400)
    values = form.cleaned_data
    if values["output"] == PREVIEW:
        cv = content.build(
            user, mentee, details=set(values["details"]), place=values["place"], photo=photo
        )
        return _page(request, mentee, form, cv)
    try:
        record = services.cv_made(
            actor=user,
            mentee=mentee,
            file_format=values["output"],
            details=values["details"],
            photo=values["photo"],
            place=values["place"],
        )
    except services.ConsentMissing:  # withdrawn between the check and now
        return _page(request, mentee, None, None, status=403)
    return redirect("cv:download", public_id=mentee.public_id, record_id=record.public_id)


@require_GET
@login_required
def cv_download(request: HttpRequest, public_id: UUID, record_id: UUID) -> HttpResponse:
    """The CV noted as ``record``, made from the profile as it is now, as an attachment."""
    user: Any = request.user
    mentee = mentee_for(user, public_id)
    record = get_object_or_404(
        cv_records_for(user).select_related("photo"), mentee=mentee, public_id=record_id
    )
    try:
        services.cv_download_record(actor=user, record=record)
    except services.ConsentMissing:
        return _page(request, mentee, None, None, status=403)
    try:
        photo = content.photo_from(record.photo) if record.photo else None
    except OSError:
        photo = None  # the document's file is gone: the CV without it
    cv = content.build(user, mentee, details=set(record.details), place=record.place, photo=photo)
    if record.file_format == CvFormat.DOCX:
        return paper.download(
            papers.docx(cv), filename=papers.filename(cv, "docx"), content_type=paper.DOCX
        )
    return paper.download(
        papers.pdf(cv), filename=papers.filename(cv, "pdf"), content_type=paper.PDF
    )
