"""The data protection officer's desk: data-subject requests with their deadlines, the
restriction of a record, the access copy (readable page, PDF, JSON) and the consent texts.

The data protection officer holds no project membership and sees no case content: requests
show a mentee by identifier and project. The one way to the record is the access copy of an
open access or portability request (``request_access_copy*``), each opening audited with the
request it answers. Project leads see their projects' requests and make the copy from the
mentee's page (``access_copy*``), as do mentors.
"""

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse import pages
from lotse.audit.services import note_shown
from lotse.cases.models import Mentee
from lotse.cases.selectors import mentee_for
from lotse.lib import paper
from lotse.lib.concurrency import StaleRecordError, add_version_field, show_current_version
from lotse.lib.views import apply_service_errors, detached, filter_query
from lotse.privacy import forms, readable, selectors, services
from lotse.privacy.models import OPEN_STATUSES, DataSubjectRequest, Restriction

PAGE_SIZE = 50


def _desk_only(request: HttpRequest) -> None:
    if not selectors.may_use_desk(request.user):
        raise Http404


# --- the desk ----------------------------------------------------------------------------------


@require_GET
@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    """All requests the user may see, overdue ones first."""
    _desk_only(request)
    form = forms.RequestFilterForm(request.GET or None)
    rows = selectors.requests_for(request.user)
    if form.is_valid() and form.cleaned_data["show"] == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif form.is_valid() and form.cleaned_data["show"] == "closed":
        rows = rows.exclude(status__in=OPEN_STATUSES)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    note_shown(request, [dsr.mentee for dsr in page.object_list if dsr.mentee is not None])
    dpo = selectors.is_data_protection_officer(request.user)
    return render(
        request,
        "privacy/request_list.html",
        {
            "form": form,
            "page": page,
            "query": filter_query(request),
            "dpo": dpo,
            "overdue": selectors.requests_for(request.user).filter(overdue=True).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    _desk_only(request)
    initial = {}
    mentee_param = request.GET.get("mentee", "")
    if mentee_param and len(mentee_param) <= 100:
        initial["mentee"] = mentee_param
    form = forms.RequestCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.request_create(
                actor=request.user,
                mentee=data["mentee"],
                kind=data["kind"],
                received_on=data["received_on"],
                channel=data["channel"],
                details=data["details"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The request has been recorded; the answer is due by %(date)s.")
                % {"date": f"{created.due_on:%d.%m.%Y}"},
            )
            return redirect("privacy:request_detail", public_id=created.public_id)
    return render(request, "privacy/request_form.html", {"form": form})


def _mentee_shown(user: Any, dsr: DataSubjectRequest) -> Mentee | None:
    """The mentee as the user may see them on the request's page: a lead sees the name, the
    data protection officer only the identifier and project (no case content)."""
    if dsr.mentee is None or selectors.is_data_protection_officer(user):
        return None
    return dsr.mentee


def _restriction(dsr: DataSubjectRequest) -> Restriction | None:
    if dsr.mentee is None:
        return None
    return Restriction.objects.filter(mentee=dsr.mentee).select_related("restricted_by").first()


@require_http_methods(["GET", "POST"])
@login_required
def request_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A request with its deadline; the form to handle it (status, outcome, extension)."""
    _desk_only(request)
    dsr = selectors.request_for(request.user, public_id)
    data = request.POST if request.method == "POST" else None
    form = add_version_field(
        forms.RequestUpdateForm(data, instance=detached(dsr), user=request.user), dsr
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version", None)
        try:
            services.request_update(actor=request.user, request=dsr, version=version, **values)
        except StaleRecordError as error:
            apply_service_errors(form, error)
            show_current_version(form, dsr)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The request has been saved."))
            return redirect("privacy:request_detail", public_id=dsr.public_id)
    note_shown(request, [dsr.mentee] if dsr.mentee else [], obj=dsr, always=True)
    return render(
        request,
        "privacy/request_detail.html",
        {
            "dsr": dsr,
            "form": form,
            "mentee": _mentee_shown(request.user, dsr),
            "restriction": _restriction(dsr),
            "restriction_form": forms.RestrictionForm(),
            "copy_by_request": selectors.may_read_copy_by_request(request.user, dsr),
            "latest_extension": services.latest_extension(dsr.received_on),
            "language_form": forms.CopyLanguageForm(),
        },
    )


@require_POST
@login_required
def request_restriction(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Restrict (``action=restrict`` with a ground) or lift (``action=lift``) the processing
    of the request's person."""
    _desk_only(request)
    dsr = selectors.request_for(request.user, public_id)
    if dsr.mentee is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "lift":
            services.restriction_lift(actor=request.user, mentee=dsr.mentee)
            messages.success(request, _("The restriction has been lifted."))
        else:
            form = forms.RestrictionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Please choose the ground of the restriction."))
                return redirect("privacy:request_detail", public_id=dsr.public_id)
            services.restriction_set(
                actor=request.user,
                mentee=dsr.mentee,
                reason=form.cleaned_data["reason"],
                request=dsr,
            )
            messages.success(
                request,
                _("The processing is restricted: the project's mentors no longer see the record."),
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    return redirect("privacy:request_detail", public_id=dsr.public_id)


# --- the access copy ---------------------------------------------------------------------------


def _copy_context(user: Any, mentee: Mentee, language: str) -> dict[str, Any]:
    with translation.override(language):
        data = pages.mentee_export_data(user, mentee)
        parts = readable.readable_copy(pages.MENTEE_PAGE, data)
        made_on = readable.copy_date()
    return {"mentee": mentee, "parts": parts, "made_on": made_on, "copy_language": language}


def _render_copy(
    request: HttpRequest, reader: Any, mentee: Mentee, form: str, dsr: DataSubjectRequest | None
) -> HttpResponse:
    language_form = forms.CopyLanguageForm(request.GET or None)
    language = language_form.language_code()
    status = 200
    if form == "pdf" and language_form.is_bound and not language_form.is_valid():
        form, status = "html", 400  # the page says at the field what is wrong; no PDF
    if form == "json":
        payload = pages.mentee_export_data(reader, mentee)
        services.access_copy_record(actor=request.user, mentee=mentee, form="json", request=dsr)
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="lotse-{mentee.public_id}.json"'
        return response
    context = _copy_context(reader, mentee, language)
    services.access_copy_record(
        actor=request.user, mentee=mentee, form=form, language=language, request=dsr
    )
    if form == "pdf":
        return _pdf(request, context, mentee)
    return render(
        request,
        "privacy/access_copy.html",
        {**context, "dsr": dsr, "language_form": language_form},
        status=status,
    )


def _pdf(request: HttpRequest, context: dict[str, Any], mentee: Mentee) -> HttpResponse:
    pdf = paper.pdf_from_template(
        "privacy/access_copy_print.html",
        context,
        request=request,
        language=context["copy_language"],
        stylesheets=("lotse/privacy-print.css",),
    )
    return paper.download(pdf, filename=f"lotse-{mentee.public_id}.pdf", content_type=paper.PDF)


@require_GET
@login_required
def access_copy(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The readable access copy of a mentee the user sees (mentors and leads)."""
    mentee = mentee_for(request.user, public_id)
    return _render_copy(request, request.user, mentee, "html", None)


@require_GET
@login_required
def access_copy_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    mentee = mentee_for(request.user, public_id)
    return _render_copy(request, request.user, mentee, "pdf", None)


def _by_request(request: HttpRequest, public_id: UUID, form: str) -> HttpResponse:
    dsr = selectors.request_for(request.user, public_id)
    reader = selectors.copy_reader(request.user, dsr)  # 404 unless an open access request
    return _render_copy(request, reader, dsr.mentee, form, dsr)


@require_GET
@login_required
def request_access_copy(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The data protection officer's copy for an open access or portability request."""
    return _by_request(request, public_id, "html")


@require_GET
@login_required
def request_access_copy_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _by_request(request, public_id, "pdf")


@require_GET
@login_required
def request_access_copy_json(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _by_request(request, public_id, "json")


# --- consent texts -----------------------------------------------------------------------------


@require_GET
@login_required
def consent_text_list(request: HttpRequest) -> HttpResponse:
    """The consent texts by purpose, version and language (every logged-in user: mentors hand
    them out; administrators change them in the administration)."""
    return render(
        request,
        "privacy/consent_text_list.html",
        {
            "texts": selectors.consent_texts(),
            "may_edit": selectors.may_edit_consent_texts(request.user),
        },
    )


@require_GET
@login_required
def consent_text_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One consent text in full, to print and hand out."""
    text = get_object_or_404(selectors.consent_texts(), public_id=public_id)
    return render(request, "privacy/consent_text_detail.html", {"text": text})
