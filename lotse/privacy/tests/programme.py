"""A programme of placed mentees with every kind of record about them, for the erasure tests
and ``benchmarks/erasure.py``. Every personal text carries a marker (``SECRET``) and a number,
so a test can search the database for what must be gone."""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from lotse.accounts.models import Project
from lotse.cases.models import (
    Agency,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ExitReason,
    ExternalReference,
    Gender,
    LanguageSkill,
    Mentee,
    MenteeStatus,
    Participation,
    Qualification,
    QualificationKind,
    ResidenceStatus,
    TargetOccupation,
    WorkExperience,
)
from lotse.cases.tests.factories import LanguageFactory, ResidenceTitleFactory, occupation
from lotse.employers.models import EmployerService, ServiceKind, ServiceTarget
from lotse.employers.tests.factories import EmployerFactory, VacancyFactory
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    CourseKind,
    CourseParticipation,
    IntegrationAgreement,
    JournalEntry,
    PartnerKind,
    Referral,
    Task,
)
from lotse.placements.adequacy import JUDGED_TYPES, PlacementType
from lotse.placements.models import Application, FollowUp, Placement
from lotse.placements.stages import Stage
from lotse.reference.models import Country
from lotse.reference.tests.factories import DistrictFactory, PostcodeFactory
from lotse.reporting.models import EsfRecord, FundingPeriod, ImmediateResult, LabourStatus

SECRET = "Geheim"

COUNTRIES = [  # (code, region, EU/EEA)
    ("SY", "middle_east", False),
    ("IQ", "middle_east", False),
    ("AF", "south_asia", False),
    ("PK", "south_asia", False),
    ("UA", "eastern_europe", False),
    ("ER", "east_africa", False),
    ("SO", "east_africa", False),
    ("PL", "eu_eea", True),
    ("RO", "eu_eea", True),
    ("TR", "turkey", False),
]


@dataclass
class Programme:
    projects: list[Project]
    mentees: list[Mentee]
    esf_project: Project


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def build(n: int = 60, *, seed: int = 9, projects: list[Project] | None = None) -> Programme:
    rnd = random.Random(seed)
    if projects is None:
        projects = _projects()
    esf_project = projects[0]
    esf_project.esf_indicators = True
    esf_project.save()
    FundingPeriod.objects.get_or_create(
        name="ESF Plus 2021–2027",
        defaults={"start": datetime.date(2021, 1, 1), "end": datetime.date(2027, 12, 31)},
    )
    districts = [
        DistrictFactory(ags="14511", name="Chemnitz, Stadt"),
        DistrictFactory(ags="14521", name="Erzgebirgskreis"),
        DistrictFactory(ags="14612", name="Dresden, Stadt"),
    ]
    places = [PostcodeFactory(code=f"0911{i}", district=d) for i, d in enumerate(districts)]
    countries = [
        Country.objects.get_or_create(
            iso_code=code,
            defaults={"name_de": code, "name_en": code, "region": region, "is_eu_eea": eu},
        )[0]
        for code, region, eu in COUNTRIES
    ]
    cook, nurse = occupation("29302", "Köche/Köchinnen"), occupation()
    title = ResidenceTitleFactory()
    german = LanguageFactory()
    employers = [EmployerFactory(project=p) for p in projects for _ in range(2)]
    vacancies = [VacancyFactory(employer=e, occupation=cook) for e in employers]
    mentees = []
    for i in range(n):
        project = projects[i % len(projects)]
        place = rnd.choice(places)
        # Birthdays close to entry dates and on 29 February put the age bands to the test.
        entry = datetime.date(2021, 1, 4) + datetime.timedelta(days=rnd.randrange(0, 1400))
        if i % 7 == 0:
            birth = entry.replace(year=entry.year - rnd.choice([17, 18, 24, 25, 29, 30, 54, 55]))
            birth += datetime.timedelta(days=rnd.choice([-1, 0, 1]))
        elif i % 11 == 0:
            birth = datetime.date(rnd.choice([1988, 1992, 1996]), 2, 29)
        else:
            birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 15000))
        if i % 13 == 0:
            entry = datetime.date(2024, 2, 29)
        nationality = rnd.choice(countries)
        mentee = Mentee.objects.create(
            project=project,
            status=MenteeStatus.EXITED,
            first_name=f"{SECRET}vorname{i}",
            last_name=f"{SECRET}nachname{i}",
            birth_date=birth,
            gender=rnd.choice([g.value for g in Gender]),
            phone=f"+4937112345{i:03d}",
            email=f"{SECRET.lower()}{i}@example.org",
            street=f"{SECRET}straße {i}",
            postcode=place.code,
            place=place,
            district=place.district if i % 9 else None,
            nationality=nationality,
            country_of_origin=rnd.choice([nationality, rnd.choice(countries), None]),
            arrival_date=datetime.date(2016, 3, 1),
            isced_level=rnd.choice([None, 1, 3, 4, 6]),
            childcare_constraint=f"{SECRET}kita {i}",
            referrer_note=f"{SECRET}überweisung {i}",
            notes=f"{SECRET}notiz {i} Panikattacken",
        )
        mentees.append(mentee)
        exit_on = entry + datetime.timedelta(days=rnd.randrange(60, 500))
        stay = Participation.objects.create(
            mentee=mentee,
            project=project,
            entry_date=entry,
            exit_date=exit_on,
            exit_reason=rnd.choice([r.value for r in ExitReason]),
        )
        stays = [stay]
        if i % 5 == 0:  # a second stay, in the other project
            back = exit_on + datetime.timedelta(days=rnd.randrange(30, 200))
            stays.append(
                Participation.objects.create(
                    mentee=mentee,
                    project=projects[(i + 1) % len(projects)],
                    entry_date=back,
                    exit_date=back + datetime.timedelta(days=120),
                    exit_reason=ExitReason.JOB,
                )
            )
        for s in stays:
            if s.project_id == esf_project.pk:
                EsfRecord.objects.create(
                    participation=s,
                    labour_status=rnd.choice([v.value for v in LabourStatus]),
                    disability=rnd.choice(["yes", "no", "not_stated"]),
                    foreign_background=rnd.choice(["yes", "no"]),
                    immediate_result=rnd.choice([v.value for v in ImmediateResult]),
                )
        kind = [QualificationKind.NONE, QualificationKind.VOCATIONAL, QualificationKind.ACADEMIC][
            i % 3
        ]
        Qualification.objects.create(
            mentee=mentee,
            title=f"{SECRET}abschluss {i}",
            kind=kind,
            country=nationality,
            competent_body=f"{SECRET}kammer {i}",
            gaps=f"{SECRET}lücken {i}",
        )
        LanguageSkill.objects.create(
            mentee=mentee, language=german, level="B1", certificate=f"{SECRET}zert{i}"
        )
        WorkExperience.objects.create(
            mentee=mentee, occupation=cook, description=f"{SECRET}arbeit {i}"
        )
        TargetOccupation.objects.create(mentee=mentee, occupation=nurse)
        ResidenceStatus.objects.create(
            mentee=mentee, title=title, valid_from=entry, work_note=f"{SECRET}auflage {i}"
        )
        ExternalReference.objects.create(
            mentee=mentee,
            agency=Agency.JOBCENTER,
            reference=f"{SECRET}BG{i:05d}",
            contact_person=f"{SECRET}sachbearbeitung {i}",
        )
        Consent.objects.create(
            mentee=mentee,
            purpose=ConsentPurpose.CASE_MANAGEMENT,
            text_version="2024-01",
            language="de",
            given_on=entry,
            method=ConsentMethod.WRITTEN,
        )
        for k in range(3):
            JournalEntry.objects.create(
                mentee=mentee,
                occurred_at=_at(entry + datetime.timedelta(days=10 + 20 * k)),
                duration_minutes=30 + 15 * k,
                kind="in_person",
                topics=["health"],
                notes=f"{SECRET}gespräch {i}/{k} Therapie bei Dr. K.",
            )
        Appointment.objects.create(
            mentee=mentee,
            starts_at=_at(entry + datetime.timedelta(days=5)),
            kind="agencies",
            place=f"{SECRET}ort {i}",
            with_whom=f"{SECRET}person {i}",
            notes=f"{SECRET}termin {i}",
        )
        Task.objects.create(
            mentee=mentee, title=f"{SECRET}aufgabe {i}", notes=f"{SECRET}aufgabennotiz {i}"
        )
        agreement = IntegrationAgreement.objects.create(
            mentee=mentee,
            signed_on=entry + datetime.timedelta(days=14),
            goal=f"{SECRET}ziel {i}",
            notes=f"{SECRET}vereinbarung {i}",
        )
        AgreementStep.objects.create(
            agreement=agreement, mentee=mentee, description=f"{SECRET}schritt {i}"
        )
        Referral.objects.create(
            mentee=mentee,
            partner_kind=PartnerKind.RECOGNITION_COUNSELLING,
            partner_name=f"{SECRET}partner {i}",
            referred_on=entry + datetime.timedelta(days=20),
            purpose=f"{SECRET}zweck {i}",
        )
        CourseParticipation.objects.create(
            mentee=mentee,
            kind=CourseKind.JOB_LANGUAGE,
            title=f"{SECRET}kurs {i}",
            provider=f"{SECRET}anbieter {i}",
            starts_on=entry + datetime.timedelta(days=30),
        )
        employer = rnd.choice([e for e in employers if e.project_id == project.pk])
        vacancy = next(v for v in vacancies if v.employer_id == employer.pk)
        start = entry + datetime.timedelta(days=rnd.randrange(30, 55))
        application = Application.objects.create(
            mentee=mentee,
            vacancy=vacancy,
            stage=Stage.STARTED,
            stage_date=start,
            note=f"{SECRET}bewerbung {i}",
        )
        placement_type = rnd.choice([t.value for t in PlacementType])
        judged = placement_type in JUDGED_TYPES
        placement = Placement.objects.create(
            mentee=mentee,
            project=project,
            application=application,
            vacancy=vacancy,
            employer=employer,
            placement_type=placement_type,
            occupation=cook,
            start_date=start,
            end_reason=f"{SECRET}ende {i}",
            hours_per_week=rnd.choice([20, 30, 39]),
            requirement_level=2,
            qualification_level=rnd.choice([1, 2]),
            adequacy_computed=rnd.choice([True, False]) if judged else None,
            adequacy_override=rnd.choice([None, True, False]) if judged else None,
            adequacy_override_reason=f"{SECRET}begründung {i}",
        )
        for months in (3, 6, 12):
            answered = rnd.random() < 0.7
            FollowUp.objects.create(
                placement=placement,
                months=months,
                due_on=start + datetime.timedelta(days=30 * months),
                answered_on=start + datetime.timedelta(days=30 * months) if answered else None,
                still_employed=rnd.choice(["yes", "no"]) if answered else "",
                note=f"{SECRET}nachfrage {i}/{months}",
            )
        EmployerService.objects.create(
            employer=employer,
            date=start,
            kind=ServiceKind.ADVICE,
            duration_minutes=60,
            target=ServiceTarget.MENTEE,
            mentee=mentee,
            notes=f"{SECRET}service {i}",
        )
        if i % 4 == 0:
            EmployerService.objects.create(
                employer=employer,
                date=start,
                kind=ServiceKind.ADVICE,
                duration_minutes=30,
                target=ServiceTarget.COMPANY,
            )
    return Programme(projects=projects, mentees=mentees, esf_project=esf_project)


def _projects() -> list[Project]:
    from lotse.accounts.tests.factories import ProjectFactory

    return [ProjectFactory(name="Erasure Nord"), ProjectFactory(name="Erasure Süd")]
