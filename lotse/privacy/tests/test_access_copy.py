"""The access copy: the readable document (labels, choice labels, dates as 31.12.2025) holds
every row of the portable JSON; the data protection officer opens it only for an open access
request, audited with it; every model about a mentee is covered by the export."""

import datetime
import json

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse

from lotse.audit.models import AuditEvent
from lotse.cases.models import Mentee
from lotse.cases.tests import factories as cases
from lotse.pages import MENTEE_PAGE, mentee_export_data
from lotse.privacy import readable
from lotse.privacy.models import RequestStatus
from lotse.privacy.tests.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee(project_a, alice):
    person = cases.MenteeFactory(
        project=project_a,
        mentor=alice,
        first_name="Amina",
        last_name="Haddad",
        birth_date=datetime.date(1990, 12, 31),
        gender="f",
    )
    cases.LanguageSkillFactory(mentee=person, level="B1")
    cases.ConsentFactory(mentee=person)
    return person


def _texts(parts):
    for part in parts:
        for group in part.groups:
            yield from _group_texts(group)


def _group_texts(group):
    yield group.label
    for record in group.records:
        for entry in record.entries:
            yield entry.label
            yield entry.value
            for inner in entry.groups:
                yield from _group_texts(inner)


def test_the_readable_copy_has_german_labels_choice_labels_and_german_dates(alice, mentee):
    from django.utils import translation

    with translation.override("de"):
        parts = readable.readable_copy(MENTEE_PAGE, mentee_export_data(alice, mentee))
        texts = set(_texts(parts))
    assert "Geburtsdatum" in texts and "31.12.1990" in texts
    assert "weiblich" in texts  # the choice's label, not "f"
    assert "birth_date" not in texts and "1990-12-31" not in texts
    assert "Amina" in texts


def _records(parts):
    for part in parts:
        for group in part.groups:
            yield from _group_records(group)


def _group_records(group):
    for record in group.records:
        yield record
        for entry in record.entries:
            for inner in entry.groups:
                yield from _group_records(inner)


def test_every_row_of_the_full_export_is_read_as_its_model(client, project_a, alice, lena):
    """One row of every model about the mentee (the fixture of ``lotse/tests/
    test_access_export.py``): each row of the readable copy is recognised as a model, and each
    model about the mentee appears, so labels come from ``verbose_name`` everywhere."""
    from lotse.tests.test_access_export import _models_about_the_mentee

    mentee = _full_record(project_a, alice, lena)
    parts = readable.readable_copy(MENTEE_PAGE, mentee_export_data(lena, mentee))
    found = [record.model for record in _records(parts)]
    assert "" not in found
    assert {m._meta.label for m in _models_about_the_mentee()} <= set(found)


def _full_record(project_a, alice, lena):
    from lotse.accounts.tests.factories import ProjectFactory
    from lotse.cases.models import TransferRequest
    from lotse.cv.models import CvRecord
    from lotse.documents.tests.factories import DocumentFactory
    from lotse.employers.tests.factories import EmployerServiceFactory
    from lotse.journal.tests import factories as journal
    from lotse.letters.tests.factories import LetterFactory
    from lotse.placements.models import FollowUp
    from lotse.placements.tests.factories import ApplicationFactory, PlacementFactory
    from lotse.privacy.tests.factories import (
        ErasureReviewFactory,
        LegalHoldFactory,
        RestrictionFactory,
    )
    from lotse.reporting.tests.factories import EsfRecordFactory

    project_a.esf_indicators = True
    project_a.save()
    person = cases.MenteeFactory(project=project_a, mentor=alice)
    EsfRecordFactory(participation=person.participations.get())
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
    ):
        factory(mentee=person)
    journal.AgreementStepFactory(agreement=journal.IntegrationAgreementFactory(mentee=person))
    ApplicationFactory(mentee=person)
    placement = PlacementFactory(mentee=person)
    FollowUp.objects.create(placement=placement, months=3, due_on=datetime.date(2026, 12, 1))
    EmployerServiceFactory(employer=placement.employer, mentee=person, target="mentee")
    DataSubjectRequestFactory(mentee=person)
    RestrictionFactory(mentee=person, restricted_by=lena)
    DocumentFactory(mentee=person)
    LetterFactory(mentee=person)
    CvRecord.objects.create(mentee=person, made_by=alice, file_format="docx", details=["name"])
    from lotse.events.tests.factories import GroupEventFactory, InvitationFactory

    InvitationFactory(event=GroupEventFactory(project=project_a), mentee=person)
    ErasureReviewFactory(mentee=person)
    LegalHoldFactory(mentee=person)
    TransferRequest.objects.create(
        mentee=person,
        from_project=project_a,
        to_project=ProjectFactory(),
        consent_on=datetime.date(2026, 11, 2),
        consent_method="written",
    )
    return person


def _keys(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, list | dict) or value is None:
                yield key
            yield from _keys(value)
    elif isinstance(data, list):
        for item in data:
            yield from _keys(item)


def test_every_list_of_the_export_has_a_heading_of_its_own(project_a, alice, lena):
    """Headings come from the models' names, also for empty lists: none falls back to a key."""
    from django.utils import translation

    bare = cases.MenteeFactory(project=project_a, mentor=alice)
    full = _full_record(project_a, alice, lena)
    for person in (bare, full):
        with translation.override("de"):
            data = mentee_export_data(lena, person)
            labels = set(_texts(readable.readable_copy(MENTEE_PAGE, data)))
        raw = {key.replace("_", " ").capitalize() for key in _keys(data)} - {"Mentee"}
        assert not labels & raw, f"add to readable.KEY_MODELS: {labels & raw}"


def test_the_copy_includes_the_consent_text_agreed_to(alice, mentee):
    data = mentee_export_data(alice, mentee)
    assert data["consents"][0]["text_version"] == "v1"
    texts = data["data_protection"]["consent_texts"]
    assert [t["version"] for t in texts] == ["v1"] and "Ich willige ein" in texts[0]["text"]


# --- the coverage of the export: every model about a mentee ------------------------------------

#: Models that reach a mentee by a foreign key but hold no personal data. Reviewed: empty.
EXEMPT: frozenset[str] = frozenset()


def models_about_the_mentee(model_list):
    """The models of the lotse apps that reach ``cases.Mentee`` by a foreign key, directly or
    through their owner (a follow-up of a placement of the mentee)."""
    ours = [m for m in model_list if m.__module__.startswith("lotse.")]
    linked = {Mentee}
    grown = True
    while grown:
        grown = False
        for model in ours:
            if model not in linked and any(
                f.concrete and f.is_relation and f.related_model in linked
                for f in model._meta.get_fields()
            ):
                linked.add(model)
                grown = True
    return linked


def uncovered(model_list, page=MENTEE_PAGE):
    covered = {m for s in page.sections if s.export for m in s.export.models}
    return {m._meta.label for m in models_about_the_mentee(model_list) - covered} - EXEMPT


def test_every_lotse_model_about_a_mentee_has_a_section_in_the_export():
    assert uncovered(apps.get_models()) == set()


@isolate_apps("lotse.privacy")
def test_a_new_model_about_the_mentee_is_caught():
    """What a documents app adds later (a document of a mentee, a page of a document) fails the
    coverage until a section exports it."""

    class Document(models.Model):
        mentee = models.ForeignKey(Mentee, on_delete=models.CASCADE)

        class Meta:
            app_label = "privacy"

        def __str__(self) -> str:
            return "document"

    class DocumentPage(models.Model):
        document = models.ForeignKey(Document, on_delete=models.CASCADE)

        class Meta:
            app_label = "privacy"

        def __str__(self) -> str:
            return "page"

    Document.__module__ = DocumentPage.__module__ = "lotse.documents.models"
    assert uncovered([*apps.get_models(), Document, DocumentPage]) == {
        "privacy.Document",
        "privacy.DocumentPage",
    }


# --- pages -------------------------------------------------------------------------------------


def test_the_mentor_gets_the_readable_copy_and_it_is_audited(client, alice, mentee):
    client.force_login(alice)
    url = reverse("privacy:access_copy", args=[mentee.public_id])
    assert client.post(url).status_code == 405
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geburtsdatum" in html and "31.12.1990" in html and "birth_date" not in html
    row = AuditEvent.objects.get(action="export")
    assert row.mentee_id == mentee.public_id and row.changes["copy"] == "html"
    english = client.get(url, {"language": "en"}).content.decode()
    assert "Date of birth" in english
    assert client.get(url, {"language": "xx"}).status_code == 200  # falls back to German


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
def test_the_mentee_copy_is_404_for_others(client, request, who, mentee):
    client.force_login(request.getfixturevalue(who))
    for name in ("privacy:access_copy", "privacy:access_copy_pdf"):
        assert client.get(reverse(name, args=[mentee.public_id])).status_code == 404


def test_the_copy_as_pdf(client, alice, mentee):
    from io import BytesIO

    from pypdf import PdfReader

    client.force_login(alice)
    response = client.get(reverse("privacy:access_copy_pdf", args=[mentee.public_id]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Geburtsdatum" in text and "31.12.1990" in text
    english = client.get(
        reverse("privacy:access_copy_pdf", args=[mentee.public_id]), {"language": "en"}
    )
    assert "Date of birth" in "".join(
        p.extract_text() for p in PdfReader(BytesIO(english.content)).pages
    )
    refused = client.get(
        reverse("privacy:access_copy_pdf", args=[mentee.public_id]), {"language": "<b>"}
    )
    assert refused.status_code == 400 and refused["Content-Type"].startswith("text/html")
    assert refused.context["language_form"].errors["language"]


def test_the_dpo_opens_the_copy_only_for_an_open_access_request(client, dora, mentee):
    dsr = DataSubjectRequestFactory(mentee=mentee, kind="access")
    other = DataSubjectRequestFactory(mentee=mentee, kind="rectification")
    client.force_login(dora)
    url = reverse("privacy:request_access_copy", args=[dsr.public_id])
    response = client.get(url)
    assert response.status_code == 200 and "Amina" in response.content.decode()
    row = AuditEvent.objects.get(action="export")
    assert row.actor == dora and row.changes["request"] == str(dsr.public_id)
    data = json.loads(
        client.get(reverse("privacy:request_access_copy_json", args=[dsr.public_id])).content
    )
    assert data["mentee"]["last_name"] == "Haddad" and data["languages"]
    assert data["consents"] and data["data_protection"]["data_subject_requests"]
    for name in ("request_access_copy", "request_access_copy_pdf", "request_access_copy_json"):
        assert client.get(reverse(f"privacy:{name}", args=[other.public_id])).status_code == 404
    dsr.status = RequestStatus.COMPLETED
    dsr.outcome = "übergeben"
    dsr.closed_on = datetime.date.today()
    dsr.save()
    assert client.get(url).status_code == 404  # closed: no more reading
    # The officer's own scope stays empty: the mentee page is still 404.
    assert client.get(reverse("cases:detail", args=[mentee.public_id])).status_code == 404


def test_the_dpo_copy_of_a_restricted_record_is_complete(client, dora, lena, mentee):
    from lotse.journal.tests.factories import JournalEntryFactory
    from lotse.privacy import services

    JournalEntryFactory(mentee=mentee, notes="Lebenslauf besprochen")
    services.restriction_set(actor=lena, mentee=mentee, reason="accuracy")
    dsr = DataSubjectRequestFactory(mentee=mentee, kind="portability")
    client.force_login(dora)
    url = reverse("privacy:request_access_copy_json", args=[dsr.public_id])
    data = json.loads(client.get(url).content)
    assert [c["notes"] for c in data["journal"]["contacts"]] == ["Lebenslauf besprochen"]
    assert data["data_protection"]["restriction"]["reason"] == "accuracy"


@pytest.mark.parametrize("who", ["alice", "charlie", "cora", "lena"])
def test_the_request_copy_is_404_for_everyone_but_the_dpo(client, request, who, mentee):
    dsr = DataSubjectRequestFactory(mentee=mentee, kind="access")
    client.force_login(request.getfixturevalue(who))
    for name in ("request_access_copy", "request_access_copy_pdf", "request_access_copy_json"):
        assert client.get(reverse(f"privacy:{name}", args=[dsr.public_id])).status_code == 404
