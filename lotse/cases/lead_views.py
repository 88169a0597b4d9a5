"""The project lead's pages: the team desk and the bulk actions on the mentee list."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lotse.accounts.selectors import lead_project_ids_for
from lotse.audit.services import note_shown
from lotse.cases.bulk import (
    ACTIONS,
    BulkChoiceForm,
    BulkConfirmForm,
    bulk_apply,
    chosen_mentees,
)
from lotse.cases.desk import desk_for, lead_projects


@require_GET
@login_required
def desk(request: HttpRequest) -> HttpResponse:
    projects = list(lead_projects(request.user))
    if not projects:
        raise Http404
    chosen = request.GET.get("project", "")
    project = next((p for p in projects if str(p.public_id) == chosen), projects[0])
    return render(
        request,
        "cases/desk.html",
        {"desk": desk_for(request.user, project), "projects": projects, "project": project},
    )


def _back_to_list(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    # Only the list's own filter query goes back into the address (no open redirect).
    safe = query if query and all(c.isalnum() or c in "=&-_.%+" for c in query) else ""
    return redirect(reverse("cases:list") + (f"?{safe}" if safe else ""))


@require_POST
@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Step 1 (from the list): show who is affected and ask for what the action needs.
    Step 2 (``confirm``): change them all, or none."""
    if not lead_project_ids_for(request.user):
        raise Http404
    choice = BulkChoiceForm(request.POST)
    ids = request.POST.getlist("mentees")
    if not choice.is_valid() or not ids:
        messages.error(
            request,
            _("Please tick at least one mentee and choose an action.")
            if choice.is_valid() or not ids
            else " ".join(choice.errors.get("action", [])),
        )
        return _back_to_list(request)
    try:
        mentees = chosen_mentees(request.user, ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_list(request)
    action = choice.cleaned_data["action"]
    confirming = "confirm" in request.POST
    form = BulkConfirmForm(request.POST if confirming else None, action=action, mentees=mentees)
    note_shown(request, mentees)
    if confirming and form.is_valid():
        try:
            count = bulk_apply(
                actor=request.user, action=action, mentees=mentees, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _done_message(action, count, form.cleaned_data))
            return _back_to_list(request)
    return render(
        request,
        "cases/bulk_confirm.html",
        {
            "form": form,
            "mentees": mentees,
            "action": action,
            "action_label": dict(ACTIONS)[action],
            "query": request.POST.get("query", ""),
        },
    )


def _done_message(action: str, count: int, data: dict[str, Any]) -> str:
    if action == "assign":
        mentor = data.get("mentor")
        return ngettext(
            "%(count)s mentee is now looked after by %(mentor)s.",
            "%(count)s mentees are now looked after by %(mentor)s.",
            count,
        ) % {"count": count, "mentor": mentor or _("no mentor")}
    return ngettext(
        "The exit of %(count)s mentee has been recorded.",
        "The exit of %(count)s mentees has been recorded.",
        count,
    ) % {"count": count}
