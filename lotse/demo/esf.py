"""ESF Plus indicators for the demo projects that record them (Dresden and Görlitz), for stays
since 2021 (the ESF Plus period): answers at entry, within four weeks of leaving and six months
after leaving, each question with a share of "keine Angabe"."""

import datetime

from lotse.demo.catalogues import PROJECTS
from lotse.demo.context import Demo
from lotse.demo.people import Person
from lotse.reporting.models import EsfRecord, ImmediateResult, LabourStatus, YesNoUnknown

DAY = datetime.timedelta(days=1)
ESF_START = datetime.date(2021, 1, 1)
AFTER_EXIT = {
    "job": ImmediateResult.EMPLOYMENT,
    "apprenticeship": ImmediateResult.EDUCATION,
    "qualification": ImmediateResult.QUALIFICATION,
}


def _answer(demo: Demo, yes: float, not_stated: float = 0.05) -> str:
    r = demo.rng.random()
    if r < not_stated:
        return YesNoUnknown.NOT_STATED
    return YesNoUnknown.YES if r < not_stated + yes else YesNoUnknown.NO


def build_esf_records(demo: Demo, people: list[Person]) -> None:
    rng, today = demo.rng, demo.today
    esf_projects = {demo.projects[i].pk for i, spec in enumerate(PROJECTS) if spec.esf}
    rows = []
    for person in people:
        for stay, participation, mentor in zip(
            person.plan.stays, person.participations, person.mentors, strict=True
        ):
            if participation["project_id"] not in esf_projects or stay.entry < ESF_START:
                continue
            status = rng.choices([s.value for s in LabourStatus], weights=[45, 25, 20, 6, 4])[0]
            row = dict(
                participation_id=participation["id"],
                labour_status=status,
                disability=_answer(demo, 0.04, 0.15),
                foreign_background=YesNoUnknown.YES,
                minority=_answer(demo, 0.05, 0.4),
                homeless=_answer(demo, 0.03, 0.1),
                rural=_answer(demo, 0.3),
                entry_asked_on=min(stay.entry + rng.randint(0, 25) * DAY, today),
                recorded_by_id=mentor.pk,
            )
            if stay.exit:
                row["immediate_result"] = AFTER_EXIT.get(
                    stay.exit_reason,
                    rng.choice([ImmediateResult.JOB_SEARCHING, ImmediateResult.NONE]),
                )
                row["exit_asked_on"] = min(stay.exit + rng.randint(0, 25) * DAY, today)
                six = stay.exit + 183 * DAY
                if six <= today:
                    employed = row["immediate_result"] == ImmediateResult.EMPLOYMENT
                    row["employed_after_six_months"] = _answer(demo, 0.85 if employed else 0.2)
                    row["six_months_asked_on"] = min(six + rng.randint(0, 20) * DAY, today)
                    if status == LabourStatus.EMPLOYED:
                        row["better_situation_after_six_months"] = _answer(demo, 0.6)
            rows.append(row)
    demo.insert(EsfRecord, rows)
