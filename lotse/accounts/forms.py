from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from lotse.lib.forms import AccessibleBoundField, HygieneMixin


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


class OneTimeCodeForm(forms.Form):
    """A six-digit code from the authenticator app, or (when allowed) a recovery code."""

    bound_field_class = AccessibleBoundField

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )

    def __init__(self, *args, help_text: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class LotsePasswordChangeForm(PasswordChangeForm):
    bound_field_class = AccessibleBoundField
