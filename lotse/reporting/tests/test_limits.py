"""Audit, limits, the coordinator's grid, the catalogue and the exports for German offices."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse

from lotse.audit.models import AuditAction, AuditEvent
from lotse.reporting import definitions, suppression
from lotse.reporting.exports import _sheet_name
from lotse.reporting.models import ReportExport

pytestmark = pytest.mark.django_db

YEAR_2021 = {"kind": "year", "year": "2021", "breakdown": "project"}


def _get(client, user, name, params):
    client.force_login(user)
    return client.get(reverse(name), params)


@pytest.mark.parametrize("name", ["reporting:index", "reporting:print"])
def test_every_report_page_writes_an_audit_row_without_personal_data(client, cora, scenario, name):
    assert _get(client, cora, name, YEAR_2021).status_code == 200
    record = ReportExport.objects.get()
    assert record.export_format == ("page" if name == "reporting:index" else "print")
    event = AuditEvent.objects.get(action=AuditAction.VIEW, actor=cora)
    assert event.object_id == str(record.public_id)
    assert event.mentee_id is None
    assert set(event.changes) == {"format", "start", "end", "project", "district", "suppressed"}


def test_a_form_with_errors_writes_no_audit_row(client, cora):
    _get(client, cora, "reporting:index", {"kind": "year", "year": "abc"})
    assert not ReportExport.objects.exists()


@override_settings(LOTSE_REPORT_RATE_LIMIT=(3, 600))
def test_the_rate_limit_answers_429_with_a_message(client, lena, scenario):
    for _ in range(3):
        assert _get(client, lena, "reporting:index", YEAR_2021).status_code == 200
    response = _get(client, lena, "reporting:export_csv", YEAR_2021)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Zu viele Berichte" in response.content.decode()
    assert ReportExport.objects.count() == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "custom", "start": "0001-01-01", "end": "9999-12-31"}, "start"),
        ({"kind": "custom", "start": "2018-01-01", "end": "2021-12-31"}, "end"),
        ({"kind": "year", "year": "1"}, "year"),
        ({"kind": "year", "year": "9999"}, "year"),
        ({"kind": "year", "year": "2021.5"}, "year"),
        ({"kind": "half", "year": "2021", "half": "3"}, "half"),
        ({"kind": "quarter", "year": "2021", "quarter": "x"}, "quarter"),
        ({"kind": "nonsense"}, "kind"),
        ({"kind": "funding", "funding_period": "999999"}, "funding_period"),
        ({**YEAR_2021, "district": "<script>"}, "district"),
    ],
)
def test_garbage_gets_a_message_at_its_field_never_an_error(client, lena, params, field):
    response = _get(client, lena, "reporting:index", params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "report" not in response.context


def test_a_lead_may_choose_three_years_of_custom_dates(client, lena, scenario):
    params = {"kind": "custom", "start": "2019-01-01", "end": "2021-12-31"}
    assert "report" in _get(client, lena, "reporting:index", params).context


def test_a_half_year(client, lena, scenario):
    params = {"kind": "half", "year": "2021", "half": "1"}
    report = _get(client, lena, "reporting:index", params).context["report"]
    assert [row.label for row in report.table("quarters").rows] == ["Q1 2021", "Q2 2021"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "custom", "start": "2021-02-01", "end": "2021-02-28"}, "kind"),
        ({"kind": "year", "year": "1999"}, "year"),
    ],
)
def test_the_coordinator_chooses_from_the_grid_only(client, cora, scenario, params, field):
    # Changed behaviour (issue 10): coordinators no longer get custom dates or years outside
    # the funding periods; two custom periods a day apart revealed one person.
    response = _get(client, cora, "reporting:index", params)
    assert field in response.context["form"].errors


def test_the_coordinator_cannot_cross_a_project_with_a_district(client, cora, scenario):
    params = {**YEAR_2021, "project": str(scenario["a"].pk), "district": "14511"}
    assert "district" in _get(client, cora, "reporting:index", params).context["form"].errors
    params = {**YEAR_2021, "project": str(scenario["a"].pk), "breakdown": "district"}
    assert "breakdown" in _get(client, cora, "reporting:index", params).context["form"].errors


def test_a_project_alone_shows_the_same_cells_as_all_projects(client, cora, scenario):
    all_projects = _get(client, cora, "reporting:index", YEAR_2021).context["report"]
    params = {**YEAR_2021, "project": str(scenario["b"].pk)}
    one = _get(client, cora, "reporting:index", params).context["report"]
    column = all_projects.table("key_project").columns.index("Projekt Leipzig")
    for row_all, row_one in zip(
        all_projects.table("key_project").rows, one.table("key_project").rows, strict=True
    ):
        assert row_one.cells[0].text == row_all.cells[column].text
    assert one.table("key_district") is None  # a project is not published by district


def test_primary_and_secondary_cells_are_labelled_truthfully(client, cora, scenario):
    report = _get(client, cora, "reporting:index", YEAR_2021).context["report"]
    cells = [c for t in report.tables for r in t.rows for c in r.cells]
    assert {c.text for c in cells if c.state == "primary"} <= {"< 5", "–"}
    assert {c.text for c in cells if c.state == "secondary"} <= {"×"}
    quarters = report.table("quarters")
    assert all(c.text != "< 5" or c.state == "primary" for r in quarters.rows for c in r.cells)


# --- The catalogue and the threshold ------------------------------------------------------


def test_every_figure_is_catalogued_once_with_definition_kind_and_place():
    keys = [f.key for f in definitions.FIGURES]
    assert len(keys) == len(set(keys))
    for figure in definitions.FIGURES:
        assert str(figure.label) and str(figure.text) and figure.computed
        assert figure.kind in (
            definitions.COUNT,
            definitions.SHARE,
            definitions.MEDIAN,
            definitions.SERIES,
            definitions.ACTIVITY,
        )
        assert figure.appears
    assert definitions.COUNT_KEYS[0] == "supported"
    assert set(definitions.SHARES) == {
        "adequate_share",
        "adequate_share_effective",
        "women_share",
        "still_employed_share",
    }


def test_the_threshold_is_written_into_every_text_from_one_place(monkeypatch):
    from django.utils import translation

    with translation.override("en"):
        assert "'< 5' stands for 1 to 4 people" in str(suppression.SUPPRESSION_NOTE)
        assert "fewer than 5 people" in str(suppression.SUPPRESSION_NOTE)
        assert "below 5" in str(suppression.EXACT_NOTE)
    assert suppression.PRIMARY_TEXT == f"< {suppression.THRESHOLD}"


# --- Exports for German offices -----------------------------------------------------------


def test_csv_for_german_excel(client, lena, scenario):
    response = _get(client, lena, "reporting:export_csv", YEAR_2021)
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert all(len(row) == 5 for row in rows)
    header = {row[1]: row[3] for row in rows if row[0] == "Bericht"}
    assert header["Von"] == "01.01.2021"
    assert header["Bis"] == "31.12.2021"
    women = [r for r in rows if r[1] == "Frauenanteil" and r[2] == "Gesamt"]
    assert women[0][3] == "0,3333"  # m1 of m1, m2, m4: a decimal comma
    disposition = response["Content-Disposition"]
    assert "Lotse-Bericht" in disposition and "2021" in disposition and ".csv" in disposition


def test_xlsx_writes_text_as_text_and_dates_as_dates(client, lena, scenario):
    scenario["a"].name = '=HYPERLINK("https://example.org") Projekt'
    scenario["a"].save()
    response = _get(client, lena, "reporting:export_xlsx", YEAR_2021)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    for sheet in book.worksheets:
        assert len(sheet.title) <= 31
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                assert cell.hyperlink is None
    overview = {row[0].value: row[1] for row in book["Überblick"].iter_rows() if row[0].value}
    assert overview["Von"].value == datetime.datetime(2021, 1, 1)
    assert overview["Von"].is_date
    key = book.worksheets[1]
    assert any(c.value == scenario["a"].name for row in key.iter_rows() for c in row if c.value)


def test_sheet_names_are_cut_at_words():
    used = set()
    name = _sheet_name("Mentees in eine Einstiegsqualifizierung nach Landkreis", used)
    assert name == "Mentees in eine"
    assert _sheet_name("Mentees in eine Einstiegsqualifizierung", used) == "Mentees in eine (2)"
    assert _sheet_name("Anteile und Dauern nach Projekt", set()) == (
        "Anteile und Dauern nach Projekt"
    )
