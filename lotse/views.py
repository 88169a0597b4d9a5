"""Project-wide pages: the start page dispatcher and the accessibility statement."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from lotse.accounts.selectors import (
    is_administrator,
    is_coordinator,
    is_data_protection_officer,
    sees_personal_data,
)


def _first_existing(*names: str) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to the page it starts its day on."""
    user = request.user
    target = None
    if sees_personal_data(user):
        target = _first_existing("journal:start", "cases:list")
    elif is_data_protection_officer(user):
        target = _first_existing("audit:list")
    elif is_coordinator(user):
        target = _first_existing("reporting:index")
    elif is_administrator(user):
        target = _first_existing("admin:index")
    if target:
        return redirect(target)
    return render(request, "home.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")
