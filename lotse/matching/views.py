from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lotse.cases.selectors import mentees_for
from lotse.cases.services import mentee_view_record
from lotse.employers.selectors import vacancies_for
from lotse.lib.views import safe_next
from lotse.matching.panels import mentee_context
from lotse.placements.services import application_propose


@require_GET
@login_required
def mentee_matches(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The matching vacancies of one mentee on a page of their own (also the target of the
    panel's filter form; htmx swaps just the panel)."""
    mentee = get_object_or_404(mentees_for(request.user), public_id=public_id)
    mentee_view_record(actor=request.user, mentee=mentee)
    return render(
        request,
        "matching/mentee_matches.html",
        {"mentee": mentee, **mentee_context(request, mentee)},
    )


@require_POST
@login_required
def propose(request: HttpRequest, mentee_id: UUID, vacancy_id: UUID) -> HttpResponse:
    """One click from a match: propose the mentee for the vacancy (creates the application)."""
    user: Any = request.user
    mentee = get_object_or_404(mentees_for(user), public_id=mentee_id)
    vacancy = get_object_or_404(vacancies_for(user), public_id=vacancy_id)
    back = safe_next(request, "cases:detail", mentee.public_id)
    try:
        application = application_propose(actor=user, mentee=mentee, vacancy=vacancy)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if "#" not in back:  # land at the new application's row (placements/_*_panel.html)
            back = f"{back}#application-{application.public_id}"
        messages.success(
            request,
            _("%(mentee)s was proposed for “%(vacancy)s”.")
            % {"mentee": mentee.full_name, "vacancy": vacancy.title},
        )
    return redirect(back)
