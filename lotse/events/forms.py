"""Forms of the group events: the event itself, the search of the invitation picker, the
mentees to invite, and the attendance afterwards. All work without JavaScript."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project, User
from lotse.employers.models import Employer
from lotse.events.models import Attendance, GroupEvent, Invitation
from lotse.lib.forms import DateInput, LotseForm, LotseModelForm
from lotse.reference.models import District


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class GroupEventForm(LotseModelForm):
    """The event's data; staff from the project's members, employers from its employers."""

    class Meta:
        model = GroupEvent
        fields = [
            "kind",
            "title",
            "date",
            "starts_at",
            "ends_at",
            "place",
            "district",
            "staff",
            "employers",
            "cancelled",
        ]
        widgets = {
            "date": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "staff": forms.CheckboxSelectMultiple,
            "employers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            User.objects.filter(memberships__project=project, is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["staff"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )
        self.fields["employers"].queryset = Employer.objects.filter(project=project).order_by(
            "name"
        )
        districts = project.districts.order_by("name")
        self.fields["district"].queryset = (
            districts if districts.exists() else District.objects.order_by("name")
        )
        for name in ("staff", "employers"):
            self.fields[name].to_field_name = "public_id"
        self.fields["employers"].help_text = _("Optional: employers who take part.")


class SearchForm(LotseForm):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)


class InviteForm(LotseForm):
    """The mentees chosen from the search results (public ids of mentees the user may see)."""

    mentees = forms.MultipleChoiceField(
        label=_("Mentees to invite"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one mentee.")},
    )

    def __init__(self, *args: Any, candidates: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(m.public_id): m for m in candidates}
        self.fields["mentees"].choices = [(key, m.full_name) for key, m in self.candidates.items()]

    def clean_mentees(self) -> list:
        return [self.candidates[key] for key in self.cleaned_data["mentees"]]


class AttendanceForm(LotseForm):
    """One choice (and the version it was shown at) per invitee."""

    def __init__(self, *args: Any, invitations: list[Invitation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            key = str(invitation.public_id)
            self.fields[f"a-{key}"] = forms.ChoiceField(
                label=invitation.mentee.full_name,
                choices=Attendance.choices,
                required=False,
                initial=invitation.attendance,
                widget=forms.RadioSelect,
            )
            self.fields[f"v-{key}"] = forms.CharField(
                widget=forms.HiddenInput, initial=invitation.version, required=False
            )

    def rows(self) -> list[tuple[Invitation, Any]]:
        return [(i, self[f"a-{i.public_id}"]) for i in self.invitations]

    def marks(self) -> list[tuple[Invitation, str, Any]]:
        """(invitation, attendance, version shown) for every invitee."""
        data = self.cleaned_data
        return [
            (i, data.get(f"a-{i.public_id}") or "", data.get(f"v-{i.public_id}"))
            for i in self.invitations
        ]
