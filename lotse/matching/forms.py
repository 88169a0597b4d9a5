from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.employers.models import VacancyKind
from lotse.lib.forms import LotseForm


class MatchFilterForm(LotseForm):
    """The filters of the "Matching vacancies" panel (GET)."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("all kinds")), *VacancyKind.choices],
    )
    radius = forms.IntegerField(
        label=_("Radius (km)"),
        required=False,
        min_value=1,
        max_value=300,
        help_text=_("Only vacancies within this distance of the mentee's place."),
    )

    def filters(self) -> dict:
        """Valid filter values; an invalid field counts as not set (its error is shown)."""
        if not self.is_bound:
            return {"kind": "", "radius_km": None}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"kind": data.get("kind") or "", "radius_km": data.get("radius")}
