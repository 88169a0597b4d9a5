"""The GET parameters of the occupation picker's endpoints, parsed like every other input."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from lotse.lib.forms import LotseForm

_NAME = r"^[A-Za-z][\w-]{0,99}$"
_name = RegexValidator(_NAME, _("Not a form field name."))


class PickerParamsForm(LotseForm):
    """What the widget passes to render its input anew: the field name, the element id, the
    ids it is described by (help text) and whether it is required. Invalid values count as
    not given."""

    field = forms.CharField(required=False, max_length=100, validators=[_name])
    target = forms.CharField(required=False, max_length=100, validators=[_name])
    describedby = forms.CharField(required=False, max_length=500)
    required = forms.CharField(required=False, max_length=10)

    def params(self) -> dict[str, str]:
        self.is_valid()
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        ids = [i for i in data["describedby"].split() if _name.regex.match(i)]
        return {
            "field": data["field"],
            "target": data["target"],
            # The error is left out: a pick replaces the wrong input.
            "describedby": " ".join(i for i in ids if not i.endswith("_error")),
            "required": "1" if data["required"] else "",
        }


class OccupationSearchForm(LotseForm):
    q = forms.CharField(
        label=_("Job title or KldB code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def query(self) -> str:
        """The valid search text, or "" (the error is shown at the field)."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class OccupationPickForm(LotseForm):
    dkz = forms.RegexField(
        regex=r"^[0-9]{1,10}$",
        error_messages={"invalid": _("The job title's number (DKZ) has ASCII digits only.")},
    )
