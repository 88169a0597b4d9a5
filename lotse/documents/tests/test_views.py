"""The documents' pages: scoping, upload through the form, the audited download, delete."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lotse.audit.models import AuditEvent
from lotse.documents.models import Document, DocumentKind, FileType, document_storage
from lotse.documents.tests import samples
from lotse.journal.tests.factories import CourseFactory, ResidenceStatusFactory

pytestmark = pytest.mark.django_db


def urls(mentee, document):
    m, d = mentee.public_id, document.public_id
    return [
        (reverse("documents:list", args=[m]), "get"),
        (reverse("documents:upload", args=[m]), "get"),
        (reverse("documents:upload", args=[m]), "post"),
        (reverse("documents:edit", args=[m, d]), "get"),
        (reverse("documents:delete", args=[m, d]), "get"),
        (reverse("documents:delete", args=[m, d]), "post"),
        (reverse("documents:download", args=[m, d]), "get"),
    ]


def upload(client, mentee, name, content, **values):
    data = {"upload": SimpleUploadedFile(name, content), "kind": DocumentKind.CERTIFICATE}
    return client.post(reverse("documents:upload", args=[mentee.public_id]), {**data, **values})


def test_anonymous_users_are_sent_to_the_login_page(client, mentee, document):
    for url, method in urls(mentee, document):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("who", ["charlie", "cora"])
def test_another_projects_user_and_the_coordinator_get_404_everywhere(
    client, mentee, document, who, request
):
    client.force_login(request.getfixturevalue(who))
    for url, method in urls(mentee, document):
        data = {"version": document.version} if method == "post" else {}
        assert getattr(client, method)(url, data).status_code == 404, url
    response = upload(client, mentee, "a.pdf", samples.pdf_bytes())
    assert response.status_code == 404
    assert Document.objects.count() == 1
    assert document_storage().exists(document.file.name)
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_document_of_another_mentee_is_404_under_this_mentee(client, alice, mentee, document):
    from lotse.journal.tests.factories import MenteeFactory

    other = MenteeFactory(project=mentee.project, mentor=alice)
    client.force_login(alice)
    url = reverse("documents:download", args=[other.public_id, document.public_id])
    assert client.get(url).status_code == 404


def test_wrong_methods_are_refused(client, alice, mentee, document):
    client.force_login(alice)
    m, d = mentee.public_id, document.public_id
    assert client.post(reverse("documents:download", args=[m, d])).status_code == 405
    assert client.post(reverse("documents:list", args=[m])).status_code == 405
    assert client.put(reverse("documents:upload", args=[m])).status_code == 405


def test_the_mentor_uploads_a_pdf_and_it_is_stored_with_its_audit_row(client, alice, mentee):
    client.force_login(alice)
    status = ResidenceStatusFactory(mentee=mentee)
    course = CourseFactory(mentee=mentee)
    response = upload(
        client,
        mentee,
        "Aufenthaltstitel.pdf",
        samples.pdf_bytes(),
        kind=DocumentKind.RESIDENCE_PERMIT,
        issued_on="2025-03-01",
        expires_on="2027-02-28",
        residence_status=str(status.public_id),
        course=str(course.public_id),
        next=reverse("cases:detail", args=[mentee.public_id]),
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.mentee == mentee
    assert document.uploaded_by == alice
    assert document.content_type == FileType.PDF
    assert document.original_name == "Aufenthaltstitel.pdf"
    assert document.residence_status == status and document.course == course
    assert "Aufenthaltstitel" not in document.file.name  # stored under a random name
    with document_storage().open(document.file.name) as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == document.sha256
    assert document.size == document_storage().size(document.file.name)
    event = AuditEvent.objects.get(object_type="documents.document", action="create")
    assert event.mentee_id == mentee.public_id
    assert "Aufenthaltstitel" not in str(event.changes)


def test_the_configured_folder_is_private_outside_static_and_media():
    from lotse import settings as project

    options = project.STORAGES["documents"]["OPTIONS"]
    location = str(options["location"])
    for public in [project.STATIC_ROOT, *project.STATICFILES_DIRS, project.BASE_DIR / "media"]:
        assert not location.startswith(str(public))
    assert options["base_url"] is None and options["file_permissions_mode"] == 0o600


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leer.pdf", b"", "Die Datei ist leer."),
        ("script.pdf", b"#!/bin/sh\necho hi\n", "keine PDF-, JPEG-, PNG- oder Word-Datei"),
        ("foto.jpg", b"GIF89a not a jpeg", "keine PDF-, JPEG-, PNG- oder Word-Datei"),
        ("geheim.pdf", samples.pdf_bytes(encrypt=True), "verschlüsselt"),
        ("aktiv.pdf", samples.pdf_bytes(javascript=True), "Skripte"),
        ("mehr.pdf", samples.pdf_bytes() + samples.zip_bytes(), "zwei Arten"),
        ("bild.pdf", samples.png_bytes(), "endet auf .pdf"),
    ],
)
def test_a_bad_file_gets_a_german_message_at_the_field_and_stores_nothing(
    client, alice, mentee, name, content, message, documents_storage
):
    client.force_login(alice)
    response = upload(client, mentee, name, content)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["upload"]
    assert message in errors["upload"][0]
    assert 'id="id_upload_error"' in response.content.decode()
    assert not Document.objects.exists()
    assert not documents_storage.exists() or not any(documents_storage.iterdir())


def test_an_oversized_file_is_refused(client, alice, mentee, settings, documents_storage):
    settings.LOTSE_DOCUMENT_MAX_MB = 1
    client.force_login(alice)
    response = upload(client, mentee, "gross.pdf", samples.pdf_bytes() + b" " * 1_100_000)
    assert "größer als 1 MB" in response.context["form"].errors["upload"][0]
    assert not Document.objects.exists()


def test_without_a_file_the_field_asks_for_one(client, alice, mentee):
    client.force_login(alice)
    url = reverse("documents:upload", args=[mentee.public_id])
    response = client.post(url, {"kind": "certificate", "upload": "text instead of a file"})
    assert response.context["form"].errors["upload"] == ["Bitte wählen Sie eine Datei."]


def test_a_record_of_another_mentee_cannot_be_linked(client, alice, mentee):
    from lotse.journal.tests.factories import MenteeFactory

    other = MenteeFactory(project=mentee.project, mentor=alice)
    foreign = ResidenceStatusFactory(mentee=other)
    client.force_login(alice)
    response = upload(
        client, mentee, "a.pdf", samples.pdf_bytes(), residence_status=str(foreign.public_id)
    )
    assert "residence_status" in response.context["form"].errors
    assert not Document.objects.exists()


def test_every_download_is_an_attachment_with_an_audit_row(client, alice, bob, mentee, document):
    url = reverse("documents:download", args=[mentee.public_id, document.public_id])
    for user in (alice, bob, alice):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="zeugnis.png"' in response["Content-Disposition"]
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
    events = AuditEvent.objects.filter(action="export", object_id=str(document.public_id))
    assert events.count() == 3
    assert {e.actor for e in events} == {alice, bob}
    assert all(e.mentee_id == mentee.public_id for e in events)


def test_deleting_removes_the_record_and_the_file(
    client, alice, mentee, document, django_capture_on_commit_callbacks
):
    name = document.file.name
    client.force_login(alice)
    url = reverse("documents:delete", args=[mentee.public_id, document.public_id])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": document.version})
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not document_storage().exists(name)
    assert AuditEvent.objects.filter(action="delete", object_id=str(document.public_id)).exists()


def test_a_stale_delete_deletes_nothing(client, alice, mentee, document):
    client.force_login(alice)
    url = reverse("documents:delete", args=[mentee.public_id, document.public_id])
    response = client.post(url, {"version": document.version + 5})
    assert response.status_code == 400
    assert Document.objects.exists()
    assert document_storage().exists(document.file.name)


def test_the_details_can_be_edited(client, alice, mentee, document):
    client.force_login(alice)
    url = reverse("documents:edit", args=[mentee.public_id, document.public_id])
    response = client.post(
        url, {"kind": "language", "title": "telc B1", "expires_on": "", "version": 1}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.kind == DocumentKind.LANGUAGE_CERTIFICATE and document.version == 2


def test_the_mentee_page_lists_the_documents_with_the_upload_form(client, alice, mentee, document):
    client.force_login(alice)
    response = client.get(reverse("cases:detail", args=[mentee.public_id]))
    html = response.content.decode()
    assert 'id="documents"' in html
    assert reverse("documents:download", args=[mentee.public_id, document.public_id]) in html
    assert 'enctype="multipart/form-data"' in html
    assert "zeugnis.png" in html


def test_the_access_export_names_the_file_without_its_content(client, alice, mentee, document):
    from lotse.pages import mentee_export_data

    data = mentee_export_data(alice, mentee)
    (row,) = data["documents"]
    assert row["original_name"] == "zeugnis.png"
    assert row["kind"] == "certificate"
    assert "file" not in row
    assert row["public_id"] == str(document.public_id)


def test_the_section_needs_the_same_queries_for_one_document_or_twenty(client, alice, mentee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lotse.documents.tests.factories import DocumentFactory

    DocumentFactory(mentee=mentee, residence_status=ResidenceStatusFactory(mentee=mentee))
    client.force_login(alice)
    page = reverse("cases:detail", args=[mentee.public_id])
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    for _ in range(19):
        DocumentFactory(
            mentee=mentee,
            residence_status=ResidenceStatusFactory(mentee=mentee),
            course=CourseFactory(mentee=mentee),
        )
    with CaptureQueriesContext(connection) as many:
        assert "zeugnis.png" in client.get(page).content.decode()
    assert len(many) == len(few)
