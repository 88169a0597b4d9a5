"""Mentees with their case files, built from the history plan."""

import datetime
from dataclasses import dataclass, field

from lotse.cases.models import (
    Agency,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    DrivingLicence,
    ExternalReference,
    Gender,
    Goal,
    LanguageSkill,
    Mentee,
    MenteeStatus,
    Participation,
    Qualification,
    RecognitionResult,
    Referrer,
    ResidenceStatus,
    TargetOccupation,
    WorkExperience,
)
from lotse.demo.catalogues import QUALIFICATION_TITLES, REGULATED, STREETS, Origin
from lotse.demo.context import Demo
from lotse.demo.history import PersonPlan

DAY = datetime.timedelta(days=1)
UKRAINE_WAR = datetime.date(2022, 2, 24)
CEFR = ["A1", "A2", "B1", "B2", "C1"]


@dataclass
class Person:
    """A planned person with the facts later generators need."""

    plan: PersonPlan
    origin: Origin
    mentee: dict  # the Mentee row as written (field attnames → values)
    qualification_level: int  # the level of the qualification held (1–4)
    recognised_level: int  # the level that counts for adequacy (1 if not recognised)
    targets: list[str] = field(default_factory=list)  # KldB codes
    mentors: list = field(default_factory=list)  # per stay
    german: str = "A2"
    participations: list[dict] = field(default_factory=list)  # Participation rows, per stay


def _origin(demo: Demo, entry: datetime.date) -> Origin:
    weights = []
    for origin in demo.ref.origins:
        weight = origin.weight
        if origin.iso == "UA":
            weight = 0 if entry < datetime.date(2022, 3, 15) else 45
        elif entry >= datetime.date(2022, 3, 15) and origin.iso in {"SY", "ER"}:
            weight = weight * 0.6
        weights.append(weight)
    return demo.rng.choices(demo.ref.origins, weights=weights)[0]


def _gender(demo: Demo, origin: Origin) -> str:
    r = demo.rng.random()
    if r < 0.006:
        return Gender.DIVERSE
    if r < 0.018:
        return Gender.NOT_STATED
    women = 0.62 if origin.iso == "UA" else 0.27
    return Gender.FEMALE if demo.rng.random() < women else Gender.MALE


def _qualification_level(demo: Demo, plan: PersonPlan) -> int:
    kinds = {p.kind for p in plan.placements}
    if "apprenticeship" in kinds:
        return 1 if demo.rng.random() < 0.88 else 2
    return demo.rng.choices([1, 2, 3, 4], weights=[44, 34, 13, 9])[0]


def _phone(demo: Demo) -> str:
    """A German mobile number in E.164, as the forms store them."""
    return f"+4915{demo.rng.choice('1579')}{demo.rng.randint(1000000, 99999999):08d}"


def _ascii(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.lower().replace("ß", "ss").replace("ı", "i"))
    return "".join(ch for ch in plain if ch.isascii() and (ch.isalnum() or ch == "-"))


def build_people(demo: Demo, plans: list[PersonPlan]) -> list[Person]:
    rng, ref, today = demo.rng, demo.ref, demo.today
    people: list[Person] = []
    for plan in plans:
        first_entry = plan.stays[0].entry
        last = plan.stays[-1]
        origin = _origin(demo, first_entry)
        gender = _gender(demo, origin)
        female = gender == Gender.FEMALE or (gender != Gender.MALE and rng.random() < 0.5)
        first = rng.choice(origin.female if female else origin.male)
        last_name = rng.choice(origin.last)
        kinds = {p.kind for p in plan.placements}
        apprentice = "apprenticeship" in kinds
        age = rng.randint(18, 27) if apprentice else int(rng.triangular(19, 58, 31))
        birth = first_entry - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        if origin.iso == "UA":
            arrival = max(UKRAINE_WAR + rng.randint(0, 200) * DAY, first_entry - 400 * DAY)
            arrival = min(arrival, first_entry - 20 * DAY)
        else:
            arrival = first_entry - rng.randint(120, 1500) * DAY
        level = _qualification_level(demo, plan)
        project_index = last.project
        places = ref.postcodes[project_index]
        place = rng.choice(places)
        mentors = [rng.choice(demo.mentors[s.project]) for s in plan.stays]
        current = last.exit is None
        placed_now = current and any(
            p.stay == len(plan.stays) - 1 and p.start <= today for p in plan.placements
        )
        status = (
            MenteeStatus.EXITED
            if not current
            else MenteeStatus.PLACED
            if placed_now
            else MenteeStatus.ACTIVE
        )
        goal = (
            Goal.APPRENTICESHIP
            if apprentice or (level == 1 and age < 27 and rng.random() < 0.5)
            else Goal.QUALIFICATION
            if rng.random() < 0.08
            else Goal.JOB
        )
        licence = rng.choices(
            [DrivingLicence.NONE, DrivingLicence.B, DrivingLicence.FOREIGN],
            weights=[55, 25, 20],
        )[0]
        hours = rng.choice([20, 25, 30, 35, 39, 40, 40, 40])
        children = female and 25 <= age <= 45 and rng.random() < 0.35
        mentee = dict(
            id=demo.new_id(Mentee),
            project_id=demo.projects[project_index].pk,
            mentor_id=mentors[-1].pk,
            status=status,
            first_name=first,
            last_name=last_name,
            birth_date=birth,
            gender=gender,
            phone=_phone(demo),
            email=f"{_ascii(first)}.{_ascii(last_name)}{rng.randint(1, 99)}@example.org"
            if rng.random() < 0.45
            else "",
            street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            postcode=place.code,
            place_id=place.pk,
            district_id=place.district_id,
            nationality_id=origin.iso,
            country_of_origin_id=origin.iso,
            arrival_date=arrival,
            school_years=max(0, min(16, int(rng.gauss(6 + 2.5 * level, 2.5)))),
            isced_level=rng.choice({1: [1, 2, 2, 3], 2: [3, 3, 4], 3: [5, 6], 4: [7, 7, 8]}[level]),
            goal=goal,
            driving_licence=licence,
            has_car=licence == DrivingLicence.B and rng.random() < 0.5,
            commute_limit_km=rng.choice([10, 15, 20, 25, 30, 40, 50]),
            available_from=last.entry + rng.randint(0, 60) * DAY,
            hours_per_week=20 if children and rng.random() < 0.6 else hours,
            childcare_constraint="Kita bis 15 Uhr, Abholung selbst" if children else "",
            referrer=rng.choices(
                [r.value for r in Referrer], weights=[35, 12, 4, 14, 14, 3, 12, 6]
            )[0],
        )
        people.append(
            Person(
                plan=plan,
                origin=origin,
                mentee=mentee,
                qualification_level=level,
                recognised_level=1,
                mentors=mentors,
            )
        )
    demo.insert(Mentee, [p.mentee for p in people])
    demo.count(
        "current mentees",
        sum(1 for p in people if p.mentee["status"] != MenteeStatus.EXITED),
    )
    _participations(demo, people)
    _profiles(demo, people)
    return people


def _participations(demo: Demo, people: list[Person]) -> None:
    rows = []
    for person in people:
        for stay, mentor in zip(person.plan.stays, person.mentors, strict=True):
            person.participations.append(
                dict(
                    mentee_id=person.mentee["id"],
                    project_id=demo.projects[stay.project].pk,
                    mentor_id=mentor.pk,
                    entry_date=stay.entry,
                    exit_date=stay.exit,
                    exit_reason=stay.exit_reason,
                )
            )
        rows.extend(person.participations)
    demo.insert(Participation, rows)


def _german_level(demo: Demo, person: Person) -> str:
    """German at the end of the last stay (or today): better the longer the person is here."""
    end = person.plan.stays[-1].exit or demo.today
    years = (end - person.mentee["arrival_date"]).days / 365
    base = 0.6 + years * 0.55 + (person.qualification_level - 1) * 0.3
    index = int(max(0, min(4, demo.rng.gauss(base, 0.8))))
    return CEFR[index]


def _profiles(demo: Demo, people: list[Person]) -> None:
    rng, ref = demo.rng, demo.ref
    languages, qualifications = demo.buffer(LanguageSkill), demo.buffer(Qualification)
    experience, targets = demo.buffer(WorkExperience), demo.buffer(TargetOccupation)
    statuses, references = demo.buffer(ResidenceStatus), demo.buffer(ExternalReference)
    consents = demo.buffer(Consent)
    for person in people:
        mentee, origin = person.mentee, person.origin
        entry = person.plan.stays[0].entry
        end = person.plan.stays[-1].exit or demo.today
        # Languages: first language, German, sometimes a second language and English.
        native = [code for code in origin.languages if code in ref.languages]
        if native:
            languages.append(dict(mentee_id=mentee["id"], language_id=native[0], level="native"))
        for code in native[1:]:
            if rng.random() < 0.4:
                languages.append(
                    dict(mentee_id=mentee["id"], language_id=code, level=rng.choice(CEFR[1:]))
                )
        person.german = _german_level(demo, person)
        certified = person.german in {"A2", "B1", "B2", "C1"} and rng.random() < 0.7
        languages.append(
            dict(
                mentee_id=mentee["id"],
                language_id="de",
                level=person.german,
                certificate=rng.choice(["DTZ", "telc Deutsch", "Goethe-Zertifikat"])
                if certified
                else "",
                certificate_date=_between(demo, mentee["arrival_date"] + 300 * DAY, end)
                if certified
                else None,
            )
        )
        if "en" in ref.languages and "en" not in native and rng.random() < 0.3:
            languages.append(
                dict(mentee_id=mentee["id"], language_id="en", level=rng.choice(CEFR[:4]))
            )

        # Qualification with its recognition, target occupations and work experience.
        level = person.qualification_level
        pool = {2: ref.skilled, 3: ref.advanced, 4: ref.advanced}.get(level, ref.helper)
        own = demo.weighted(pool)
        if level >= 2:
            regulated = own in REGULATED
            result = rng.choices(
                [
                    RecognitionResult.FULL,
                    RecognitionResult.PARTIAL,
                    RecognitionResult.PENDING,
                    RecognitionResult.NONE,
                    RecognitionResult.NOT_NEEDED,
                    RecognitionResult.NOT_APPLIED,
                ],
                weights=[36, 14, 12, 5, 0 if regulated else 18, 15],
            )[0]
            applied = decided = None
            if result not in {RecognitionResult.NOT_APPLIED, RecognitionResult.NOT_NEEDED}:
                applied = _between(demo, mentee["arrival_date"] + 90 * DAY, end - 30 * DAY)
                if result != RecognitionResult.PENDING:
                    decided = applied + rng.randint(40, 200) * DAY
            qualifications.append(
                dict(
                    mentee_id=mentee["id"],
                    title=QUALIFICATION_TITLES.get(own, "Berufsabschluss"),
                    kind=level,
                    country_id=origin.iso,
                    isced_level=mentee["isced_level"],
                    year=max(1985, mentee["arrival_date"].year - rng.randint(1, 12)),
                    reference_occupation_id=own,
                    regulated=regulated,
                    competent_body=rng.choice(
                        [
                            "IHK FOSA",
                            "Handwerkskammer Dresden",
                            "Handwerkskammer Leipzig",
                            "Landesdirektion Sachsen",
                            "Sächsisches Landesamt für Schule und Bildung",
                        ]
                    )
                    if applied
                    else "",
                    recognition_result=result,
                    application_date=applied,
                    decision_date=decided,
                    gaps="Praxisphase im Betrieb fehlt; Fachsprache B2."
                    if result == RecognitionResult.PARTIAL
                    else "",
                    bridging_measure="Anpassungsqualifizierung (IQ Netzwerk Sachsen)"
                    if result == RecognitionResult.PARTIAL and rng.random() < 0.6
                    else "",
                )
            )
            if result in {RecognitionResult.FULL, RecognitionResult.NOT_NEEDED}:
                person.recognised_level = level
            experience.append(
                dict(
                    mentee_id=mentee["id"],
                    occupation_id=own,
                    description=QUALIFICATION_TITLES.get(own, ""),
                    country_id=origin.iso,
                    years=rng.randint(1, 15),
                )
            )
        elif rng.random() < 0.5:
            experience.append(
                dict(
                    mentee_id=mentee["id"],
                    occupation_id=own,
                    country_id=origin.iso,
                    years=rng.randint(1, 8),
                )
            )
        goal_pool = ref.skilled if mentee["goal"] == Goal.APPRENTICESHIP else pool
        wanted = [own] if level >= 2 else []
        while len(wanted) < rng.choice([1, 2, 2, 3]):
            code = demo.weighted(goal_pool if rng.random() < 0.7 else ref.helper)
            if code not in wanted:
                wanted.append(code)
        if mentee["goal"] == Goal.APPRENTICESHIP:
            wanted = [c for c in wanted if c in ref.skilled] or [demo.weighted(ref.skilled)]
        person.targets = wanted
        for priority, code in enumerate(wanted, start=1):
            targets.append(dict(mentee_id=mentee["id"], occupation_id=code, priority=priority))

        # Residence status history.
        statuses.extend(_residence(demo, person))

        # External references and consents.
        if rng.random() < 0.7:
            references.append(
                dict(
                    mentee_id=mentee["id"],
                    agency=Agency.JOBCENTER,
                    reference=f"{rng.randint(10000, 99999)}BG{rng.randint(1000000, 9999999)}",
                )
            )
        if rng.random() < 0.25:
            references.append(
                dict(
                    mentee_id=mentee["id"],
                    agency=Agency.AGENTUR,
                    reference=f"{rng.randint(100, 999)}D{rng.randint(100000, 999999)}",
                )
            )
        consents.append(
            dict(
                mentee_id=mentee["id"],
                purpose=ConsentPurpose.CASE_MANAGEMENT,
                text_version="2016-10" if entry.year < 2020 else "2020-01",
                language=rng.choice(["Deutsch", "Arabisch", "Dari", "Ukrainisch", "Englisch"]),
                given_on=entry,
                method=ConsentMethod.WRITTEN,
            )
        )
        if rng.random() < 0.8:
            consents.append(
                dict(
                    mentee_id=mentee["id"],
                    purpose=ConsentPurpose.EMPLOYER_PROPOSAL,
                    text_version="2020-01",
                    language="Deutsch",
                    given_on=min(entry + rng.randint(0, 30) * DAY, demo.today),  # in force today
                    method=ConsentMethod.WRITTEN,
                )
            )
        if rng.random() < 0.6:
            consents.append(
                dict(
                    mentee_id=mentee["id"],
                    purpose=ConsentPurpose.PARTNER_EXCHANGE,
                    text_version="2020-01",
                    language="Deutsch",
                    given_on=entry,
                    method=ConsentMethod.WRITTEN,
                    withdrawn_on=entry + 200 * DAY if rng.random() < 0.03 else None,
                )
            )
    for rows in (languages, qualifications, experience, targets, statuses, references, consents):
        rows.flush()


def _between(demo: Demo, start: datetime.date, end: datetime.date) -> datetime.date:
    end = min(end, demo.today)
    if end <= start:
        return min(start, demo.today)
    return start + demo.rng.randint(0, (end - start).days) * DAY


def _residence(demo: Demo, person: Person) -> list[ResidenceStatus]:
    """One to three documents: a protection title (or a permission to stay during the asylum
    procedure followed by one), each valid for one to three years; some current documents expire
    within the next four weeks so that reminders show."""
    rng, ref, today = demo.rng, demo.ref, demo.today
    mentee, iso = person.mentee, person.origin.iso
    arrival = mentee["arrival_date"]
    rows = []
    if iso == "UA":
        chain = [("§ 24", "24 ", "ae-24")]
    elif iso in {"SY", "ER"}:
        chain = [("25 abs. 2", "25-2", "25.2"), ("25 abs. 2", "25-2", "25.2")]
    elif iso == "VE" or iso == "RU" or iso == "GE":
        chain = [("gestattung",), ("duldung", "60a")]
    else:
        chain = rng.choice(
            [
                [("gestattung",), ("25 abs. 3", "25-3", "25.3")],
                [("gestattung",), ("duldung", "60a")],
                [("25 abs. 2", "25-2", "25.2"), ("25 abs. 1", "25-1", "25.1")],
                [("gestattung",), ("25 abs. 2", "25-2", "25.2"), ("niederlassung",)],
            ]
        )
    start = arrival + rng.randint(5, 60) * DAY
    current = mentee["status"] != MenteeStatus.EXITED
    for index, needles in enumerate(chain):
        title = ref.residence_title(*needles)
        length = rng.randint(180, 1100)
        until = start + length * DAY
        last = index == len(chain) - 1
        if last and current:
            # Keep the current document valid; some run out within the next four weeks.
            soon = rng.random() < 0.06
            if soon:
                until = today + rng.randint(3, 28) * DAY
            elif until < today:
                until = today + rng.randint(60, 700) * DAY
        if "niederlassung" in needles:
            until = None
        rows.append(
            dict(
                mentee_id=mentee["id"],
                title_id=title.pk,
                valid_from=start,
                valid_until=until,
                asylum_application_date=start if "gestattung" in needles else None,
                duldung_start=start if "duldung" in needles else None,
                identity_clarified=True,
                work_note="Beschäftigung nur mit Erlaubnis der Ausländerbehörde gestattet."
                if "gestattung" in needles or "duldung" in needles
                else "Erwerbstätigkeit gestattet.",
            )
        )
        if until is None or (not current and until > (person.plan.stays[-1].exit or today)):
            break
        start = until + DAY
        if not last and start > today:
            break
    return rows
