"""The data protection officer's filter over the audit trail."""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project
from lotse.audit.models import AuditAction
from lotse.audit.selectors import AuditFilter, audit_actors, audit_object_types
from lotse.lib.forms import DateInput, LotseForm


def object_type_label(object_type: str) -> str:
    """The model's verbose name for an ``app_label.model`` string, or the string itself."""
    if object_type == "page":
        return str(_("Page"))
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


class AuditFilterForm(LotseForm):
    actor = forms.ModelChoiceField(
        label=_("Who"), queryset=audit_actors(), required=False, empty_label=_("anyone")
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
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("any action")), *AuditAction.choices]
        self.fields["object_type"].choices = [("", _("any kind"))] + [
            (value, object_type_label(value)) for value in audit_object_types()
        ]

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
