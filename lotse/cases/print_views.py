"""The print of the mentee's file summary (page and PDF): the profile as a paper to hand over,
without the internal notes, with the upcoming appointments."""

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from lotse.cases.selectors import mentee_for, mentee_page_data
from lotse.lib.printing import print_response

UPCOMING_APPOINTMENTS = 20


def _file(request: HttpRequest, public_id: UUID, *, pdf: bool) -> HttpResponse:
    from lotse.journal.models import AppointmentStatus
    from lotse.journal.selectors import appointments_for

    user: Any = request.user
    mentee = mentee_for(user, public_id)
    upcoming = (
        appointments_for(user)
        .filter(mentee=mentee, status=AppointmentStatus.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")[:UPCOMING_APPOINTMENTS]
    )
    name = slugify(f"{mentee.last_name}-{mentee.first_name}") or "mentee"
    return print_response(
        request,
        "cases/print_file.html",
        {"data": mentee_page_data(user, mentee), "appointments": list(upcoming)},
        mentee=mentee,
        obj=mentee,
        code="print_file",
        pdf=pdf,
        filename=f"akte-{name}.pdf",
    )


@require_GET
@login_required
def file_print(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _file(request, public_id, pdf=False)


@require_GET
@login_required
def file_print_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _file(request, public_id, pdf=True)
