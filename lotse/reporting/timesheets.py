"""The Stundennachweis: a monthly time sheet per mentor and project.

Staff paid from the grant keep one per month for the SAB. Lotse fills in what the case files
know: the durations of the mentor's contacts (journal entries they wrote) for the mentees of the
project, of the services to the project's employers they recorded, and of the project's group
events they were staff of (held: not cancelled, not in the future; ``GroupEvent.objects.held``,
the rule of the report's "Group events held"), per day and in total. Other work (team
meetings, travel, training) is not recorded in Lotse: the sheet leaves a column and a line to
fill in by hand.

- A contact counts for the mentee's current project, a service for the employer's project: the
  same rule as the report's figures "Hours of mentoring contacts" and "Services to employers"
  (``definitions.py``), so the sheets of a project's mentors add up to the report's hours.
- A group event counts in full for each of its staff (a job fair run by two mentors is two
  people's time), and by its ``duration_minutes``, as in the report's "Hours of group events"
  (which counts the event once).
- Appointments are plans: a meeting that took place is written down as a contact with its
  duration, so appointments are not counted again.
- Mentees appear by their case reference (initials and the first characters of the record's
  public id), never by name: the sheet goes to the funder, who needs the hours per person
  supported, not who they are.

Who sees which sheet is decided by ``sheet_scope``: every member of a project their own sheet
for that project, its project lead every member's; nobody else any (coordinators, data
protection officers and administrators get a 404).
"""

import calendar
import datetime
import io
from dataclasses import dataclass, field

import xlsxwriter
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Membership, Project, User
from lotse.accounts.selectors import lead_project_ids_for, project_ids_for
from lotse.employers.models import EmployerService
from lotse.events.models import EventKind, GroupEvent
from lotse.journal.models import JournalEntry
from lotse.lib import paper

#: The earliest month a time sheet can be asked for (Lotse holds no earlier data).
FIRST_YEAR = 2000


def sheet_projects(user: User) -> QuerySet[Project]:
    """Projects in which ``user`` may see at least one time sheet (their own or, as lead,
    their team's)."""
    return Project.objects.filter(pk__in=project_ids_for(user)).order_by("name")


def sheet_people(user: User, project: Project) -> QuerySet[User]:
    """Whose time sheets ``user`` may see in ``project``: everyone in it for its lead, else
    only themselves (if they work in it)."""
    if project.pk not in project_ids_for(user):
        return User.objects.none()
    members = User.objects.filter(memberships__project=project, is_active=True)
    if project.pk not in lead_project_ids_for(user):
        members = members.filter(pk=user.pk)
    return members.distinct().order_by("last_name", "first_name", "username")


def may_see(user: User, person: User, project: Project) -> bool:
    return sheet_people(user, project).filter(pk=person.pk).exists()


def case_reference(first_name: str, last_name: str, public_id: object) -> str:
    """A mentee as the time sheet names them: initials and six characters of the public id,
    e.g. "A. H. 3F2A9C" (initials alone would collide)."""
    initials = " ".join(f"{part[:1].upper()}." for part in (first_name, last_name) if part)
    return f"{initials} {str(public_id).replace('-', '')[:6].upper()}".strip()


@dataclass
class Day:
    date: datetime.date
    contact_minutes: int = 0
    service_minutes: int = 0
    event_minutes: int = 0

    @property
    def minutes(self) -> int:
        return self.contact_minutes + self.service_minutes + self.event_minutes

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5


@dataclass
class Line:
    """A mentee (by case reference), an employer or a kind of group event: number of entries
    and minutes."""

    label: str
    count: int
    minutes: int


@dataclass
class TimeSheet:
    person: User
    project: Project
    month: datetime.date  # the first day
    days: list[Day] = field(default_factory=list)
    mentees: list[Line] = field(default_factory=list)
    employers: list[Line] = field(default_factory=list)
    events: list[Line] = field(default_factory=list)  # by kind of event

    @property
    def last_day(self) -> datetime.date:
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])

    @property
    def contact_minutes(self) -> int:
        return sum(d.contact_minutes for d in self.days)

    @property
    def service_minutes(self) -> int:
        return sum(d.service_minutes for d in self.days)

    @property
    def event_minutes(self) -> int:
        return sum(d.event_minutes for d in self.days)

    @property
    def minutes(self) -> int:
        return self.contact_minutes + self.service_minutes + self.event_minutes

    def line_tables(self) -> list[tuple[str, str, str, list["Line"]]]:
        """The sheet's tables of hours by something (heading, its column, what is counted,
        the lines), in the order the page, the print view and the XLSX show them."""
        return [
            (
                _("Hours by mentee (case reference)"),
                _("Case reference"),
                _("Contacts"),
                self.mentees,
            ),
            (_("Hours by employer"), _("Employer"), _("Services"), self.employers),
            (_("Hours of group events by kind"), _("Kind of event"), _("Events"), self.events),
        ]

    @property
    def role(self) -> str:
        membership = Membership.objects.filter(user=self.person, project=self.project).first()
        return membership.get_role_display() if membership else ""

    @property
    def month_label(self) -> str:
        return str(formats.date_format(self.month, "YEAR_MONTH_FORMAT"))


def hours(minutes: int) -> float:
    return minutes / 60


def time_sheet(person: User, project: Project, month: datetime.date) -> TimeSheet:
    """The time sheet of ``person`` in ``project`` for the month of ``month``. The caller has
    checked ``may_see``. Five grouped queries, whatever the month holds."""
    sheet = TimeSheet(person, project, month.replace(day=1))
    first, last = sheet.month, sheet.last_day
    days = {
        first + datetime.timedelta(days=i): Day(first + datetime.timedelta(days=i))
        for i in range((last - first).days + 1)
    }
    entries = JournalEntry.objects.annotate(_day=TruncDate("occurred_at")).filter(
        author=person, mentee__project=project, _day__gte=first, _day__lte=last
    )
    for row in entries.order_by().values("_day").annotate(minutes=Sum("duration_minutes")):
        days[row["_day"]].contact_minutes += row["minutes"] or 0
    per_mentee = (
        entries.order_by()
        .values("mentee__first_name", "mentee__last_name", "mentee__public_id")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    )
    sheet.mentees = sorted(
        (
            Line(
                case_reference(
                    row["mentee__first_name"], row["mentee__last_name"], row["mentee__public_id"]
                ),
                row["n"],
                row["minutes"] or 0,
            )
            for row in per_mentee
        ),
        key=lambda line: line.label,
    )
    services = EmployerService.objects.filter(
        author=person, employer__project=project, date__gte=first, date__lte=last
    )
    for row in services.order_by().values("date").annotate(minutes=Sum("duration_minutes")):
        days[row["date"]].service_minutes += row["minutes"] or 0
    per_employer = (
        services.order_by()
        .values("employer__name", "employer__public_id")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by("employer__name", "employer__public_id")
    )
    sheet.employers = [
        Line(row["employer__name"], row["n"], row["minutes"] or 0) for row in per_employer
    ]
    events = GroupEvent.objects.held().filter(
        staff=person, project=project, date__gte=first, date__lte=last
    )
    per_kind: dict[str, list[int]] = {}
    for row in (
        events.order_by()
        .values("date", "kind")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    ):
        days[row["date"]].event_minutes += row["minutes"] or 0
        total = per_kind.setdefault(row["kind"], [0, 0])
        total[0] += row["n"]
        total[1] += row["minutes"] or 0
    sheet.events = [
        Line(str(kind.label), *per_kind[kind.value]) for kind in EventKind if kind.value in per_kind
    ]
    sheet.days = list(days.values())
    return sheet


# --- The workbook ---------------------------------------------------------------------------


def file_name(sheet: TimeSheet, extension: str) -> str:
    """E.g. "Stundennachweis 2026-11 Alice Meyer Projekt Chemnitz.xlsx" (in the reader's
    language)."""
    who = sheet.person.get_full_name() or sheet.person.get_username()
    parts = [_("Time sheet"), f"{sheet.month:%Y-%m}", who, sheet.project.name]
    return paper.file_name(parts, extension)


def _date_time(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time())


def weekday(day: datetime.date) -> str:
    return str(formats.date_format(day, "D"))


def time_sheet_xlsx(sheet: TimeSheet, generated_by: str) -> bytes:
    """One sheet, ready to print on A4: the header, the days (contacts, services, group
    events, other work to fill in, total as a formula so that hand-entered other work adds
    up), the hours by mentee, by employer and by kind of group event, the total and the
    signature lines. Text stays text (a name beginning with "=" is not a formula, a URL not a
    link); dates are date cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#F3F5F8", "border": 1, "text_wrap": True})
    text = book.add_format({"border": 1})
    date = book.add_format({"num_format": "dd.mm.yyyy", "border": 1, "align": "left"})
    plain_date = book.add_format({"num_format": "dd.mm.yyyy", "align": "left"})
    stamp = book.add_format({"num_format": "dd.mm.yyyy hh:mm", "align": "left"})
    number = book.add_format({"num_format": "0.00", "border": 1})
    count = book.add_format({"num_format": "0", "border": 1})
    fill = book.add_format({"border": 1, "bg_color": "#FFFDE7", "num_format": "0.00"})
    total_text = book.add_format({"border": 1, "bold": True})
    total_number = book.add_format({"num_format": "0.00", "border": 1, "bold": True})
    weekend = book.add_format({"border": 1, "font_color": "#4A525C"})
    line = book.add_format({"top": 1})

    ws = book.add_worksheet(_("Time sheet")[:31])
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    ws.set_footer("&R" + _("Page &P of &N"))
    ws.set_column(0, 0, 30)
    ws.set_column(1, 6, 14)
    who = sheet.person.get_full_name() or sheet.person.get_username()

    ws.write_string(0, 0, _("Time sheet (Stundennachweis)"), title)
    header = [
        (_("Employee"), who),
        (_("Role"), sheet.role),
        (_("Project"), sheet.project.name),
        (_("Organisation"), str(sheet.project.organisation)),
        (_("Month"), sheet.month_label),
    ]
    row = 2
    for key, value in header:
        ws.write_string(row, 0, key, bold)
        ws.write_string(row, 1, value)
        row += 1
    for key, day in ((_("From"), sheet.month), (_("Until"), sheet.last_day)):
        ws.write_string(row, 0, key, bold)
        ws.write_datetime(row, 1, _date_time(day), plain_date)
        row += 1
    ws.write_string(row, 0, _("Created"), bold)
    ws.write_datetime(row, 1, timezone.localtime().replace(microsecond=0, tzinfo=None), stamp)
    ws.write_string(row + 1, 0, _("Created by"), bold)
    ws.write_string(row + 1, 1, generated_by)
    ws.write_string(row + 2, 0, _("Source"), bold)
    ws.write_string(row + 2, 1, source_note())
    row += 4

    ws.write_string(row, 0, _("Hours by day"), bold)
    row += 1
    columns = [
        _("Date"),
        _("Day"),
        _("Mentoring contacts (h)"),
        _("Services to employers (h)"),
        _("Group events (h)"),
        _("Other work (h, by hand)"),
        _("Total (h)"),
    ]
    ws.set_row(row, 30)
    for c, label in enumerate(columns):
        ws.write_string(row, c, label, head)
    ws.repeat_rows(row)
    first_day_row = row + 1
    for day in sheet.days:
        row += 1
        ws.write_datetime(row, 0, _date_time(day.date), date)
        ws.write_string(row, 1, weekday(day.date), weekend if day.weekend else text)
        ws.write_number(row, 2, hours(day.contact_minutes), number)
        ws.write_number(row, 3, hours(day.service_minutes), number)
        ws.write_number(row, 4, hours(day.event_minutes), number)
        ws.write_blank(row, 5, None, fill)
        r = row + 1
        ws.write_formula(row, 6, f"=SUM(C{r}:F{r})", number, hours(day.minutes))
    last_day_row = row
    row += 1
    ws.write_string(row, 0, _("Total"), total_text)
    ws.write_blank(row, 1, None, total_text)
    for c, value in (
        (2, sheet.contact_minutes),
        (3, sheet.service_minutes),
        (4, sheet.event_minutes),
        (5, 0),
        (6, sheet.minutes),
    ):
        letter = "ABCDEFG"[c]
        ws.write_formula(
            row,
            c,
            f"=SUM({letter}{first_day_row + 1}:{letter}{last_day_row + 1})",
            total_number,
            hours(value),
        )
    total_row = row

    row += 2
    for title, label, counted, lines in sheet.line_tables():
        row = _lines(
            ws,
            row,
            title,
            label,
            counted,
            lines,
            bold,
            head,
            text,
            count,
            number,
            total_text,
            total_number,
        )
        row += 1
    ws.write_string(row, 0, _("Other work (describe, by hand)"), bold)
    for _i in range(3):
        row += 1
        ws.write_blank(row, 0, None, fill)
        ws.merge_range(row, 0, row, 5, "", fill)
        ws.write_blank(row, 6, None, fill)
    row += 2
    ws.write_string(row, 0, _("Hours in the month"), bold)
    ws.write_formula(row, 1, f"=G{total_row + 1}", total_number, hours(sheet.minutes))
    row += 2
    ws.write_string(row, 0, confirmation())
    row += 4
    for c, label in (
        (0, _("Date, signature of the employee")),
        (4, _("Date, signature of the project lead")),
    ):
        ws.merge_range(row, c, row, c + 2, label, line)
    book.close()
    return buffer.getvalue()


def _lines(
    ws, row, heading, first, what, lines, bold, head, text, count, number, total_text, total_number
):
    ws.write_string(row, 0, heading, bold)
    row += 1
    for c, label in enumerate([first, what, _("Hours")]):
        ws.write_string(row, c, label, head)
    for line in lines:
        row += 1
        ws.write_string(row, 0, line.label, text)
        ws.write_number(row, 1, line.count, count)
        ws.write_number(row, 2, hours(line.minutes), number)
    if not lines:
        row += 1
        ws.write_string(row, 0, _("none in this month"), text)
    row += 1
    ws.write_string(row, 0, _("Total"), total_text)
    ws.write_number(row, 1, sum(line.count for line in lines), count)
    ws.write_number(row, 2, hours(sum(line.minutes for line in lines)), total_number)
    return row + 1


def source_note() -> str:
    return _(
        "Lotse: the durations of the contacts this person recorded for mentees of the project, "
        "of the services to the project's employers they recorded and of the project's group "
        "events they were staff of (not cancelled). Mentees by case reference (initials and "
        "record key), not by name. Other work is not recorded in Lotse: please add it by hand."
    )


def confirmation() -> str:
    return _("I confirm that the information given is correct and complete.")
