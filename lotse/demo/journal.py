"""Journals: contacts, appointments (some today for every mentor), tasks (some overdue), the
integration agreement with its steps, referrals and courses."""

import datetime

from django.utils import timezone

from lotse.cases.models import Goal, MenteeStatus
from lotse.demo.catalogues import CONTACT_NOTES
from lotse.demo.context import Demo
from lotse.demo.people import CEFR, Person
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    ContactKind,
    CourseKind,
    CourseParticipation,
    CourseResult,
    IntegrationAgreement,
    JournalEntry,
    PartnerKind,
    Referral,
    Responsible,
    StepStatus,
    Task,
    TaskKind,
    Topic,
)

DAY = datetime.timedelta(days=1)
#: An open agreed step overdue longer than this would have been done or dropped by now.
STEP_FORGOTTEN = 6 * 7 * DAY
DEMO_MENTORS = {"mentorin.chemnitz", "mentor.leipzig"}  # the demo logins see a full day
TODAY_SLOTS = [(9, 0), (10, 30), (13, 0), (14, 30), (16, 0)]

STEPS = [
    ("Deutschkurs B1 abschließen", Responsible.MENTEE),
    ("Unterlagen für die Anerkennung einreichen", Responsible.MENTEE),
    ("Lebenslauf und Anschreiben erstellen", Responsible.MENTOR),
    ("Praktikum im Wunschberuf finden", Responsible.MENTOR),
    ("Beratung zur Anerkennung (IQ Netzwerk) wahrnehmen", Responsible.PARTNER),
    ("Führerschein umschreiben lassen", Responsible.MENTEE),
    ("Drei Bewerbungen pro Monat schreiben", Responsible.MENTEE),
    ("Kinderbetreuung für Kurszeiten klären", Responsible.MENTEE),
    ("Termin bei der Berufsberatung der Agentur vereinbaren", Responsible.MENTOR),
]
TASKS = [
    "Bewerbungsunterlagen an Betrieb schicken",
    "Rückruf Jobcenter wegen Kooperationsplan",
    "Zeugnisübersetzung anfordern",
    "Termin Ausländerbehörde vorbereiten",
    "Nachfragen, wie das Probearbeiten lief",
    "Anmeldung zum Berufssprachkurs prüfen",
    "Kita-Platz: Rückmeldung des Jugendamts abwarten",
    "Fahrtkostenerstattung beantragen",
]
REFERRALS = [
    (PartnerKind.RECOGNITION_COUNSELLING, "IQ Netzwerk Sachsen", "Anerkennungsberatung"),
    (PartnerKind.MIGRATION_COUNSELLING, "Migrationsberatung für Erwachsene", "Aufenthaltsfragen"),
    (PartnerKind.LANGUAGE_COURSE_PROVIDER, "Volkshochschule", "Einstufung Berufssprachkurs"),
    (PartnerKind.JOBCENTER, "Jobcenter", "Förderung Führerschein"),
    (PartnerKind.AGENTUR, "Agentur für Arbeit, Berufsberatung", "Ausbildungsberatung"),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= DAY
    return day


def build_journals(demo: Demo, people: list[Person]) -> None:
    rng, today = demo.rng, demo.today
    entries, appointments, tasks = (
        demo.buffer(JournalEntry),
        demo.buffer(Appointment),
        demo.buffer(Task),
    )
    agreements, steps = demo.buffer(IntegrationAgreement), demo.buffer(AgreementStep)
    referrals, courses = demo.buffer(Referral), demo.buffer(CourseParticipation)
    topics = [t.value for t in Topic]
    current_by_mentor: dict[int, list[Person]] = {}
    for person in people:
        mentee = person.mentee
        current = mentee["status"] != MenteeStatus.EXITED
        if current:
            current_by_mentor.setdefault(mentee["mentor_id"], []).append(person)
        # Contacts over every stay; current mentees had one in the last weeks.
        for stay, mentor in zip(person.plan.stays, person.mentors, strict=True):
            end = min(stay.exit or today, today)
            days = max(1, (end - stay.entry).days)
            count = max(2, min(18, days // 45 + rng.randint(0, 3)))
            if not current:
                count = min(count, rng.randint(3, 8))
            for index in range(count):
                if current and stay.exit is None and index == count - 1:
                    day = today - rng.randint(1, 20) * DAY
                else:
                    day = stay.entry + int(days * index / count + rng.randint(0, 20)) * DAY
                day = _weekday(min(day, today - DAY))
                interpreter = mentee["arrival_date"] and rng.random() < 0.15
                entries.append(
                    dict(
                        mentee_id=mentee["id"],
                        occurred_at=_at(day, rng.randint(8, 16), rng.choice([0, 15, 30, 45])),
                        duration_minutes=rng.choice([15, 30, 30, 45, 60, 90]),
                        kind=rng.choices(
                            [k.value for k in ContactKind], weights=[45, 25, 5, 12, 8, 5]
                        )[0],
                        topics=rng.sample(topics, rng.randint(1, 3)),
                        interpreter_used=bool(interpreter),
                        interpreter_language_id=person.origin.languages[0]
                        if interpreter and person.origin.languages[0] in demo.ref.languages
                        else None,
                        notes=rng.choice(CONTACT_NOTES),
                        author_id=mentor.pk,
                    )
                )
        first, last = person.plan.stays[0], person.plan.stays[-1]
        mentor = person.mentors[-1]
        # Appointments: past ones took place; current mentees have some coming up.
        for _ in range(rng.randint(0, 2)):
            day = _weekday(_between(demo, last.entry, min(last.exit or today, today) - DAY))
            appointments.append(
                dict(
                    mentee_id=mentee["id"],
                    starts_at=_at(day, rng.randint(8, 15)),
                    ends_at=_at(day, 16),
                    kind=rng.choice(
                        [
                            AppointmentKind.AGENCIES,
                            AppointmentKind.IMMIGRATION_OFFICE,
                            AppointmentKind.COUNSELLING,
                            AppointmentKind.INTERVIEW,
                        ]
                    ),
                    place=rng.choice(
                        ["Jobcenter", "Ausländerbehörde", "Beratungsstelle", "Betrieb"]
                    ),
                    status=AppointmentStatus.DONE,
                    created_by_id=mentor.pk,
                )
            )
        if current:
            for _ in range(rng.choice([0, 1, 1, 2])):
                day = _weekday(today + rng.randint(2, 25) * DAY + 2 * DAY)
                hour = rng.randint(8, 15)
                appointments.append(
                    dict(
                        mentee_id=mentee["id"],
                        starts_at=_at(day, hour),
                        ends_at=_at(day, hour + 1),
                        kind=rng.choice([k.value for k in AppointmentKind]),
                        place=rng.choice(
                            ["Büro des Projekts", "Jobcenter", "Betrieb", "telefonisch"]
                        ),
                        status=AppointmentStatus.PLANNED,
                        created_by_id=mentor.pk,
                    )
                )
            # Tasks: some done, some due, about a quarter overdue.
            for _ in range(rng.randint(1, 3)):
                due = today + rng.randint(-25, 30) * DAY
                done = due < today and rng.random() < 0.5
                tasks.append(
                    dict(
                        mentee_id=mentee["id"],
                        title=rng.choice(TASKS),
                        due_date=due,
                        kind=TaskKind.MANUAL,
                        assignee_id=mentor.pk,
                        done_at=_at(due, 12) if done else None,
                        done_by_id=mentor.pk if done else None,
                        created_by_id=mentor.pk,
                    )
                )
        # Integration agreement with steps.
        if current or rng.random() < 0.6:
            signed = first.entry + rng.randint(7, 40) * DAY
            signed = min(signed, today - DAY)
            agreement = dict(
                id=demo.new_id(IntegrationAgreement),
                mentee_id=mentee["id"],
                signed_on=signed,
                reviewed_on=min(signed + rng.randint(90, 300) * DAY, today)
                if rng.random() < 0.5
                else None,
                goal={
                    Goal.APPRENTICESHIP: "Ausbildung im Wunschberuf beginnen",
                    Goal.QUALIFICATION: "Qualifizierung mit Abschluss",
                }.get(
                    mentee["goal"], "Sozialversicherungspflichtige Beschäftigung im erlernten Beruf"
                ),
            )
            agreements.append(agreement)
            for description, responsible in rng.sample(STEPS, rng.randint(2, 4)):
                due = signed + rng.randint(30, 240) * DAY
                if not current:
                    status = StepStatus.DONE if rng.random() < 0.8 else StepStatus.DROPPED
                elif due < today - STEP_FORGOTTEN:
                    # Long overdue steps were done or given up, as a mentor keeps the plan.
                    status = StepStatus.DONE if rng.random() < 0.85 else StepStatus.DROPPED
                elif due < today:
                    status = StepStatus.DONE if rng.random() < 0.6 else StepStatus.OPEN
                else:
                    status = StepStatus.OPEN
                steps.append(
                    dict(
                        agreement_id=agreement["id"],
                        mentee_id=mentee["id"],
                        description=description,
                        responsible=responsible,
                        due_date=due,
                        status=status,
                    )
                )
        # Referrals and courses.
        if rng.random() < 0.4:
            kind, name, purpose = rng.choice(REFERRALS)
            referred = _between(demo, first.entry, min(last.exit or today, today))
            answered = referred + rng.randint(7, 60) * DAY
            has_outcome = answered < today and rng.random() < 0.8
            referrals.append(
                dict(
                    mentee_id=mentee["id"],
                    partner_kind=kind,
                    partner_name=name,
                    referred_on=referred,
                    purpose=purpose,
                    outcome="Termin wahrgenommen, Beratung erfolgt" if has_outcome else "",
                    outcome_on=answered if has_outcome else None,
                )
            )
        german = CEFR.index(person.german) if person.german in CEFR else 1
        course_start = max(mentee["arrival_date"] + 60 * DAY, datetime.date(2015, 1, 1))
        if course_start < today and rng.random() < 0.85:
            passed = german >= 2
            courses.append(
                dict(
                    mentee_id=mentee["id"],
                    kind=CourseKind.INTEGRATION,
                    title="Integrationskurs",
                    provider=rng.choice(
                        ["Volkshochschule", "Euro-Schulen", "IB", "TÜV Rheinland Akademie"]
                    ),
                    starts_on=course_start,
                    ends_on=course_start + 300 * DAY,
                    target_level="B1",
                    result=CourseResult.PASSED if passed else CourseResult.FAILED,
                    achieved_level="B1" if passed else "",
                    certificate="DTZ B1" if passed else "DTZ A2",
                )
            )
        if current and german in (2, 3) and rng.random() < 0.35:
            start = today - rng.randint(10, 200) * DAY
            courses.append(
                dict(
                    mentee_id=mentee["id"],
                    kind=CourseKind.JOB_LANGUAGE,
                    title="Basiskurs B1→B2" if german == 2 else "Basiskurs B2→C1",
                    provider="Volkshochschule",
                    starts_on=start,
                    ends_on=start + 180 * DAY,
                    target_level=CEFR[german + 1],
                    result=CourseResult.ONGOING,
                )
            )
    # Every mentor has appointments today (on working days), so "My day" is not empty.
    for mentors in demo.mentors:
        for mentor in mentors:
            caseload = current_by_mentor.get(mentor.pk, [])
            wanted = 4 if mentor.username in DEMO_MENTORS else rng.randint(2, 4)
            picks = rng.sample(caseload, min(len(caseload), wanted))
            for slot, person in zip(TODAY_SLOTS, picks, strict=False):
                appointments.append(
                    dict(
                        mentee_id=person.mentee["id"],
                        starts_at=_at(today, *slot),
                        ends_at=_at(today, *slot) + datetime.timedelta(minutes=60),
                        kind=rng.choice(
                            [
                                AppointmentKind.MEETING,
                                AppointmentKind.MEETING,
                                AppointmentKind.INTERVIEW,
                                AppointmentKind.AGENCIES,
                            ]
                        ),
                        place=rng.choice(["Büro des Projekts", "Jobcenter", "Betrieb"]),
                        status=AppointmentStatus.PLANNED,
                        created_by_id=mentor.pk,
                    )
                )
    for rows in (entries, appointments, tasks, agreements, steps, referrals, courses):
        rows.flush()


def _between(demo: Demo, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + demo.rng.randint(0, (end - start).days) * DAY
