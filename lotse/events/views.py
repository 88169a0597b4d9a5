"""Pages of the group events: the list of a user's events (upcoming and past), the event
page, its form, the invitation picker (a search form and checkboxes: no JavaScript needed),
the attendance form and the attendance list (print view and PDF).

Every view fetches the event through ``selectors.event_for`` (another project's event, and any
event for coordinators, officers and administrators, is a 404); mentees are only ever taken
from ``cases.selectors`` through the user's scope. Pages that show mentees note them for the
view audit row; the attendance list writes an export row."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts.selectors import project_ids_for, projects_for
from lotse.audit.services import note_shown
from lotse.events import selectors, services
from lotse.events.forms import AttendanceForm, GroupEventForm, InviteForm, SearchForm
from lotse.events.kinds import GROUP_EVENT
from lotse.events.models import Attendance, GroupEvent
from lotse.lib import paper
from lotse.lib.concurrency import StaleRecordError, add_version_field, show_current_version
from lotse.lib.views import apply_service_errors, detached

#: The attendance list has at least this many lines, and always some blank ones for walk-ins.
SHEET_ROWS = 12
BLANK_ROWS = 3


def _uuids(values: list[str]) -> list[UUID]:
    found = []
    for value in values[:500]:
        try:
            found.append(UUID(value))
        except ValueError:
            continue
    return found


def _detail_url(event: GroupEvent) -> str:
    return reverse("events:detail", args=[event.public_id])


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The events of the user's projects: upcoming first (soonest on top), then past ones."""
    if not project_ids_for(request.user):
        raise Http404
    projects = list(projects_for(request.user))
    chosen = None
    wanted = request.GET.get("project", "")
    if wanted:
        chosen = next((p for p in projects if str(p.public_id) == wanted), None)
    upcoming, past = selectors.event_list(request.user, chosen)
    context = {"projects": projects, "chosen": chosen, "upcoming": upcoming, "past": past}
    return render(request, "events/list.html", context)


def _event_form_page(
    request: HttpRequest, *, project: Any, event: GroupEvent | None
) -> HttpResponse:
    instance = detached(event) if event is not None else GroupEvent(project=project)
    data = request.POST if request.method == "POST" else None
    form = add_version_field(GroupEventForm(data, instance=instance, project=project), event)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version", None)
        staff, employers = values.pop("staff"), values.pop("employers")
        try:
            saved = services.event_save(
                actor=request.user,
                event=event,
                project=project if event is None else None,
                version=version,
                staff=staff,
                employers=employers,
                **values,
            )
        except StaleRecordError as error:
            apply_service_errors(form, error)
            show_current_version(form, event)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, GROUP_EVENT.created if event is None else GROUP_EVENT.saved)
            return redirect(_detail_url(saved))
    title = _("New group event") if event is None else _("Edit group event")
    context = {"form": form, "project": project, "event": event, "title": title}
    return render(request, "events/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: HttpRequest, project_id: UUID) -> HttpResponse:
    project = get_object_or_404(projects_for(request.user), public_id=project_id)
    return _event_form_page(request, project=project, event=None)


@require_http_methods(["GET", "POST"])
@login_required
def event_edit(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event = selectors.event_for(request.user, event_id)
    return _event_form_page(request, project=event.project, event=event)


@require_GET
@login_required
def event_detail(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event = selectors.event_for(request.user, event_id)
    invitations = selectors.event_invitations(request.user, event)
    note_shown(
        request,
        [i.mentee for i in invitations],
        obj=event,
        project_id=event.project_id,
        always=True,
    )
    counts = {value: 0 for value in Attendance.values}
    for invitation in invitations:
        counts[invitation.attendance] += 1
    context = {
        "event": event,
        "invitations": invitations,
        "hidden": selectors.hidden_invitation_count(request.user, event, len(invitations)),
        "attended": counts[Attendance.ATTENDED],
        "staff": sorted(event.staff.all(), key=lambda u: (u.last_name, u.first_name)),
        "employers": sorted(event.employers.all(), key=lambda e: e.name),
    }
    return render(request, "events/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def event_delete(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """GET asks for confirmation; POST deletes the event with its invitations."""
    event = selectors.event_for(request.user, event_id)
    error = None
    if request.method == "POST":
        try:
            services.event_delete(
                actor=request.user, event=event, version=request.POST.get("version")
            )
        except StaleRecordError as exc:
            error = " ".join(exc.messages)
            event.refresh_from_db()
        else:
            messages.success(request, GROUP_EVENT.deleted)
            return redirect("events:list")
    context = {"event": event, "error": error, "title": _("Delete group event")}
    return render(request, "events/delete.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@login_required
def event_invite(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """The picker: GET ``q`` searches the project's mentees the user may see (not yet
    invited); POST invites the ones ticked (checked again against the same search)."""
    event = selectors.event_for(request.user, event_id)
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "POST":
        # The ticked mentees, each checked again against the user's scope.
        candidates = selectors.invitable_mentees(
            request.user, event, ids=_uuids(request.POST.getlist("mentees"))
        )
    else:
        candidates = selectors.invitable_mentees(request.user, event, query)
    form = InviteForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        count = services.event_invite(
            actor=request.user, event=event, mentees=form.cleaned_data["mentees"]
        )
        messages.success(
            request,
            ngettext(
                "%(count)d mentee has been invited.", "%(count)d mentees have been invited.", count
            )
            % {"count": count},
        )
        return redirect(_detail_url(event))
    note_shown(request, candidates, obj=event, project_id=event.project_id)
    context = {
        "event": event,
        "search": search,
        "form": form,
        "query": query,
        "candidates": candidates,
        "limit": selectors.SEARCH_LIMIT,
        "title": _("Invite mentees"),
    }
    return render(request, "events/invite.html", context)


@require_POST
@login_required
def invitation_withdraw(request: HttpRequest, event_id: UUID, invitation_id: UUID) -> HttpResponse:
    event = selectors.event_for(request.user, event_id)
    invitation = get_object_or_404(
        selectors.invitations_for(request.user).filter(event=event), public_id=invitation_id
    )
    try:
        services.invitation_withdraw(
            actor=request.user, invitation=invitation, version=request.POST.get("version")
        )
    except ValidationError as error:
        context = {"message": " ".join(error.messages), "back": _detail_url(event)}
        return render(request, "record_refused.html", context, status=409)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect(_detail_url(event))


@require_http_methods(["GET", "POST"])
@login_required
def attendance(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """Attendance afterwards: attended, excused or absent for every invitee, saved at once."""
    event = selectors.event_for(request.user, event_id)
    invitations = selectors.event_invitations(request.user, event)
    note_shown(request, [i.mentee for i in invitations], obj=event, project_id=event.project_id)
    form = AttendanceForm(request.POST or None, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, event=event, marks=form.marks())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The attendance has been saved."))
            return redirect(_detail_url(event))
    context = {"event": event, "form": form, "title": _("Record attendance")}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "events/attendance.html", context, status=status)


def _sheet_context(request: HttpRequest, event: GroupEvent) -> dict[str, Any]:
    invitations = selectors.event_invitations(request.user, event)
    staff = sorted(event.staff.all(), key=lambda u: (u.last_name, u.first_name))
    return {
        "event": event,
        "invitations": invitations,
        "staff": staff,
        "employers": sorted(event.employers.all(), key=lambda e: e.name),
        "blank_rows": range(max(BLANK_ROWS, SHEET_ROWS - len(invitations))),
        "printed_on": timezone.localdate(),
    }


@require_GET
@login_required
def attendance_sheet(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """The attendance list as a page to print (the browser's print dialogue)."""
    event = selectors.event_for(request.user, event_id)
    context = _sheet_context(request, event)
    services.attendance_list_record(
        actor=request.user, event=event, mentees=[i.mentee for i in context["invitations"]]
    )
    return render(request, "events/sheet_page.html", context)


@require_GET
@login_required
def attendance_sheet_pdf(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """The attendance list as an A4 PDF (``lotse.lib.paper``), in German: it goes to the
    funder."""
    event = selectors.event_for(request.user, event_id)
    context = _sheet_context(request, event)
    content = paper.pdf_from_template(
        "events/sheet_pdf.html",
        context,
        request=request,
        language="de",
        stylesheets=("events/sheet.css",),
    )
    services.attendance_list_record(
        actor=request.user, event=event, mentees=[i.mentee for i in context["invitations"]]
    )
    name = f"Teilnehmendenliste {event.date:%Y-%m-%d} {slugify(event.title)[:60]}.pdf"
    return paper.download(content, filename=name, content_type=paper.PDF)
