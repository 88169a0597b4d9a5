"""The Sachbericht draft: the report's figures of one grid period, with their definitions, put
into the committed Word template (``templates_docx/sachbericht.docx``, built by
``scripts/build_sachbericht_template.py``) with docxtpl.

- For a project lead: one project they lead, exact figures (the same as their report page).
- For the coordinator: the programme, from the **published set** only. The document is built
  from the same ``report.Report`` as the coordinator's report page (``report.report_for`` with
  the coordinator's access reads ``published.cells_for``), so it shows exactly the cells the
  page shows, "< 5" and "×" included; nothing is computed again without suppression.

The document is German (it goes to the SAB): it is rendered with the German catalogue whatever
the reader's language; only the file name follows the reader's language. The narrative sections
(activities, goals against results, outlook) are headed blanks to be written.
"""

from pathlib import Path
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from lotse.accounts.models import Project
from lotse.employers.models import ServiceKind
from lotse.lib import paper
from lotse.reporting.definitions import CATALOGUE, PLACEMENT_GROUPS
from lotse.reporting.forms import Breakdown
from lotse.reporting.published import GridPeriod
from lotse.reporting.report import Report, Row, Table, report_for
from lotse.reporting.selectors import ReportAccess

TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "sachbericht.docx"
LANGUAGE = "de"


def _last(row: Row) -> str:
    """The row's value for everything the report covers (its last column, "Total")."""
    return row.cells[-1].text


def _rows(table: Table | None, skip_total: bool = True) -> list[dict[str, str]]:
    if table is None:
        return []
    return [
        {"key": r.key, "label": r.label, "value": _last(r)}
        for r in table.rows
        if not (skip_total and r.is_total)
    ]


def _find(table: Table | None, key: str) -> Row | None:
    return next((r for r in table.rows if r.key == key), None) if table else None


#: The figures of section 2.4, in the order printed: from the activities table (events and
#: hours, never suppressed) and from the key figures (people and attendances, suppressed in
#: the programme report like every other count of people).
EVENT_FIGURES = (
    ("activities", "events_held"),
    ("activities", "event_hours"),
    ("key", "event_participants"),
    ("key", "event_participations"),
)


def _events(key: Table | None, activities: Table | None) -> dict[str, Any]:
    """Section 2.4: the report's own four figures of group events, as the report shows them
    ("< 5" and "×" included); nothing is counted here."""
    tables = {"activities": activities, "key": key}
    rows = []
    for table, figure in EVENT_FIGURES:
        row = _find(tables[table], figure)
        if row is not None:
            rows.append({"key": figure, "label": row.label, "value": _last(row)})
    values = {r["key"]: r["value"] for r in rows}
    return {
        "events": rows,
        "events_held": values.get("events_held", "0"),
        "event_hours": values.get("event_hours", "0"),
    }


def context(
    report: Report,
    *,
    scope: str,
    organisation: str,
    period: GridPeriod,
    created_by: str,
    programme: bool,
) -> dict[str, Any]:
    """Everything the template shows, as text already written in German."""
    key = report.table("key_project")
    key_rows = _rows(key)
    activities = report.table("activities")
    services = []
    for kind in ServiceKind:
        count, hours = (
            _find(activities, f"services_{kind.value}"),
            _find(activities, f"services_{kind.value}_hours"),
        )
        if count is not None:
            services.append(
                {"label": str(kind.label), "count": _last(count), "hours": _last(hours)}
            )
    contacts = _find(activities, "contacts")
    contact_hours = _find(activities, "contact_hours")
    months = [
        {"label": r.label, "count": r.cells[0].text, "hours": r.cells[1].text}
        for r in (report.table("contact_months").rows if report.table("contact_months") else [])
    ]
    projects = []
    if programme and key is not None:
        for i, label in enumerate(key.columns[:-1]):
            values = {r.key: r.cells[i].text for r in key.rows}
            projects.append(
                {
                    "label": label,
                    **{
                        k: values.get(k, "")
                        for k in (
                            "supported",
                            "entries",
                            "into_job",
                            "into_apprenticeship",
                            "agreements",
                        )
                    },
                }
            )
    agreements = _find(key, "agreements")
    employers = _find(key, "employers")
    return {
        "scope": scope,
        "organisation": organisation,
        "period": period.label,
        "start": formats.date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(period.end, "SHORT_DATE_FORMAT"),
        "report_kind": (
            "Programmbericht (nur zusammengefasste Zahlen, kleine Zahlen unterdrückt)"
            if programme
            else "Projektbericht (genaue Zahlen des Projekts)"
        ),
        "created": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
        "created_by": created_by,
        "note": report.note,
        "key_figures": key_rows,
        "ratios": _rows(report.table("ratios")),
        "projects": projects,
        "contacts": _last(contacts) if contacts else "0",
        "contact_hours": _last(contact_hours) if contact_hours else "0",
        "months": months,
        "services": services,
        "employers_looked_after": _last(employers) if employers else "0",
        **_events(key, activities),
        "focus": _rows(report.table("focus_groups")),
        "gender": _rows(report.table("gender")),
        "age": _rows(report.table("age")),
        "region": _rows(report.table("region")),
        "placement_types": _rows(report.table("placement_types")),
        "placement_groups": [
            {
                "label": str(CATALOGUE[g].label),
                "value": next((r["value"] for r in key_rows if r["key"] == g), ""),
            }
            for g in PLACEMENT_GROUPS
        ],
        "agreements": _last(agreements) if agreements else "0",
        "exits": _rows(report.table("exits")),
        "definitions": [{"label": label, "text": text} for _k, label, text in report.definitions],
    }


def sachbericht(
    access: ReportAccess,
    *,
    period: GridPeriod,
    project: Project | None,
    created_by: str,
) -> tuple[bytes, Report]:
    """The DOCX of ``project`` (a lead's, exact) or of the programme (``project=None`` with
    the coordinator's access: the published set), and the report it was built from."""
    programme = project is None
    with translation.override(LANGUAGE):
        report = report_for(
            access, period=period, project=project, district=None, breakdown=Breakdown.PROJECT
        )
        if programme:
            scope = "Programm (alle Projekte)"
            organisations = sorted({str(p.organisation) for p in access.projects})
            organisation = ", ".join(organisations)
        else:
            scope = project.name
            organisation = str(project.organisation)
        data = context(
            report,
            scope=scope,
            organisation=organisation,
            period=period,
            created_by=created_by,
            programme=programme,
        )
        content = paper.docx_from_template(TEMPLATE, data)
    return content, report


def file_name(period: GridPeriod, project: Project | None) -> str:
    """E.g. "Sachbericht-Entwurf 2025 Projekt Chemnitz.docx" in the reader's language."""
    label = period.funding_period.name if period.funding_period else period.label
    parts = [str(_("Sachbericht draft")), label, project.name if project else str(_("programme"))]
    return paper.file_name(parts, "docx")
