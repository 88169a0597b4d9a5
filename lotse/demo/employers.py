"""Employers with contacts and the services given to them, and the open vacancies of today.

Employers looked after (at least one service aimed at the company) per period, at scale 1:
model phase 1,600 and 2020–2024 2,150, out of about 2,180 employers over the programme's life:
most employers come back (1,600 were looked after in both phases), and 1,330 are still looked
after since 2025.
"""

import datetime
from dataclasses import dataclass, field

from lotse.demo.catalogues import (
    EMPLOYER_PREFIXES,
    EMPLOYER_PROFILES,
    EMPLOYER_SUFFIXES,
    STAFF_LAST,
    STREETS,
)
from lotse.demo.context import Demo
from lotse.demo.history import MODEL_PHASE, PHASE_2020, n
from lotse.employers.models import (
    Employer,
    EmployerContact,
    EmployerService,
    Sector,
    ServiceKind,
    ServiceTarget,
    SizeClass,
    Vacancy,
    VacancyKind,
    VacancySource,
    VacancyStatus,
)

DAY = datetime.timedelta(days=1)
EMPLOYER_SETS = {  # the periods an employer is looked after in → how many (scale 1)
    ("model", "2020"): 700,
    ("model", "2020", "later"): 900,
    ("2020",): 150,
    ("2020", "later"): 400,
    ("later",): 30,
}
OPEN_VACANCIES = 3000
GERMAN_FOR_LEVEL = {1: ["A2", "A2", "B1"], 2: ["B1", "B1", "B2"], 3: ["B2", "C1"], 4: ["C1"]}


@dataclass
class DemoEmployer:
    row: dict
    project: int
    periods: tuple[str, ...]
    occupations: tuple[str, ...]
    place: object  # reference.Postcode
    vacancies: list[dict] = field(default_factory=list)


@dataclass
class Employers:
    all: list[DemoEmployer]
    by_project_period: dict[tuple[int, str], list[DemoEmployer]]
    open_vacancies_by_project: dict[int, list[dict]]


def period_of(day: datetime.date) -> str:
    if day <= MODEL_PHASE[1]:
        return "model"
    if day <= PHASE_2020[1]:
        return "2020"
    return "later"


def period_range(demo: Demo, key: str) -> tuple[datetime.date, datetime.date]:
    return {
        "model": MODEL_PHASE,
        "2020": PHASE_2020,
        "later": (PHASE_2020[1] + DAY, demo.today - DAY),
    }[key]


def _between(demo: Demo, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + demo.rng.randint(0, (end - start).days) * DAY


def vacancy_row(
    demo: Demo,
    employer: DemoEmployer,
    *,
    code: str,
    kind: str,
    status: str,
    start: datetime.date | None,
    source: str = VacancySource.OWN,
) -> dict:
    """A vacancy at ``employer`` for occupation ``code`` (with its workplace nearby)."""
    rng = demo.rng
    level = int(code[4])
    places = demo.ref.postcodes[employer.project]
    place = employer.place if rng.random() < 0.7 else rng.choice(places)
    occupation = demo.ref.occupations[code]
    hours = {VacancyKind.MINI_JOB: 10, VacancyKind.APPRENTICESHIP: 40}.get(
        kind, rng.choice([20, 30, 35, 38, 40, 40])
    )
    vacancy_id = demo.new_id(Vacancy)
    row = dict(
        id=vacancy_id,
        employer_id=employer.row["id"],
        kind=kind,
        title=occupation.name[:200]
        if kind != VacancyKind.APPRENTICESHIP
        else f"Ausbildung: {occupation.name}"[:200],
        occupation_id=code,
        requirement_level=level,
        workplace_postcode=place.code,
        workplace_place_id=place.pk,
        district_id=place.district_id,
        latitude=place.latitude,
        longitude=place.longitude,
        german_level=rng.choice(GERMAN_FOR_LEVEL[level]),
        hours_per_week=hours,
        shift_work=rng.random() < 0.2,
        start_date=start,
        closing_date=start - rng.randint(7, 30) * DAY if start else None,
        driving_licence_required=code.startswith("521") or rng.random() < 0.08,
        source=source,
        ba_refnr=f"10000-{1000000000 + vacancy_id}-S" if source == VacancySource.BA else "",
        status=status,
    )
    employer.vacancies.append(row)
    return row


def build_employers(demo: Demo, people: list) -> Employers:
    rng, ref = demo.rng, demo.ref
    if not Sector.objects.exists():
        from lotse.employers.sectors import load_sectors

        load_sectors()
    sectors = set(Sector.objects.filter(level=2).values_list("code", flat=True))
    weights = [len(m) for m in demo.mentors]
    projects = list(range(len(demo.projects)))
    employers: list[DemoEmployer] = []
    names: set[str] = set()
    for periods, base in EMPLOYER_SETS.items():
        for _ in range(n(base, demo.scale)):
            project = rng.choices(projects, weights=weights)[0]
            profile = rng.randrange(len(EMPLOYER_PROFILES))
            codes, sector = EMPLOYER_PROFILES[profile]
            codes = tuple(c for c in codes if c in ref.occupations) or tuple(ref.skilled)
            place = rng.choice(ref.postcodes[project])
            prefix, suffix = EMPLOYER_PREFIXES[profile], rng.choice(EMPLOYER_SUFFIXES)
            name = f"{prefix} {rng.choice(STAFF_LAST)} {suffix}"
            if name in names:
                name = f"{prefix} {place.place} {suffix}"
            names.add(name)
            row = dict(
                id=demo.new_id(Employer),
                project_id=demo.projects[project].pk,
                name=name[:200],
                sector_id=sector if sector in sectors else None,
                size_class=rng.choices(
                    [SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE],
                    weights=[35, 35, 22, 8],
                )[0],
                street=f"{rng.choice(STREETS)} {rng.randint(1, 150)}",
                postcode=place.code,
                place_id=place.pk,
                district_id=place.district_id,
                latitude=place.latitude,
                longitude=place.longitude,
                website=f"https://www.{name.split()[1].lower()}-{place.code}.example"
                if rng.random() < 0.5
                else "",
            )
            employers.append(DemoEmployer(row, project, periods, codes, place))
    demo.insert(Employer, [e.row for e in employers])

    contacts, services = [], []
    by_project_period: dict[tuple[int, str], list[DemoEmployer]] = {}
    for employer in employers:
        first_period = period_range(demo, employer.periods[0])
        for _ in range(rng.choice([1, 1, 2])):
            contacts.append(
                dict(
                    employer_id=employer.row["id"],
                    name=f"{rng.choice(['Frau', 'Herr'])} {rng.choice(STAFF_LAST)}",
                    role=rng.choice(
                        ["Inhaber/in", "Personalleitung", "Ausbildungsleitung", "Filialleitung"]
                    ),
                    # E.164, as the forms store them: Leipzig, Dresden, Chemnitz, Zwickau.
                    phone=f"+49{(341, 351, 371, 375)[rng.randint(41, 79) % 4]}"
                    f"{rng.randint(100000, 9999999):07d}",
                    consent_given_on=_between(demo, *first_period),
                )
            )
        mentor_pool = demo.mentors[employer.project]
        for key in employer.periods:
            by_project_period.setdefault((employer.project, key), []).append(employer)
            start, end = period_range(demo, key)
            first = _between(demo, start, end)
            kinds = [ServiceKind.ACQUISITION if key == employer.periods[0] else ServiceKind.ADVICE]
            kinds += rng.choices(
                [ServiceKind.ADVICE, ServiceKind.AFTER_CARE, ServiceKind.ACCOMPANIMENT],
                weights=[4, 3, 1],
                k=rng.randint(0, 3 if key != "model" else 2),
            )
            for index, kind in enumerate(kinds):
                day = first if index == 0 else _between(demo, first, end)
                services.append(
                    dict(
                        employer_id=employer.row["id"],
                        date=day,
                        kind=kind,
                        duration_minutes=rng.choice([30, 45, 60, 90, 120]),
                        target=ServiceTarget.COMPANY,
                        author_id=rng.choice(mentor_pool).pk,
                        notes="Bedarf an Fachkräften und Azubis besprochen."
                        if kind == ServiceKind.ACQUISITION
                        else "",
                    )
                )
    demo.insert(EmployerContact, contacts)
    demo.insert(EmployerService, services)

    # Open vacancies today, mostly at employers looked after now; some from the BA job board.
    current = [e for e in employers if "later" in e.periods] or employers
    open_by_project: dict[int, list[dict]] = {}
    rows = []
    for _ in range(n(OPEN_VACANCIES, demo.scale)):
        employer = rng.choice(current)
        kind = rng.choices(
            [
                VacancyKind.JOB,
                VacancyKind.APPRENTICESHIP,
                VacancyKind.INTERNSHIP,
                VacancyKind.MINI_JOB,
            ],
            weights=[70, 18, 7, 5],
        )[0]
        if kind == VacancyKind.APPRENTICESHIP:
            code = demo.weighted(ref.skilled)
            year = demo.today.year + (1 if demo.today.month >= 8 else 0)
            start = datetime.date(year, rng.choice([8, 9]), 1)
        else:
            code = (
                rng.choice(employer.occupations)
                if rng.random() < 0.7
                else demo.weighted(rng.choice([ref.skilled, ref.helper, ref.advanced]))
            )
            start = demo.today + rng.randint(7, 120) * DAY
        source = VacancySource.BA if rng.random() < 0.3 else VacancySource.OWN
        row = vacancy_row(
            demo,
            employer,
            code=code,
            kind=kind,
            status=VacancyStatus.OPEN,
            start=start,
            source=source,
        )
        rows.append(row)
        open_by_project.setdefault(employer.project, []).append(row)
    demo.insert(Vacancy, rows)
    return Employers(employers, by_project_period, open_by_project)
