"""The report's choices: period (funding period, year, quarter or custom dates), project,
district and the breakdown of the tables. A GET form: choosing never changes anything."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project
from lotse.lib.forms import DateInput, LotseForm, LotseModelForm
from lotse.reference.models import District
from lotse.reporting.models import EsfRecord, FundingPeriod

MIN_YEAR = 2000
MAX_YEAR = 2100


class PeriodKind:
    FUNDING = "funding"
    YEAR = "year"
    QUARTER = "quarter"
    CUSTOM = "custom"
    CHOICES = [
        (FUNDING, _("funding period")),
        (YEAR, _("calendar year")),
        (QUARTER, _("quarter")),
        (CUSTOM, _("custom dates")),
    ]


class Breakdown:
    PROJECT = "project"
    DISTRICT = "district"
    CHOICES = [(PROJECT, _("by project")), (DISTRICT, _("by district"))]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str
    funding_period: FundingPeriod | None = None


class ReportForm(LotseForm):
    kind = forms.ChoiceField(label=_("Kind of period"), choices=PeriodKind.CHOICES)
    funding_period = forms.ModelChoiceField(
        label=_("Funding period"), queryset=FundingPeriod.objects.none(), required=False
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "–"), (1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))],
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("All my projects"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("All districts"),
    )
    breakdown = forms.ChoiceField(
        label=_("Tables"), choices=Breakdown.CHOICES, required=False, initial=Breakdown.PROJECT
    )

    def __init__(
        self,
        *args,  # noqa: ANN002
        projects: list[Project],
        districts: list[District],
        periods: list[FundingPeriod],
        all_projects: bool = False,
        **kwargs,  # noqa: ANN003
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funding_period"].queryset = FundingPeriod.objects.filter(
            pk__in=[p.pk for p in periods]
        ).order_by("start")
        self.fields["project"].queryset = Project.objects.filter(
            pk__in=[p.pk for p in projects]
        ).order_by("name")
        if all_projects:
            self.fields["project"].empty_label = _("All projects")
        self.fields["district"].queryset = District.objects.filter(
            pk__in=[d.pk for d in districts]
        ).order_by("name")

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind == PeriodKind.FUNDING and not data.get("funding_period"):
            self.add_error("funding_period", _("Please choose a funding period."))
        if kind in (PeriodKind.YEAR, PeriodKind.QUARTER) and not data.get("year"):
            if "year" not in self.errors:
                self.add_error("year", _("Please enter a year, for example 2024."))
        if kind == PeriodKind.QUARTER and not data.get("quarter"):
            self.add_error("quarter", _("Please choose a quarter."))
        if kind == PeriodKind.CUSTOM:
            if not data.get("start") and "start" not in self.errors:
                self.add_error("start", _("Please enter the first day of the period."))
            if not data.get("end") and "end" not in self.errors:
                self.add_error("end", _("Please enter the last day of the period."))
            if data.get("start") and data.get("end") and data["end"] < data["start"]:
                self.add_error("end", _("The last day must not be before the first day."))
        return data

    def period(self) -> Period:
        """The chosen period; only after ``is_valid()``."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == PeriodKind.FUNDING:
            fp = data["funding_period"]
            return Period(fp.start, fp.end, _label(fp.name, fp.start, fp.end), fp)
        if kind == PeriodKind.YEAR:
            year = data["year"]
            return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))
        if kind == PeriodKind.QUARTER:
            year, quarter = data["year"], data["quarter"]
            start = datetime.date(year, 3 * quarter - 2, 1)
            end = (
                datetime.date(year, 12, 31)
                if quarter == 4
                else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
            )
            return Period(
                start, end, _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
            )
        start, end = data["start"], data["end"]
        return Period(start, end, _label("", start, end))


def _label(name: str, start: datetime.date, end: datetime.date) -> str:
    dates = _("%(start)s to %(end)s") % {
        "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(end, "SHORT_DATE_FORMAT"),
    }
    return f"{name} ({dates})" if name else dates


class EsfRecordForm(LotseModelForm):
    class Meta:
        model = EsfRecord
        fields = [
            "labour_status",
            "disability",
            "foreign_background",
            "minority",
            "homeless",
            "rural",
            "entry_asked_on",
            "immediate_result",
            "exit_asked_on",
            "employed_after_six_months",
            "better_situation_after_six_months",
            "six_months_asked_on",
        ]
        widgets = {
            "entry_asked_on": DateInput(),
            "exit_asked_on": DateInput(),
            "six_months_asked_on": DateInput(),
        }
        help_texts = {
            "disability": _(
                "A special category of personal data: ask, and record the answer "
                "'keine Angabe' if the person does not want to say."
            ),
            "minority": _(
                "A special category of personal data: ask, and record the answer "
                "'keine Angabe' if the person does not want to say."
            ),
        }
