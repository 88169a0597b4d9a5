"""Project-wide pages: the start page dispatcher and the accessibility statement."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from lotse.accounts.selectors import (
    is_administrator,
    is_coordinator,
    is_data_protection_officer,
    sees_personal_data,
)


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


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")
