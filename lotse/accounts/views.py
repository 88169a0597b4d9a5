"""Login with a second factor, the own password and language, and the security desk of the data
protection officer and administrator (second-factor resets, login lockouts)."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.accounts import services, twofactor
from lotse.accounts.forms import LoginForm, LotsePasswordChangeForm, OneTimeCodeForm
from lotse.accounts.models import User
from lotse.accounts.selectors import is_administrator, is_data_protection_officer
from lotse.lib.views import safe_next

RECOVERY_CODES_SESSION_KEY = "lotse_recovery_codes"
THROTTLED_MESSAGE = gettext_lazy(
    "Too many wrong codes in a row. Please wait a moment, then enter the code the app shows now."
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        language = form.get_user().language
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _next_url(request: HttpRequest) -> str:
    return safe_next(request, settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """First login: scan the QR code (or type the secret), confirm with a code."""
    user = request.user
    if user_has_device(user):
        return redirect(_with_next("accounts:two_factor_verify", _next_url(request)))
    device = twofactor.pending_app_device(user)
    form = OneTimeCodeForm(
        request.POST or None,
        help_text=_("The six-digit code your authenticator app shows for Lotse."),
    )
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("code", THROTTLED_MESSAGE)
        elif device.verify_token(form.cleaned_data["code"]):
            codes = twofactor.confirm_enrolment(device)
            otp_login(request, device)
            services.second_factor_enrolled_record(user=user)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(_with_next("accounts:recovery_codes", _next_url(request)))
        else:
            form.add_error(
                "code",
                _(
                    "This code is not correct. Check that the app shows the entry for Lotse and "
                    "that the time on your phone is right, then enter the code it shows now."
                ),
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_code_svg(device, _("QR code for your authenticator app")),
            "secret": twofactor.secret_base32(device),
            "next": _next_url(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Every login: the code from the app, or one recovery code."""
    user = request.user
    if not user_has_device(user):
        return redirect(_with_next("accounts:two_factor_setup", _next_url(request)))
    if user.is_verified():
        return redirect(_next_url(request))
    form = OneTimeCodeForm(
        request.POST or None,
        help_text=_(
            "The six-digit code your authenticator app shows for Lotse, or one of your "
            "recovery codes."
        ),
    )
    if request.method == "POST" and form.is_valid():
        device, throttled = twofactor.verify(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if device.__class__ is not TOTPDevice:
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; it is no longer valid. If you lost your "
                        "phone, ask your data protection officer to reset your second factor."
                    ),
                )
            return redirect(_next_url(request))
        if throttled:
            form.add_error("code", THROTTLED_MESSAGE)
        else:
            form.add_error(
                "code",
                _(
                    "This code is not correct. Enter the code your app shows now, or a "
                    "recovery code."
                ),
            )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once right after they were made."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(_next_url(request))
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@login_required
@require_POST
def recovery_codes_replace(request: HttpRequest) -> HttpResponse:
    codes = twofactor.replace_recovery_codes(request.user)
    services.second_factor_enrolled_record(user=request.user, what="recovery_codes_replaced")
    request.session[RECOVERY_CODES_SESSION_KEY] = codes
    return redirect(_with_next("accounts:recovery_codes", reverse("accounts:account")))


@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = LotsePasswordChangeForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: LotsePasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed_record(user=self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and the choice kept on the user for their next login."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response


# --- The security desk ---------------------------------------------------------------------------


def _security_desk_only(request: HttpRequest) -> None:
    """Everyone but the data protection officer and administrators gets a 404, as for any page
    they may not see."""
    if not (is_administrator(request.user) or is_data_protection_officer(request.user)):
        raise Http404


@login_required
@require_http_methods(["GET"])
def security(request: HttpRequest) -> HttpResponse:
    _security_desk_only(request)
    users = list(
        User.objects.filter(is_active=True).order_by("username").only("username", "public_id")
    )
    enrolled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    for user in users:
        user.has_second_factor = user.pk in enrolled
    recent = AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    locked = {
        key: [
            row
            for row in recent.exclude(**{f"{key}__isnull": True})
            .exclude(**({"username": ""} if key == "username" else {}))
            .values(key)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .order_by("-last")
            if row["failures"] >= settings.AXES_FAILURE_LIMIT
        ]
        for key in ("username", "ip_address")
    }
    return render(
        request,
        "accounts/security.html",
        {
            "users": users,
            "locked_accounts": locked["username"],
            "locked_addresses": locked["ip_address"],
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
    )


@login_required
@require_POST
def second_factor_reset(request: HttpRequest, public_id: str) -> HttpResponse:
    _security_desk_only(request)
    user = get_object_or_404(User, public_id=public_id)
    try:
        services.second_factor_reset(actor=request.user, user=user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The second factor of %(username)s was reset; they enrol again at their next login.")
            % {"username": user.username},
        )
    return redirect("accounts:security")


@login_required
@require_POST
def login_unlock(request: HttpRequest) -> HttpResponse:
    _security_desk_only(request)
    username = request.POST.get("username", "").strip()
    ip_address = request.POST.get("ip_address", "").strip()
    if bool(username) == bool(ip_address):
        return HttpResponseBadRequest("Give either a user name or an address.")
    lifted = services.login_unlock(actor=request.user, username=username, ip_address=ip_address)
    if lifted:
        messages.success(request, _("The login lock was lifted."))
    else:
        messages.info(request, _("This login was no longer locked."))
    return redirect("accounts:security")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page django-axes shows instead of logging in once the failure limit is reached."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
