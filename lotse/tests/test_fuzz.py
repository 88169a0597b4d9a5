"""Every page and form with hostile values, as a mentor, a project lead, a coordinator and a data
protection officer: no 500, no invalid value stored (``lotse/lib/testing/fuzz.py``).

Set ``LOTSE_FUZZ_REPORT=path.md`` to write the findings and the run's figures to a file.
"""

import datetime
import os

import pytest
from django.utils import timezone

from lotse.accounts.tests.factories import MembershipFactory, ProjectFactory, UserFactory
from lotse.api.tests.factories import AccessTokenFactory
from lotse.cases.models import ConsentPurpose, MenteeStatus, Participation, TransferRequest
from lotse.cases.tests.factories import (
    ConsentFactory,
    CountryFactory,
    DistrictFactory,
    ExternalReferenceFactory,
    LanguageFactory,
    LanguageSkillFactory,
    MenteeFactory,
    PostcodeFactory,
    QualificationFactory,
    ResidenceStatusFactory,
    TargetOccupationFactory,
    WorkExperienceFactory,
)
from lotse.documents.tests.factories import DocumentFactory
from lotse.employers.models import ServiceTarget, VacancyStatus
from lotse.employers.tests.factories import (
    EmployerContactFactory,
    EmployerFactory,
    EmployerServiceFactory,
    SectorFactory,
    VacancyFactory,
    occupation,
)
from lotse.journal.calendar import feed_create
from lotse.journal.tests.factories import (
    AgreementStepFactory,
    AppointmentFactory,
    CourseFactory,
    JournalEntryFactory,
    ReferralFactory,
    TaskFactory,
)
from lotse.lib.testing.fuzz import Fuzzer, project_models
from lotse.placements.stages import Stage
from lotse.placements.tests.factories import ApplicationFactory, PlacementFactory
from lotse.privacy.tests.factories import (
    DataSubjectRequestFactory,
    ErasureReviewFactory,
    LegalHoldFactory,
)
from lotse.reference.tests.factories import OccupationTitleFactory
from lotse.reporting.tests.factories import (
    EsfRecordFactory,
    FollowUpFactory,
    FundingPeriodFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@pytest.fixture
def scenario(project_a, alice, bob, lena):
    """One object of every kind in project A, so that every URL has something to act on."""
    today = timezone.localdate()
    project_a.esf_indicators = True
    project_a.save()
    district = DistrictFactory()
    project_a.districts.add(district)
    place = PostcodeFactory(district=district)
    country = CountryFactory()
    cook = occupation()  # 29302 with its parents
    OccupationTitleFactory(occupation=cook, title="Koch/Köchin", search_text="koch kochin")
    FundingPeriodFactory(name="Förderphase", start=datetime.date(2024, 1, 1), end=today)

    # Two mentees with a profile each: the add forms of one take their sane values from the
    # edit forms of the other (one language, target or reference number cannot be added twice).
    mentee, other = (
        MenteeFactory(
            project=project_a,
            mentor=alice,
            first_name=first,
            last_name=last,
            place=place,
            nationality=country,
            participation__entry_date=datetime.date(2025, 1, 15),
        )
        for first, last in [("Amina", "Haddad"), ("Yusuf", "Rahimi")]
    )
    for person, language, target in [(mentee, "de", cook), (other, "ar", occupation("81302"))]:
        LanguageSkillFactory(
            mentee=person, language=LanguageFactory(iso_code=language, name_de=language)
        )
        QualificationFactory(mentee=person, country=country, reference_occupation=cook)
        WorkExperienceFactory(mentee=person, occupation=cook, country=country)
        TargetOccupationFactory(mentee=person, occupation=target)
        ResidenceStatusFactory(mentee=person)
        ExternalReferenceFactory(mentee=person)
        ConsentFactory(mentee=person)
        ConsentFactory(mentee=person, purpose=ConsentPurpose.EMPLOYER_PROPOSAL)  # to propose
    EsfRecordFactory(participation=mentee.participations.get())

    JournalEntryFactory(mentee=mentee, author=alice)
    AppointmentFactory(mentee=mentee, created_by=alice)
    TaskFactory(mentee=mentee, assignee=alice, created_by=alice)
    TaskFactory(mentee=mentee, assignee=alice, done_at=timezone.now(), done_by=alice)
    AgreementStepFactory(agreement__mentee=mentee)
    ReferralFactory(mentee=mentee)
    CourseFactory(mentee=mentee)
    DocumentFactory(mentee=mentee, uploaded_by=alice)
    from lotse.events.tests.factories import GroupEventFactory, InvitationFactory

    event = GroupEventFactory(project=project_a, date=today - datetime.timedelta(days=1))
    event.staff.add(alice)
    InvitationFactory(event=event, mentee=mentee)
    feed_create(actor=alice, titles="initials")  # the calendar page shows its revoke button
    # The project's own Persian reminder, still to be checked: the lead's confirm button.
    from lotse.letters.services import template_save

    template_save(
        actor=lena,
        project=project_a,
        kind="reminder",
        language="fa",
        subject="یادآوری",
        body="سلام {name}\n\nتاریخ: {date}",
    )

    employer = EmployerFactory(project=project_a, place=place, sector=SectorFactory())
    EmployerContactFactory(employer=employer)
    EmployerServiceFactory(
        employer=employer, author=alice, mentee=mentee, target=ServiceTarget.MENTEE
    )
    vacancy = VacancyFactory(employer=employer, occupation=cook, workplace_place=place)
    closed = VacancyFactory(
        employer=employer, occupation=cook, workplace_place=place, status=VacancyStatus.CLOSED
    )
    # A vacancy from the BA job board (no employer, no project): the matches offer a take-over.
    VacancyFactory(
        employer=None,
        employer_name="Stahlbau Erzgebirge GmbH",
        source="ba",
        ba_refnr="10000-1234567890-S",
        occupation=cook,
        workplace_place=place,
    )
    ApplicationFactory(mentee=mentee, vacancy=vacancy)
    ApplicationFactory(mentee=mentee, vacancy=closed, stage=Stage.REJECTED)
    placement = PlacementFactory(
        mentee=mentee, employer=employer, vacancy=vacancy, occupation=cook, start_date=today
    )
    FollowUpFactory(
        placement=placement,
        months=3,
        due_on=today,
        answered_on=None,
        still_employed="",
    )

    AccessTokenFactory(user=alice)  # the revoke button of the token page
    DataSubjectRequestFactory(mentee=mentee, recorded_by=lena)  # an open access request

    exited = MenteeFactory(
        project=project_a,
        mentor=alice,
        first_name="Zahra",
        last_name="Karimi",
        status=MenteeStatus.EXITED,
        participation=False,
    )
    Participation.objects.create(
        mentee=exited,
        project=project_a,
        mentor=alice,
        entry_date=datetime.date(2024, 1, 1),
        exit_date=datetime.date(2024, 12, 31),
        exit_reason="moved",
    )
    # A request from another project for one of project A's files, for the lead to decide.
    asking = UserFactory(username="berta")
    MembershipFactory(user=asking, project=ProjectFactory(name="Projekt Plauen"))
    TransferRequest.objects.create(
        mentee=MenteeFactory(project=project_a, mentor=alice),
        from_project=project_a,
        to_project=asking.memberships.get().project,
        requested_by=asking,
        consent_on=today,
        consent_method="written",
    )
    ErasureReviewFactory(mentee=other)
    LegalHoldFactory(mentee=other, set_by=lena)
    JournalEntryFactory(mentee=exited, author=alice)  # free text due for retention
    # Two uploads of the lead: one waiting for its columns, one checked (with a bad row).
    from lotse.imports.services import batch_start, batch_upload

    sheet = "Vorname;Nachname;Geburtsdatum;Eintrittsdatum\r\nNoor;Ahmadi;01.01.1990;15.01.2025\r\n"
    for name in ("offen.csv", "geprueft.csv"):
        batch = batch_upload(
            actor=lena,
            project=project_a,
            kind="mentees",
            file_name=name,
            content=(sheet + "Amina;Haddad;nie;15.01.2025\r\n").encode(),
        )
    batch_start(actor=lena, batch=batch, commit=False)
    # Every mentee of the scenario may be proposed (the propose form's choice falls on any).
    from lotse.cases.models import Mentee

    for person in Mentee.objects.exclude(consents__purpose=ConsentPurpose.EMPLOYER_PROPOSAL):
        ConsentFactory(mentee=person, purpose=ConsentPurpose.EMPLOYER_PROPOSAL)
    # A CV handed out: its download link in the journal and on the CV page.
    from lotse.cv.services import cv_made

    cv_made(actor=alice, mentee=mentee, file_format="pdf", details=[])
    return [row for model in project_models() for row in model._base_manager.all()]


def test_no_page_or_form_fails_on_hostile_input(scenario, alice, lena, cora, dora):
    fuzzer = Fuzzer(
        {"mentor": alice, "lead": lena, "coordinator": cora, "dpo": dora, "anonymous": None},
        objects=scenario,
    ).run()

    if path := os.environ.get("LOTSE_FUZZ_REPORT"):
        _write_report(path, fuzzer)
    findings = list(fuzzer.findings.values())
    assert not findings, fuzzer.report(findings)
    # The fuzzer reached every URL pattern (a finding otherwise) and submitted forms.
    assert fuzzer.stats.forms > 50


def _write_report(path: str, fuzzer: Fuzzer) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(fuzzer.report() + "\n\nPOST forms whose unchanged submission did not save:\n")
        out.write("\n".join(f"  {line}" for line in fuzzer.stats.baseline_failed) + "\n")
        out.write("\nRequests and seconds per URL pattern:\n")
        for route, (count, seconds) in sorted(
            fuzzer.stats.per_route.items(), key=lambda item: -item[1][1]
        ):
            out.write(f"  {count:5d} {seconds:6.1f} s  {route}\n")
        out.write("\nKnown-findings lines:\n")
        out.write("".join(f"{f.line()}\n" for f in fuzzer.findings.values()))
