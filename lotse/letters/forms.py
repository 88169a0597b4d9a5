"""The forms of letters: making one for a mentee, and a new version of a template."""

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import ConsentPurpose, Mentee
from lotse.employers.selectors import employers_for
from lotse.journal.models import AppointmentStatus
from lotse.journal.selectors import appointments_for
from lotse.letters import placeholders, selectors
from lotse.letters.models import (
    APPOINTMENT_KINDS,
    LetterFormat,
    LetterKind,
    LetterLanguage,
    direction,
)
from lotse.lib.forms import LotseForm


class LetterTemplateForm(LotseForm):
    """Subject and text of a new version; placeholders are checked against the kind's list,
    with the message at the field."""

    subject = forms.CharField(label=_("subject"), max_length=200)
    body = forms.CharField(
        label=_("text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=10_000,
        help_text=_("Paragraphs are separated by an empty line. {{ and }} write a brace."),
    )

    def __init__(self, *args: Any, kind: str, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in ("subject", "body"):
            self.fields[name].widget.attrs.update(lang=language, dir=direction(language))

    def _checked(self, name: str) -> str:
        value = self.cleaned_data[name]
        placeholders.check(value, self.kind)
        return value

    def clean_subject(self) -> str:
        return self._checked("subject")

    def clean_body(self) -> str:
        return self._checked("body")


class LetterForm(LotseForm):
    """Which letter, in which language and format, and what it is about."""

    kind = forms.ChoiceField(label=_("letter"), choices=LetterKind.choices)
    language = forms.ChoiceField(
        label=_("language beside German"),
        choices=LetterLanguage.choices,
        help_text=_("“Deutsch”: the letter in German only."),
    )
    file_format = forms.ChoiceField(
        label=_("format"),
        choices=LetterFormat.choices,
        initial=LetterFormat.PDF,
        widget=forms.RadioSelect,
    )
    appointment = forms.ModelChoiceField(
        label=_("appointment"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        help_text=_("For an invitation or a reminder."),
    )
    purpose = forms.ChoiceField(
        label=_("consent to"),
        choices=[("", "–"), *ConsentPurpose.choices],
        required=False,
        help_text=_("For a consent form: the current text of this purpose."),
    )
    employer = forms.ModelChoiceField(
        label=_("employer"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        help_text=_(
            "For a confirmation for an employer the mentee has applied to, works for or was "
            "introduced to (an application, a placement or a service in Lotse)."
        ),
    )

    def __init__(
        self,
        *args: Any,
        mentee: Mentee,
        appointments: Any,
        employers: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        first = appointments.first()  # one query decides both: none, or the one to preselect
        if first is None:
            self._without_appointments()
        else:
            self._with_appointments(appointments, first)
        self.fields["employer"].queryset = employers
        self.fields["employer"].label_from_instance = lambda employer: employer.name

    def _without_appointments(self) -> None:
        """No appointment to write about: invitations and reminders are not offered, and the
        form as shown makes a consent form for the first purpose."""
        del self.fields["appointment"]
        kind = self.fields["kind"]
        kind.choices = [c for c in LetterKind.choices if c[0] not in APPOINTMENT_KINDS]
        kind.help_text = _(
            "Invitations and reminders are made for an appointment in the journal; "
            "this mentee has none planned."
        )
        kind.error_messages["invalid_choice"] = kind.help_text
        if not self.is_bound and self.initial.get("kind") in (None, "", *APPOINTMENT_KINDS):
            self.initial["kind"] = LetterKind.CONSENT
            self.initial.setdefault("purpose", ConsentPurpose.values[0])

    def _with_appointments(self, appointments: Any, first: Any) -> None:
        self.fields["appointment"].queryset = appointments
        if not self.is_bound and not self.initial.get("appointment"):
            # The form as shown makes a letter: the next appointment is chosen.
            self.initial["appointment"] = first.public_id
        self.fields["appointment"].label_from_instance = _appointment_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind in APPOINTMENT_KINDS and not data.get("appointment"):
            self.add_error("appointment", _("Please choose the appointment the letter is about."))
        if kind == LetterKind.CONSENT and not data.get("purpose"):
            self.add_error("purpose", _("Please choose what the mentee is asked to consent to."))
        if kind == LetterKind.EMPLOYER and not data.get("employer"):
            self.add_error("employer", _("Please choose the employer the letter is addressed to."))
        return data


def _appointment_label(appointment: Any) -> str:
    starts = timezone.localtime(appointment.starts_at)
    parts = [starts.strftime("%d.%m.%Y %H:%M"), str(appointment.get_kind_display())]
    if appointment.place:
        parts.append(appointment.place)
    return " · ".join(parts)


class LetterChoiceQuery(LotseForm):
    """The GET parameters that preselect a letter (from an appointment or the agreement)."""

    kind = forms.ChoiceField(choices=LetterKind.choices, required=False)
    appointment = forms.UUIDField(required=False)


#: Appointments a letter may be about: from a month ago on, and every one still planned (the
#: journal offers an invitation for each of them, however long ago it was due); never cancelled.
RECENT_DAYS = 30


def letter_form(user: Any, mentee: Mentee, *args: Any, **kwargs: Any) -> LetterForm:
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    appointments = (
        appointments_for(user)
        .filter(mentee=mentee)
        .filter(Q(starts_at__gte=since) | Q(status=AppointmentStatus.PLANNED))
        .exclude(status=AppointmentStatus.CANCELLED)
        .order_by("starts_at")
    )
    employers = (
        employers_for(user)
        .filter(project_id=mentee.project_id)
        .filter(linked_to(mentee))
        .order_by("name")
    )
    return LetterForm(
        *args, mentee=mentee, appointments=appointments, employers=employers, **kwargs
    )


def linked_to(mentee: Mentee) -> Q:
    """Employers the mentee has to do with: applied to (a vacancy of theirs), placed with, or
    named in a service. A confirmation goes to one of them; the project's whole list (176
    employers in a demo project, ten times as many at ten times the data) made the mentee
    page grow with the project."""
    from lotse.employers.models import EmployerService, Vacancy
    from lotse.placements.models import Placement

    return (
        Q(pk__in=Vacancy.objects.filter(applications__mentee=mentee).values("employer_id"))
        | Q(pk__in=Placement.objects.filter(mentee=mentee).values("employer_id"))
        | Q(pk__in=EmployerService.objects.filter(mentee=mentee).values("employer_id"))
    )


def initial_for(request: HttpRequest, mentee: Mentee) -> dict[str, Any]:
    """The form's first values: the mentee's language, and a kind or appointment the link
    named (garbled parameters are ignored)."""
    initial: dict[str, Any] = {
        "language": selectors.default_language(mentee),
        "file_format": "pdf",
    }
    query = LetterChoiceQuery(request.GET)
    if query.is_valid():
        if query.cleaned_data["kind"]:
            initial["kind"] = query.cleaned_data["kind"]
        if query.cleaned_data["appointment"]:
            initial["appointment"] = query.cleaned_data["appointment"]
    return initial
