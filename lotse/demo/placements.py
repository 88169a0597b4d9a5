"""Applications with their stage history, placements with computed adequacy, follow-ups.

Every planned placement (see history.py) becomes a ``Placement`` starting on the planned date.
About three in four come from an application to a vacancy at an employer looked after in that
period (the vacancy then counts as filled); the others the mentee found alone. Most proposals
end without a contract, each with a reason. Today's active mentees have open applications, so
the board is full.
"""

import datetime

from django.utils import timezone

from lotse.cases.models import MenteeStatus
from lotse.demo.context import Demo
from lotse.demo.employers import DemoEmployer, Employers, period_of, period_range, vacancy_row
from lotse.demo.people import Person
from lotse.employers.models import (
    EmployerService,
    ServiceKind,
    ServiceTarget,
    Vacancy,
    VacancyKind,
    VacancyStatus,
)
from lotse.placements.adequacy import assess
from lotse.placements.models import (
    FOLLOW_UP_MONTHS,
    Application,
    ApplicationStageChange,
    FollowUp,
    Placement,
    PlacementType,
    StillEmployed,
)
from lotse.placements.stages import Stage

DAY = datetime.timedelta(days=1)
CLOSING_REASONS = {
    Stage.REJECTED: [
        "Deutschkenntnisse reichen für die Stelle noch nicht aus.",
        "Stelle wurde mit einer anderen Person besetzt.",
        "Erforderliche Berufserfahrung fehlt.",
        "Keine Rückmeldung des Betriebs nach dem Vorstellungsgespräch.",
        "Anerkennung des Abschlusses liegt noch nicht vor.",
    ],
    Stage.DECLINED: [
        "Arbeitszeiten sind mit der Kinderbetreuung nicht vereinbar.",
        "Arbeitsort ist ohne Auto nicht erreichbar.",
        "Hat sich für ein anderes Angebot entschieden.",
        "Bezahlung zu niedrig.",
    ],
    Stage.WITHDRAWN: [
        "Arbeitserlaubnis wurde nicht rechtzeitig erteilt.",
        "Betrieb hat die Stelle zurückgezogen.",
        "Umzug in eine andere Region.",
    ],
}
JOB_TYPES = [
    (PlacementType.INSURED_FULL_TIME, 58),
    (PlacementType.INSURED_PART_TIME, 22),
    (PlacementType.MINI_JOB, 16),
    (PlacementType.SELF_EMPLOYED, 4),
]
VACANCY_KIND = {
    PlacementType.APPRENTICESHIP: VacancyKind.APPRENTICESHIP,
    PlacementType.EQ: VacancyKind.INTERNSHIP,
    PlacementType.MINI_JOB: VacancyKind.MINI_JOB,
}


def _before(demo: Demo, day: datetime.date, low: int, high: int) -> datetime.date:
    return day - demo.rng.randint(low, high) * DAY


class _Writer:
    """Collects the rows of this step and writes them in an order the keys allow."""

    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.vacancies = demo.buffer(Vacancy)
        self.applications = demo.buffer(Application)
        self.changes = demo.buffer(ApplicationStageChange)
        self.placements = demo.buffer(Placement)
        self.followups = demo.buffer(FollowUp)
        self.services = demo.buffer(EmployerService)

    def application(
        self,
        person: Person,
        vacancy: dict,
        mentor,
        path: list[str],
        dates: list[datetime.date],
        reason: str = "",
    ) -> dict:
        """An application that went through ``path`` (stages) on ``dates``."""
        row = dict(
            id=self.demo.new_id(Application),
            mentee_id=person.mentee["id"],
            vacancy_id=vacancy["id"],
            stage=path[-1],
            stage_date=dates[-1],
            created_by_id=mentor.pk,
        )
        self.applications.append(row)
        previous = ""
        for stage, day in zip(path, dates, strict=True):
            self.changes.append(
                dict(
                    application_id=row["id"],
                    from_stage=previous,
                    to_stage=stage,
                    on_date=day,
                    actor_id=mentor.pk,
                    reason=reason if stage in CLOSING_REASONS else "",
                    recorded_at=timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(12))
                    ),
                )
            )
            previous = stage
        return row

    def write(self) -> None:
        for rows in (
            self.vacancies,
            self.applications,
            self.changes,
            self.placements,
            self.followups,
            self.services,
        ):
            rows.flush()


def _employer_for(
    demo: Demo, employers: Employers, project: int, day: datetime.date
) -> DemoEmployer:
    key = period_of(day)
    pool = employers.by_project_period.get((project, key))
    if not pool:
        pool = [e for e in employers.all if key in e.periods] or employers.all
    return demo.rng.choice(pool)


def _occupation(demo: Demo, person: Person, kind: str, employer: DemoEmployer) -> str:
    rng, ref = demo.rng, demo.ref
    if kind == PlacementType.APPRENTICESHIP:
        skilled = [c for c in person.targets if c in ref.skilled]
        return rng.choice(skilled) if skilled else demo.weighted(ref.skilled)
    if kind in (PlacementType.EQ, PlacementType.QUALIFICATION):
        return rng.choice(person.targets)
    level = person.recognised_level
    if level >= 2:
        if rng.random() < 0.55:  # works in the occupation learnt (or near it)
            own = [c for c in person.targets if int(c[4]) >= level]
            return own[0] if own else rng.choice(person.targets)
        if rng.random() < 0.7:  # below the qualification, for now
            return demo.weighted(ref.helper)
    if rng.random() < 0.5:
        return rng.choice(employer.occupations)
    return rng.choice(person.targets)


def build_placements(demo: Demo, people: list[Person], employers: Employers) -> None:
    rng, today = demo.rng, demo.today
    out = _Writer(demo)
    for person in people:
        failed_before = rng.choice([0, 0, 1, 1, 2, 3])
        for planned in sorted(person.plan.placements, key=lambda p: p.start):
            stay = person.plan.stays[planned.stay]
            mentor = person.mentors[planned.stay]
            start = planned.start
            if planned.kind == "apprenticeship":
                kind = PlacementType.APPRENTICESHIP
            elif planned.kind == "eq":
                kind = PlacementType.EQ if rng.random() < 0.7 else PlacementType.QUALIFICATION
            else:
                kind = rng.choices(*zip(*JOB_TYPES, strict=True))[0]
            employer = _employer_for(demo, employers, stay.project, start)
            code = _occupation(demo, person, kind, employer)
            requirement = int(code[4])
            vacancy = application = None
            if kind != PlacementType.SELF_EMPLOYED and rng.random() < 0.75:
                vacancy = vacancy_row(
                    demo,
                    employer,
                    code=code,
                    kind=VACANCY_KIND.get(kind, VacancyKind.JOB),
                    status=VacancyStatus.FILLED,
                    start=start,
                )
                out.vacancies.append(vacancy)
                # Earlier proposals that ended without a contract.
                for _ in range(failed_before):
                    _failed_application(demo, out, employers, person, stay.project, mentor, start)
                failed_before = 0
                proposed = max(stay.entry, _before(demo, start, 40, 110))
                path = [Stage.PROPOSED, Stage.APPLIED, Stage.INTERVIEW]
                if rng.random() < 0.4:
                    path.append(Stage.TRIAL)
                path += [Stage.OFFER, Stage.CONTRACT, Stage.STARTED]
                span = max(1, (start - proposed).days)
                dates = [proposed + (span * i // (len(path) - 1)) * DAY for i in range(len(path))]
                dates[-1] = start
                application = out.application(person, vacancy, mentor, path, dates)
            judged = assess(
                placement_type=kind,
                requirement_level=requirement,
                qualification_level=person.recognised_level,
            )
            end = end_reason = None
            later_stay_end = stay.exit
            if later_stay_end and rng.random() < 0.2:
                end = min(start + rng.randint(60, 500) * DAY, today - DAY)
                end = max(end, start)
                end_reason = rng.choice(
                    [
                        "Befristung ausgelaufen",
                        "In der Probezeit beendet",
                        "Wechsel zu anderem Betrieb",
                    ]
                )
            placement = dict(
                id=demo.new_id(Placement),
                mentee_id=person.mentee["id"],
                project_id=demo.projects[stay.project].pk,
                application_id=application["id"] if application else None,
                vacancy_id=vacancy["id"] if vacancy else None,
                employer_id=None if kind == PlacementType.SELF_EMPLOYED else employer.row["id"],
                placement_type=kind,
                occupation_id=code,
                start_date=start,
                end_date=end,
                end_reason=end_reason or "",
                hours_per_week={
                    PlacementType.INSURED_PART_TIME: rng.choice([20, 25, 30]),
                    PlacementType.MINI_JOB: 10,
                }.get(kind, rng.choice([38, 39, 40])),
                requirement_level=requirement,
                qualification_level=person.recognised_level,
                adequacy_computed=judged.adequate,
                created_by_id=mentor.pk,
            )
            out.placements.append(placement)
            if kind != PlacementType.SELF_EMPLOYED:
                out.services.append(
                    dict(
                        employer_id=employer.row["id"],
                        date=start,
                        kind=ServiceKind.ACCOMPANIMENT,
                        duration_minutes=60,
                        target=ServiceTarget.MENTEE,
                        mentee_id=person.mentee["id"],
                        author_id=mentor.pk,
                    )
                )
            _follow_ups(demo, out, placement, mentor)
        # People never placed still tried.
        if not person.plan.placements:
            stay = person.plan.stays[-1]
            for _ in range(rng.choice([0, 1, 1, 2])):
                day = stay.entry + rng.randint(30, 400) * DAY
                if day < min(stay.exit or today, today):
                    _failed_application(
                        demo, out, employers, person, stay.project, person.mentors[-1], day
                    )
    _open_applications(demo, out, people, employers)
    out.write()


def _failed_application(
    demo: Demo,
    out: _Writer,
    employers: Employers,
    person: Person,
    project: int,
    mentor,
    before: datetime.date,
) -> None:
    rng = demo.rng
    proposed = _before(demo, before, 60, 300)
    stay_entry = min(s.entry for s in person.plan.stays)
    proposed = max(proposed, stay_entry)
    employer = _employer_for(demo, employers, project, proposed)
    pool = [v for v in employer.vacancies if v["status"] != VacancyStatus.OPEN]
    if pool and rng.random() < 0.5:
        vacancy = rng.choice(pool)
    else:
        vacancy = vacancy_row(
            demo,
            employer,
            code=rng.choice(employer.occupations),
            kind=VacancyKind.JOB,
            status=rng.choice([VacancyStatus.FILLED, VacancyStatus.CLOSED]),
            start=proposed + rng.randint(30, 90) * DAY,
        )
        out.vacancies.append(vacancy)
    ending = rng.choices([Stage.REJECTED, Stage.DECLINED, Stage.WITHDRAWN], weights=[60, 25, 15])[0]
    path = [Stage.PROPOSED]
    if rng.random() < 0.7:
        path.append(Stage.APPLIED)
        if rng.random() < 0.45:
            path.append(Stage.INTERVIEW)
    path.append(ending)
    dates = [proposed + (i * rng.randint(5, 20)) * DAY for i in range(len(path))]
    dates = [min(d, before) for d in dates]
    out.application(
        person, vacancy, mentor, path, dates, reason=rng.choice(CLOSING_REASONS[ending])
    )


def _follow_ups(demo: Demo, out: _Writer, placement: dict, mentor) -> None:
    rng, today = demo.rng, demo.today
    start = placement["start_date"]
    for months in FOLLOW_UP_MONTHS:
        due = start + round(months * 30.44) * DAY
        answered = due + rng.randint(0, 20) * DAY
        if answered >= today:
            out.followups.append(dict(placement_id=placement["id"], months=months, due_on=due))
            continue
        ended = placement["end_date"] and placement["end_date"] < due
        answer = (
            StillEmployed.NO
            if ended
            else rng.choices(
                [StillEmployed.YES, StillEmployed.NO, StillEmployed.UNKNOWN], weights=[84, 8, 8]
            )[0]
        )
        out.followups.append(
            dict(
                placement_id=placement["id"],
                months=months,
                due_on=due,
                answered_on=answered,
                still_employed=answer,
                answered_by_id=mentor.pk,
            )
        )


def _open_applications(
    demo: Demo, out: _Writer, people: list[Person], employers: Employers
) -> None:
    """Open applications of today's active mentees, in every stage of the board."""
    rng, today = demo.rng, demo.today
    stages = [
        Stage.PROPOSED,
        Stage.APPLIED,
        Stage.INTERVIEW,
        Stage.TRIAL,
        Stage.OFFER,
        Stage.CONTRACT,
    ]
    for person in people:
        if person.mentee["status"] != MenteeStatus.ACTIVE or rng.random() > 0.4:
            continue
        stay = person.plan.stays[-1]
        pool = employers.open_vacancies_by_project.get(stay.project, [])
        if not pool:
            continue
        for vacancy in rng.sample(pool, min(len(pool), rng.choice([1, 1, 2]))):
            depth = rng.choices(range(len(stages)), weights=[30, 25, 20, 10, 8, 7])[0]
            path = stages[: depth + 1]
            if Stage.TRIAL in path and rng.random() < 0.5:
                path.remove(Stage.TRIAL)
            first = max(stay.entry, today - rng.randint(5, 60) * DAY)
            span = max(1, (today - first).days)
            dates = [first + (span * i // (len(path) + 1)) * DAY for i in range(len(path))]
            out.application(person, vacancy, person.mentors[-1], path, dates)


__all__ = ["build_placements", "period_range"]
