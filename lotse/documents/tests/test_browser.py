"""In the browser: upload a document on the mentee page (a refused file first, its message at
the field), see it listed and download it; axe-core on the pages."""

import os

import pytest

from lotse.audit.models import AuditEvent
from lotse.documents.models import Document
from lotse.documents.tests import samples
from lotse.journal.tests.factories import MenteeFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_uploading_a_document_on_the_mentee_page(
    browser_page, login, assert_accessible, alice, project_a, tmp_path
):
    page = browser_page
    mentee = MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")
    fake = tmp_path / "zeugnis.pdf"
    fake.write_bytes(b"#!/bin/sh\necho not a pdf\n")
    good = tmp_path / "Zeugnis Bachelor.pdf"
    good.write_bytes(samples.pdf_bytes())

    login(page, alice)
    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/#documents")
    section = page.locator("#documents")
    assert "Es sind noch keine Dokumente gespeichert." in section.inner_text()
    assert_accessible(page)

    # A script named .pdf: the message sits at the field, nothing is stored.
    section.get_by_label("Datei").set_input_files(str(fake))
    section.get_by_label("Art des Dokuments").select_option("certificate")
    section.get_by_role("button", name="Hochladen").click()
    page.wait_for_load_state()
    assert "/documents/" in page.url
    error = page.locator("#id_upload_error").inner_text()
    assert "keine PDF-, JPEG-, PNG- oder Word-Datei" in error
    assert not Document.objects.exists()
    assert_accessible(page)

    # The right file: stored, back on the mentee page, listed.
    page.get_by_label("Datei").set_input_files(str(good))
    page.get_by_label("Art des Dokuments").select_option("certificate")
    page.get_by_label("Beschreibung").fill("Bachelor, Universität Damaskus")
    page.get_by_role("button", name="Hochladen").click()
    page.wait_for_load_state()
    assert f"/mentees/{mentee.public_id}/" in page.url
    assert "Das Dokument wurde gespeichert." in page.locator("main").inner_text()
    document = Document.objects.get()
    assert document.original_name == "Zeugnis Bachelor.pdf" and document.uploaded_by == alice
    section = page.locator("#documents")
    assert "Bachelor, Universität Damaskus" in section.inner_text()
    assert_accessible(page)
    if folder := os.environ.get("LOTSE_SCREENSHOT_DIR"):
        section.screenshot(path=os.path.join(folder, "documents-section.png"))

    with page.expect_download() as info:
        section.get_by_role("link", name="Zeugnis Bachelor.pdf", exact=True).click()
    download = info.value
    assert download.suggested_filename == "Zeugnis Bachelor.pdf"
    assert open(download.path(), "rb").read().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="export", object_id=str(document.public_id)).exists()
