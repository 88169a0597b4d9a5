"""The report section of the page and the print view (tables, charts, map, definitions),
rendered once per published set for coordinators.

A coordinator's report is a view of the stored published set (``published.py``): for one
published set (its fingerprint and the time it was computed), one grid period, one selection,
one breakdown, the same projects and the same language, the section is always the same HTML.
It is therefore rendered once per process and kept in a small memo keyed by exactly these;
a new published set has a new key, so nothing from an older set is ever shown. ``refresh``
clears the memo of its own process; other processes see the new fingerprint on their next
request. The readers' exact reports (mentors and leads) are computed and rendered on every
request: they must show the data as they are now.
"""

import datetime
from collections import OrderedDict
from typing import Any

from django.db import connection
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from lotse.reporting import charts, published
from lotse.reporting.report import QUARTER_COLUMNS, Report, report_for
from lotse.reporting.selectors import ReportAccess

#: Sections kept per process (a section of a report on 140 projects is about 0.5 MB).
MEMO_SIZE = 32


def report_charts(report: Report) -> dict[str, Any]:
    quarter_labels = [q["label"] for q in report.quarter_values]
    series = [
        (str(label), [q["cells"][i] for q in report.quarter_values])
        for i, (_key, label) in enumerate(QUARTER_COLUMNS)
    ]
    return {
        "quarters": charts.grouped_bars(quarter_labels, series),
        "types": charts.horizontal_bars([(t["label"], t["cell"]) for t in report.type_values]),
        "districts": charts.horizontal_bars(
            [(d["label"], d["cell"]) for d in report.district_values]
        ),
        "map": charts.district_map(report.district_values),
    }


def render_section(report: Report) -> SafeString:
    """The report's HTML below the form (no request: nothing in it depends on the reader
    beyond the report itself and the language)."""
    return render_to_string(
        "reporting/_report.html", {"report": report, "charts": report_charts(report)}
    )


class _SectionMemo:
    """Least recently used sections, ``key -> (report, html)``."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[tuple, tuple[Report, SafeString]] = OrderedDict()
        self.misses = 0

    def get(self, key: tuple) -> tuple[Report, SafeString] | None:
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key: tuple, value: tuple[Report, SafeString]) -> None:
        self.misses += 1
        self.data[key] = value
        self.data.move_to_end(key)
        while len(self.data) > self.size:
            self.data.popitem(last=False)

    def clear(self) -> None:
        self.data.clear()


memo = _SectionMemo(MEMO_SIZE)


def _key(
    access: ReportAccess,
    stamp: tuple[str, datetime.datetime],
    period: published.GridPeriod,
    info: dict[str, Any],
) -> tuple:
    project, district = info["project"], info["district"]
    return (
        connection.alias,
        *stamp,
        period.key,
        period.label,
        project.pk if project is not None else None,
        project.name if project is not None else None,
        district.pk if district is not None else None,
        info["breakdown"],
        get_language(),
        tuple((p.pk, p.name) for p in access.projects),
    )


def report_section(access: ReportAccess, info: dict[str, Any]) -> tuple[Report, SafeString]:
    """The report for ``access`` and the choices in ``info`` (period, project, district,
    breakdown), and its rendered section; for coordinators from the memo when this published
    set, period and selection were rendered before."""
    period = info["period"]

    def build() -> tuple[Report, SafeString]:
        report = report_for(
            access,
            period=period,
            project=info["project"],
            district=info["district"],
            breakdown=info["breakdown"],
        )
        return report, render_section(report)

    if not (access.suppressed and published.CROSS_REPORT):
        return build()
    key = _key(access, published.current_stamp(), period, info)
    found = memo.get(key)
    if found is None:
        found = build()
        memo.put(key, found)
    return found
