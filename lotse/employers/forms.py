"""Forms for employers, contact persons, services and vacancies, and the list filters."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.cases.picker import MenteePickerField
from lotse.employers.models import (
    Employer,
    EmployerContact,
    EmployerService,
    ServiceTarget,
    SizeClass,
    Vacancy,
    VacancyKind,
    VacancySource,
    VacancyStatus,
)
from lotse.employers.selectors import sector_divisions, sector_sections
from lotse.lib.forms import DateInput, LotseForm, LotseModelForm
from lotse.reference.fields import OccupationField
from lotse.reference.models import Postcode, RequirementLevel

POSTCODE_RE = re.compile(r"^\d{5}$")


def _clean_postcode(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if not POSTCODE_RE.match(value):
        raise forms.ValidationError(_("Enter a German postcode of five digits."))
    if not Postcode.objects.filter(code=value).exists():
        raise forms.ValidationError(_("No place with this postcode is known."))
    return value


class SectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: object) -> str:
        return str(obj)


class EmployerForm(LotseModelForm):
    website = forms.URLField(
        label=_("website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For example https://www.example.de"),
    )

    class Meta:
        model = Employer
        fields = ["name", "sector", "size_class", "street", "postcode", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "sector": _("The division of the German classification of economic activities."),
            "size_class": _("Employees in the whole company; up to 249 counts as an SME."),
            "postcode": _("The place, district and map position follow from the postcode."),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sector_divisions().order_by("code")
        self.fields["sector"].empty_label = _("not known yet")
        self.fields["size_class"].choices = [("", _("not known yet")), *SizeClass.choices]
        self.fields["postcode"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code", "pattern": r"\d{5}"}
        )
        self.fields["name"].widget.attrs["autocomplete"] = "organization"
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data.get("postcode", ""))

    def clean_website(self) -> str:
        return (self.cleaned_data.get("website") or "").strip()


class ContactForm(LotseModelForm):
    class Meta:
        model = EmployerContact
        fields = ["name", "role", "phone", "email", "consent_given_on"]
        widgets = {"consent_given_on": DateInput()}
        help_texts = {
            "role": _("For example: head of human resources, owner, training officer."),
            "consent_given_on": _(
                "The day the person agreed that their contact data may be stored. Without "
                "consent, do not store the contact."
            ),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_given_on"].error_messages["required"] = _(
            "Enter the date on which the person agreed that their data may be stored."
        )
        self.fields["phone"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_consent_given_on(self) -> object:
        value = self.cleaned_data.get("consent_given_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of consent cannot be in the future."))
        return value


class ServiceForm(LotseModelForm):
    """A service to the employer; the mentee it was aimed at is found by name (the picker of
    ``lotse.cases.picker``: ``mentees`` to choose from, ``search_url`` for htmx)."""

    mentee = MenteePickerField(
        required=False,
        label=_("mentee"),
        help_text=_(
            "Only when the service was aimed at a specific mentee: type the name (or a "
            "reference number) and choose."
        ),
    )

    class Meta:
        model = EmployerService
        fields = ["date", "kind", "duration_minutes", "target", "mentee", "notes"]
        widgets = {
            "date": DateInput(),
            "target": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args: object, mentees: object = None, search_url: str = "", **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees
        self.fields["mentee"].widget.search_url = search_url
        self.fields["duration_minutes"].widget.attrs.update({"min": 1, "max": 1440})
        if not self.is_bound and not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()

    def clean_date(self) -> object:
        value = self.cleaned_data.get("date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("A service cannot be logged for a future date."))
        return value

    def clean_duration_minutes(self) -> int | None:
        value = self.cleaned_data.get("duration_minutes")
        if value is not None and not 1 <= value <= 1440:
            raise forms.ValidationError(_("Enter a duration between 1 and 1440 minutes."))
        return value

    def clean(self) -> dict:
        data = super().clean()
        target, mentee = data.get("target"), data.get("mentee")
        if target == ServiceTarget.MENTEE and mentee is None and "mentee" not in self.errors:
            self.add_error("mentee", _("Choose the mentee this service was aimed at."))
        if target == ServiceTarget.COMPANY and mentee is not None:
            self.add_error(
                "target",
                _("You chose a mentee: mark the service as aimed at a specific mentee."),
            )
        return data


class VacancyForm(LotseModelForm):
    occupation = OccupationField(label=_("occupation (KldB 2010)"))
    requirement_level = forms.TypedChoiceField(
        label=_("requirement level"),
        choices=[("", _("as the occupation (5th KldB digit)")), *RequirementLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Leave as the occupation unless the position clearly asks for more or less."),
    )

    class Meta:
        model = Vacancy
        fields = [
            "kind",
            "title",
            "occupation",
            "requirement_level",
            "workplace_postcode",
            "german_level",
            "hours_per_week",
            "shift_work",
            "start_date",
            "closing_date",
            "driving_licence_required",
            "source",
            "ba_refnr",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "closing_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "workplace_postcode": _("Leave empty when the workplace is at the employer's address."),
            "closing_date": _("The last day to apply."),
            "ba_refnr": _("Only for vacancies from the BA job board."),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["german_level"].choices = [("", _("none required"))] + [
            choice for choice in self.fields["german_level"].choices if choice[0]
        ]
        self.fields["workplace_postcode"].widget.attrs.update(
            {"inputmode": "numeric", "pattern": r"\d{5}"}
        )
        self.fields["hours_per_week"].widget.attrs.update({"min": 1, "max": 60})
        if self.instance.pk and not self.is_bound:
            self.initial["requirement_level"] = (
                self.instance.requirement_level
                if self.instance.requirement_level_overridden
                else None
            )

    fieldsets = [
        (
            _("Position"),
            ["kind", "title", "occupation", "requirement_level", "german_level", "hours_per_week"],
        ),
        (_("Conditions"), ["shift_work", "driving_licence_required"]),
        (_("Where and when"), ["workplace_postcode", "start_date", "closing_date"]),
        (_("Source and description"), ["source", "ba_refnr", "description"]),
    ]

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in their fieldsets, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def clean_workplace_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data.get("workplace_postcode", ""))

    def clean_hours_per_week(self) -> int | None:
        value = self.cleaned_data.get("hours_per_week")
        if value is not None and not 1 <= value <= 60:
            raise forms.ValidationError(_("Enter between 1 and 60 hours per week."))
        return value

    def clean(self) -> dict:
        data = super().clean()
        source, refnr = data.get("source"), (data.get("ba_refnr") or "").strip()
        data["ba_refnr"] = refnr
        if source == VacancySource.BA and not refnr and "ba_refnr" not in self.errors:
            self.add_error(
                "ba_refnr", _("Enter the reference number of the vacancy on the BA job board.")
            )
        if source == VacancySource.OWN and refnr:
            self.add_error(
                "source", _("A vacancy with a BA reference number comes from the BA job board.")
            )
        if refnr:
            clash = Vacancy.objects.filter(ba_refnr=refnr)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if self.instance.origin_id:  # taken over from the BA job board: its own number
                clash = clash.exclude(pk=self.instance.origin_id).exclude(
                    origin_id=self.instance.origin_id
                )
            if clash.exists():
                self.add_error(
                    "ba_refnr",
                    _("A vacancy with this BA reference number has already been recorded."),
                )
        closing = data.get("closing_date")
        if (
            self.instance.pk is None
            and closing
            and closing < timezone.localdate()
            and "closing_date" not in self.errors
        ):
            self.add_error("closing_date", _("The closing date of a new vacancy has passed."))
        return data

    def _get_validation_exclusions(self) -> set[str]:
        # An empty requirement level means "as the occupation": the service fills it in.
        return {*super()._get_validation_exclusions(), "requirement_level"}


class VacancyCloseForm(LotseForm):
    status = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (VacancyStatus.FILLED, _("filled")),
            (VacancyStatus.CLOSED, _("closed without being filled")),
        ],
        widget=forms.RadioSelect,
        initial=VacancyStatus.FILLED,
    )
    reason = forms.CharField(
        label=_("note"),
        max_length=500,
        required=False,
        help_text=_("For example: filled by a mentee, withdrawn by the employer."),
    )


class VacancyReopenForm(LotseForm):
    reason = forms.CharField(label=_("note"), max_length=500, required=False)


LOOKED_AFTER_CHOICES = [
    ("", _("either")),
    ("yes", _("yes")),
    ("no", _("no")),
]


class EmployerFilterForm(LotseForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("district"),
        queryset=None,
        required=False,
        empty_label=_("all"),
        to_field_name="ags",
    )
    section = SectorChoiceField(
        label=_("sector"), queryset=None, required=False, empty_label=_("all")
    )
    size_class = forms.ChoiceField(
        label=_("size"), required=False, choices=[("", _("all")), *SizeClass.choices]
    )
    looked_after = forms.ChoiceField(
        label=_("looked after this year"), required=False, choices=LOOKED_AFTER_CHOICES
    )

    def __init__(self, *args: object, districts: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["section"].queryset = sector_sections()


ALL_STATUSES = "all"


class VacancyFilterForm(LotseForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("all")), *VacancyKind.choices]
    )
    district = forms.ModelChoiceField(
        label=_("district"),
        queryset=None,
        required=False,
        empty_label=_("all"),
        to_field_name="ags",
    )
    occupation_area = forms.ChoiceField(label=_("occupation area"), required=False)
    # Without a status in the query the list shows the open vacancies; "all" is a choice of its
    # own so that it survives in the page links.
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[(ALL_STATUSES, _("all")), *VacancyStatus.choices],
    )

    def __init__(
        self, data: object = None, *, districts: object, areas: list[tuple[str, str]]
    ) -> None:
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = VacancyStatus.OPEN
        super().__init__(data)
        self.fields["district"].queryset = districts
        self.fields["occupation_area"].choices = [("", _("all")), *areas]

    def clean_status(self) -> str:
        status = self.cleaned_data.get("status")
        return "" if status == ALL_STATUSES else status
