"""The report's choices: period, project, district and the breakdown of the tables. A GET form:
choosing never changes anything, and any garbage in the query string ends as a message at its
field, never as an error page.

Coordinators choose from the fixed grid of ``published.py`` (funding period, calendar year,
half-year, quarter, within the years of the funding periods) and all projects, one project or
one district: every such report is a view of the same published cells. Mentors and leads may
also choose custom dates, up to ``MAX_CUSTOM_DAYS``."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project
from lotse.lib.forms import DateInput, LotseForm, LotseModelForm
from lotse.reference.models import District
from lotse.reporting import published
from lotse.reporting.models import EsfRecord, FundingPeriod

MIN_YEAR = 1900
MAX_YEAR = 2100
MAX_CUSTOM_YEARS = 3
MAX_CUSTOM_DAYS = 366 * MAX_CUSTOM_YEARS


class PeriodKind:
    FUNDING = "funding"
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    CUSTOM = "custom"
    CHOICES = [
        (FUNDING, _("funding period")),
        (YEAR, _("calendar year")),
        (HALF, _("half-year")),
        (QUARTER, _("quarter")),
        (CUSTOM, _("custom dates")),
    ]


class Breakdown:
    PROJECT = "project"
    DISTRICT = "district"
    CHOICES = [(PROJECT, _("by project")), (DISTRICT, _("by district"))]


#: A chosen period: a ``published.GridPeriod`` (custom dates get the kind "custom").
Period = published.GridPeriod


def funding_label(fp: FundingPeriod) -> str:
    return _label(fp.name, fp.start, fp.end)


class ReportForm(LotseForm):
    kind = forms.ChoiceField(label=_("Kind of period"), choices=PeriodKind.CHOICES)
    funding_period = forms.ModelChoiceField(
        label=_("Funding period"), queryset=FundingPeriod.objects.none(), required=False
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    half = forms.TypedChoiceField(
        label=_("Half-year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "–"),
            (1, _("first half (January to June)")),
            (2, _("second half (July to December)")),
        ],
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
        *args,
        projects: list[Project],
        districts: list[District],
        periods: list[FundingPeriod],
        all_projects: bool = False,
        grid_only: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.grid_only = grid_only
        self.grid_years = published.grid_years(periods)
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
        if grid_only:
            self.fields["kind"].choices = [
                c for c in PeriodKind.CHOICES if c[0] != PeriodKind.CUSTOM
            ]
            self.fields["year"].min_value = self.grid_years[0]
            self.fields["year"].max_value = self.grid_years[-1]
            self.fields["year"].widget.attrs.update(min=self.grid_years[0], max=self.grid_years[-1])
            self.fields["year"].help_text = _("Published years: %(first)s to %(last)s.") % {
                "first": self.grid_years[0],
                "last": self.grid_years[-1],
            }
            # The field validators were built with the old bounds.
            self.fields["year"].validators = [
                v
                for v in self.fields["year"].validators
                if not isinstance(v, MinValueValidator | MaxValueValidator)
            ] + [
                MinValueValidator(self.grid_years[0]),
                MaxValueValidator(self.grid_years[-1]),
            ]

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind == PeriodKind.FUNDING and not data.get("funding_period"):
            if "funding_period" not in self.errors:
                self.add_error("funding_period", _("Please choose a funding period."))
        if kind in (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER) and not data.get("year"):
            if "year" not in self.errors:
                self.add_error("year", _("Please enter a year, for example 2024."))
        if kind == PeriodKind.HALF and not data.get("half") and "half" not in self.errors:
            self.add_error("half", _("Please choose a half-year."))
        if kind == PeriodKind.QUARTER and not data.get("quarter") and "quarter" not in self.errors:
            self.add_error("quarter", _("Please choose a quarter."))
        if kind == PeriodKind.CUSTOM:
            self._clean_custom(data)
        if self.grid_only:
            if data.get("project") and data.get("district"):
                self.add_error(
                    "district",
                    _(
                        "Please choose either a project or a district: published figures "
                        "cover one project or one district, not both at once."
                    ),
                )
            elif data.get("project") and data.get("breakdown") == Breakdown.DISTRICT:
                self.add_error(
                    "breakdown",
                    _(
                        "Tables by district are published for all projects together. "
                        "Please choose tables by project, or all projects."
                    ),
                )
        return data

    def _clean_custom(self, data: dict) -> None:
        start, end = data.get("start"), data.get("end")
        if not start and "start" not in self.errors:
            self.add_error("start", _("Please enter the first day of the period."))
        if not end and "end" not in self.errors:
            self.add_error("end", _("Please enter the last day of the period."))
        for name, day in (("start", start), ("end", end)):
            if day and not MIN_YEAR <= day.year <= MAX_YEAR:
                self.add_error(
                    name,
                    _("Please enter a date between %(first)s and %(last)s.")
                    % {"first": MIN_YEAR, "last": MAX_YEAR},
                )
                data[name] = None
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day must not be before the first day."))
        elif start and end and (end - start).days >= MAX_CUSTOM_DAYS:
            self.add_error(
                "end",
                _("A custom period may cover at most %(years)s years.")
                % {"years": MAX_CUSTOM_YEARS},
            )

    def period(self) -> Period:
        """The chosen period; only after ``is_valid()``."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == PeriodKind.FUNDING:
            fp = data["funding_period"]
            return published.funding(fp, funding_label(fp))
        if kind == PeriodKind.YEAR:
            return published.year(data["year"])
        if kind == PeriodKind.HALF:
            return published.half(data["year"], data["half"])
        if kind == PeriodKind.QUARTER:
            return published.quarter(data["year"], data["quarter"])
        start, end = data["start"], data["end"]
        return Period(f"c{start}:{end}", PeriodKind.CUSTOM, start, end, _label("", start, end))


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
