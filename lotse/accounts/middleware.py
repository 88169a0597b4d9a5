"""Middleware for the login session: idle timeout, the second factor, private-page headers."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

LAST_SEEN_SESSION_KEY = "lotse_last_seen"
# The session's timestamp is refreshed at most this often, so not every request writes it.
_REFRESH_SECONDS = 60


class PrivateResponseHeadersMiddleware:
    """``Cache-Control: no-store`` on every response to a logged-in user (person pages, exports,
    fragments: nothing personal stays in a browser or proxy cache) and a Permissions-Policy that
    turns off browser features Lotse never uses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        response.setdefault("Permissions-Policy", settings.LOTSE_PERMISSIONS_POLICY)
        return response


class SessionIdleTimeoutMiddleware:
    """Log out a session that was idle for ``LOTSE_SESSION_IDLE_MINUTES`` (besides the absolute
    lifetime ``SESSION_COOKIE_AGE``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if last_seen is not None and now - last_seen > settings.LOTSE_SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.LOTSE_SESSION_IDLE_MINUTES},
                )
                return _redirect(request, redirect_to_login(request.get_full_path()).url)
            if last_seen is None or now - last_seen >= _REFRESH_SECONDS:
                request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


@receiver(user_logged_in)
def _start_the_idle_clock(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_SESSION_KEY] = int(time.time())


def _open_paths() -> frozenset[str]:
    """The pages a user who gave only the password may reach (exact paths: nothing below them,
    so e.g. making new recovery codes needs the second factor)."""
    return frozenset(
        reverse(name)
        for name in (
            "accounts:two_factor_verify",
            "accounts:two_factor_setup",
            "accounts:logout",
            "set_language",
            "accessibility",
        )
    )


def _static_prefix() -> str:
    return settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"


class SecondFactorRequiredMiddleware:
    """A user who logged in with the password alone reaches nothing but the second-factor
    pages (enrolment or the code prompt), the logout and the language switch. Applies to every
    role and to the Django admin. ``LOTSE_REQUIRE_2FA=0`` switches it off for the demo only
    (a deployment check fails when it is off outside debug mode)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LOTSE_REQUIRE_2FA and needs_second_factor(request.user):
            if request.path not in _open_paths() and not request.path.startswith(_static_prefix()):
                from django_otp import user_has_device

                target = (
                    "accounts:two_factor_verify"
                    if user_has_device(request.user)
                    else "accounts:two_factor_setup"
                )
                url = reverse(target)
                if request.method == "GET":
                    url = f"{url}?{urlencode({'next': request.get_full_path()})}"
                return _redirect(request, url)
        return self.get_response(request)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect; for an htmx fragment request one of the whole page (not the login page
    swapped into a fragment)."""
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


def needs_second_factor(user) -> bool:
    return user.is_authenticated and not user.is_verified()
