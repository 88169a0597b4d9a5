"""The data-subject access export holds the whole record: profile, journal, placements, the ESF
Plus record and the services to employers aimed at the mentee; no model about the mentee is
left out."""

import datetime
import json

import pytest
from django.urls import reverse

from lotse.cases.tests.factories import MenteeFactory
from lotse.journal.tests.factories import JournalEntryFactory
from lotse.placements.tests.factories import ApplicationFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def test_the_export_includes_the_journal_applications_and_placements(client, project_a, alice):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    JournalEntryFactory(mentee=mentee, notes="Lebenslauf besprochen.")
    ApplicationFactory(mentee=mentee)
    PlacementFactory(mentee=mentee, hours_per_week=30)
    other = MenteeFactory(project=project_a, mentor=alice)
    JournalEntryFactory(mentee=other, notes="Nicht von dieser Person.")

    client.force_login(alice)
    data = json.loads(client.get(reverse("cases:export", args=[mentee.public_id])).content)

    notes = [entry["notes"] for entry in data["journal"]["contacts"]]
    assert notes == ["Lebenslauf besprochen."]
    assert len(data["placements"]["applications"]) == 1
    assert data["placements"]["applications"][0]["history"][0]["to_stage"] == "proposed"
    assert [p["hours_per_week"] for p in data["placements"]["placements"]] == [30]
    assert "id" not in data["placements"]["placements"][0]


def _export(client, user, mentee):
    client.force_login(user)
    response = client.get(reverse("cases:export", args=[mentee.public_id]))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_export_includes_the_esf_plus_records_of_the_users_projects(
    client, project_a, project_b, alice
):
    from lotse.cases.models import Participation
    from lotse.reporting.models import LabourStatus, YesNoUnknown
    from lotse.reporting.tests.factories import EsfRecordFactory

    project_a.esf_indicators = True
    project_a.save()
    mentee = MenteeFactory(project=project_a, mentor=alice)
    stay = Participation.objects.get(mentee=mentee)
    EsfRecordFactory(
        participation=stay, labour_status=LabourStatus.INACTIVE, disability=YesNoUnknown.YES
    )
    earlier = Participation.objects.create(
        mentee=mentee,
        project=project_b,
        entry_date=datetime.date(2019, 1, 1),
        exit_date=datetime.date(2019, 6, 30),
        exit_reason="job",
    )
    EsfRecordFactory(participation=earlier, labour_status=LabourStatus.EMPLOYED)

    data = _export(client, alice, mentee)

    assert [r["labour_status"] for r in data["esf_records"]] == ["inactive"]
    record = data["esf_records"][0]
    assert record["disability"] == "yes"
    assert record["project"] == str(project_a)
    assert record["entry_date"] == stay.entry_date.isoformat()
    assert "id" not in record and "participation" not in record


def test_the_export_includes_the_services_to_employers_aimed_at_the_mentee(
    client, project_a, alice
):
    from lotse.employers.models import ServiceTarget
    from lotse.employers.tests.factories import EmployerFactory, EmployerServiceFactory

    mentee = MenteeFactory(project=project_a, mentor=alice)
    employer = EmployerFactory(project=project_a, name="Gasthof Sonne")
    EmployerServiceFactory(
        employer=employer, mentee=mentee, target=ServiceTarget.MENTEE, notes="Probearbeit begleitet"
    )
    EmployerServiceFactory(employer=employer, notes="Akquise ohne Bezug zur Person")

    data = _export(client, alice, mentee)

    assert [s["notes"] for s in data["employer_services"]] == ["Probearbeit begleitet"]
    assert data["employer_services"][0]["employer"] == "Gasthof Sonne"
    assert "id" not in data["employer_services"][0]


def test_a_mentee_without_esf_records_or_services_exports_empty_lists(client, project_a, alice):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    data = _export(client, alice, mentee)
    assert data["esf_records"] == [] and data["employer_services"] == []
    assert data["format"] == "lotse-mentee-export/1"


# --- every model that holds data about a mentee is in the export -------------------------------


def _models_about_the_mentee():
    """Models with a foreign key to the mentee, or to a record that points to the mentee (at any
    depth: a follow-up of a placement of the mentee)."""
    from django.apps import apps

    from lotse.cases.models import Mentee

    linked = {Mentee}
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            if model not in linked and any(
                field.concrete and field.is_relation and field.related_model in linked
                for field in model._meta.get_fields()
            ):
                linked.add(model)
                grown = True
    return linked


def _uncovered(page):
    covered = {
        model for section in page.sections if section.export for model in section.export.models
    }
    return {model._meta.label for model in _models_about_the_mentee() - covered}


def test_every_model_about_the_mentee_is_covered_by_an_export_section():
    from lotse.pages import MENTEE_PAGE

    assert _uncovered(MENTEE_PAGE) == set()


def test_the_coverage_check_finds_a_missing_section():
    from lotse.lib.sections import Page
    from lotse.pages import MENTEE_PAGE

    without_esf = Page("mentee", tuple(s for s in MENTEE_PAGE.sections if s.id != "esf"))
    assert _uncovered(without_esf) == {"reporting.EsfRecord"}
    assert "cases.Mentee" not in _uncovered(without_esf)


def test_every_row_about_the_mentee_is_in_the_export(client, project_a, alice, lena):
    """One row of every model about the mentee: each row with a public id is in the download, so
    a section that declares a model also exports it."""
    from django.apps import apps

    from lotse.accounts.tests.factories import ProjectFactory
    from lotse.cases.models import TransferRequest
    from lotse.cases.tests import factories as cases
    from lotse.cv.models import CvRecord
    from lotse.documents.tests.factories import DocumentFactory
    from lotse.employers.tests.factories import EmployerServiceFactory
    from lotse.journal.tests import factories as journal
    from lotse.letters.tests.factories import LetterFactory
    from lotse.placements.models import FollowUp
    from lotse.privacy.tests.factories import (
        DataSubjectRequestFactory,
        ErasureReviewFactory,
        LegalHoldFactory,
        RestrictionFactory,
    )
    from lotse.reporting.tests.factories import EsfRecordFactory

    mentee = MenteeFactory(project=project_a, mentor=alice)
    for factory in (
        cases.LanguageSkillFactory,
        cases.QualificationFactory,
        cases.WorkExperienceFactory,
        cases.TargetOccupationFactory,
        cases.ResidenceStatusFactory,
        cases.ExternalReferenceFactory,
        cases.ConsentFactory,
        journal.JournalEntryFactory,
        journal.AppointmentFactory,
        journal.TaskFactory,
        journal.ReferralFactory,
        journal.CourseFactory,
        DocumentFactory,
        LetterFactory,
    ):
        factory(mentee=mentee)
    journal.AgreementStepFactory(agreement=journal.IntegrationAgreementFactory(mentee=mentee))
    ApplicationFactory(mentee=mentee)
    placement = PlacementFactory(mentee=mentee)
    FollowUp.objects.create(placement=placement, months=3, due_on=datetime.date(2026, 12, 1))
    EmployerServiceFactory(employer=placement.employer, mentee=mentee, target="mentee")
    EsfRecordFactory(participation=mentee.participations.get())
    TransferRequest.objects.create(
        mentee=mentee,
        from_project=project_a,
        to_project=ProjectFactory(),
        consent_on=datetime.date(2026, 11, 2),
        consent_method="written",
    )
    DataSubjectRequestFactory(mentee=mentee)
    from lotse.events.tests.factories import GroupEventFactory, InvitationFactory

    InvitationFactory(event=GroupEventFactory(project=project_a), mentee=mentee)
    RestrictionFactory(mentee=mentee, restricted_by=lena)  # the lead still sees the record
    ErasureReviewFactory(mentee=mentee)
    LegalHoldFactory(mentee=mentee)
    CvRecord.objects.create(mentee=mentee, made_by=alice, file_format="pdf", details=["name"])

    text = json.dumps(_export(client, lena, mentee))

    for model in _models_about_the_mentee():
        rows = model.objects.all()
        assert rows.exists(), f"{model._meta.label}: add a row to this test"
        if "public_id" in {f.name for f in model._meta.concrete_fields}:
            for public_id in rows.values_list("public_id", flat=True):
                assert str(public_id) in text, f"{model._meta.label} {public_id} not exported"
    assert apps.get_model("placements", "ApplicationStageChange").objects.exists()
