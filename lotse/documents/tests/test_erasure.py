"""Erasure (``lotse.documents.erasure.erase``) and the expiry reminder of documents."""

import datetime

import pytest

from lotse.audit.models import AuditEvent
from lotse.documents import erasure
from lotse.documents.models import Document, document_storage
from lotse.documents.tests.factories import DocumentFactory
from lotse.journal.models import Task, TaskKind
from lotse.journal.reminders import reminders_create
from lotse.journal.tests.factories import MenteeFactory, ResidenceStatusFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def test_erasure_deletes_the_documents_and_their_files(
    mentee, alice, django_capture_on_commit_callbacks
):
    documents = [DocumentFactory(mentee=mentee) for _ in range(3)]
    other = DocumentFactory(mentee=MenteeFactory(project=mentee.project))
    names = [d.file.name for d in documents]
    assert all(document_storage().exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase(mentee, actor=alice)
    assert not Document.objects.filter(mentee=mentee).exists()
    assert not any(document_storage().exists(name) for name in names)
    assert document_storage().exists(other.file.name)  # another mentee's file stays
    rows = AuditEvent.objects.filter(object_type="documents.document", action="delete")
    assert rows.count() == 3 and {r.reason for r in rows} == {"erasure"}


def test_a_rolled_back_erasure_keeps_the_files(mentee, alice):
    document = DocumentFactory(mentee=mentee)
    erasure.erase(mentee, actor=alice)  # the test's transaction never commits
    assert document_storage().exists(document.file.name)


def test_an_expiring_document_gets_one_reminder_for_the_mentor(mentee, alice):
    DocumentFactory(mentee=mentee, kind="passport", expires_on=TODAY + datetime.timedelta(days=10))
    created = reminders_create(today=TODAY)
    assert created["document_expiry"] == 1
    task = Task.objects.get(kind=TaskKind.DOCUMENT_EXPIRY)
    assert task.assignee == alice and task.due_date == TODAY
    assert "06.12.2026" in task.title
    assert reminders_create(today=TODAY)["document_expiry"] == 0  # not twice


def test_documents_far_from_expiry_or_proving_a_residence_status_get_none(mentee):
    DocumentFactory(mentee=mentee, expires_on=TODAY + datetime.timedelta(days=90))
    DocumentFactory(
        mentee=mentee,
        expires_on=TODAY + datetime.timedelta(days=5),
        residence_status=ResidenceStatusFactory(mentee=mentee, valid_until=None),
    )
    DocumentFactory(mentee=mentee, expires_on=None)
    assert reminders_create(today=TODAY)["document_expiry"] == 0


def test_deleting_or_changing_the_date_closes_the_reminder(mentee, alice):
    from lotse.documents.kinds import DOCUMENT
    from lotse.documents.services import document_delete

    first = DocumentFactory(mentee=mentee, expires_on=TODAY + datetime.timedelta(days=10))
    second = DocumentFactory(mentee=mentee, expires_on=TODAY + datetime.timedelta(days=12))
    reminders_create(today=TODAY)
    assert Task.objects.filter(done_at=None, kind=TaskKind.DOCUMENT_EXPIRY).count() == 2
    document_delete(actor=alice, document=first, version=first.version)
    DOCUMENT.update(
        actor=alice,
        record=second,
        version=second.version,
        expires_on=TODAY + datetime.timedelta(days=700),
    )
    assert not Task.objects.filter(done_at=None, kind=TaskKind.DOCUMENT_EXPIRY).exists()
