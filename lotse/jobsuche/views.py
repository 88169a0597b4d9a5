from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.cases.selectors import mentees_for
from lotse.employers.selectors import board_vacancies
from lotse.jobsuche.services import vacancy_take_over
from lotse.lib.views import safe_next


@require_POST
@login_required
def take_over(request: HttpRequest, vacancy_id: UUID, mentee_id: UUID) -> HttpResponse:
    """From a mentee's matches: take a BA vacancy over into the mentee's project (an employer
    of the project and a vacancy of it), then back to the matches."""
    user: Any = request.user
    mentee = get_object_or_404(mentees_for(user), public_id=mentee_id)
    vacancy = get_object_or_404(board_vacancies(), public_id=vacancy_id)
    back = safe_next(request, "cases:detail", mentee.public_id)
    try:
        copy, created = vacancy_take_over(actor=user, vacancy=vacancy, project=mentee.project)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    text = (
        _("“%(title)s” was taken over into your vacancies at %(employer)s.")
        if created
        else _("“%(title)s” is already among your vacancies at %(employer)s.")
    )
    messages.success(request, text % {"title": copy.title, "employer": copy.employer.name})
    return redirect(back)
