"""Forms of the case file. Every check says at the field what is wrong, in German and English."""

import datetime
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import mentors_for, projects_for
from lotse.cases.models import (
    Consent,
    ExitReason,
    ExternalReference,
    Goal,
    LanguageSkill,
    Mentee,
    MenteeStatus,
    Qualification,
    ResidenceStatus,
    TargetOccupation,
    WorkExperience,
)
from lotse.cases.selectors import SORT_LABELS, mentees_for
from lotse.cases.services import MENTEE_FIELDS, place_for_postcode
from lotse.lib.forms import DateInput, LotseForm, LotseModelForm
from lotse.reference.fields import LanguageField, OccupationField
from lotse.reference.models import District, ResidenceTitle
from lotse.reference.selectors import residence_titles_in_force

FREE_TEXT_WARNING = _(
    "Please do not write down reasons for seeking asylum or information about health here."
)

MIN_AGE, MAX_AGE = 15, 70


def _today() -> datetime.date:
    return timezone.localdate()


def _not_in_future(value: datetime.date | None, message: str) -> None:
    if value and value > _today():
        raise forms.ValidationError(message)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


postcode_validator = RegexValidator(
    r"^\d{5}$", _("A German postcode has exactly five digits, for example 09111.")
)


class MenteeForm(LotseModelForm):
    """The mentee's own data, in fieldsets."""

    fieldsets = [
        (_("Identity and contact"), ["first_name", "last_name", "birth_date", "gender"]),
        (_("Contact"), ["phone", "email", "street", "postcode"]),
        (_("Origin"), ["nationality", "country_of_origin", "arrival_date"]),
        (_("Education and goal"), ["school_years", "isced_level", "goal"]),
        (
            _("Mobility and availability"),
            [
                "driving_licence",
                "has_car",
                "commute_limit_km",
                "available_from",
                "hours_per_week",
                "childcare_constraint",
            ],
        ),
        (_("Referral and notes"), ["referrer", "referrer_note", "notes"]),
    ]
    free_text_fields = {"notes", "childcare_constraint", "referrer_note"}

    class Meta:
        model = Mentee
        fields = MENTEE_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "arrival_date": DateInput(),
            "available_from": DateInput(),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(postcode_validator)
        self.fields["hours_per_week"].validators.append(MaxValueValidator(60))
        self.fields["hours_per_week"].widget.attrs.update({"min": 0, "max": 60})
        self.fields["commute_limit_km"].validators.append(MaxValueValidator(300))
        self.fields["commute_limit_km"].widget.attrs.update({"min": 0, "max": 300})
        self.fields["school_years"].validators.append(MaxValueValidator(30))
        for name in self.free_text_fields:
            if name in self.fields:
                self.fields[name].help_text = FREE_TEXT_WARNING

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def clean_birth_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("birth_date")
        if value is None:
            return value
        today = _today()
        if value > today:
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value > _years_before(today, MIN_AGE) or value < _years_before(today, MAX_AGE + 1):
            raise forms.ValidationError(
                _(
                    "Please check the date of birth: the mentee would be %(age)s years old; "
                    "the programme is for people aged %(min)s to %(max)s."
                ),
                params={
                    "age": today.year
                    - value.year
                    - ((today.month, today.day) < (value.month, value.day)),
                    "min": MIN_AGE,
                    "max": MAX_AGE,
                },
            )
        return value

    def clean_arrival_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("arrival_date")
        _not_in_future(value, _("The arrival date cannot be in the future."))
        return value

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        if value and place_for_postcode(value) is None:
            raise forms.ValidationError(
                _("The postcode %(code)s is not in the reference data. Please check it."),
                params={"code": value},
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        birth, arrival = data.get("birth_date"), data.get("arrival_date")
        if birth and arrival and arrival < birth:
            self.add_error(
                "arrival_date", _("The arrival date cannot be before the date of birth.")
            )
        return data


class MenteeCreateForm(MenteeForm):
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())
    mentor = forms.ModelChoiceField(label=_("mentor"), queryset=User.objects.none(), required=False)
    entry_date = forms.DateField(label=_("entry date"), widget=DateInput())
    create_anyway = forms.BooleanField(
        label=_("This is a different person: create the case file anyway."), required=False
    )

    fieldsets = [(_("Project"), ["project", "mentor", "entry_date"]), *MenteeForm.fieldsets]
    date_windows = {"entry_date": "cases.Participation.entry_date"}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_for(user)
        self.fields["mentor"].queryset = mentors_for(user)
        projects = list(self.fields["project"].queryset)
        if len(projects) == 1:
            self.fields["project"].initial = projects[0].pk
        if user in self.fields["mentor"].queryset:
            self.fields["mentor"].initial = user.pk
        self.fields["entry_date"].initial = _today()

    def clean_entry_date(self) -> datetime.date:
        value = self.cleaned_data["entry_date"]
        if value > _today() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("The entry date is too far in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        project, mentor = data.get("project"), data.get("mentor")
        if project and mentor and not mentor.memberships.filter(project=project).exists():
            self.add_error(
                "mentor",
                _("%(name)s is not a member of the project %(project)s.")
                % {"name": mentor, "project": project},
            )
        return data


class MenteeEditForm(MenteeForm):
    #: Checked by the service (``mentee_update``): missing or garbled is refused as stale.
    version = forms.CharField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class ExitForm(LotseForm):
    date_windows = {"exit_date": "cases.Participation.exit_date"}
    exit_date = forms.DateField(label=_("exit date"), widget=DateInput())
    exit_reason = forms.ChoiceField(label=_("exit reason"), choices=ExitReason.choices)

    def clean_exit_date(self) -> datetime.date:
        value = self.cleaned_data["exit_date"]
        _not_in_future(value, _("The exit date cannot be in the future."))
        return value


class ReenterForm(LotseForm):
    date_windows = {"entry_date": "cases.Participation.entry_date"}
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())
    mentor = forms.ModelChoiceField(label=_("mentor"), queryset=User.objects.none(), required=False)
    entry_date = forms.DateField(label=_("entry date"), widget=DateInput())

    def __init__(self, *args: Any, user: User, mentee: Mentee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_for(user)
        self.fields["project"].initial = mentee.project_id
        self.fields["mentor"].queryset = mentors_for(user)
        self.fields["mentor"].initial = mentee.mentor_id
        self.fields["entry_date"].initial = _today()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        project, mentor = data.get("project"), data.get("mentor")
        if project and mentor and not mentor.memberships.filter(project=project).exists():
            self.add_error(
                "mentor",
                _("%(name)s is not a member of the project %(project)s.")
                % {"name": mentor, "project": project},
            )
        return data


class AssignMentorForm(LotseForm):
    mentor = forms.ModelChoiceField(label=_("mentor"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, mentee: Mentee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = User.objects.filter(
            memberships__project_id=mentee.project_id, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["mentor"].initial = mentee.mentor_id


class MenteeFilterForm(LotseForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name or reference number of Jobcenter, Agentur or immigration office"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        initial="current",
        choices=[
            ("current", _("current caseload (active and placed)")),
            ("all", _("all, including exited")),
            *MenteeStatus.choices,
        ],
    )
    mentor = forms.ModelChoiceField(
        label=_("mentor"),
        required=False,
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=_("all"),
    )
    district = forms.ModelChoiceField(
        label=_("district"), required=False, queryset=District.objects.none(), empty_label=_("all")
    )
    goal = forms.ChoiceField(
        label=_("goal"), required=False, choices=[("", _("all")), *Goal.choices]
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors_for(user)
        # The districts the user's projects cover and those their mentees live in.
        self.fields["district"].queryset = District.objects.filter(
            Q(projects__in=projects_for(user)) | Q(pk__in=mentees_for(user).values("district_id"))
        ).distinct()


# --- Profile records ---------------------------------------------------------------------------


class RecordForm(LotseModelForm):
    """A profile record of ``mentee``; ``free_text_fields`` get the data-protection warning."""

    free_text_fields: set[str] = set()

    def __init__(self, *args: Any, mentee: Mentee, **kwargs: Any) -> None:
        self.mentee = mentee
        super().__init__(*args, **kwargs)
        for name in self.free_text_fields:
            self.fields[name].help_text = FREE_TEXT_WARNING

    def _siblings(self, model: type) -> Any:
        qs = model.objects.filter(mentee=self.mentee)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        return qs


class LanguageSkillForm(RecordForm):
    class Meta:
        model = LanguageSkill
        fields = ["language", "level", "certificate", "certificate_date"]
        widgets = {"certificate_date": DateInput()}
        field_classes = {"language": LanguageField}

    def clean_language(self) -> Any:
        language = self.cleaned_data["language"]
        if self._siblings(LanguageSkill).filter(language=language).exists():
            raise forms.ValidationError(
                _("%(language)s is already recorded for this mentee; please edit that entry."),
                params={"language": language},
            )
        return language

    def clean_certificate_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("certificate_date")
        _not_in_future(value, _("The certificate date cannot be in the future."))
        return value


class QualificationForm(RecordForm):
    free_text_fields = {"gaps"}

    class Meta:
        model = Qualification
        fields = [
            "title",
            "kind",
            "country",
            "isced_level",
            "year",
            "reference_occupation",
            "regulated",
            "competent_body",
            "recognition_result",
            "application_date",
            "decision_date",
            "gaps",
            "bridging_measure",
            "bridging_from",
            "bridging_until",
        ]
        widgets = {
            "application_date": DateInput(),
            "decision_date": DateInput(),
            "bridging_from": DateInput(),
            "bridging_until": DateInput(),
            "gaps": forms.Textarea(attrs={"rows": 3}),
        }

    fieldsets = [
        (_("Qualification"), ["title", "kind", "country", "isced_level", "year"]),
        (
            _("Recognition"),
            [
                "reference_occupation",
                "regulated",
                "competent_body",
                "recognition_result",
                "application_date",
                "decision_date",
                "gaps",
            ],
        ),
        (_("Bridging measure"), ["bridging_measure", "bridging_from", "bridging_until"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference_occupation"] = OccupationField(
            label=_("German reference occupation (KldB)"),
            required=False,
            initial=self.instance.reference_occupation_id,
        )

    def clean_year(self) -> int | None:
        value = self.cleaned_data.get("year")
        if value is not None and not 1940 <= value <= _today().year:
            raise forms.ValidationError(
                _("Please enter a year between 1940 and %(year)s."), params={"year": _today().year}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        applied, decided = data.get("application_date"), data.get("decision_date")
        if applied and decided and decided < applied:
            self.add_error("decision_date", _("The decision cannot be before the application."))
        for name in ("application_date", "decision_date"):
            if data.get(name) and data[name] > _today():
                self.add_error(name, _("This date cannot be in the future."))
        start, end = data.get("bridging_from"), data.get("bridging_until")
        if start and end and end < start:
            self.add_error("bridging_until", _("The end cannot be before the start."))
        return data


class WorkExperienceForm(RecordForm):
    class Meta:
        model = WorkExperience
        fields = [
            "occupation",
            "description",
            "employer",
            "country",
            "started_on",
            "ended_on",
            "years",
        ]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupation"] = OccupationField(
            label=_("occupation (KldB)"), initial=self.instance.occupation_id
        )
        self.fields["years"].validators.append(MaxValueValidator(60))
        self.fields["years"].min_value = 0
        self.fields["years"].widget.attrs.update({"min": 0, "max": 60, "step": "0.5"})

    def clean_years(self) -> Any:
        value = self.cleaned_data.get("years")
        if value is not None and value < 0:
            raise forms.ValidationError(_("The number of years cannot be negative."))
        return value


class TargetOccupationForm(RecordForm):
    class Meta:
        model = TargetOccupation
        fields = ["occupation", "priority"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupation"] = OccupationField(
            label=_("occupation (KldB)"), initial=self.instance.occupation_id
        )
        self.fields["priority"].validators.append(MaxValueValidator(9))
        self.fields["priority"].widget.attrs.update({"min": 1, "max": 9})

    def clean_occupation(self) -> Any:
        occupation = self.cleaned_data["occupation"]
        if self._siblings(TargetOccupation).filter(occupation=occupation).exists():
            raise forms.ValidationError(_("This occupation is already a target occupation."))
        return occupation

    def clean_priority(self) -> int:
        value = self.cleaned_data["priority"]
        if value < 1:
            raise forms.ValidationError(_("The priority starts at 1 (most wanted)."))
        return value


class ResidenceStatusForm(RecordForm):
    class Meta:
        model = ResidenceStatus
        fields = [
            "title",
            "valid_from",
            "valid_until",
            "work_note",
            "asylum_application_date",
            "duldung_start",
            "reception_centre_obligation",
            "identity_clarified",
            "hours_per_week_allowed",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "asylum_application_date": DateInput(),
            "duldung_start": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The rules in force today, and the one already chosen (perhaps an older version).
        self.fields["title"].queryset = (
            residence_titles_in_force()
            | ResidenceTitle.objects.filter(pk=self.instance.title_id or 0)
        ).order_by("name")
        self.fields["hours_per_week_allowed"].validators.append(MaxValueValidator(60))
        self.fields["work_note"].help_text = _(
            "The exact wording of the note in the document, e.g. “Beschäftigung gestattet”."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("“Valid until” cannot be before “valid from”."))
        for name in ("asylum_application_date", "duldung_start"):
            if data.get(name) and data[name] > _today():
                self.add_error(name, _("This date cannot be in the future."))
        return data


class ExternalReferenceForm(RecordForm):
    class Meta:
        model = ExternalReference
        fields = ["agency", "reference", "contact_person"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        agency, reference = data.get("agency"), (data.get("reference") or "").strip()
        if agency and reference:
            duplicate = self._siblings(ExternalReference).filter(
                agency=agency, reference__iexact=reference
            )
            if duplicate.exists():
                self.add_error("reference", _("This reference number is already recorded."))
        return data


class ConsentForm(RecordForm):
    """A consent as agreed: the versioned text (``privacy.ConsentText``: purpose, version and
    language), when and how it was given."""

    class Meta:
        model = Consent
        fields = ["consent_text", "given_on", "method"]
        widgets = {"given_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from lotse.privacy.selectors import consent_texts

        super().__init__(*args, **kwargs)
        field = self.fields["consent_text"]
        field.required = True
        field.queryset = consent_texts()
        field.to_field_name = "public_id"
        field.label = _("Consent text agreed to")
        field.help_text = _(
            "Purpose, version and language of the text the mentee read and signed. "
            "Administrators add new versions and translations."
        )

    def clean_given_on(self) -> datetime.date:
        value = self.cleaned_data["given_on"]
        _not_in_future(value, _("The date of consent cannot be in the future."))
        if self.instance.withdrawn_on and value > self.instance.withdrawn_on:
            raise forms.ValidationError(_("The consent cannot be given after its withdrawal."))
        return value


class ConsentWithdrawForm(LotseForm):
    date_windows = {"withdrawn_on": "cases.Consent.withdrawn_on"}
    withdrawn_on = forms.DateField(label=_("withdrawn on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = _today()
