"""Forms for proposals, stage moves, placements, the adequacy override and follow-ups.

Forms check what a user can type wrong; the rules that protect the data (allowed moves, dates,
reasons) live in the services, whose ``ValidationError`` the views put back on these forms with
``form.add_error(None, error)`` so each message lands at its field.
"""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.lib.forms import DateInput, LotseForm, LotseModelForm
from lotse.placements.adequacy import PlacementType
from lotse.placements.models import Application, Placement, StillEmployed
from lotse.placements.stages import BOARD_STAGES, Stage, allowed_next
from lotse.reference.models import Occupation


def _today() -> datetime.date:
    return timezone.localdate()


def occupation_field(**kwargs: Any) -> forms.Field:
    """The occupation picker of ``reference`` where it exists, else a choice of the five-digit
    KldB occupations."""
    try:
        from lotse.reference.fields import OccupationField
    except ImportError:
        OccupationField = None
    if OccupationField is not None:
        return OccupationField(**kwargs)
    field = forms.ModelChoiceField(
        queryset=Occupation.objects.filter(level=5).order_by("code"), **kwargs
    )
    field.error_messages["invalid_choice"] = _(
        "Choose an occupation from the list (five-digit KldB code)."
    )
    return field


class ProposeForm(LotseForm):
    """Propose a mentee for a vacancy; one of the two is fixed by the page it comes from."""

    mentee = forms.ModelChoiceField(
        label=_("Mentee"), queryset=None, to_field_name="public_id", empty_label=_("Choose …")
    )
    vacancy = forms.ModelChoiceField(
        label=_("Vacancy"), queryset=None, to_field_name="public_id", empty_label=_("Choose …")
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this mentee fits, agreements with the employer. No health data."),
    )

    def __init__(self, *args: Any, mentees: QuerySet, vacancies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees
        self.fields["vacancy"].queryset = vacancies
        self.fields["mentee"].error_messages["invalid_choice"] = _(
            "Choose one of your mentees who are still in the programme."
        )
        self.fields["vacancy"].error_messages["invalid_choice"] = _(
            "Choose an open vacancy of your project's employers."
        )
        self.fields["mentee"].error_messages["required"] = _("Please choose the mentee.")
        self.fields["vacancy"].error_messages["required"] = _("Please choose the vacancy.")


class StageField(forms.ChoiceField):
    """Offers the allowed next stages but accepts every known stage, so that a forbidden move
    (a stale form, a crafted request) gets the service's explaining message at the field."""

    def valid_value(self, value: str) -> bool:
        return value in Stage.values


class MoveForm(LotseForm):
    """Move an application to one of its allowed next stages."""

    date_windows = {
        "on_date": "placements.ApplicationStageChange.on_date",
        "planned_start": "placements.Application.planned_start",
    }

    to_stage = StageField(label=_("New stage"))
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the application ends (rejected, declined, withdrawn)."),
    )
    planned_start = forms.DateField(
        label=_("Planned start"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Only used when the contract is signed: the agreed first working day. "
            "You get a task on that day to record the start."
        ),
    )
    placement_type = forms.ChoiceField(
        label=_("Type of placement"),
        required=False,
        choices=[
            ("", _("as the vacancy (job, apprenticeship, EQ, mini-job)")),
            *PlacementType.choices,
        ],
        help_text=_("Only used when the mentee has started."),
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("Only used when the mentee has started; empty means as the vacancy."),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on_date", _today())
        super().__init__(*args, **kwargs)
        self.application = application
        allowed = allowed_next(application.stage)
        self.fields["to_stage"].choices = [("", _("Choose …"))] + [
            (s.value, s.label) for s in allowed
        ]
        self.fields["to_stage"].error_messages["required"] = _("Please choose the new stage.")
        self.fields["on_date"].error_messages["required"] = _("Please enter the date of this step.")
        self.shows_placement_fields = Stage.STARTED in allowed
        self.shows_planned_start = Stage.CONTRACT in allowed


class ReopenForm(LotseForm):
    date_windows = {"on_date": "placements.ApplicationStageChange.on_date"}
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on_date", _today())
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Please give the reason for reopening the application."
        )


class PlacementForm(LotseModelForm):
    """Record a placement directly (found alone) or correct one."""

    class Meta:
        model = Placement
        fields = ["placement_type", "employer", "occupation", "start_date", "hours_per_week"]
        widgets = {"start_date": DateInput()}
        help_texts = {
            "employer": _("Leave empty only for self-employment."),
            "hours_per_week": _("Contractual hours, 1 to 60."),
        }

    def __init__(self, *args: Any, employers: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["employer"].error_messages["invalid_choice"] = _(
            "Choose an employer of your project."
        )
        self.fields["occupation"] = occupation_field(
            label=_("Occupation (KldB 2010)"),
            initial=self.instance.occupation_id if self.instance.pk else None,
        )
        self.fields["start_date"].error_messages["required"] = _("Please enter the start date.")
        self.fields["placement_type"].error_messages["required"] = _(
            "Please choose the type of placement."
        )


ADEQUACY_CHOICES = [
    ("computed", _("as computed")),
    ("yes", _("adequate")),
    ("no", _("not adequate")),
]


class OverrideForm(LotseForm):
    adequate = forms.ChoiceField(
        label=_("Your judgement"), choices=ADEQUACY_CHOICES, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you set your own judgement."),
    )

    def adequate_value(self) -> bool | None:
        return {"computed": None, "yes": True, "no": False}[self.cleaned_data["adequate"]]

    @staticmethod
    def initial_for(placement: Placement) -> dict[str, Any]:
        value = {None: "computed", True: "yes", False: "no"}[placement.adequacy_override]
        return {"adequate": value, "reason": placement.adequacy_override_reason}


class EndForm(LotseForm):
    date_windows = {"end_date": "placements.Placement.end_date"}
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    end_reason = forms.CharField(label=_("Reason for the end"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No date prefilled: ending a placement is entered on purpose, never by a stray click.
        super().__init__(*args, **kwargs)
        self.fields["end_date"].error_messages["required"] = _("Please enter the end date.")
        self.fields["end_reason"].error_messages["required"] = _(
            "Please give the reason why the placement ended."
        )


class FollowUpForm(LotseForm):
    date_windows = {"answered_on": "placements.FollowUp.answered_on"}
    answered_on = forms.DateField(label=_("Date of the answer"), widget=DateInput())
    still_employed = forms.ChoiceField(
        label=_("Is the person still employed there?"),
        choices=StillEmployed.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("answered_on", _today())
        super().__init__(*args, **kwargs)
        self.fields["still_employed"].error_messages["required"] = _("Please choose an answer.")
        self.fields["answered_on"].error_messages["required"] = _(
            "Please enter the date of the answer."
        )


class PlacementFilterForm(LotseForm):
    """Filters of the placement list (GET)."""

    placement_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("all")), *PlacementType.choices]
    )
    adequacy = forms.ChoiceField(
        label=_("Qualification adequacy"),
        required=False,
        choices=[
            ("", _("all")),
            ("yes", _("adequate")),
            ("no", _("not adequate")),
            ("open", _("cannot be computed")),
            ("not_judged", _("not judged")),
        ],
    )
    running = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), ("running", _("running")), ("ended", _("ended"))],
    )
    year = forms.IntegerField(
        label=_("Year of the start"), required=False, min_value=2000, max_value=2100
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor"),
        required=False,
        queryset=None,
        to_field_name="public_id",
        empty_label=_("all"),
    )

    def __init__(self, *args: Any, mentors: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["year"].error_messages["min_value"] = _("Please enter a year such as 2025.")
        self.fields["year"].error_messages["max_value"] = _("Please enter a year such as 2025.")
        self.fields["year"].error_messages["invalid"] = _("Please enter a year such as 2025.")


class BoardFilterForm(LotseForm):
    """Whose applications the board shows (GET): a mentor of the user's projects or "all"."""

    mentor = forms.ChoiceField(label=_("Mentees of"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, mentors: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", ""), *((s.value, s.label) for s in BOARD_STAGES)]
        self.fields["mentor"].choices = [
            ("", ""),
            *((str(m.public_id), str(m)) for m in mentors),
            ("all", _("all mentors of my projects")),
        ]
        self.fields["mentor"].error_messages["invalid_choice"] = _(
            "This mentor is not in your projects; the board shows your own mentees' applications."
        )

    def chosen(self) -> str:
        """The valid choice ("" when none or an invalid one was given)."""
        self.is_valid()
        return "" if "mentor" in self.errors else self.cleaned_data.get("mentor", "")

    def chosen_stage(self) -> Stage | None:
        """The one column to show, page by page (None: the whole board)."""
        self.is_valid()
        value = "" if "stage" in self.errors else self.cleaned_data.get("stage", "")
        return Stage(value) if value else None
