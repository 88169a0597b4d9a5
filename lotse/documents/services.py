"""Writes of documents: upload (the checked file into the ``documents`` storage, then the
record through the records core), delete (the record, then the file once the transaction has
committed) and the audit row of a download."""

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.cases.models import Mentee
from lotse.documents.files import CheckedFile
from lotse.documents.kinds import DOCUMENT
from lotse.documents.models import Document, document_storage


def document_upload(*, actor: Any, mentee: Mentee, upload: CheckedFile, **values: Any) -> Document:
    """Store ``upload`` (from ``files.check_upload``) under a random name and create its
    record. If the record cannot be written, the file is removed again."""
    storage = document_storage()
    name = storage.save(f"{uuid.uuid4().hex}{upload.extension}", ContentFile(upload.content))
    try:
        return DOCUMENT.create(
            actor=actor,
            mentee=mentee,
            file=name,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=len(upload.content),
            sha256=upload.sha256,
            **values,
        )
    except BaseException:
        storage.delete(name)
        raise


def _remove_file_on_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: document_storage().delete(name))


def document_delete(*, actor: Any, document: Document, version: object) -> None:
    """Delete the document at the ``version`` the user saw; its open expiry reminder is
    closed and its file removed from the storage when the transaction commits."""
    from lotse.journal.automatic import DocumentExpirySource, close_task

    name = document.file.name
    with transaction.atomic():
        close_task(DocumentExpirySource(document), mentee=document.mentee_id, actor=actor)
        DOCUMENT.delete(actor=actor, record=document, version=version)
        _remove_file_on_commit(name)


def document_download_record(*, actor: Any, document: Document) -> None:
    """The audit row of a download: who took a copy of which document."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=document,
        mentee=document.mentee,
        changes={"download": "file", "content_type": document.content_type},
    )


def documents_erase(*, mentee: Mentee, actor: Any) -> int:
    """Delete all the mentee's documents and, on commit, their files (erasure, retention)."""
    from lotse.journal.automatic import DocumentExpirySource, close_task

    count = 0
    with transaction.atomic():
        for document in Document.objects.filter(mentee=mentee).order_by("pk"):
            close_task(DocumentExpirySource(document), mentee=mentee.pk, actor=actor)
            audit_record(
                actor=actor,
                action=AuditAction.DELETE,
                obj=document,
                mentee=mentee,
                reason="erasure",
            )
            name = document.file.name
            document.delete()
            _remove_file_on_commit(name)
            count += 1
    return count
