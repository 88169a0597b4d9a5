"""Pages of the case file: the mentee list, the mentee page, forms and the access export."""

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse import pages
from lotse.accounts.selectors import lead_project_ids_for, project_ids_for, sees_personal_data
from lotse.audit.services import note_shown
from lotse.cases import bulk, forms, intake_views, services
from lotse.cases.kinds import CONSENT, RECORD_KINDS
from lotse.cases.models import Mentee, MenteeStatus
from lotse.cases.selectors import (
    PAGE_SIZE,
    MenteeFilters,
    list_mentees,
    may_assign_mentor,
    mentee_for,
    mentee_page_data,
    possible_duplicates,
)
from lotse.lib.concurrency import StaleRecordError, add_version_field, show_current_version
from lotse.lib.records import RecordKind, delete_view, edit_view
from lotse.lib.sections import render_section, render_sections
from lotse.lib.views import apply_service_errors, filter_query

# --- List --------------------------------------------------------------------------------------


@require_GET
@login_required
def mentee_list(request: HttpRequest) -> HttpResponse:
    if not sees_personal_data(request.user):
        raise Http404
    form = forms.MenteeFilterForm(request.GET or None, user=request.user)
    filters = MenteeFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = MenteeFilters(
            q=data["q"],
            status=data["status"] or "current",
            mentor=data["mentor"].public_id if data["mentor"] else None,
            district=data["district"].pk if data["district"] else "",
            goal=data["goal"],
            sort=data["sort"] or "name",
        )
    page = Paginator(list_mentees(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    note_shown(request, page.object_list)
    return render(
        request,
        "cases/mentee_list.html",
        {
            "form": form,
            "page": page,
            "query": filter_query(request),
            "filters": filters,
            "several_projects": len(project_ids_for(request.user)) > 1,
            "lead_ids": lead_project_ids_for(request.user),
            "bulk_actions": bulk.ACTIONS,
        },
    )


# --- The mentee page ---------------------------------------------------------------------------


@require_GET
@login_required
def mentee_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The mentee page; its deferred sections are placeholders (see ``mentee_section``)."""
    return _mentee_page(request, mentee_for(request.user, public_id))


@require_GET
@login_required
def mentee_section(request: HttpRequest, public_id: UUID, section_id: str) -> HttpResponse:
    """One section of the mentee page: for htmx (a deferred section's placeholder) only its
    HTML, otherwise the whole page with this section rendered (the placeholder's link, which
    lands at the section's anchor). The mentee comes through the page's scoped selector."""
    mentee = mentee_for(request.user, public_id)
    section = pages.MENTEE_PAGE.section(section_id)
    if section is None:
        raise Http404
    if not request.htmx:
        return _mentee_page(request, mentee, opened={section.id})
    note_shown(request, [mentee], obj=mentee)  # the audit middleware writes the view row
    html = render_section(pages.MENTEE_PAGE, request, mentee, section, empty=True)
    response = HttpResponse(html)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _mentee_page(
    request: HttpRequest, mentee: Mentee, opened: set[str] | None = None
) -> HttpResponse:
    data = mentee_page_data(request.user, mentee)
    services.mentee_view_record(actor=request.user, mentee=mentee)

    def section_url(section: Any) -> str:
        return reverse("cases:section", args=[mentee.public_id, section.id])

    response = render(
        request,
        "cases/mentee_detail.html",
        {
            "mentee": mentee,
            "data": data,
            "sections": render_sections(
                pages.MENTEE_PAGE, request, mentee, section_url=section_url, opened=opened or ()
            ),
            "kinds": RECORD_KINDS,
            "statuses": MenteeStatus,
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@login_required
def mentee_export(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The data-subject access export (Art. 15/20 GDPR) of the whole case file as JSON."""
    mentee = mentee_for(request.user, public_id)
    payload = pages.mentee_export_data(request.user, mentee)
    services.mentee_export_record(actor=request.user, mentee=mentee)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    name = slugify(f"{mentee.last_name}-{mentee.first_name}") or "mentee"
    response["Content-Disposition"] = f'attachment; filename="lotse-{name}-{mentee.public_id}.json"'
    return response


# --- Create and edit ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def mentee_create(request: HttpRequest) -> HttpResponse:
    if not sees_personal_data(request.user):
        raise Http404
    if request.method == "GET" and "searched" not in request.GET:
        return intake_views.search_step(request)  # first: is the person known already?
    prefill = {
        name: request.GET[name]
        for name in ("first_name", "last_name", "birth_date")
        if request.GET.get(name)
    }
    form = forms.MenteeCreateForm(request.POST or None, user=request.user, initial=prefill)
    duplicates: list[Mentee] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["create_anyway"]:  # ask before creating a second file for one person
            duplicates = possible_duplicates(
                request.user, data["first_name"], data["last_name"], data["birth_date"]
            )
        mentee = None if duplicates else _create(request, form)
        if mentee is not None:
            messages.success(request, _("The mentee %(name)s has been created.") % {"name": mentee})
            return redirect("cases:detail", public_id=mentee.public_id)
    return render(
        request,
        "cases/mentee_form.html",
        {"form": form, "mentee": None, "duplicates": duplicates},
    )


def _create(request: HttpRequest, form: forms.MenteeCreateForm) -> Mentee | None:
    data = form.cleaned_data
    try:
        return services.mentee_create(
            actor=request.user,
            project=data["project"],
            entry_date=data["entry_date"],
            mentor=data["mentor"],
            **{name: data[name] for name in services.MENTEE_FIELDS if name in data},
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return None


@require_http_methods(["GET", "POST"])
@login_required
def mentee_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    mentee = mentee_for(request.user, public_id)
    form = forms.MenteeEditForm(request.POST or None, instance=mentee)
    conflict = None
    if request.method == "GET":  # the form shows the whole record
        services.mentee_view_record(actor=request.user, mentee=mentee)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_update(
                actor=request.user,
                mentee=mentee,
                version=form.cleaned_data["version"],
                **{name: form.cleaned_data[name] for name in services.MENTEE_FIELDS},
            )
        except services.StaleMenteeError as error:
            current = mentee_for(request.user, public_id)
            conflict = _conflict(form, current, error)
            form = forms.MenteeEditForm(
                _with_version(request.POST, current.version), instance=current
            )
            form.is_valid()
            form.add_error(None, conflict["message"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("cases:detail", public_id=mentee.public_id)
    return render(
        request, "cases/mentee_form.html", {"form": form, "mentee": mentee, "conflict": conflict}
    )


def _with_version(post: Any, version: int) -> Any:
    data = post.copy()
    data["version"] = str(version)
    return data


def _conflict(
    form: forms.MenteeEditForm, current: Mentee, error: services.StaleMenteeError
) -> dict:
    """What the other person saved that differs from the user's input, field by field."""
    fields = []
    for name in services.MENTEE_FIELDS:
        theirs = getattr(current, name)
        mine = form.cleaned_data.get(name)
        if (theirs or None) != (mine or None):
            bound = form[name]
            display = getattr(current, f"get_{name}_display", None)
            fields.append({"label": bound.label, "value": display() if display else theirs})
    return {"message": error.message, "by": error.changed_by, "fields": fields}


# --- Exit, re-entry and mentor -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def mentee_exit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    mentee = mentee_for(request.user, public_id)
    form = forms.ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_exit(actor=request.user, mentee=mentee, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The exit has been recorded."))
            return redirect("cases:detail", public_id=mentee.public_id)
    note_shown(request, [mentee])
    mentee_data = mentee_page_data(request.user, mentee)
    return render(
        request,
        "cases/mentee_action.html",
        {
            "form": form,
            "mentee": mentee,
            "title": _("Record exit"),
            "submit": _("Record exit"),
            "participation": mentee_data.current_participation,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def mentee_reenter(request: HttpRequest, public_id: UUID) -> HttpResponse:
    mentee = mentee_for(request.user, public_id)
    form = forms.ReenterForm(request.POST or None, user=request.user, mentee=mentee)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_reenter(actor=request.user, mentee=mentee, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The new participation has been recorded."))
            return redirect("cases:detail", public_id=mentee.public_id)
    note_shown(request, [mentee])
    return render(
        request,
        "cases/mentee_action.html",
        {"form": form, "mentee": mentee, "title": _("Re-enter"), "submit": _("Re-enter")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def mentee_assign_mentor(request: HttpRequest, public_id: UUID) -> HttpResponse:
    mentee = mentee_for(request.user, public_id)
    if not may_assign_mentor(request.user, mentee):
        raise PermissionDenied
    form = forms.AssignMentorForm(request.POST or None, mentee=mentee)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_assign_mentor(
                actor=request.user, mentee=mentee, mentor=form.cleaned_data["mentor"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The mentor has been assigned."))
            return redirect("cases:detail", public_id=mentee.public_id)
    note_shown(request, [mentee])
    return render(
        request,
        "cases/mentee_action.html",
        {
            "form": form,
            "mentee": mentee,
            "title": _("Assign mentor"),
            "submit": _("Assign mentor"),
        },
    )


# --- Profile records ---------------------------------------------------------------------------


def _record_for(kind: RecordKind, mentee: Mentee, record_id: UUID) -> Any:
    """A profile record of a mentee already fetched through the scoped selector."""
    return get_object_or_404(kind.model.objects.filter(mentee=mentee), public_id=record_id)


def _back(mentee: Mentee, kind: RecordKind) -> str:
    return reverse("cases:detail", args=[mentee.public_id]) + f"#{kind.anchor}"


@require_http_methods(["GET", "POST"])
@login_required
def record_add(request: HttpRequest, public_id: UUID, kind: str) -> HttpResponse:
    spec = RECORD_KINDS[kind]
    mentee = mentee_for(request.user, public_id)
    note_shown(request, [mentee])
    return edit_view(
        request,
        spec,
        owner={"mentee": mentee},
        form_kwargs={"mentee": mentee},
        template="cases/record_form.html",
        context={"mentee": mentee},
        success_url=_back(mentee, spec),
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_edit(request: HttpRequest, public_id: UUID, record_id: UUID, kind: str) -> HttpResponse:
    spec = RECORD_KINDS[kind]
    mentee = mentee_for(request.user, public_id)
    record = _record_for(spec, mentee, record_id)
    note_shown(request, [mentee], obj=record)  # the form shows the record (written if shown)
    return edit_view(
        request,
        spec,
        record=record,
        form_kwargs={"mentee": mentee},
        template="cases/record_form.html",
        context={"mentee": mentee},
        success_url=_back(mentee, spec),
    )


@require_POST
@login_required
def record_delete(
    request: HttpRequest, public_id: UUID, record_id: UUID, kind: str
) -> HttpResponse:
    spec = RECORD_KINDS[kind]
    mentee = mentee_for(request.user, public_id)
    record = _record_for(spec, mentee, record_id)
    return delete_view(request, spec, record, back=_back(mentee, spec))


@require_http_methods(["GET", "POST"])
@login_required
def consent_withdraw(request: HttpRequest, public_id: UUID, record_id: UUID) -> HttpResponse:
    spec = CONSENT
    mentee = mentee_for(request.user, public_id)
    consent = _record_for(spec, mentee, record_id)
    note_shown(request, [mentee], obj=consent)
    form = add_version_field(forms.ConsentWithdrawForm(request.POST or None), consent)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user,
                consent=consent,
                version=form.cleaned_data["version"],
                withdrawn_on=form.cleaned_data["withdrawn_on"],
            )
        except StaleRecordError as error:
            apply_service_errors(form, error)
            show_current_version(form, consent)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The withdrawal has been recorded."))
            return redirect(_back(mentee, spec))
    return render(
        request,
        "cases/mentee_action.html",
        {
            "form": form,
            "mentee": mentee,
            "title": _("Withdraw consent: %(purpose)s") % {"purpose": consent},
            "submit": _("Record withdrawal"),
        },
    )
