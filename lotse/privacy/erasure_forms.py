"""Forms of the erasure reviews and legal holds."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.lib.forms import DateInput, LotseForm
from lotse.privacy.models import KeepReason, ReviewDecision


class DecisionForm(LotseForm):
    """Both decisions of a review: the page shows them as two forms, "erase now" (only the
    decision) and "keep" (with the legal reason)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ReviewDecision.ERASE, ReviewDecision.ERASE.label),
            (ReviewDecision.KEEP, ReviewDecision.KEEP.label),
        ],
        widget=forms.HiddenInput,
    )
    keep_reason = forms.ChoiceField(
        label=_("Legal reason to keep"),
        choices=KeepReason.choices[1:],
        required=False,
        help_text=_("Art. 17(3) GDPR."),
    )
    keep_until = forms.DateField(
        label=_("Kept until"),
        required=False,
        widget=DateInput,
        help_text=_("Optional: when the reason ends. Retention still applies."),
    )
    date_windows = {"keep_until": "privacy.ErasureReview.keep_until"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == ReviewDecision.KEEP and not data.get("keep_reason"):
            self.add_error("keep_reason", _("Say which legal reason requires keeping the record."))
        return data


class HoldLookupForm(LotseForm):
    """Which mentee a legal hold is for (a GET form: the hold form follows)."""

    mentee = forms.UUIDField(
        label=_("Public id of the mentee"),
        help_text=_("The last part of the address of the mentee's page."),
        error_messages={
            "invalid": _("Enter the public id, e.g. 0b7c…-…, as it appears in the address.")
        },
    )


class LegalHoldForm(HoldLookupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].widget = forms.HiddenInput()

    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example: lawsuit pending, audit of the funder. No names, please."),
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for a hold until it is lifted."),
    )
    date_windows = {"until": "privacy.LegalHold.until"}

    def clean_until(self) -> datetime.date | None:
        until = self.cleaned_data.get("until")
        if until is not None and until < timezone.localdate():
            raise forms.ValidationError(_("The end of the hold cannot be in the past."))
        return until
