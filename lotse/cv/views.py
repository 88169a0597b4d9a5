"""The CV page: the mentor ticks the personal details, picks a photo, looks at the preview and
takes the CV as PDF or Word. Without the consent to pass the profile to employers the page
says why and where to record it, and makes nothing."""

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.cases.selectors import mentee_for
from lotse.cv import content, papers, services
from lotse.cv.forms import PREVIEW, CvForm
from lotse.cv.models import CvFormat
from lotse.cv.selectors import may_make_cv
from lotse.lib import paper


def _page(request: HttpRequest, mentee: Any, form: CvForm | None, cv: Any, status: int = 200):
    return render(
        request,
        "cv/cv_page.html",
        {"mentee": mentee, "form": form, "cv": cv, "has_consent": form is not None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def cv_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user: Any = request.user
    mentee = mentee_for(user, public_id)
    if not may_make_cv(mentee):
        services.cv_view_record(actor=user, mentee=mentee)
        return _page(request, mentee, None, None, status=403 if request.method == "POST" else 200)
    form = CvForm(request.POST or None, user=user, mentee=mentee)
    if request.method == "GET":
        initial = form.initial
        cv = content.build(user, mentee, details=set(initial["details"]), place=initial["place"])
        services.cv_view_record(actor=user, mentee=mentee)
        return _page(request, mentee, form, cv)
    if not form.is_valid():
        services.cv_view_record(actor=user, mentee=mentee)
        return _page(request, mentee, form, None, status=400)
    values = form.cleaned_data
    try:
        photo = content.photo_from(values["photo"]) if values["photo"] else None
    except OSError:  # the file is gone from the storage or is no image after all
        form.add_error("photo", _("This photo cannot be read; please choose another one."))
        services.cv_view_record(actor=user, mentee=mentee)
        return _page(request, mentee, form, None, status=400)
    cv = content.build(
        user, mentee, details=set(values["details"]), place=values["place"], photo=photo
    )
    if values["output"] == PREVIEW:
        services.cv_view_record(actor=user, mentee=mentee)
        return _page(request, mentee, form, cv)
    try:
        with transaction.atomic():  # no note in the journal when the paper cannot be made
            services.cv_made(
                actor=user,
                mentee=mentee,
                file_format=values["output"],
                details=cv.details,
                with_photo=cv.photo is not None,
            )
            if values["output"] == CvFormat.DOCX:
                body, name, kind = papers.docx(cv), papers.filename(cv, "docx"), paper.DOCX
            else:
                body, name, kind = papers.pdf(cv), papers.filename(cv, "pdf"), paper.PDF
    except services.ConsentMissing:  # withdrawn between the check and now
        return _page(request, mentee, None, None, status=403)
    return paper.download(body, filename=name, content_type=kind)
