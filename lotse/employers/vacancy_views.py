"""Vacancy pages: list, page, create, edit, close and reopen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse import pages
from lotse.employers import selectors, services
from lotse.employers.forms import (
    VacancyCloseForm,
    VacancyFilterForm,
    VacancyForm,
    VacancyReopenForm,
)
from lotse.employers.kinds import VACANCY
from lotse.employers.models import VacancyStatus
from lotse.lib.records import edit_view
from lotse.lib.sections import render_sections
from lotse.lib.views import apply_service_errors, filter_query


@login_required
@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    form = VacancyFilterForm(
        request.GET,
        districts=selectors.districts_for(request.user),
        areas=selectors.occupation_areas(),
    )
    filters = selectors.VacancyFilters()
    if form.is_valid():
        filters = selectors.VacancyFilters(**form.cleaned_data)
    page = Paginator(selectors.vacancy_list(request.user, filters), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "employers/vacancy_list.html",
        {"form": form, "page": page, "query": filter_query(request)},
    )


@login_required
@require_GET
def vacancy_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    vacancy = get_object_or_404(selectors.vacancies_for(request.user), public_id=public_id)
    return render(
        request,
        "employers/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "sections": render_sections(pages.VACANCY_PAGE, request, vacancy),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_create(request: HttpRequest, employer_id: str) -> HttpResponse:
    employer = get_object_or_404(selectors.employers_for(request.user), public_id=employer_id)
    form = VacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = VACANCY.create(actor=request.user, employer=employer, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The vacancy was saved."))
            return redirect("vacancies:detail", public_id=vacancy.public_id)
    return render(
        request,
        "employers/vacancy_form.html",
        {"form": form, "employer": employer, "vacancy": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    vacancy = get_object_or_404(selectors.vacancies_for(request.user), public_id=public_id)
    return edit_view(
        request,
        VACANCY,
        record=vacancy,
        template="employers/vacancy_form.html",
        context={"employer": vacancy.employer, "vacancy": vacancy},
        success_url=reverse("vacancies:detail", args=[vacancy.public_id]),
        message=_("The changes were saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_close(request: HttpRequest, public_id: str) -> HttpResponse:
    vacancy = get_object_or_404(selectors.vacancies_for(request.user), public_id=public_id)
    if vacancy.status != VacancyStatus.OPEN:
        messages.info(request, _("This vacancy is not open."))
        return redirect("vacancies:detail", public_id=vacancy.public_id)
    form = VacancyCloseForm(request.POST or None, auto_id="close_%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_close(actor=request.user, vacancy=vacancy, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The vacancy was closed."))
            return redirect("vacancies:detail", public_id=vacancy.public_id)
    return render(request, "employers/vacancy_close.html", {"form": form, "vacancy": vacancy})


@login_required
@require_POST
def vacancy_reopen(request: HttpRequest, public_id: str) -> HttpResponse:
    vacancy = get_object_or_404(selectors.vacancies_for(request.user), public_id=public_id)
    form = VacancyReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long (at most 500 characters)."))
        return redirect("vacancies:detail", public_id=vacancy.public_id)
    try:
        services.vacancy_reopen(actor=request.user, vacancy=vacancy, **form.cleaned_data)
    except ValidationError:
        messages.info(request, _("This vacancy is already open."))
    else:
        messages.success(request, _("The vacancy is open again."))
    return redirect("vacancies:detail", public_id=vacancy.public_id)
