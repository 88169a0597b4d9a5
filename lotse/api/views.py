"""The "API tokens" page of the user's account: make a token (shown once), revoke one."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.api import tokens
from lotse.api.forms import TokenForm
from lotse.lib.views import apply_service_errors

#: The new token between the POST that made it and the page that shows it once.
NEW_TOKEN_SESSION_KEY = "lotse_api_new_token"  # noqa: S105 - a session key, not a secret


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    allowed = tokens.may_have_tokens(request.user)
    form = TokenForm(request.POST if request.method == "POST" and allowed else None)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            new = tokens.token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = new.secret
            return redirect("api:tokens")
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "allowed": allowed,
            # Shown once: the page after the POST takes it out of the session.
            "secret": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
            "tokens": list(tokens.tokens_for(request.user)),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, public_id: UUID) -> HttpResponse:
    token = get_object_or_404(tokens.tokens_for(request.user), public_id=public_id)
    tokens.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect("api:tokens")
