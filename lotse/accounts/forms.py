from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lotse.lib.forms import HygieneMixin


class LoginForm(HygieneMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("User name"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Please check both and try again."
        ),
        "inactive": _("This account is deactivated. Please contact your administrator."),
    }
