"""Forms of the data protection officer's desk: recording and handling a request, the
restriction, the language of the access copy, the consent texts in the admin."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.selectors import is_data_protection_officer
from lotse.lib.forms import DateInput, LotseForm, LotseModelForm
from lotse.privacy.models import (
    ConsentText,
    DataSubjectRequest,
    RequestChannel,
    RequestKind,
    RestrictionReason,
)
from lotse.privacy.selectors import find_mentee, mentees_for_requests


class RequestCreateForm(LotseForm):
    date_windows = {"received_on": "privacy.DataSubjectRequest.received_on"}

    mentee = forms.CharField(
        label=_("Mentee"),
        max_length=100,
        help_text=_(
            "The identifier of the mentee (from the address of the mentee's page) or a "
            "reference number of the Jobcenter or the Agentur für Arbeit."
        ),
    )
    kind = forms.ChoiceField(label=_("Right asked for"), choices=RequestKind.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    channel = forms.ChoiceField(
        label=_("Received by"), choices=RequestChannel.choices, initial=RequestChannel.LETTER
    )
    details = forms.CharField(
        label=_("What was asked for"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what is needed to answer; no health details."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not is_data_protection_officer(user):  # a lead chooses among the projects' mentees
            self.fields["mentee"] = forms.ModelChoiceField(
                label=_("Mentee"),
                queryset=mentees_for_requests(user).order_by("last_name", "first_name"),
                to_field_name="public_id",
            )

    def clean_mentee(self) -> Any:
        value = self.cleaned_data["mentee"]
        if not isinstance(value, str):
            return value
        mentee = find_mentee(self.user, value)
        if mentee is None:
            if is_data_protection_officer(self.user):
                message = _("No mentee has this identifier or reference number.")
            else:
                message = _(
                    "No mentee of the projects you lead has this identifier or reference number."
                )
            raise forms.ValidationError(message)
        return mentee


class RequestUpdateForm(LotseModelForm):
    class Meta:
        model = DataSubjectRequest
        fields = [
            "status",
            "handled_by",
            "details",
            "outcome",
            "closed_on",
            "extended_until",
            "extension_reason",
        ]
        widgets = {
            "closed_on": DateInput(),
            "extended_until": DateInput(),
            "details": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "extension_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentee = self.instance.mentee
        handlers = User.objects.filter(is_active=True, programme_role="dpo")
        if mentee is not None:
            handlers = handlers | User.objects.filter(
                is_active=True, memberships__project_id=mentee.project_id, memberships__role="lead"
            )
        self.fields["handled_by"].queryset = handlers.distinct().order_by("last_name", "username")
        self.fields["closed_on"].help_text = _("Left empty when closing: today.")
        self.fields["extended_until"].help_text = _(
            "At most two further months (Art. 12(3) GDPR); the person must be told the reasons "
            "within the first month."
        )
        self.fields["outcome"].help_text = _(
            "What the person was told, for example “copy handed over” or the reasons for a refusal."
        )


class RestrictionForm(LotseForm):
    reason = forms.ChoiceField(label=_("Ground"), choices=RestrictionReason.choices)


class CopyLanguageForm(LotseForm):
    """The language of the readable access copy (German unless the person wants English)."""

    language = forms.ChoiceField(
        label=_("Language of the copy"),
        choices=[("de", "Deutsch"), ("en", "English")],
        required=False,
    )

    def language_code(self) -> str:
        if self.is_valid() and self.cleaned_data["language"]:
            return self.cleaned_data["language"]
        return "de"


class RequestFilterForm(LotseForm):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("all requests")),
            ("open", _("open requests")),
            ("closed", _("answered requests")),
        ],
    )


class ConsentTextAdminForm(LotseModelForm):
    class Meta:
        model = ConsentText
        fields = [
            "purpose",
            "version",
            "language",
            "title",
            "text",
            "valid_from",
            "checked_translation",
        ]
        widgets = {"valid_from": DateInput()}
