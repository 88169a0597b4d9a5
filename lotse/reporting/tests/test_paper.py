"""The funder's paperwork: the Stundennachweis (page, print, XLSX) and the Sachbericht (DOCX).

The time sheet scenario (alice, project A, March 2026, Europe/Berlin), worked out by hand:

==========  ===========================================  ==================  ========
day         contacts by alice (mentees of A)             services by alice   total
==========  ===========================================  ==================  ========
02.03.      m1 45 + m1 30 = 75 min                       E1 60 min           135 min
16.03.      m1 90 + m2 60 = 150 min                      –                   150 min
20.03.      –                                            E1 30 + E2 45 min   75 min
31.03.      m1 15 min (23:30 local, 21:30 UTC)           –                   15 min
==========  ===========================================  ==================  ========

Not counted: bob's contact and service, alice's contact on 28.02. 23:30 and on 01.04. 00:30
local (31.03. 22:30 UTC), alice's contact with a mentee of project B and her service to an
employer of project B. Totals: contacts 240 min = 4 h, services 135 min = 2.25 h, 6.25 h in
all; by mentee m1 4 contacts 3 h, m2 1 contact 1 h; by employer E1 2 services 1.5 h, E2 1
service 0.75 h.

With the group events of ``sheet_events`` (alice on the staff): a job fair of A on 16.03.
10:00–12:30 (150 min, with bob: counts for both) and a workshop of A on 20.03. 09:00–10:00
(60 min). Not counted: a cancelled job fair on 02.03., bob's own employer day on 02.03., an
event of project B on 16.03. and one of A on 01.04. Events 210 min = 3.5 h; 9.75 h in all.
"""

import datetime
import io
import re
import zoneinfo
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from lotse.audit.models import AuditAction, AuditEvent
from lotse.cases.tests.factories import MenteeFactory
from lotse.employers.models import ServiceKind
from lotse.employers.tests.factories import EmployerFactory, EmployerServiceFactory
from lotse.events.models import EventKind
from lotse.events.tests.factories import GroupEventFactory
from lotse.journal.tests.factories import JournalEntryFactory
from lotse.reporting import published
from lotse.reporting.definitions import CATALOGUE, COUNT_KEYS
from lotse.reporting.models import ExportFormat, ReportExport
from lotse.reporting.timesheets import case_reference

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
MARCH = {"month": "2026-03"}


def _at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def sheet_data(project_a, project_b, alice, bob, charlie):
    m1 = MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")
    m2 = MenteeFactory(project=project_a, mentor=alice, first_name="Yusuf", last_name="Rahimi")
    other = MenteeFactory(project=project_b, mentor=charlie, first_name="Olena", last_name="K")
    for mentee, when, minutes in [
        (m1, _at(2, 10), 45),
        (m1, _at(2, 14), 30),
        (m1, _at(16, 9), 90),
        (m2, _at(16, 11), 60),
        (m1, _at(31, 23, 30), 15),
        (m1, _at(28, 23, 30, month=2), 30),  # February
        (m1, _at(1, 0, 30, month=4), 30),  # April locally, 31 March in UTC
        (other, _at(2, 10), 50),  # a mentee of project B
    ]:
        JournalEntryFactory(mentee=mentee, author=alice, occurred_at=when, duration_minutes=minutes)
    JournalEntryFactory(mentee=m1, author=bob, occurred_at=_at(2, 12), duration_minutes=120)
    e1 = EmployerFactory(project=project_a, name="Bäckerei Sonne")
    e2 = EmployerFactory(project=project_a, name='=HYPERLINK("http://x.example","E2")')
    eb = EmployerFactory(project=project_b, name="Anderes Projekt GmbH")
    D = datetime.date
    for employer, day, minutes, kind in [
        (e1, D(2026, 3, 2), 60, ServiceKind.ACQUISITION),
        (e1, D(2026, 3, 20), 30, ServiceKind.ADVICE),
        (e2, D(2026, 3, 20), 45, ServiceKind.ACQUISITION),
        (eb, D(2026, 3, 20), 40, ServiceKind.ACQUISITION),
    ]:
        EmployerServiceFactory(
            employer=employer, date=day, duration_minutes=minutes, kind=kind, author=alice
        )
    EmployerServiceFactory(employer=e1, date=D(2026, 3, 2), duration_minutes=99, author=bob)
    return {"m1": m1, "m2": m2, "e1": e1, "e2": e2}


@pytest.fixture
def sheet_events(sheet_data, project_a, project_b, alice, bob):
    D, T = datetime.date, datetime.time

    def event(project, day, start, end, kind, staff, cancelled=False):
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        e = GroupEventFactory(
            project=project,
            kind=kind,
            date=day,
            starts_at=start,
            ends_at=end,
            duration_minutes=minutes,
            cancelled=cancelled,
        )
        e.staff.set(staff)
        return e

    event(project_a, D(2026, 3, 16), T(10), T(12, 30), EventKind.JOB_FAIR, [alice, bob])
    event(project_a, D(2026, 3, 20), T(9), T(10), EventKind.WORKSHOP, [alice])
    event(project_a, D(2026, 3, 2), T(9), T(17), EventKind.JOB_FAIR, [alice], cancelled=True)
    event(project_a, D(2026, 3, 2), T(9), T(11), EventKind.EMPLOYER_DAY, [bob])
    event(project_b, D(2026, 3, 16), T(14), T(16), EventKind.WORKSHOP, [alice])
    event(project_a, D(2026, 4, 1), T(9), T(11), EventKind.WORKSHOP, [alice])
    return sheet_data


def _params(person, project, **extra):
    return {**MARCH, "person": str(person.public_id), "project": str(project.public_id), **extra}


def _xlsx(client, user, person, project):
    client.force_login(user)
    response = client.get(reverse("reporting:timesheet_xlsx"), _params(person, project))
    assert response.status_code == 200, response
    return response, openpyxl.load_workbook(io.BytesIO(response.content), data_only=True)


def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def _section(rows, heading):
    """The rows after ``heading`` up to and including its "Total"/"Summe" row."""
    start = next(i for i, r in enumerate(rows) if r[0] == heading)
    result = []
    for row in rows[start + 2 :]:
        result.append(row)
        if row[0] in ("Gesamt", "Total"):
            return result
    raise AssertionError(heading)


def test_the_xlsx_has_the_hand_computed_hours(client, alice, project_a, sheet_data):
    response, book = _xlsx(client, alice, alice, project_a)
    # The name may hold umlauts (Faker): then the header is RFC 5987-encoded.
    assert "Stundennachweis 2026-03 Alice" in unquote(response["Content-Disposition"])
    ws = book.worksheets[0]
    rows = _rows(ws)
    days = {r[0].date(): r for r in rows if isinstance(r[0], datetime.datetime) and r[1]}
    assert len(days) == 31  # every day of March, as date cells
    expected = {2: (1.25, 1.0, 2.25), 16: (2.5, 0, 2.5), 20: (0, 1.25, 1.25), 31: (0.25, 0, 0.25)}
    for day, row in days.items():
        contacts, services, total = expected.get(day.day, (0, 0, 0))
        assert (row[2], row[3], row[4], row[6]) == pytest.approx((contacts, services, 0, total))
        assert row[5] is None  # other work: to fill in by hand
    total = next(r for r in rows if r[0] == "Gesamt" and r[5] is not None)
    assert (total[2], total[3], total[4], total[6]) == pytest.approx((4.0, 2.25, 0, 6.25))
    mentees = _section(rows, "Stunden nach Mentee (Fallkennung)")
    m1, m2 = sheet_data["m1"], sheet_data["m2"]
    assert [r[:3] for r in mentees] == [
        [case_reference("Amina", "Haddad", m1.public_id), 4, pytest.approx(3.0)],
        [case_reference("Yusuf", "Rahimi", m2.public_id), 1, pytest.approx(1.0)],
        ["Gesamt", 5, pytest.approx(4.0)],
    ]
    employers = _section(rows, "Stunden nach Arbeitgeber")
    assert [r[:3] for r in employers] == [
        ['=HYPERLINK("http://x.example","E2")', 1, pytest.approx(0.75)],
        ["Bäckerei Sonne", 2, pytest.approx(1.5)],
        ["Gesamt", 3, pytest.approx(2.25)],
    ]
    # A name beginning with "=" stays text, not a formula.
    raw = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    cell = next(c for row in raw.iter_rows() for c in row if c.value == employers[0][0])
    assert cell.data_type == "s"
    # The day totals are formulas, so hand-entered other work adds up.
    assert any(str(c.value).startswith("=SUM(") for row in raw.iter_rows() for c in row)
    # Mentees by case reference, never by name.
    text = " ".join(str(v) for r in rows for v in r if v is not None)
    for name in ("Amina", "Haddad", "Yusuf", "Rahimi", "Olena"):
        assert name not in text
    assert "Unterschrift" in text


def test_the_time_sheet_counts_the_group_events_the_person_was_staff_of(
    client, alice, bob, project_a, sheet_events
):
    _response, book = _xlsx(client, alice, alice, project_a)
    rows = _rows(book.worksheets[0])
    days = {r[0].date().day: r for r in rows if isinstance(r[0], datetime.datetime) and r[1]}
    assert (days[16][4], days[16][6]) == pytest.approx((2.5, 5.0))  # 150 min contacts + fair
    assert (days[20][4], days[20][6]) == pytest.approx((1.0, 2.25))
    assert days[2][4] == 0  # the cancelled fair and bob's employer day
    assert sum(r[4] for r in days.values()) == pytest.approx(3.5)
    total = next(r for r in rows if r[0] == "Gesamt" and r[5] is not None)
    assert (total[2], total[3], total[4], total[6]) == pytest.approx((4.0, 2.25, 3.5, 9.75))
    assert rows[next(i for i, r in enumerate(rows) if r[0] == "Stunden im Monat")][1] == (
        pytest.approx(9.75)
    )
    kinds = _section(rows, "Stunden der Gruppenveranstaltungen nach Art")
    with translation.override("de"):
        assert [r[:3] for r in kinds] == [
            [str(EventKind.WORKSHOP.label), 1, pytest.approx(1.0)],
            [str(EventKind.JOB_FAIR.label), 1, pytest.approx(2.5)],
            ["Gesamt", 2, pytest.approx(3.5)],
        ]
    # bob's sheet: the fair he ran with alice and his employer day, in full.
    client.force_login(bob)
    from lotse.reporting.timesheets import time_sheet

    assert time_sheet(bob, project_a, datetime.date(2026, 3, 1)).event_minutes == 150 + 120
    # The page and the print view show the same.
    client.force_login(alice)
    for name in ("reporting:timesheet", "reporting:timesheet_print"):
        html = client.get(reverse(name), _params(alice, project_a)).content.decode()
        assert "9,75" in html and "3,50" in html


def test_an_event_later_this_month_is_not_on_the_sheet_yet(alice, project_a):
    from lotse.reporting.timesheets import time_sheet

    today = timezone.localdate()
    GroupEventFactory(project=project_a, date=today).staff.add(alice)  # 150 minutes
    later = today + datetime.timedelta(days=1)
    if later.month == today.month:
        GroupEventFactory(project=project_a, date=later).staff.add(alice)
    assert time_sheet(alice, project_a, today).event_minutes == 150


def test_the_page_and_the_print_view_show_the_same_hours(client, alice, project_a, sheet_data):
    client.force_login(alice)
    for name in ("reporting:timesheet", "reporting:timesheet_print"):
        html = client.get(reverse(name), _params(alice, project_a)).content.decode()
        assert "6,25" in html and "4,00" in html and "2,25" in html
        assert "Haddad" not in html and "Amina" not in html
        assert case_reference("Amina", "Haddad", sheet_data["m1"].public_id) in html
    assert "Unterschrift der Projektleitung" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and 'style="' not in html


def test_the_default_is_the_own_sheet_of_the_current_month(client, alice, project_a):
    client.force_login(alice)
    response = client.get(reverse("reporting:timesheet"))
    assert response.status_code == 200
    assert response.context["sheet"].person == alice
    assert ReportExport.objects.get().breakdown == "timesheet"


def test_a_link_with_the_month_alone_shows_the_own_sheet(client, alice, project_a, sheet_data):
    client.force_login(alice)
    response = client.get(reverse("reporting:timesheet"), MARCH)
    assert response.context["form"].errors == {}
    assert response.context["sheet"].person == alice
    assert response.context["sheet"].minutes == 375
    # A field emptied on purpose is still answered at the field.
    response = client.get(reverse("reporting:timesheet"), {**MARCH, "person": ""})
    assert "person" in response.context["form"].errors


def test_the_lead_sees_the_sheets_of_the_project_and_nobody_else(
    client, lena, alice, charlie, project_a, project_b, sheet_data
):
    client.force_login(lena)
    response = client.get(reverse("reporting:timesheet"), _params(alice, project_a))
    assert response.status_code == 200
    assert response.context["sheet"].minutes == 375
    for params in (_params(charlie, project_a), _params(alice, project_b)):
        assert client.get(reverse("reporting:timesheet"), params).status_code == 404


@pytest.mark.parametrize("name", ["timesheet", "timesheet_print", "timesheet_xlsx"])
def test_others_get_404(client, alice, bob, charlie, cora, dora, project_a, project_b, name):
    url = reverse(f"reporting:{name}")
    client.force_login(alice)
    assert client.get(url, _params(bob, project_a)).status_code == 404  # a teammate
    client.force_login(charlie)
    assert client.get(url, _params(alice, project_a)).status_code == 404  # another project
    for user in (cora, dora):  # no time sheets for programme roles
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(url, _params(alice, project_a)).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert client.post(url, _params(alice, project_a)).status_code == 405
    assert not ReportExport.objects.exists()


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("0001-01", "ab Januar 2000"),
        ("1999-12", "ab Januar 2000"),
        ("2999-01", "bis zum aktuellen Monat"),
        ("13.2026", "von 1 bis 12"),
        ("2026-00", "von 1 bis 12"),
        ("März", "als MM.JJJJ"),
        ("", "zwingend erforderlich"),
    ],
)
def test_a_bad_month_is_answered_at_its_field(client, alice, project_a, month, message):
    client.force_login(alice)
    response = client.get(reverse("reporting:timesheet"), _params(alice, project_a, month=month))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["month"])
    assert message in errors, errors
    assert 'id="id_month_error"' in response.content.decode()
    assert not ReportExport.objects.exists()
    xlsx = client.get(reverse("reporting:timesheet_xlsx"), _params(alice, project_a, month=month))
    assert xlsx.status_code == 302


def test_other_month_spellings_and_garbage_ids(client, alice, project_a, sheet_data):
    client.force_login(alice)
    response = client.get(reverse("reporting:timesheet"), _params(alice, project_a, month="3.2026"))
    assert response.context["sheet"].minutes == 375
    response = client.get(reverse("reporting:timesheet"), {**MARCH, "project": "x", "person": "y"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"project", "person"}


def test_every_sheet_obtained_writes_an_audit_row(client, alice, project_a, sheet_data):
    client.force_login(alice)
    for name in ("reporting:timesheet", "reporting:timesheet_print", "reporting:timesheet_xlsx"):
        assert client.get(reverse(name), _params(alice, project_a)).status_code == 200
    records = list(ReportExport.objects.order_by("created_at"))
    assert [r.export_format for r in records] == ["page", "print", "xlsx"]
    events = AuditEvent.objects.filter(object_type="reporting.reportexport").order_by("pk")
    assert [e.action for e in events] == [AuditAction.VIEW, AuditAction.VIEW, AuditAction.EXPORT]
    for event in events:
        assert event.mentee_id is None
        assert event.changes["person"] == str(alice.public_id)
        assert event.changes["document"] == "timesheet"
        assert event.project_id == project_a.pk


# --- Sachbericht ------------------------------------------------------------------------------

YEAR_2021 = {"kind": "year", "year": "2021"}


def _docx(client, user, params):
    client.force_login(user)
    response = client.get(reverse("reporting:sachbericht_docx"), params)
    assert response.status_code == 200, response
    return response, Document(io.BytesIO(response.content))


def _table_after(document, heading):
    """The first table after the paragraph ``heading`` as {first cell: other cells}."""
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.text.strip() == heading:
            found = True
        elif found and isinstance(block, DocxTable):
            return {row.cells[0].text: [c.text for c in row.cells[1:]] for row in block.rows[1:]}
    raise AssertionError(heading)


def _german(key):
    with translation.override("de"):
        return str(CATALOGUE[key].label)


def test_the_leads_sachbericht_has_the_exact_figures_of_the_project(client, lena, scenario):
    response, document = _docx(client, lena, {**YEAR_2021, "project": scenario["a"].pk})
    assert response["Content-Disposition"].endswith('.docx"')
    assert "Sachbericht-Entwurf 2021" in response["Content-Disposition"]
    key = _table_after(document, "1. Kennzahlen im Berichtszeitraum")
    # Project A in 2021 (conftest): m1, m2 (Feb–May) and m4 (31 Dec) supported; m2 and m4
    # entered; m2 left; m1 into a job; no apprenticeship in A (m2's was in B).
    assert key[_german("supported")] == ["3"]
    assert key[_german("entries")] == ["2"]
    assert key[_german("exits")] == ["1"]
    assert key[_german("into_job")] == ["1"]
    assert key[_german("into_apprenticeship")] == ["0"]
    assert key[_german("employers")] == ["1"]
    assert list(key) == [_german(k) for k in COUNT_KEYS]
    types = _table_after(document, "4.1 Vermittlungen nach Art")
    assert types["Minijob"] == ["1"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in (
        "2.1 Beschreibung der Tätigkeiten",
        "2.4 Gruppenveranstaltungen",
        "3.1 Schwerpunktgruppen der Förderphase 2025–2027",
        "5. Ziele und Ergebnisse (Soll-Ist-Vergleich)",
        "6. Ausblick",
        "8. Definitionen der Kennzahlen",
    ):
        assert heading in headings
    definitions = _table_after(document, "8. Definitionen der Kennzahlen")
    with translation.override("de"):
        assert definitions[_german("agreements")] == [str(CATALOGUE["agreements"].text)]
    services = _table_after(document, "2.3 Dienstleistungen für Arbeitgeber")
    with translation.override("de"):
        assert services[str(ServiceKind.ADVICE.label)] == ["3", "3,0"]
        assert services[str(ServiceKind.ACQUISITION.label)] == ["0", "0,0"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Hier ergänzen" in text
    for mentee in scenario["mentees"]:
        assert mentee.last_name not in text


def test_the_coordinators_sachbericht_shows_only_published_cells(client, cora, scenario):
    _response, document = _docx(client, cora, YEAR_2021)
    cells, _at = published.cells_for(published.year(2021))
    total = cells["y2021"]["c"]["total|total"]
    key = _table_after(document, "1. Kennzahlen im Berichtszeitraum")

    def shown(mark):
        return {"<": "< 5", "x": "×"}.get(mark, str(mark))

    assert {k: v[0] for k, v in key.items()} == {_german(k): shown(total[k]) for k in COUNT_KEYS}
    # Every count of this small programme is below 5: nothing from 1 to 4 is printed.
    assert all(v[0] in ("0", "< 5", "×") for v in key.values())
    projects = _table_after(document, "Kennzahlen nach Projekt")
    for project in (scenario["a"], scenario["b"]):
        row = cells["y2021"]["c"][f"project|{project.pk}"]
        assert projects[project.name][0] == shown(row["supported"])
    gender = _table_after(document, "3.2 Geschlecht")
    assert all(v[0] in ("0", "< 5", "×") for v in gender.values())


EVENT_KEYS = ("events_held", "event_hours", "event_participants", "event_participations")
EVENTS_HEADING = "2.4 Gruppenveranstaltungen"


def _text_after(document, heading):
    """The paragraphs from ``heading`` up to the next heading, as one text."""
    found, lines = False, []
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading") and found:
            break
        if paragraph.text.strip() == heading:
            found = True
        elif found:
            lines.append(paragraph.text)
    return "\n".join(lines)


def test_the_leads_sachbericht_has_the_group_events_of_the_project(client, lena, events):
    # Project A in 2021 (test_event_figures.py): E1, E2 and E6 held, 300 minutes; m1 and m4
    # attended, m1 twice.
    _response, document = _docx(client, lena, {**YEAR_2021, "project": events["a"].pk})
    table = _table_after(document, EVENTS_HEADING)
    assert table == {
        _german("events_held"): ["3"],
        _german("event_hours"): ["5,0"],
        _german("event_participants"): ["2"],
        _german("event_participations"): ["3"],
    }
    text = _text_after(document, EVENTS_HEADING)
    assert "Durchgeführte Gruppenveranstaltungen im Berichtszeitraum: 3, zusammen 5,0 Stunden" in (
        text
    )
    assert "noch nicht" not in text


def test_the_coordinators_sachbericht_takes_the_event_figures_from_the_published_report(
    client, cora, events
):
    published.refresh()
    _response, document = _docx(client, cora, YEAR_2021)
    client.force_login(cora)
    report = client.get(reverse("reporting:index"), YEAR_2021).context["report"]
    shown = {
        row.key: row.cells[-1].text
        for key in ("key_project", "activities")
        for row in report.table(key).rows
    }
    table = _table_after(document, EVENTS_HEADING)
    assert table == {_german(k): [shown[k]] for k in EVENT_KEYS}
    # Four people took part in the programme: a small number, never printed; the events are
    # activities, shown exactly (both projects: 4 events, 480 minutes).
    assert table[_german("event_participants")] in (["< 5"], ["×"])
    assert table[_german("events_held")] == ["4"]
    assert table[_german("event_hours")] == ["8,0"]


def test_the_coordinator_cannot_choose_a_project(client, cora, scenario):
    _response, document = _docx(client, cora, {**YEAR_2021, "project": scenario["a"].pk})
    assert "Programm (alle Projekte)" in document.tables[0].rows[0].cells[1].text


@pytest.mark.parametrize("name", ["sachbericht", "sachbericht_docx"])
def test_mentors_and_other_roles_get_404(client, alice, charlie, dora, adam, name):
    url = reverse(f"reporting:{name}")
    for user in (alice, charlie, dora, adam):
        client.force_login(user)
        assert client.get(url, YEAR_2021).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_lead_gets_no_sachbericht_of_another_project(client, lena, scenario):
    client.force_login(lena)
    response = client.get(
        reverse("reporting:sachbericht_docx"), {**YEAR_2021, "project": scenario["b"].pk}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "project" in page.context["form"].errors
    assert not ReportExport.objects.exists()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "custom", "start": "2021-01-01", "end": "2021-02-01"}, "kind"),
        ({"kind": "year", "year": "1"}, "year"),
        ({"kind": "year", "year": "abc"}, "year"),
        ({"kind": "quarter", "year": "2021", "quarter": "9"}, "quarter"),
        ({"kind": "funding", "funding_period": "x"}, "funding_period"),
    ],
)
def test_bad_sachbericht_choices_are_answered_at_the_field(client, cora, lena, params, field):
    for user in (cora, lena):
        client.force_login(user)
        page = client.get(reverse("reporting:sachbericht"), params)
        assert page.status_code == 200
        assert field in page.context["form"].errors
        assert client.get(reverse("reporting:sachbericht_docx"), params).status_code == 302
    assert not ReportExport.objects.exists()


def test_every_download_writes_an_audit_row(client, lena, cora, scenario):
    _docx(client, lena, {**YEAR_2021, "project": scenario["a"].pk})
    _docx(client, cora, YEAR_2021)
    records = list(ReportExport.objects.order_by("created_at"))
    assert [(r.export_format, r.project, r.suppressed) for r in records] == [
        (ExportFormat.DOCX, scenario["a"], False),
        (ExportFormat.DOCX, None, True),
    ]
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert [e.changes["document"] for e in events] == ["sachbericht", "sachbericht"]
    assert all(e.mentee_id is None for e in events)


def test_the_sachbericht_is_german_for_an_english_reader(client, lena, scenario):
    lena.language = "en"
    lena.save()
    client.force_login(lena)
    response = client.get(
        reverse("reporting:sachbericht_docx"),
        {**YEAR_2021, "project": scenario["a"].pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    document = Document(io.BytesIO(response.content))
    key = _table_after(document, "1. Kennzahlen im Berichtszeitraum")
    assert _german("supported") in key


def test_the_report_page_links_to_the_paperwork_by_role(client, alice, lena, cora, scenario):
    expected = {alice: (True, False), lena: (True, True), cora: (False, True)}
    for user, (sheet, report) in expected.items():
        client.force_login(user)
        html = client.get(reverse("reporting:index")).content.decode()
        assert (reverse("reporting:timesheet") in html) is sheet, user
        assert (reverse("reporting:sachbericht") in html) is report, user


def test_a_time_sheet_takes_a_fixed_number_of_queries(
    alice, project_a, sheet_data, django_assert_max_num_queries
):
    from lotse.reporting.timesheets import time_sheet

    with django_assert_max_num_queries(5):
        sheet = time_sheet(alice, project_a, datetime.date(2026, 3, 1))
    assert (sheet.contact_minutes, sheet.service_minutes) == (240, 135)


def test_markup_in_a_project_name_stays_text_in_the_docx(client, lena, scenario):
    scenario["a"].name = 'A & <B> "C"'
    scenario["a"].save()
    _response, document = _docx(client, lena, {**YEAR_2021, "project": scenario["a"].pk})
    assert document.tables[0].rows[0].cells[1].text == 'A & <B> "C"'
