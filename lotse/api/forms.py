from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lotse.api.tokens import LIFETIMES
from lotse.lib.forms import LotseForm


class TokenForm(LotseForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “BI export” or “Jobcenter tool”."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[
            (days, ngettext_lazy("%(count)d day", "%(count)d days", days) % {"count": days})
            for days in LIFETIMES
        ],
        initial=90,
    )
