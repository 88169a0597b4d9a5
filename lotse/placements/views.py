"""Pages for the board, applications, placements and follow-ups.

Every view fetches through a scoped selector (404 outside the user's projects), changes state
only by POST through a service, and puts a service's ``ValidationError`` back on the form so each
message appears at its field.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts.selectors import mentors_for, project_ids_for
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, note_shown
from lotse.lib.concurrency import StaleRecordError, add_version_field, show_current_version
from lotse.lib.views import filter_query, page_of
from lotse.placements import selectors, services
from lotse.placements.forms import (
    BoardFilterForm,
    EndForm,
    FollowUpForm,
    MoveForm,
    OverrideForm,
    PlacementFilterForm,
    PlacementForm,
    ProposeForm,
    ReopenForm,
)
from lotse.placements.models import Application, Placement
from lotse.placements.stages import Stage, closing_next, forward_next


def _require_personal_data(request: HttpRequest) -> None:
    """Users without projects (coordinator, data protection officer, administrator) see no
    person's data: every page here is a 404 for them."""
    if not project_ids_for(request.user):
        raise Http404


# --- the board -----------------------------------------------------------------------------


@require_GET
@login_required
def board(request: HttpRequest) -> HttpResponse:
    """Columns = stages, cards = applications of one mentor's mentees (default: the user's)."""
    _require_personal_data(request)
    mentors = list(mentors_for(request.user))
    form = BoardFilterForm(request.GET, mentors=mentors)
    chosen = form.chosen()
    for error in form.errors.get("mentor", []):
        messages.warning(request, error)
    mentor: Any = request.user
    if not chosen and not selectors.has_own_mentees(request.user):
        chosen = "all"  # a project lead without mentees of their own sees the whole project
    if chosen == "all":
        mentor = None
    elif chosen:
        mentor = next((m for m in mentors if str(m.public_id) == chosen), request.user)
    stage = form.chosen_stage()
    page = None
    if stage is None:
        columns = selectors.board_columns(request.user, mentor=mentor)
    else:  # one column, page by page
        cards = selectors.board_applications(request.user, mentor=mentor).filter(stage=stage)
        page = page_of(request, cards, selectors.PAGE_SIZE)
        columns = [selectors.BoardColumn(stage, list(page.object_list), page.paginator.count)]
    note_shown(request, [a.mentee for column in columns for a in column.applications])
    for column in columns:
        for application in column.applications:
            application.forward_stages = forward_next(application.stage)
    chosen = "all" if mentor is None else str(mentor.public_id)
    return render(
        request,
        "placements/board.html",
        {
            "columns": columns,
            "mentors": mentors,
            "mentor": mentor,
            "chosen": chosen,
            "stage": stage,
            "page": page,
            "query": filter_query(request),
            "total": sum(c.total for c in columns),
            "move_form_date": MoveForm.base_fields["on_date"].widget,
        },
    )


# --- applications --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def application_propose(request: HttpRequest) -> HttpResponse:
    """Propose a mentee for a vacancy; ``?mentee=`` or ``?vacancy=`` preselects one of them."""
    _require_personal_data(request)
    mentees = selectors.mentees_to_propose(request.user)
    vacancies = selectors.vacancies_to_propose(request.user)
    initial = {
        key: request.GET[key] for key in ("mentee", "vacancy") if request.GET.get(key, "").strip()
    }
    form = ProposeForm(request.POST or None, initial=initial, mentees=mentees, vacancies=vacancies)
    note_shown(request, mentees.values_list("public_id", flat=True))  # the picker names them
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_propose(
                actor=request.user,
                mentee=form.cleaned_data["mentee"],
                vacancy=form.cleaned_data["vacancy"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The mentee has been proposed for the vacancy."))
            return redirect("placements:application", public_id=application.public_id)
    return render(request, "placements/propose.html", {"form": form})


def _application_page(
    request: HttpRequest,
    application: Application,
    *,
    move_form: MoveForm | None = None,
    reopen_form: ReopenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "placements/application_detail.html",
        {
            "application": application,
            "history": list(application.history.all()),
            "appointments": list(application.appointments.order_by("starts_at", "id")),
            "move_form": move_form or MoveForm(application=application),
            "reopen_form": reopen_form or ReopenForm(),
            "forward_stages": forward_next(application.stage),
            "closing_stages": closing_next(application.stage),
            "placement": selectors.placements_for(request.user)
            .filter(application=application)
            .first()
            if application.stage == Stage.STARTED
            else None,
        },
        status=status,
    )


@require_GET
@login_required
def application_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    application = selectors.application_for(request.user, public_id)
    audit_record(
        actor=request.user, action=AuditAction.VIEW, obj=application, mentee=application.mentee
    )
    initial = {"to_stage": request.GET.get("to", "")}
    return _application_page(
        request, application, move_form=MoveForm(application=application, initial=initial)
    )


@require_POST
@login_required
def application_move(request: HttpRequest, public_id: UUID) -> HttpResponse:
    application = selectors.application_for(request.user, public_id)
    form = MoveForm(request.POST, application=application)
    from_board = request.POST.get("return_to") == "board"
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.application_move(
                actor=request.user,
                application=application,
                to_stage=data["to_stage"],
                on_date=data["on_date"],
                reason=data["reason"],
                placement_type=data["placement_type"] or None,
                hours_per_week=data["hours_per_week"],
                planned_start=data["planned_start"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        if request.htmx:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        note_shown(request, [application.mentee], obj=application)
        return _application_page(request, application, move_form=form)
    stage = Stage(application.stage)
    if stage == Stage.STARTED:
        placement = selectors.placements_for(request.user).get(application=application)
        messages.success(
            request,
            _("The placement has been recorded. Please check its type and hours below."),
        )
        target = reverse("placements:placement", kwargs={"public_id": placement.public_id})
    else:
        messages.success(
            request,
            _("%(mentee)s: the application is now at “%(stage)s”.")
            % {"mentee": application.mentee, "stage": stage.label},
        )
        if from_board:
            target = reverse("placements:board") + _board_query(request)
        elif request.POST.get("return_to") == "mentee":
            target = (
                reverse("cases:detail", kwargs={"public_id": application.mentee.public_id})
                + "#applications"
            )
        else:
            target = reverse("placements:application", kwargs={"public_id": application.public_id})
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": target})
    return redirect(target)


def _board_query(request: HttpRequest) -> str:
    mentor = request.POST.get("mentor", "")
    return f"?mentor={mentor}" if mentor else ""


@require_POST
@login_required
def application_reopen(request: HttpRequest, public_id: UUID) -> HttpResponse:
    application = selectors.application_for(request.user, public_id)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.application_reopen(
                actor=request.user,
                application=application,
                on_date=form.cleaned_data["on_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The application has been reopened."))
            return redirect("placements:application", public_id=application.public_id)
    note_shown(request, [application.mentee], obj=application)
    return _application_page(request, application, reopen_form=form)


# --- placements ----------------------------------------------------------------------------


@require_GET
@login_required
def placement_list(request: HttpRequest) -> HttpResponse:
    """Placements of the user's projects with filters, 50 a page (for checking data quality)."""
    _require_personal_data(request)
    form = PlacementFilterForm(request.GET or None, mentors=mentors_for(request.user))
    filters = selectors.PlacementFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.PlacementFilters(
            placement_type=data["placement_type"],
            adequacy=data["adequacy"],
            running=data["running"],
            year=data["year"],
            mentor=data["mentor"],
        )
    page = Paginator(selectors.placement_list(request.user, filters), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    placements = list(page.object_list)
    note_shown(request, [placement.mentee for placement in placements])
    return render(
        request,
        "placements/placement_list.html",
        {
            "form": form,
            "page": page,
            "placements": placements,
            "query": filter_query(request),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def placement_create(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    """Record a placement the mentee found alone (not through an application)."""
    mentee = selectors.mentee_visible(request.user, mentee_id)
    form = PlacementForm(request.POST or None, employers=selectors.employers_visible(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.placement_record(
                actor=request.user,
                mentee=mentee,
                placement_type=data["placement_type"],
                occupation=data["occupation"],
                employer=data["employer"],
                start_date=data["start_date"],
                hours_per_week=data["hours_per_week"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The placement has been recorded."))
            return redirect("placements:placement", public_id=placement.public_id)
    note_shown(request, [mentee])
    return render(
        request,
        "placements/placement_form.html",
        {"form": form, "mentee": mentee, "placement": None},
    )


def _placement_page(
    request: HttpRequest,
    placement: Placement,
    *,
    override_form: OverrideForm | None = None,
    end_form: EndForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "placements/placement_detail.html",
        {
            "placement": placement,
            "followups": list(placement.followups.all()),
            "override_form": override_form
            or OverrideForm(initial=OverrideForm.initial_for(placement)),
            "end_form": end_form or EndForm(),
        },
    )


@require_GET
@login_required
def placement_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    placement = selectors.placement_for(request.user, public_id)
    audit_record(
        actor=request.user, action=AuditAction.VIEW, obj=placement, mentee=placement.mentee
    )
    return _placement_page(request, placement)


@require_http_methods(["GET", "POST"])
@login_required
def placement_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    placement = selectors.placement_for(request.user, public_id)
    original = selectors.placement_for(request.user, public_id)  # the form changes ``placement``
    form = PlacementForm(
        request.POST or None,
        instance=placement,
        employers=selectors.employers_visible(request.user),
    )
    add_version_field(form, original)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PLACEMENT_EDIT_FIELDS}
        try:
            services.placement_update(
                actor=request.user,
                placement=original,
                version=form.cleaned_data["version"],
                **fields,
            )
        except StaleRecordError as error:
            form.add_error(None, error)
            show_current_version(form, original)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The placement has been saved."))
            return redirect("placements:placement", public_id=placement.public_id)
    note_shown(request, [placement.mentee], obj=placement)
    return render(
        request,
        "placements/placement_form.html",
        {"form": form, "mentee": placement.mentee, "placement": placement},
    )


@require_POST
@login_required
def placement_override(request: HttpRequest, public_id: UUID) -> HttpResponse:
    placement = selectors.placement_for(request.user, public_id)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.placement_override_adequacy(
                actor=request.user,
                placement=placement,
                adequate=form.adequate_value(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your judgement of adequacy has been saved."))
            return redirect("placements:placement", public_id=placement.public_id)
    placement = selectors.placement_for(request.user, public_id)
    note_shown(request, [placement.mentee], obj=placement)
    return _placement_page(request, placement, override_form=form)


@require_POST
@login_required
def placement_end(request: HttpRequest, public_id: UUID) -> HttpResponse:
    placement = selectors.placement_for(request.user, public_id)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.placement_end(
                actor=request.user,
                placement=placement,
                end_date=form.cleaned_data["end_date"],
                end_reason=form.cleaned_data["end_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The end of the placement has been recorded."))
            return redirect("placements:placement", public_id=placement.public_id)
    placement = selectors.placement_for(request.user, public_id)
    note_shown(request, [placement.mentee], obj=placement)
    return _placement_page(request, placement, end_form=form)


# --- follow-ups ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def followup_answer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    followup = selectors.followup_for(request.user, public_id)
    initial: dict[str, Any] = {}
    if followup.is_answered:
        initial = {
            "answered_on": followup.answered_on,
            "still_employed": followup.still_employed,
            "note": followup.note,
        }
    form = add_version_field(FollowUpForm(request.POST or None, initial=initial), followup)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_answer(actor=request.user, followup=followup, **form.cleaned_data)
        except StaleRecordError as error:
            form.add_error(None, error)
            show_current_version(form, followup)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The answer to the follow-up has been saved."))
            if form.cleaned_data["still_employed"] == "no" and followup.placement.is_running:
                messages.warning(
                    request,
                    _("If the employment has ended, please record the end of the placement."),
                )
            return redirect("placements:placement", public_id=followup.placement.public_id)
    elif request.method == "GET":
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=followup.placement,
            mentee=followup.placement.mentee,
        )
    return render(request, "placements/followup_form.html", {"form": form, "followup": followup})
