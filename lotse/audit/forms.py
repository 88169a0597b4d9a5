"""The data protection officer's filter over the audit trail."""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project
from lotse.audit.models import AuditAction
from lotse.audit.selectors import AuditFilter, audit_actors, audit_object_types
from lotse.lib.forms import DateInput, LotseForm, QuickSelect


def object_type_label(object_type: str) -> str:
    """The model's verbose name for an ``app_label.model`` string, or the string itself."""
    if object_type == "page":
        return str(_("Page"))
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


class AuditFilterForm(LotseForm):
    # A username, not a list of every user: 3,000 of them at the scale of all of Germany made
    # the filter 2 s to render (benchmarks/germany.py).
    actor = forms.CharField(
        label=_("Who (username)"),
        required=False,
        max_length=150,
        help_text=_("The username in brackets after a name in the list; empty for anyone."),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    mentee = forms.UUIDField(
        label=_("Mentee (public id)"),
        required=False,
        help_text=_("The identifier from the address of the mentee's page."),
        error_messages={"invalid": _("Please enter the mentee's identifier as a UUID.")},
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.order_by("name"),
        required=False,
        empty_label=_("all projects"),
        widget=QuickSelect,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("any action")), *AuditAction.choices]
        self.fields["object_type"].choices = [("", _("any kind"))] + [
            (value, object_type_label(value)) for value in audit_object_types()
        ]

    def clean_actor(self):
        username = self.cleaned_data.get("actor", "").strip()
        if not username:
            return None
        user = audit_actors().filter(username=username).first()
        if user is None:
            raise forms.ValidationError(_("No user has this username."))
        return user

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_until")
        if start and end and end < start:
            self.add_error("date_until", _("The end date must not be before the start date."))
        return data

    def to_filter(self) -> AuditFilter:
        """The valid input as a selector filter (call after ``is_valid()``)."""
        data = self.cleaned_data
        return AuditFilter(
            actor_id=data["actor"].pk if data.get("actor") else None,
            action=data.get("action") or "",
            object_type=data.get("object_type") or "",
            mentee_id=data.get("mentee"),
            project_id=data["project"].pk if data.get("project") else None,
            date_from=data.get("date_from"),
            date_until=data.get("date_until"),
        )
