"""The print of the integration agreement with its steps (page and PDF), with lines for the
signatures of the mentee and the mentor."""

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from lotse.journal import selectors
from lotse.lib.printing import print_response


def _agreement(request: HttpRequest, mentee_id: UUID, *, pdf: bool) -> HttpResponse:
    user: Any = request.user
    mentee = selectors.mentee_for(user, mentee_id)
    agreement = selectors.agreement_for(user, mentee)
    if agreement is None:
        raise Http404("No integration agreement has been recorded.")
    name = slugify(f"{mentee.last_name}-{mentee.first_name}") or "mentee"
    return print_response(
        request,
        "journal/print_agreement.html",
        {"agreement": agreement, "steps": list(agreement.steps.all())},
        mentee=mentee,
        obj=agreement,
        code="print_agreement",
        pdf=pdf,
        filename=f"integrationsvereinbarung-{name}.pdf",
    )


@require_GET
@login_required
def agreement_print(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    return _agreement(request, mentee_id, pdf=False)


@require_GET
@login_required
def agreement_print_pdf(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    return _agreement(request, mentee_id, pdf=True)
