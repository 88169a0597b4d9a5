"""Forms of the journal. They only validate input; the services write."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.cases.models import Mentee
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    CalendarTitles,
    CourseParticipation,
    IntegrationAgreement,
    JournalEntry,
    Referral,
    Task,
    Topic,
)
from lotse.lib.forms import DateInput, LotseForm, LotseModelForm
from lotse.reference.fields import LanguageField


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class TopicsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", Topic.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("topics"))
        super().__init__(**kwargs)


class JournalEntryForm(LotseModelForm):
    topics = TopicsField()

    class Meta:
        model = JournalEntry
        fields = [
            "occurred_at",
            "kind",
            "duration_minutes",
            "topics",
            "interpreter_used",
            "interpreter_language",
            "notes",
        ]
        widgets = {
            "occurred_at": DateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"interpreter_language": LanguageField}
        help_texts = {
            "notes": _(
                "Write only what the work needs. No health details and no account of the "
                "reasons for flight."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].widget.attrs.update({"min": 0, "max": 1440, "step": 5})
        if not self.instance.pk and not self.initial.get("occurred_at"):
            self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)


class QuickContactForm(JournalEntryForm):
    """The contact form trimmed for a phone: whom, when, how, about what, a short note."""

    mentee = forms.ModelChoiceField(
        queryset=Mentee.objects.none(), to_field_name="public_id", label=_("mentee")
    )

    class Meta(JournalEntryForm.Meta):
        fields = ["occurred_at", "kind", "duration_minutes", "topics", "interpreter_used", "notes"]

    field_order = [
        "mentee",
        "occurred_at",
        "kind",
        "duration_minutes",
        "topics",
        "interpreter_used",
        "notes",
    ]

    def __init__(self, *args: Any, mentees: QuerySet[Mentee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees


class AppointmentForm(LotseModelForm):
    class Meta:
        model = Appointment
        fields = [
            "starts_at",
            "ends_at",
            "kind",
            "place",
            "with_whom",
            "application",
            "status",
            "notes",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"application": _("For example an interview: one of the open applications.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from lotse.placements.selectors import open_applications_of

        field = self.fields["application"]
        field.queryset = open_applications_of(
            self.instance.mentee_id, keep=self.instance.application_id
        )
        field.empty_label = _("none")
        field.label_from_instance = lambda a: f"{a.vacancy.title} – {a.vacancy.employer.name}"


class TaskForm(LotseModelForm):
    class Meta:
        model = Task
        fields = ["title", "due_date", "assignee", "notes"]
        widgets = {"due_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, assignees: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees


class AgreementForm(LotseModelForm):
    class Meta:
        model = IntegrationAgreement
        fields = ["signed_on", "reviewed_on", "goal", "notes"]
        widgets = {
            "signed_on": DateInput(),
            "reviewed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


class AgreementStepForm(LotseModelForm):
    class Meta:
        model = AgreementStep
        fields = ["description", "responsible", "due_date", "status"]
        widgets = {"due_date": DateInput()}


class ReferralForm(LotseModelForm):
    class Meta:
        model = Referral
        fields = ["partner_kind", "partner_name", "referred_on", "purpose", "outcome", "outcome_on"]
        widgets = {"referred_on": DateInput(), "outcome_on": DateInput()}


class CourseForm(LotseModelForm):
    class Meta:
        model = CourseParticipation
        fields = [
            "kind",
            "title",
            "provider",
            "starts_on",
            "ends_on",
            "target_level",
            "result",
            "achieved_level",
            "certificate",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class TimelineFilterForm(LotseForm):
    """The page and what is shown (GET): the journal page's kind of record, or the one list of
    "My day" shown alone (``selectors.MY_DAY_LISTS``)."""

    page = forms.IntegerField(required=False, min_value=1, max_value=200)
    show = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, shows: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = [(slug, slug) for slug in shows]

    def values(self) -> tuple[int, str]:
        """The valid page and kind; an invalid one counts as not given."""
        self.is_valid()
        data = self.cleaned_data
        return data.get("page") or 1, data.get("show") or ""


class FromAppointmentForm(LotseForm):
    """``?appointment=<public id>`` of the contact form after an appointment took place."""

    appointment = forms.UUIDField(required=False)


class CalendarTokenForm(LotseForm):
    """``?token=`` of the calendar feed."""

    token = forms.CharField(max_length=200)


class CalendarFeedForm(LotseForm):
    titles = forms.ChoiceField(
        label=_("What your calendar shows of an appointment"),
        choices=CalendarTitles.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Calendars on phones and in Outlook are often synchronised with other services: "
            "the less they show, the better."
        ),
    )
