"""The report page, print view and exports: who may see what, suppression, no link to a person,
exports that open, and a bounded number of queries."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from lotse.audit.models import AuditAction, AuditEvent
from lotse.reporting.models import ReportExport
from lotse.reporting.report import QUARTER_COLUMNS
from lotse.reporting.tests.factories import (
    FundingPeriodFactory,
    MenteeFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

YEAR_2021 = {"kind": "year", "year": "2021", "breakdown": "project"}
URLS = ["reporting:index", "reporting:print", "reporting:export_xlsx", "reporting:export_csv"]


def _get(client, user, name, params=None):
    client.force_login(user)
    return client.get(reverse(name), params or YEAR_2021)


@pytest.mark.parametrize("name", URLS)
def test_anonymous_users_are_sent_to_the_login(client, name):
    response = client.get(reverse(name), YEAR_2021)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", URLS)
def test_wrong_method_is_refused(client, lena, name):
    client.force_login(lena)
    assert client.post(reverse(name), YEAR_2021).status_code == 405


@pytest.mark.parametrize("name", URLS)
def test_data_protection_officer_and_administrator_get_no_report(client, dora, adam, name):
    assert _get(client, dora, name).status_code == 404
    assert _get(client, adam, name).status_code == 404


def test_the_lead_sees_exact_figures_of_her_project_only(client, lena, scenario):
    response = _get(client, lena, "reporting:index")
    assert response.status_code == 200
    report = response.context["report"]
    assert not report.suppressed
    key = report.table("key_project")
    assert key.columns == ["Projekt Chemnitz", "Gesamt"]
    supported = key.rows[0]
    assert [c.text for c in supported.cells] == ["3", "3"]  # m1, m2, m4 – exact, no "< 5"
    assert "Projekt Leipzig" not in response.content.decode()


def test_a_mentor_of_another_project_sees_only_that_project(client, charlie, scenario):
    report = _get(client, charlie, "reporting:index").context["report"]
    key = report.table("key_project")
    assert key.columns == ["Projekt Leipzig", "Gesamt"]
    assert key.rows[0].cells[0].text == "2"  # m2 and m5


def test_a_lead_cannot_choose_another_project(client, lena, scenario):
    params = {**YEAR_2021, "project": str(scenario["b"].pk)}
    response = _get(client, lena, "reporting:index", params)
    assert response.status_code == 200
    assert "report" not in response.context
    assert response.context["form"].errors["project"]


def test_the_coordinator_sees_all_projects_with_small_counts_suppressed(client, cora, scenario):
    response = _get(client, cora, "reporting:index")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.suppressed
    key = report.table("key_project")
    assert key.columns == ["Projekt Chemnitz", "Projekt Leipzig", "Gesamt"]
    for row in key.rows:
        for cell in row.cells:
            assert cell.value is None or cell.value == 0 or cell.value >= 5
    assert key.rows[0].cells[0].text == "< 5"
    html = response.content.decode()
    assert "< 5" in html or "&lt; 5" in html
    for mentee in scenario["mentees"]:
        assert str(mentee.public_id) not in html
        assert mentee.last_name not in html


def test_no_link_on_the_report_leads_to_a_person(client, cora, lena, scenario):
    for user in (cora, lena):
        html = _get(client, user, "reporting:index").content.decode()
        links = re.findall(r'href="([^"]+)"', html)
        assert links
        for link in links:
            # The navigation's team desk shows counts per mentor, no person.
            assert not re.match(r"^/mentees/(?!desk/$)[^?#]+", link), link
            assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", link), link


def _person_urls(scenario):
    from lotse.placements.models import Placement

    mentee = scenario["mentees"][0]
    placement = Placement.objects.filter(mentee=mentee).first()
    return [
        reverse("cases:detail", args=[mentee.public_id]),
        reverse("cases:edit", args=[mentee.public_id]),
        reverse("cases:export", args=[mentee.public_id]),
        reverse("journal:timeline", args=[mentee.public_id]),
        reverse("placements:placement", args=[placement.public_id]),
        reverse("placements:placement_create", args=[mentee.public_id]),
        reverse("employers:detail", args=[placement.employer.public_id]),
        reverse("reporting:esf_edit", args=[mentee.public_id]),
    ]


def test_the_coordinator_gets_404_on_every_person_url(client, cora, scenario):
    client.force_login(cora)
    for url in _person_urls(scenario):
        assert client.get(url).status_code == 404, url


def test_the_lead_reaches_the_person_page_of_her_project(client, lena, scenario):
    client.force_login(lena)
    assert client.get(_person_urls(scenario)[0]).status_code == 200


def test_no_published_total_reveals_a_suppressed_cell(client, cora, scenario):
    # Ten more women in Chemnitz, project A: their cells are shown, B's small ones are not.
    for _ in range(10):
        mentee = MenteeFactory(
            project=scenario["a"],
            district=scenario["chemnitz"],
            gender="f",
            birth_date="1990-01-01",
        )
        ParticipationFactory(mentee=mentee, project=scenario["a"], entry_date="2021-03-01")
    secondary = 0
    for breakdown in ("project", "district"):
        params = {**YEAR_2021, "breakdown": breakdown}
        report = _get(client, cora, "reporting:index", params).context["report"]
        checked = 0
        for table in report.tables:
            # ratios and quarters are checked below; activities are events and hours, not
            # people, and are not suppressed (docs/reporting.md)
            if table.key in ("ratios", "quarters", "activities", "contact_months"):
                continue
            for row in table.rows:
                hidden = [cell for cell in row.cells if cell.hidden]
                assert len(hidden) != 1, (table.key, row.label)
                secondary += sum(cell.state == "secondary" for cell in row.cells)
                for cell in row.cells:
                    assert cell.value is None or not 0 < cell.value < 5, (table.key, row.label)
                    checked += 1
            if any(row.is_total for row in table.rows):
                for column in range(len(table.columns)):
                    hidden = [r for r in table.rows if r.cells[column].hidden]
                    assert len(hidden) != 1, (table.key, table.columns[column])
        assert checked > 100
        # The quarters add up to the period's figures: together they hide nothing either.
        totals = {row.key: row.cells[-1] for row in report.table("key_project").rows}
        for j, (key, _label) in enumerate(QUARTER_COLUMNS):
            cells = [row.cells[j] for row in report.table("quarters").rows] + [totals[key]]
            assert len([c for c in cells if c.hidden]) != 1, key
    assert secondary > 0


def test_the_coordinator_gets_404_on_the_mentee_list_or_sees_nothing(client, cora, scenario):
    client.force_login(cora)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 404 or scenario["mentees"][0].last_name not in (
        response.content.decode()
    )


def test_the_default_period_is_the_current_funding_period(client, lena, scenario):
    FundingPeriodFactory(name="Alles", start="2000-01-01", end="2099-12-31")
    client.force_login(lena)
    response = client.get(reverse("reporting:index"))
    assert response.status_code == 200
    assert response.context["report"].period_label.startswith("Alles")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "funding"}, "funding_period"),
        ({"kind": "year"}, "year"),
        ({"kind": "year", "year": "1800"}, "year"),
        ({"kind": "quarter", "year": "2021"}, "quarter"),
        ({"kind": "custom", "start": "2021-05-01"}, "end"),
        ({"kind": "custom", "start": "2021-05-01", "end": "2021-04-01"}, "end"),
        ({"kind": "custom", "start": "no date", "end": "2021-04-01"}, "start"),
    ],
)
def test_bad_choices_get_a_message_at_their_field(client, lena, params, field):
    response = _get(client, lena, "reporting:index", params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "report" not in response.context


def test_quarter_and_custom_periods(client, lena, scenario):
    q1 = _get(client, lena, "reporting:index", {"kind": "quarter", "year": "2021", "quarter": "1"})
    quarters = q1.context["report"].table("quarters")
    assert [row.label for row in quarters.rows] == ["Q1 2021"]
    custom = _get(
        client,
        lena,
        "reporting:index",
        {"kind": "custom", "start": "2021-02-01", "end": "2021-02-28"},
    )
    assert custom.context["report"].table("key_project").rows[1].cells[-1].text == "1"  # m2


def test_shares_and_medians_without_a_base_are_left_out(client, lena, scenario):
    ratios = (
        _get(client, lena, "reporting:index", {"kind": "year", "year": "2010"})
        .context["report"]
        .table("ratios")
    )
    assert {cell.text for row in ratios.rows for cell in row.cells} == {"–"}
    ratios = _get(client, lena, "reporting:index").context["report"].table("ratios")
    by_key = {row.key: row.cells[-1].text for row in ratios.rows}
    assert by_key["median_days"] == "337"  # exact for the lead: m1 only in project A
    assert by_key["women_share"] == "33 %"  # m1 of m1, m2, m4


def test_the_coordinator_filters_by_district_and_project(client, cora, scenario):
    params = {**YEAR_2021, "district": "14713", "breakdown": "district"}
    report = _get(client, cora, "reporting:index", params).context["report"]
    assert report.scope_label == "alle Projekte · Leipzig"
    assert report.table("key_district").columns == ["Leipzig", "Gesamt"]
    assert report.table("key_district").rows[0].cells[-1].text == "< 5"  # m2 alone
    params = {**YEAR_2021, "project": str(scenario["b"].pk)}
    report = _get(client, cora, "reporting:index", params).context["report"]
    assert report.table("key_project").columns == ["Projekt Leipzig", "Gesamt"]


def test_the_district_breakdown(client, lena, scenario):
    params = {**YEAR_2021, "breakdown": "district"}
    report = _get(client, lena, "reporting:index", params).context["report"]
    assert report.table("gender").columns == ["Chemnitz", "Leipzig", "Gesamt"]


def test_the_print_view_has_the_tables_without_the_form(client, lena, scenario):
    response = _get(client, lena, "reporting:print")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="table-key_project"' in html
    assert 'name="kind"' not in html


def test_xlsx_export_opens_with_a_definitions_sheet_and_is_audited(client, cora, scenario):
    response = _get(client, cora, "reporting:export_xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    names = book.sheetnames
    assert names[0] == "Überblick"
    assert names[-1] == "Definitionen"
    assert len(names) >= 10
    overview = [row for row in book["Überblick"].iter_rows(values_only=True) if row[0]]
    labels = {row[0]: row[1] for row in overview if len(row) > 1}
    assert labels["Zeitraum"] == "2021"
    assert "< 5" in labels["Kleine Zahlen"]
    definitions = [row[0] for row in book["Definitionen"].iter_rows(values_only=True)]
    assert "Betreute Mentees" in definitions
    key_sheet = book[names[1]]
    values = [cell for row in key_sheet.iter_rows(values_only=True) for cell in row]
    assert "< 5" in values
    export = ReportExport.objects.get()
    assert export.suppressed and export.created_by == cora
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == cora
    assert event.object_id == str(export.public_id)
    assert event.changes["format"] == "xlsx"


def test_csv_export_has_one_line_per_cell_and_is_audited(client, lena, scenario):
    response = _get(client, lena, "reporting:export_csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for German Excel
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Tabelle", "Zeile", "Spalte", "Wert", "Definition"]
    supported = [r for r in rows if r[1] == "Betreute Mentees" and r[2] == "Gesamt"]
    assert supported[0][3] == "3"
    assert any(r[0] == "Definitionen" for r in rows)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=lena).count() == 1


def test_an_invalid_export_request_exports_nothing(client, lena):
    response = _get(client, lena, "reporting:export_xlsx", {"kind": "year"})
    assert response.status_code == 302
    assert ReportExport.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_report_page_takes_a_bounded_number_of_queries(
    client, cora, scenario, django_assert_max_num_queries
):
    from lotse.reporting import published

    published.refresh()  # the published set is computed once, not per page
    client.force_login(cora)
    with django_assert_max_num_queries(30) as before:
        client.get(reverse("reporting:index"), YEAR_2021)
    for i in range(30):
        mentee = MenteeFactory(project=scenario["a"], district=scenario["chemnitz"])
        ParticipationFactory(mentee=mentee, project=scenario["b" if i % 2 else "a"])
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("reporting:index"), YEAR_2021)
