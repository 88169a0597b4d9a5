"""The choices of the funder's paperwork: the month, project and person of a time sheet, and
the project and grid period of a Sachbericht. GET forms: any garbage ends as a message at its
field, never as an error page."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project, User
from lotse.lib.forms import LotseForm
from lotse.reporting.forms import PeriodKind, ReportForm
from lotse.reporting.timesheets import FIRST_YEAR

_MONTH = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})|(\d{1,2})[./](\d{4}))\s*$")


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.Field):
    """A calendar month as "2026-11" (what ``<input type="month">`` sends) or "11.2026" /
    "11/2026" (what people type where the browser shows a text field); cleaned to its first
    day. From January ``FIRST_YEAR`` to the current month."""

    widget = MonthInput

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        match = _MONTH.match(text[:20])
        if not match:
            raise forms.ValidationError(
                _("Please enter a month as MM.YYYY, for example 11.2026."), code="invalid"
            )
        year, month = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
        year, month = int(year), int(month)
        if not 1 <= month <= 12:
            raise forms.ValidationError(
                _("Please enter a month from 1 to 12, for example 11.2026."), code="invalid"
            )
        first = datetime.date(year, month, 1)
        today = timezone.localdate()
        if year < FIRST_YEAR:
            raise forms.ValidationError(
                _("Please enter a month from January %(year)s onwards.") % {"year": FIRST_YEAR},
                code="min_value",
            )
        if first > today.replace(day=1):
            raise forms.ValidationError(
                _("A time sheet can be made up to the current month (%(month)s).")
                % {"month": today.strftime("%m.%Y")},
                code="max_value",
            )
        return first

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value


class TimeSheetForm(LotseForm):
    month = MonthField(label=_("Month"))
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), to_field_name="public_id"
    )
    person = forms.ModelChoiceField(
        label=_("Employee"), queryset=User.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args, projects, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["month"].widget.attrs.update(
            min=f"{FIRST_YEAR}-01", max=timezone.localdate().strftime("%Y-%m")
        )
        self.fields["month"].help_text = _("For example 11.2026; up to the current month.")


class SachberichtForm(ReportForm):
    """A grid period (funding period, year, half-year, quarter; no custom dates) and, for a
    project lead, one of the projects they lead. The coordinator's Sachbericht covers the
    programme and has no project field."""

    def __init__(self, *args, programme: bool, **kwargs) -> None:
        super().__init__(*args, grid_only=True, **kwargs)
        del self.fields["district"]
        del self.fields["breakdown"]
        if programme:
            del self.fields["project"]
        else:
            self.fields["project"].required = True
            self.fields["project"].empty_label = None
        self.fields["kind"].choices = [c for c in PeriodKind.CHOICES if c[0] != PeriodKind.CUSTOM]
