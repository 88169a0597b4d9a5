"""Project-wide pages: the start page dispatcher and the accessibility statement."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotse.accounts.selectors import (
    is_administrator,
    is_coordinator,
    is_data_protection_officer,
    sees_personal_data,
)
from lotse.ops.barriers import BarrierReportForm, barrier_report_create


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to the page it starts its day on."""
    user = request.user
    if sees_personal_data(user):
        return redirect("journal:start")
    if is_data_protection_officer(user):
        return redirect("audit:list")
    if is_coordinator(user):
        return redirect("reporting:index")
    if is_administrator(user):
        return redirect("admin:index")
    return render(request, "home.html")


@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement as BITV 2.0 § 7 asks, with the form for reporting a barrier
    (open to everyone, logged in or not)."""
    form = BarrierReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        barrier_report_create(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Thank you. Your report has reached the operator, who answers within %(days)s days.")
            % {"days": settings.LOTSE_ACCESSIBILITY_ANSWER_DAYS},
        )
        return redirect("accessibility")
    checked = datetime.date.fromisoformat(settings.LOTSE_ACCESSIBILITY_CHECKED)
    return render(
        request,
        "accessibility.html",
        {"form": form, "checked": checked, "settings": _statement_settings()},
    )


def _statement_settings() -> dict[str, object]:
    return {
        "operator_name": settings.LOTSE_OPERATOR_NAME,
        "operator_email": settings.LOTSE_OPERATOR_EMAIL,
        "operator_phone": settings.LOTSE_OPERATOR_PHONE,
        "operator_address": settings.LOTSE_OPERATOR_ADDRESS,
        "answer_days": settings.LOTSE_ACCESSIBILITY_ANSWER_DAYS,
        "enforcement_name": settings.LOTSE_ENFORCEMENT_NAME,
        "enforcement_url": settings.LOTSE_ENFORCEMENT_URL,
    }
