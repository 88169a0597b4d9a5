"""Pages of the journal: the mentor's start page, the full timeline of a mentee, the quick
contact form, add/edit/delete for every kind of journal record, and the task buttons."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts.models import User
from lotse.accounts.selectors import sees_personal_data
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, note_shown
from lotse.cases.models import Mentee
from lotse.journal import calendar, forms, selectors, services
from lotse.journal.kinds import AGREEMENT, APPOINTMENT, CONTACT, SECTIONS, STEP, TASK
from lotse.journal.models import (
    AgreementStep,
    AppointmentKind,
    AppointmentStatus,
    CalendarFeed,
    CalendarTitles,
    ContactKind,
    IntegrationAgreement,
    Task,
)
from lotse.lib.concurrency import StaleRecordError
from lotse.lib.records import RecordKind, edit_view
from lotse.lib.views import apply_service_errors, safe_next

TIMELINE_PAGE_SIZE = 50


# --- helpers ------------------------------------------------------------------------------


def _back(request: HttpRequest, mentee: Mentee) -> str:
    """Where to go after a form: ``next`` if it is a local URL, else the mentee page."""
    return safe_next(request, "cases:detail", mentee.public_id)


def _back_to_record(request: HttpRequest, mentee: Mentee) -> Any:
    """After saving a record: ``next`` if given, else the mentee page at the record just saved
    (its journal entry, its open task, or the journal section)."""

    def url(saved: models.Model) -> str:
        target = _back(request, mentee)
        if request.POST.get("next") or request.GET.get("next"):
            return target
        return f"{target}#{record_anchor(saved)}"

    return url


def record_anchor(record: models.Model) -> str:
    """The id of the record's place on the mentee page (``journal/_timeline_item.html``,
    ``journal/_task.html``)."""
    if isinstance(record, Task):
        return f"task-{record.public_id}"
    if isinstance(record, IntegrationAgreement | AgreementStep):
        return "journal"
    return f"entry-{record.public_id}"


def _open_application_or_none(mentee: Mentee, public_id: str | None) -> Any:
    from lotse.placements.selectors import open_applications_of

    try:
        return open_applications_of(mentee.pk).filter(public_id=public_id).first()
    except ValidationError:  # not a UUID
        return None


def _assignees(mentee: Mentee) -> models.QuerySet[User]:
    return User.objects.filter(memberships__project_id=mentee.project_id, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


# --- the kinds of record ------------------------------------------------------------------


def _section(kind: str) -> RecordKind:
    try:
        return SECTIONS[kind]
    except KeyError:
        raise Http404 from None


def _form_kwargs(kind: RecordKind, mentee: Mentee) -> dict[str, Any]:
    return {"assignees": _assignees(mentee)} if kind is TASK else {}


def _agreement_or_404(user: Any, mentee: Mentee) -> IntegrationAgreement:
    agreement = selectors.agreements_for(user).filter(mentee=mentee).first()
    if agreement is None:
        raise Http404
    return agreement


def _record_or_404(kind: RecordKind, user: Any, mentee: Mentee, record_id: UUID) -> Any:
    return get_object_or_404(SELECTORS[kind.slug](user).filter(mentee=mentee), public_id=record_id)


SELECTORS = {
    "contacts": selectors.journal_entries_for,
    "appointments": selectors.appointments_for,
    "tasks": selectors.tasks_for,
    "steps": selectors.agreement_steps_for,
    "referrals": selectors.referrals_for,
    "courses": selectors.courses_for,
}


#: The kind of contact an appointment that took place most likely was.
_CONTACT_KIND_OF = {
    AppointmentKind.AGENCIES: ContactKind.ACCOMPANIMENT,
    AppointmentKind.IMMIGRATION_OFFICE: ContactKind.ACCOMPANIMENT,
    AppointmentKind.COUNSELLING: ContactKind.ACCOMPANIMENT,
    AppointmentKind.INTERVIEW: ContactKind.ACCOMPANIMENT,
}


def _prefill_from_appointment(request: HttpRequest, mentee: Mentee, instance: Any) -> None:
    """``?appointment=<id>`` (after "took place"): the contact starts as that appointment."""
    form = forms.FromAppointmentForm(request.GET)
    if not form.is_valid() or form.cleaned_data["appointment"] is None:
        return
    appointment = (
        selectors.appointments_for(request.user)
        .filter(mentee=mentee, public_id=form.cleaned_data["appointment"])
        .first()
    )
    if appointment is None:
        return
    instance.occurred_at = appointment.starts_at
    if appointment.ends_at:
        minutes = int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
        instance.duration_minutes = max(5, min(minutes, 24 * 60))
    instance.kind = _CONTACT_KIND_OF.get(appointment.kind, ContactKind.IN_PERSON)


# --- add, edit, delete --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def record_add(request: HttpRequest, mentee_id: UUID, kind: str) -> HttpResponse:
    section = _section(kind)
    mentee = selectors.mentee_for(request.user, mentee_id)
    note_shown(request, [mentee])
    if section is STEP:
        owner: dict[str, Any] = {"agreement": _agreement_or_404(request.user, mentee)}
        instance: models.Model = AgreementStep(mentee=mentee, **owner)
    else:
        owner = {"mentee": mentee}
        instance = section.model(mentee=mentee)
    if section is TASK and request.method == "GET":
        instance.assignee = mentee.mentor
    if section is CONTACT:
        _prefill_from_appointment(request, mentee, instance)
    if (
        section is APPOINTMENT and request.method == "GET"
    ):  # "plan an appointment" of an application
        instance.application = _open_application_or_none(mentee, request.GET.get("application"))
    return edit_view(
        request,
        section,
        owner=owner,
        instance=instance,
        form_kwargs=_form_kwargs(section, mentee),
        template="journal/record_form.html",
        context={"mentee": mentee, "section": section, "title": section.texts["add"]},
        success_url=_back_to_record(request, mentee),
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_edit(request: HttpRequest, mentee_id: UUID, kind: str, record_id: UUID) -> HttpResponse:
    section = _section(kind)
    mentee = selectors.mentee_for(request.user, mentee_id)
    record = _record_or_404(section, request.user, mentee, record_id)
    note_shown(request, [mentee], obj=record)  # the form shows the record (written if shown)
    return edit_view(
        request,
        section,
        record=record,
        form_kwargs=_form_kwargs(section, mentee),
        template="journal/record_form.html",
        context={"mentee": mentee, "section": section, "title": section.texts["edit"]},
        success_url=_back_to_record(request, mentee),
    )


def _delete_page(
    request: HttpRequest,
    mentee: Mentee,
    record: models.Model,
    delete: Callable[[], None],
    context: dict[str, Any],
    deleted: Any,
) -> HttpResponse:
    """GET asks for confirmation; POST deletes. A refused delete says why; when the record was
    changed meanwhile the page shows it as it is now and can be confirmed again."""
    note_shown(request, [mentee], obj=record)
    error, blocked = None, False
    if request.method == "POST":
        try:
            delete()
        except StaleRecordError as exc:
            error = " ".join(exc.messages)
            record.refresh_from_db()
        except ValidationError as exc:
            error, blocked = " ".join(exc.messages), True
        else:
            messages.success(request, deleted)
            return redirect(_back(request, mentee))
    return render(
        request,
        "journal/record_delete.html",
        {**context, "mentee": mentee, "record": record, "error": error, "blocked": blocked},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_delete(
    request: HttpRequest, mentee_id: UUID, kind: str, record_id: UUID
) -> HttpResponse:
    section = _section(kind)
    mentee = selectors.mentee_for(request.user, mentee_id)
    record = _record_or_404(section, request.user, mentee, record_id)
    return _delete_page(
        request,
        mentee,
        record,
        lambda: section.delete(
            actor=request.user, record=record, version=request.POST.get("version")
        ),
        {"section": section, "title": section.texts["delete"]},
        section.deleted,
    )


# --- the integration agreement ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    """Record the mentee's integration agreement, or edit it if there is one."""
    mentee = selectors.mentee_for(request.user, mentee_id)
    agreement = selectors.agreements_for(request.user).filter(mentee=mentee).first()
    note_shown(request, [mentee], obj=agreement)
    title = _("Edit integration agreement") if agreement else _("Record integration agreement")
    return edit_view(
        request,
        AGREEMENT,
        owner=None if agreement else {"mentee": mentee},
        record=agreement,
        template="journal/record_form.html",
        context={"mentee": mentee, "title": title, "agreement": True},
        success_url=_back_to_record(request, mentee),
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_delete(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    mentee = selectors.mentee_for(request.user, mentee_id)
    agreement = _agreement_or_404(request.user, mentee)
    return _delete_page(
        request,
        mentee,
        agreement,
        lambda: services.agreement_delete(
            actor=request.user, agreement=agreement, version=request.POST.get("version")
        ),
        {"title": _("Delete integration agreement"), "agreement": True},
        AGREEMENT.deleted,
    )


# --- tasks --------------------------------------------------------------------------------


def _task_response(request: HttpRequest, mentee: Mentee, task: Task, message: str) -> HttpResponse:
    if request.htmx:
        task.mentee = mentee
        note_shown(request, [mentee], obj=task)
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
    mentee = selectors.mentee_for(request.user, mentee_id)
    task = get_object_or_404(
        selectors.tasks_for(request.user).filter(mentee=mentee), public_id=record_id
    )
    task = services.task_complete(actor=request.user, task=task)
    return _task_response(request, mentee, task, _("The task is done."))


@require_POST
@login_required
def task_reopen(request: HttpRequest, mentee_id: UUID, record_id: UUID) -> HttpResponse:
    mentee = selectors.mentee_for(request.user, mentee_id)
    task = get_object_or_404(
        selectors.tasks_for(request.user).filter(mentee=mentee), public_id=record_id
    )
    task = services.task_reopen(actor=request.user, task=task)
    return _task_response(request, mentee, task, _("The task is open again."))


@require_POST
@login_required
def appointment_status(request: HttpRequest, mentee_id: UUID, record_id: UUID) -> HttpResponse:
    """Mark an appointment as held or cancelled (buttons on "My day" and the journal)."""
    mentee = selectors.mentee_for(request.user, mentee_id)
    appointment = get_object_or_404(
        selectors.appointments_for(request.user).filter(mentee=mentee), public_id=record_id
    )
    status = request.POST.get("status", "")
    if status not in AppointmentStatus.values:
        messages.error(request, _("Please choose whether the appointment took place."))
        return redirect(_back(request, mentee))
    # A button, not a form of the record: the status is set on the version just read.
    APPOINTMENT.update(
        actor=request.user, record=appointment, version=appointment.version, status=status
    )
    messages.success(
        request,
        _("The appointment is now marked “%(status)s”.")
        % {"status": AppointmentStatus(status).label},
    )
    if status == AppointmentStatus.DONE:
        # Offer to record the contact: the contact form, filled in from the appointment.
        messages.info(request, _("You can record the contact now, or cancel."))
        query = urlencode({"appointment": appointment.public_id, "next": _back(request, mentee)})
        return redirect(f"{reverse('journal:add', args=[mentee.public_id, 'contacts'])}?{query}")
    return redirect(_back(request, mentee))


# --- the calendar -------------------------------------------------------------------------


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def appointment_ics(request: HttpRequest, mentee_id: UUID, record_id: UUID) -> HttpResponse:
    """One appointment as an .ics file for the mentor's calendar."""
    mentee = selectors.mentee_for(request.user, mentee_id)
    appointment = get_object_or_404(
        selectors.appointments_for(request.user).filter(mentee=mentee), public_id=record_id
    )
    appointment.mentee = mentee
    url = request.build_absolute_uri(reverse("cases:detail", args=[mentee.public_id]))
    content = calendar.calendar_bytes(
        [appointment], titles=CalendarTitles.INITIALS, url_of=lambda a: url
    )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=appointment,
        mentee=mentee,
        changes={"format": "ics"},
    )
    return _calendar_response(content, f"appointment-{appointment.public_id}.ics")


CALENDAR_TOKEN_SESSION_KEY = "lotse_calendar_token"  # noqa: S105 - a session key, no secret


@require_http_methods(["GET", "POST"])
@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """The mentor's calendar subscription: make one (the address is shown once), choose what
    it shows, revoke it."""
    if not sees_personal_data(request.user):
        raise Http404
    feed = CalendarFeed.objects.filter(user=request.user).first()
    default = feed.titles if feed else settings.LOTSE_CALENDAR_TITLES
    form = forms.CalendarFeedForm(
        request.POST if request.method == "POST" else None, initial={"titles": default}
    )
    if request.method == "POST" and form.is_valid():
        token = calendar.feed_create(actor=request.user, titles=form.cleaned_data["titles"])
        request.session[CALENDAR_TOKEN_SESSION_KEY] = token
        messages.success(request, _("Your calendar subscription has been made."))
        return redirect("journal:calendar")
    token = request.session.pop(CALENDAR_TOKEN_SESSION_KEY, None)
    feed_url = ""
    if token and feed is not None:
        query = urlencode({"token": token})
        feed_url = request.build_absolute_uri(f"{reverse('journal:calendar_feed')}?{query}")
    return render(
        request,
        "journal/calendar.html",
        {"feed": feed, "form": form, "feed_url": feed_url},
    )


@require_POST
@login_required
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if not sees_personal_data(request.user):
        raise Http404
    if calendar.feed_revoke(actor=request.user):
        messages.success(request, _("The calendar subscription has been revoked."))
    return redirect("journal:calendar")


@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The subscription feed: no login, the secret token (``?token=``) is the key. A missing
    or unknown token: 404."""
    form = forms.CalendarTokenForm(request.GET)
    feed = calendar.feed_for_token(form.cleaned_data["token"]) if form.is_valid() else None
    if feed is None:
        raise Http404
    appointments = calendar.feed_appointments(feed)
    content = calendar.calendar_bytes(
        appointments,
        titles=feed.titles,
        url_of=lambda a: request.build_absolute_uri(
            reverse("cases:detail", args=[a.mentee.public_id])
        ),
        name="Lotse",
    )
    calendar.feed_fetched_record(feed, appointments)
    return _calendar_response(content, "lotse.ics")


# --- the quick contact form ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def contact_quick(request: HttpRequest) -> HttpResponse:
    """Log a contact in a few taps, e.g. on a phone right after a conversation."""
    if not sees_personal_data(request.user):
        raise Http404
    mentees = selectors.mentees_for(request.user).order_by("last_name", "first_name")
    initial = {}
    if request.GET.get("mentee"):
        initial["mentee"] = request.GET["mentee"]
    form = forms.QuickContactForm(
        request.POST if request.method == "POST" else None, mentees=mentees, initial=initial
    )
    # The picker lists them by name.
    note_shown(request, mentees.values_list("public_id", flat=True))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mentee = data.pop("mentee")
        try:
            CONTACT.create(actor=request.user, mentee=mentee, **data)
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
    ("letters", gettext_lazy("letters"), frozenset({"letter"})),
]


@require_GET
@login_required
def timeline(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    """The whole journal of a mentee, newest first, page by page, optionally of one kind."""
    mentee = selectors.mentee_for(request.user, mentee_id)
    form = forms.TimelineFilterForm(request.GET, shows=[slug for slug, *_ in TIMELINE_FILTERS])
    page, show = form.values()
    kinds = next(k for slug, _label, k in TIMELINE_FILTERS if slug == show)
    offset = (page - 1) * TIMELINE_PAGE_SIZE
    items = selectors.timeline_for(
        request.user, mentee, limit=TIMELINE_PAGE_SIZE + 1, offset=offset, kinds=kinds
    )
    services.journal_view_record(actor=request.user, mentee=mentee)
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
    form = forms.TimelineFilterForm(request.GET, shows=list(selectors.MY_DAY_LISTS))
    page, alone = form.values()
    day = selectors.my_day_for(request.user, alone=alone or None, page=page)
    note_shown(
        request,
        [
            *(item.mentee for item in day.appointments),
            *(item.mentee for item in [*day.overdue_tasks, *day.week_tasks] if item.mentee_id),
            *(item.mentee for item in day.expiring_documents),
            *day.without_contact,
        ],
    )
    return render(request, "journal/start.html", {"day": day})
