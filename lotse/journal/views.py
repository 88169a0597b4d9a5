"""Pages of the journal: the mentor's start page, the full timeline of a mentee, the quick
contact form, add/edit/delete for every kind of journal record, and the task buttons."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts.models import User
from lotse.accounts.selectors import sees_personal_data
from lotse.cases.models import Mentee
from lotse.journal import forms as f
from lotse.journal import selectors as sel
from lotse.journal import services as s
from lotse.journal.models import AgreementStep, AppointmentStatus, IntegrationAgreement, Task
from lotse.lib.views import apply_service_errors, detached, safe_next, seen

TIMELINE_PAGE_SIZE = 50


# --- helpers ------------------------------------------------------------------------------


def _back(request: HttpRequest, mentee: Mentee) -> str:
    """Where to go after a form: ``next`` if it is a local URL, else the mentee page."""
    return safe_next(request, "cases:detail", mentee.public_id)


def _assignees(mentee: Mentee) -> models.QuerySet[User]:
    return User.objects.filter(memberships__project_id=mentee.project_id, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


# --- the kinds of record ------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One kind of journal record and how its pages work."""

    slug: str
    form_class: type
    selector: Callable[[Any], models.QuerySet]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    object_arg: str
    title_add: Promise
    title_edit: Promise
    title_delete: Promise
    created: Promise
    saved: Promise
    deleted: Promise


SECTIONS: dict[str, Section] = {
    section.slug: section
    for section in [
        Section(
            "contacts",
            f.JournalEntryForm,
            sel.journal_entries_for,
            s.journal_entry_create,
            s.journal_entry_update,
            s.journal_entry_delete,
            "entry",
            gettext_lazy("Log a contact"),
            gettext_lazy("Edit contact"),
            gettext_lazy("Delete contact"),
            gettext_lazy("The contact has been logged."),
            gettext_lazy("The contact has been saved."),
            gettext_lazy("The contact has been deleted."),
        ),
        Section(
            "appointments",
            f.AppointmentForm,
            sel.appointments_for,
            s.appointment_create,
            s.appointment_update,
            s.appointment_delete,
            "appointment",
            gettext_lazy("Plan an appointment"),
            gettext_lazy("Edit appointment"),
            gettext_lazy("Delete appointment"),
            gettext_lazy("The appointment has been planned."),
            gettext_lazy("The appointment has been saved."),
            gettext_lazy("The appointment has been deleted."),
        ),
        Section(
            "tasks",
            f.TaskForm,
            sel.tasks_for,
            s.task_create,
            s.task_update,
            s.task_delete,
            "task",
            gettext_lazy("Add a task"),
            gettext_lazy("Edit task"),
            gettext_lazy("Delete task"),
            gettext_lazy("The task has been added."),
            gettext_lazy("The task has been saved."),
            gettext_lazy("The task has been deleted."),
        ),
        Section(
            "steps",
            f.AgreementStepForm,
            sel.agreement_steps_for,
            s.agreement_step_create,
            s.agreement_step_update,
            s.agreement_step_delete,
            "step",
            gettext_lazy("Add an agreed step"),
            gettext_lazy("Edit agreed step"),
            gettext_lazy("Delete agreed step"),
            gettext_lazy("The step has been added to the agreement."),
            gettext_lazy("The step has been saved."),
            gettext_lazy("The step has been deleted."),
        ),
        Section(
            "referrals",
            f.ReferralForm,
            sel.referrals_for,
            s.referral_create,
            s.referral_update,
            s.referral_delete,
            "referral",
            gettext_lazy("Record a referral"),
            gettext_lazy("Edit referral"),
            gettext_lazy("Delete referral"),
            gettext_lazy("The referral has been recorded."),
            gettext_lazy("The referral has been saved."),
            gettext_lazy("The referral has been deleted."),
        ),
        Section(
            "courses",
            f.CourseForm,
            sel.courses_for,
            s.course_create,
            s.course_update,
            s.course_delete,
            "course",
            gettext_lazy("Record a course"),
            gettext_lazy("Edit course"),
            gettext_lazy("Delete course"),
            gettext_lazy("The course has been recorded."),
            gettext_lazy("The course has been saved."),
            gettext_lazy("The course has been deleted."),
        ),
    ]
}


def _section(kind: str) -> Section:
    try:
        return SECTIONS[kind]
    except KeyError:
        raise Http404 from None


def _form(section: Section, request: HttpRequest, mentee: Mentee, instance: models.Model) -> Any:
    kwargs: dict[str, Any] = {"instance": instance}
    if section.slug == "tasks":
        kwargs["assignees"] = _assignees(mentee)
    data = request.POST if request.method == "POST" else None
    return section.form_class(data, **kwargs)


def _agreement_or_404(user: Any, mentee: Mentee) -> IntegrationAgreement:
    agreement = sel.agreements_for(user).filter(mentee=mentee).first()
    if agreement is None:
        raise Http404
    return agreement


# --- add, edit, delete --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def record_add(request: HttpRequest, mentee_id: UUID, kind: str) -> HttpResponse:
    section = _section(kind)
    mentee = sel.mentee_for(request.user, mentee_id)
    if section.slug == "steps":
        agreement = _agreement_or_404(request.user, mentee)
        instance: models.Model = AgreementStep(agreement=agreement, mentee=mentee)
        owner: dict[str, Any] = {"agreement": agreement}
    else:
        instance = section.form_class._meta.model(mentee=mentee)
        owner = {"mentee": mentee}
    if section.slug == "tasks" and request.method == "GET":
        instance.assignee = mentee.mentor
    form = _form(section, request, mentee, instance)
    if request.method == "POST" and form.is_valid():
        try:
            section.create(actor=request.user, **owner, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, section.created)
            return redirect(_back(request, mentee))
    return render(
        request,
        "journal/record_form.html",
        {"mentee": mentee, "form": form, "section": section, "title": section.title_add},
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_edit(request: HttpRequest, mentee_id: UUID, kind: str, record_id: UUID) -> HttpResponse:
    section = _section(kind)
    mentee = sel.mentee_for(request.user, mentee_id)
    record = get_object_or_404(
        section.selector(request.user).filter(mentee=mentee), public_id=record_id
    )
    form = _form(section, request, mentee, detached(record))
    if request.method == "POST" and form.is_valid():
        try:
            section.update(
                actor=request.user,
                **{section.object_arg: record},
                **form.cleaned_data,
                **seen(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            if isinstance(error, s.StaleRecordError):  # show the current version's time
                record = section.selector(request.user).filter(pk=record.pk).first() or record
        else:
            messages.success(request, section.saved)
            return redirect(_back(request, mentee))
    return render(
        request,
        "journal/record_form.html",
        {
            "mentee": mentee,
            "form": form,
            "section": section,
            "record": record,
            "title": section.title_edit,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_delete(
    request: HttpRequest, mentee_id: UUID, kind: str, record_id: UUID
) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    section = _section(kind)
    mentee = sel.mentee_for(request.user, mentee_id)
    record = get_object_or_404(
        section.selector(request.user).filter(mentee=mentee), public_id=record_id
    )
    error = None
    if request.method == "POST":
        try:
            section.delete(actor=request.user, **{section.object_arg: record})
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, section.deleted)
            return redirect(_back(request, mentee))
    return render(
        request,
        "journal/record_delete.html",
        {
            "mentee": mentee,
            "record": record,
            "section": section,
            "title": section.title_delete,
            "error": error,
        },
        status=400 if error else 200,
    )


# --- the integration agreement ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    """Record the mentee's integration agreement, or edit it if there is one."""
    mentee = sel.mentee_for(request.user, mentee_id)
    agreement = sel.agreements_for(request.user).filter(mentee=mentee).first()
    instance = detached(agreement) if agreement else IntegrationAgreement(mentee=mentee)
    form = f.AgreementForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            if agreement:
                s.agreement_update(
                    actor=request.user,
                    agreement=agreement,
                    **form.cleaned_data,
                    **seen(request),
                )
            else:
                s.agreement_create(actor=request.user, mentee=mentee, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
            if isinstance(error, s.StaleRecordError):
                agreement = (
                    sel.agreements_for(request.user).filter(pk=agreement.pk).first() or agreement
                )
        else:
            messages.success(request, _("The integration agreement has been saved."))
            return redirect(_back(request, mentee))
    title = _("Edit integration agreement") if agreement else _("Record integration agreement")
    return render(
        request,
        "journal/record_form.html",
        {"mentee": mentee, "form": form, "record": agreement, "title": title, "agreement": True},
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_delete(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    mentee = sel.mentee_for(request.user, mentee_id)
    agreement = _agreement_or_404(request.user, mentee)
    if request.method == "POST":
        s.agreement_delete(actor=request.user, agreement=agreement)
        messages.success(request, _("The integration agreement and its steps have been deleted."))
        return redirect(_back(request, mentee))
    return render(
        request,
        "journal/record_delete.html",
        {
            "mentee": mentee,
            "record": agreement,
            "title": _("Delete integration agreement"),
            "agreement": True,
        },
    )


# --- tasks --------------------------------------------------------------------------------


def _task_response(request: HttpRequest, mentee: Mentee, task: Task, message: str) -> HttpResponse:
    if request.htmx:
        task.mentee = mentee
        context = {
            "task": task,
            "swapped": True,
            "today": timezone.localdate(),
            "show_mentee": request.POST.get("show_mentee") == "1",
            "next": _back(request, mentee),
        }
        return render(request, "journal/_task.html", context)
    messages.success(request, message)
    return redirect(_back(request, mentee))


@require_POST
@login_required
def task_done(request: HttpRequest, mentee_id: UUID, record_id: UUID) -> HttpResponse:
    mentee = sel.mentee_for(request.user, mentee_id)
    task = get_object_or_404(sel.tasks_for(request.user).filter(mentee=mentee), public_id=record_id)
    task = s.task_complete(actor=request.user, task=task)
    return _task_response(request, mentee, task, _("The task is done."))


@require_POST
@login_required
def task_reopen(request: HttpRequest, mentee_id: UUID, record_id: UUID) -> HttpResponse:
    mentee = sel.mentee_for(request.user, mentee_id)
    task = get_object_or_404(sel.tasks_for(request.user).filter(mentee=mentee), public_id=record_id)
    task = s.task_reopen(actor=request.user, task=task)
    return _task_response(request, mentee, task, _("The task is open again."))


@require_POST
@login_required
def appointment_status(request: HttpRequest, mentee_id: UUID, record_id: UUID) -> HttpResponse:
    """Mark an appointment as held or cancelled (buttons on "My day" and the journal)."""
    mentee = sel.mentee_for(request.user, mentee_id)
    appointment = get_object_or_404(
        sel.appointments_for(request.user).filter(mentee=mentee), public_id=record_id
    )
    status = request.POST.get("status", "")
    if status not in AppointmentStatus.values:
        messages.error(request, _("Please choose whether the appointment took place."))
        return redirect(_back(request, mentee))
    s.appointment_update(actor=request.user, appointment=appointment, status=status)
    messages.success(
        request,
        _("The appointment is now marked “%(status)s”.")
        % {"status": AppointmentStatus(status).label},
    )
    return redirect(_back(request, mentee))


# --- the quick contact form ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def contact_quick(request: HttpRequest) -> HttpResponse:
    """Log a contact in a few taps, e.g. on a phone right after a conversation."""
    if not sees_personal_data(request.user):
        raise Http404
    mentees = sel.mentees_for(request.user).order_by("last_name", "first_name")
    initial = {}
    if request.GET.get("mentee"):
        initial["mentee"] = request.GET["mentee"]
    form = f.QuickContactForm(
        request.POST if request.method == "POST" else None, mentees=mentees, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mentee = data.pop("mentee")
        try:
            s.journal_entry_create(actor=request.user, mentee=mentee, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The contact with %(name)s has been logged.") % {"name": mentee.full_name},
            )
            return redirect("journal:start")
    return render(request, "journal/contact_quick.html", {"form": form})


# --- pages --------------------------------------------------------------------------------


TIMELINE_FILTERS = [
    ("", gettext_lazy("everything"), frozenset()),
    ("contacts", gettext_lazy("contacts"), frozenset({"contact"})),
    ("appointments", gettext_lazy("appointments"), frozenset({"appointment"})),
    ("tasks", gettext_lazy("tasks"), frozenset({"task"})),
    ("agreement", gettext_lazy("integration agreement"), frozenset({"agreement", "step"})),
    ("referrals", gettext_lazy("referrals"), frozenset({"referral"})),
    ("courses", gettext_lazy("courses"), frozenset({"course"})),
]


@require_GET
@login_required
def timeline(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    """The whole journal of a mentee, newest first, page by page, optionally of one kind."""
    mentee = sel.mentee_for(request.user, mentee_id)
    form = f.TimelineFilterForm(request.GET, shows=[slug for slug, *_ in TIMELINE_FILTERS])
    page, show = form.values()
    kinds = next(k for slug, _label, k in TIMELINE_FILTERS if slug == show)
    offset = (page - 1) * TIMELINE_PAGE_SIZE
    items = sel.timeline_for(
        request.user, mentee, limit=TIMELINE_PAGE_SIZE + 1, offset=offset, kinds=kinds
    )
    s.journal_view_record(actor=request.user, mentee=mentee)
    return render(
        request,
        "journal/timeline.html",
        {
            "mentee": mentee,
            "items": items[:TIMELINE_PAGE_SIZE],
            "page": page,
            "has_next": len(items) > TIMELINE_PAGE_SIZE,
            "has_previous": page > 1,
            "show": show,
            "filters": [(slug, label) for slug, label, _kinds in TIMELINE_FILTERS],
        },
    )


@require_GET
@login_required
def start(request: HttpRequest) -> HttpResponse:
    """My day: today's appointments, due tasks, expiring documents, mentees without contact."""
    if not sees_personal_data(request.user):
        raise Http404
    return render(request, "journal/start.html", {"day": sel.my_day_for(request.user)})
