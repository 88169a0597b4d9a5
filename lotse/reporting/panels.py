"""The ESF Plus section on the mentee page (only for projects that record the indicators), and
the ESF Plus records (special-category data) in the access export."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import project_ids_for
from lotse.lib.exports import model_values
from lotse.lib.sections import Export, Panel, Section
from lotse.reporting.models import EsfRecord
from lotse.reporting.selectors import esf_participation


def mentee_esf_panel(request: HttpRequest, mentee: Any) -> Panel | None:
    user: Any = request.user
    if mentee.project_id not in project_ids_for(user) or not mentee.project.esf_indicators:
        return None
    participation = esf_participation(user, mentee)
    if participation is None:
        return None
    record = getattr(participation, "esf_record", None)
    return Panel(
        "reporting/_esf_panel.html",
        {"esf_panel": {"mentee": mentee, "participation": participation, "record": record}},
    )


def esf_export_data(user: Any, mentee: Any) -> list[dict[str, Any]]:
    """The ESF Plus record of every stay of the mentee in the user's projects, by entry date."""
    records = (
        EsfRecord.objects.filter(
            participation__mentee=mentee, participation__project_id__in=project_ids_for(user)
        )
        .select_related("participation__project")
        .order_by("participation__entry_date", "pk")
    )
    return [
        {
            "project": str(record.participation.project),
            "entry_date": record.participation.entry_date.isoformat(),
            **model_values(record, skip=("participation",)),
        }
        for record in records
    ]


MENTEE_SECTION: Section[Any] = Section(
    id="esf",
    heading=_("ESF Plus indicators"),
    panel=mentee_esf_panel,
    export=Export(esf_export_data, models=(EsfRecord,), key="esf_records"),
)
