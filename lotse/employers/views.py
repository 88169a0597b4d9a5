"""Employer pages: list, page, create and edit, contact persons and services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse import pages
from lotse.accounts.selectors import projects_for
from lotse.audit.services import note_shown
from lotse.cases import picker
from lotse.employers import selectors
from lotse.employers.forms import ContactForm, EmployerFilterForm, EmployerForm, ServiceForm
from lotse.employers.kinds import CONTACT, EMPLOYER, SERVICE
from lotse.employers.models import ServiceTarget
from lotse.lib.records import delete_view, edit_view
from lotse.lib.sections import render_sections
from lotse.lib.views import apply_service_errors, filter_query


def _employer_form(request: HttpRequest, data: object = None, **kwargs: object) -> EmployerForm:
    form = EmployerForm(data, **kwargs)
    projects = projects_for(request.user)
    if "instance" not in kwargs and len(projects) > 1:
        form.fields = {
            "project": forms.ModelChoiceField(
                label=_("project"), queryset=projects, empty_label=None
            ),
            **form.fields,
        }
    if "instance" not in kwargs:
        form.fields["create_anyway"] = forms.BooleanField(
            label=_("It is a different employer: save it anyway."), required=False
        )
    return form


@login_required
@require_GET
def employer_list(request: HttpRequest) -> HttpResponse:
    form = EmployerFilterForm(request.GET or None, districts=selectors.districts_for(request.user))
    filters = selectors.EmployerFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.EmployerFilters(**form.cleaned_data)
    page = Paginator(selectors.employer_list(request.user, filters), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "employers/list.html",
        {"form": form, "page": page, "query": filter_query(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def employer_create(request: HttpRequest) -> HttpResponse:
    projects = projects_for(request.user)
    if not projects:
        # Coordinators and others without a project have no employers to add.
        raise Http404
    form = _employer_form(request, request.POST or None)
    duplicates: list = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        project = data.pop("project", None) or projects.first()
        create_anyway = data.pop("create_anyway", False)
        duplicates = selectors.possible_duplicates(request.user, project, data["name"])
        if not duplicates or create_anyway:
            try:
                employer = EMPLOYER.create(actor=request.user, project=project, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The employer was saved."))
                return redirect("employers:detail", public_id=employer.public_id)
    return render(
        request,
        "employers/form.html",
        {"form": form, "employer": None, "duplicates": duplicates},
    )


@login_required
@require_GET
def employer_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    employer = get_object_or_404(selectors.employers_for(request.user), public_id=public_id)
    page = selectors.employer_page(request.user, employer)
    # The page shows contact persons' data and services to named mentees: one view row for the
    # employer and those people. The service form names nobody until a name is searched.
    note_shown(
        request,
        [service.mentee for service in page.services if service.mentee_id],
        obj=employer,
        project_id=employer.project_id,
        always=True,
    )
    service_form = _service_form(request, employer)
    return render(
        request,
        "employers/detail.html",
        {
            "employer": employer,
            "page": page,
            "service_form": service_form,
            "sections": render_sections(pages.EMPLOYER_PAGE, request, employer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def employer_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    employer = get_object_or_404(selectors.employers_for(request.user), public_id=public_id)
    return edit_view(
        request,
        EMPLOYER,
        record=employer,
        template="employers/form.html",
        context={"employer": employer},
        success_url=reverse("employers:detail", args=[employer.public_id]),
        message=_("The changes were saved."),
    )


# --- Contact persons -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, public_id: str) -> HttpResponse:
    employer = get_object_or_404(selectors.employers_for(request.user), public_id=public_id)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            CONTACT.create(actor=request.user, employer=employer, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The contact person was saved."))
            return redirect("employers:detail", public_id=employer.public_id)
    return render(
        request,
        "employers/contact_form.html",
        {"form": form, "employer": employer, "contact": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    contact = get_object_or_404(selectors.contacts_for(request.user), public_id=public_id)
    # The form shows a contact person's data (no mentee): a view row for the record.
    note_shown(request, [], obj=contact, project_id=contact.employer.project_id, always=True)
    return edit_view(
        request,
        CONTACT,
        record=contact,
        template="employers/contact_form.html",
        context={"employer": contact.employer, "contact": contact},
        success_url=reverse("employers:detail", args=[contact.employer.public_id]),
        message=_("The contact person was saved."),
    )


@login_required
@require_POST
def contact_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    contact = get_object_or_404(selectors.contacts_for(request.user), public_id=public_id)
    back = reverse("employers:detail", args=[contact.employer.public_id])
    return delete_view(
        request, CONTACT, contact, back=back, message=_("The contact person was deleted.")
    )


# --- Services --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest, public_id: str) -> HttpResponse:
    employer = get_object_or_404(selectors.employers_for(request.user), public_id=public_id)
    form = _service_form(request, employer, request.POST or None)
    valid = request.method == "POST" and form.is_valid()
    note_shown(request, picker.shown(form, "mentee"), obj=employer, project_id=employer.project_id)
    if valid:
        data = dict(form.cleaned_data)
        if data["target"] == ServiceTarget.COMPANY:
            data["mentee"] = None
        try:
            SERVICE.create(actor=request.user, employer=employer, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The service was logged."))
            return redirect("employers:detail", public_id=employer.public_id)
    return render(request, "employers/service_form.html", {"form": form, "employer": employer})


def _service_form(request: HttpRequest, employer: object, data: object = None) -> ServiceForm:
    return ServiceForm(
        data,
        mentees=selectors.mentees_for_services(request.user, employer),
        search_url=reverse("employers:mentee_search", args=[employer.public_id]),
        auto_id="service_%s",
    )


@login_required
@require_GET
def mentee_search(request: HttpRequest, public_id: str) -> HttpResponse:
    """The service form's mentee picker: the mentees a service at this employer may be aimed
    at whose name matches ``?q=`` (404 for an employer outside the user's projects)."""
    employer = get_object_or_404(selectors.employers_for(request.user), public_id=public_id)
    return picker.options_response(request, selectors.mentees_for_services(request.user, employer))


@login_required
@require_POST
def service_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    service = get_object_or_404(selectors.services_for(request.user), public_id=public_id)
    back = reverse("employers:detail", args=[service.employer.public_id])
    return delete_view(request, SERVICE, service, back=back, message=_("The service was deleted."))
