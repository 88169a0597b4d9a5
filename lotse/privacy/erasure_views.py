"""Pages of erasure and retention: the open erasure reviews and their decision, the retention
dry run and the legal holds. For the data protection officer (every project, public ids only:
the officer sees no case content) and project leads (their projects, with names)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.accounts.models import Project
from lotse.accounts.selectors import is_data_protection_officer, lead_project_ids_for
from lotse.audit.services import note_shown
from lotse.cases.models import Mentee
from lotse.cases.selectors import mentees_for
from lotse.lib.concurrency import add_version_field, show_current_version
from lotse.lib.views import apply_service_errors
from lotse.privacy import retention
from lotse.privacy.erasure_forms import DecisionForm, HoldLookupForm, LegalHoldForm
from lotse.privacy.models import LegalHold
from lotse.privacy.reviews import review_decide, review_for, reviews_for


def _desk(request: HttpRequest) -> frozenset[int] | None:
    """The projects the user looks after here (``None``: all, the data protection officer);
    404 for everyone else."""
    if is_data_protection_officer(request.user):
        return None
    projects = lead_project_ids_for(request.user)
    if not projects:
        raise Http404
    return projects


def _shown(request: HttpRequest, projects: frozenset[int] | None, mentees: list) -> bool:
    """Whether names are shown (to a project lead, who may see the mentees), noting them."""
    if projects is None:
        return False
    note_shown(request, [m for m in mentees if m.erased_at is None])
    return True


@login_required
@require_http_methods(["GET"])
def reviews(request: HttpRequest) -> HttpResponse:
    projects = _desk(request)
    qs = reviews_for(request.user)
    open_reviews = list(qs.filter(decision="").order_by("due_on", "pk"))
    decided = list(qs.exclude(decision="").order_by("-decided_at", "-pk")[:50])
    names = _shown(request, projects, [r.mentee for r in open_reviews + decided])
    return render(
        request,
        "privacy/erasure_reviews.html",
        {"open_reviews": open_reviews, "decided": decided, "names": names},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, public_id: str) -> HttpResponse:
    projects = _desk(request)
    record = review_for(request.user, public_id)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    add_version_field(form, record)
    if request.method == "POST" and record.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            review_decide(
                actor=request.user,
                review=record,
                version=data.get("version"),
                decision=data["decision"],
                keep_reason=data.get("keep_reason") or "",
                keep_until=data.get("keep_until"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            show_current_version(form, record)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("privacy:erasure_reviews")
    names = _shown(request, projects, [record.mentee])
    held = retention.active_holds().filter(mentee=record.mentee).exists()
    return render(
        request,
        "privacy/erasure_review.html",
        {"review": record, "form": form, "names": names, "held": held},
    )


@login_required
@require_http_methods(["GET"])
def retention_page(request: HttpRequest) -> HttpResponse:
    projects = _desk(request)
    return _retention(request, projects, HoldLookupForm())


def _retention(
    request: HttpRequest, projects: frozenset[int] | None, form: HoldLookupForm
) -> HttpResponse:
    items = retention.due(project_ids=projects)
    holds = LegalHold.objects.filter(lifted_at__isnull=True).select_related("mentee", "set_by")
    if projects is not None:
        holds = holds.filter(mentee__project_id__in=projects)
    holds = list(holds.order_by("-set_at", "-pk")[:200])
    project_names = dict(Project.objects.values_list("pk", "name"))
    counts = {
        rule.key: sum(1 for i in items if i.rule.key == rule.key and not i.held)
        for rule in retention.RULES
        if rule.applied
    }
    if projects is not None:
        note_shown(request, [i.public_id for i in items] + [h.mentee for h in holds])
    return render(
        request,
        "privacy/erasure_retention.html",
        {
            "rules": retention.RULES,
            "items": [(i, project_names.get(i.project_id, "")) for i in items[:500]],
            "more": max(len(items) - 500, 0),
            "counts": counts,
            "held_count": sum(i.held for i in items),
            "holds": holds,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _people(request: HttpRequest, projects: frozenset[int] | None):
    """Mentees a legal hold may be set for: any (not erased) for the officer, who learns only
    whether the id exists; the lead's own project's otherwise."""
    if projects is None:
        return Mentee.objects.filter(erased_at__isnull=True)
    return mentees_for(request.user).filter(project_id__in=projects)


@login_required
@require_http_methods(["GET", "POST"])
def hold_set(request: HttpRequest) -> HttpResponse:
    projects = _desk(request)
    if request.method == "GET":
        lookup = HoldLookupForm(request.GET)
        mentee = None
        if lookup.is_valid():
            mentee = (
                _people(request, projects).filter(public_id=lookup.cleaned_data["mentee"]).first()
            )
            if mentee is None:
                lookup.add_error(
                    "mentee", _("There is no mentee with this id that you look after.")
                )
        if mentee is None:
            return _retention(request, projects, lookup)
        form = LegalHoldForm(initial={"mentee": mentee.public_id})
        return _hold_page(request, projects, form, mentee)
    form = LegalHoldForm(request.POST)
    mentee = None
    if form.is_valid():
        data = form.cleaned_data
        mentee = _people(request, projects).filter(public_id=data["mentee"]).first()
        if mentee is None:
            form.add_error("mentee", _("There is no mentee with this id that you look after."))
        else:
            try:
                retention.legal_hold_set(
                    actor=request.user, mentee=mentee, reason=data["reason"], until=data["until"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The legal hold has been set."))
                return redirect("privacy:retention")
    return _hold_page(request, projects, form, mentee)


def _hold_page(
    request: HttpRequest,
    projects: frozenset[int] | None,
    form: LegalHoldForm,
    mentee: Mentee | None,
) -> HttpResponse:
    names = mentee is not None and _shown(request, projects, [mentee])
    return render(
        request,
        "privacy/erasure_hold.html",
        {"form": form, "mentee": mentee, "names": names},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def hold_lift(request: HttpRequest, public_id: str) -> HttpResponse:
    projects = _desk(request)
    holds = LegalHold.objects.all()
    if projects is not None:
        holds = holds.filter(mentee__project_id__in=projects)
    hold = get_object_or_404(holds, public_id=public_id)
    retention.legal_hold_lift(actor=request.user, hold=hold)
    messages.success(request, _("The legal hold has been lifted."))
    return redirect("privacy:retention")
