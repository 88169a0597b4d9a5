"""The CV page: scoping, the consent gate, the details chosen, PDF and Word with the right
text, the journal's note and its audit row."""

import datetime
import io

import pytest
from django.urls import reverse

from lotse.audit.models import AuditAction, AuditEvent
from lotse.cases.tests.factories import ConsentFactory
from lotse.cv.models import CvRecord

pytestmark = pytest.mark.django_db

CHOSEN = {"details": ["name", "phone"], "place": "Chemnitz"}


def url(mentee):
    return reverse("cv:page", args=[mentee.public_id])


def make(client, mentee, data):
    """POST the choices (the note in the journal), then GET the download it leads to."""
    response = client.post(url(mentee), data)
    assert response.status_code == 302, response.content[:500]
    record = CvRecord.objects.order_by("-pk").first()
    assert response.url == reverse("cv:download", args=[mentee.public_id, record.public_id])
    return client.get(response.url)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    from docx import Document

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    yield cell.text
                    yield from cells(cell.tables)  # the personal details beside the photo

    document = Document(io.BytesIO(content))
    return "\n".join([*(p.text for p in document.paragraphs), *cells(document.tables)])


def test_anonymous_users_are_sent_to_the_login_page(client, mentee):
    for method in ("get", "post"):
        response = getattr(client, method)(url(mentee))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
def test_other_projects_and_programme_roles_get_404(client, mentee, consent, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(mentee)).status_code == 404
    assert client.post(url(mentee), {**CHOSEN, "output": "pdf"}).status_code == 404
    assert not CvRecord.objects.exists()


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
def test_the_download_is_scoped_too(client, alice, mentee, consent, who, request):
    from lotse.cv.services import cv_made

    record = cv_made(actor=alice, mentee=mentee, file_format="pdf", details=["name"])
    client.force_login(request.getfixturevalue(who))
    download = reverse("cv:download", args=[mentee.public_id, record.public_id])
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).url.startswith(reverse("accounts:login"))


def test_another_mentees_note_is_404_under_this_mentee(client, alice, mentee, consent, project_a):
    from lotse.cases.tests.factories import MenteeFactory
    from lotse.cv.services import cv_made

    record = cv_made(actor=alice, mentee=mentee, file_format="pdf", details=["name"])
    other = MenteeFactory(project=project_a, mentor=alice)
    client.force_login(alice)
    assert (
        client.get(reverse("cv:download", args=[other.public_id, record.public_id])).status_code
        == 404
    )


def test_wrong_methods_get_405(client, alice, mentee, consent):
    client.force_login(alice)
    assert client.put(url(mentee)).status_code == 405
    assert client.delete(url(mentee)).status_code == 405
    from lotse.cv.services import cv_made

    record = cv_made(actor=alice, mentee=mentee, file_format="pdf", details=[])
    assert (
        client.post(reverse("cv:download", args=[mentee.public_id, record.public_id])).status_code
        == 405
    )


def test_the_page_shows_the_form_and_a_preview_and_writes_a_view_row(
    client, alice, mentee, consent
):
    client.force_login(alice)
    response = client.get(url(mentee))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lebenslauf" in html
    assert "Berufserfahrung" in html and "Sprachkenntnisse" in html
    assert 'name="details"' in html and 'value="pdf"' in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, mentee_id=mentee.public_id, reason="cv"
    ).exists()
    assert not CvRecord.objects.exists()  # looking is not handing out


def test_without_the_consent_the_page_says_why_and_makes_nothing(client, alice, mentee):
    client.force_login(alice)
    response = client.get(url(mentee))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ein Lebenslauf kann nicht erstellt werden" in html
    assert reverse("cases:consent_add", args=[mentee.public_id]) in html
    assert 'value="pdf"' not in html
    response = client.post(url(mentee), {**CHOSEN, "output": "pdf"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "Weitergabe des Profils an Arbeitgeber" in response.content.decode()
    assert not CvRecord.objects.exists()


def test_a_withdrawn_or_other_consent_does_not_open_the_gate(client, alice, mentee):
    ConsentFactory(mentee=mentee)  # case management only
    ConsentFactory(
        mentee=mentee,
        purpose="proposal",
        given_on=datetime.date(2025, 1, 1),
        withdrawn_on=datetime.date(2025, 6, 1),
    )
    client.force_login(alice)
    assert client.post(url(mentee), {**CHOSEN, "output": "docx"}).status_code == 403
    assert not CvRecord.objects.exists()


def test_a_consent_withdrawn_later_stops_the_download_again(client, alice, mentee, consent):
    client.force_login(alice)
    assert make(client, mentee, CHOSEN).status_code == 200
    consent.withdrawn_on = datetime.date.today()
    consent.save()
    record = CvRecord.objects.get()
    response = client.get(reverse("cv:download", args=[mentee.public_id, record.public_id]))
    assert response.status_code == 403
    assert "Ein Lebenslauf kann nicht erstellt werden" in response.content.decode()


def test_the_journal_offers_the_download_again(client, alice, mentee, consent):
    client.force_login(alice)
    make(client, mentee, CHOSEN)
    record = CvRecord.objects.get()
    html = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    assert reverse("cv:download", args=[mentee.public_id, record.public_id]) in html


def test_the_pdf_has_the_chosen_details_and_not_the_others(client, alice, mentee, consent):
    client.force_login(alice)
    response = make(client, mentee, {**CHOSEN, "output": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "Lebenslauf-amina-haddad.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in (
        "Lebenslauf",
        "Persönliche Daten",
        "Amina Haddad",
        "0371 12345678",
        "Berufserfahrung",
        "03/2014 – 08/2019",
        "seit 09/2023",
        "Klinikum Chemnitz",
        "Bachelor Krankenpflege",
        "teilweise Gleichwertigkeit",
        "Muttersprache",
        "B2 (GER)",
        "Klasse B",
        "Chemnitz, ",
    ):
        assert expected in text, expected
    for absent in ("amina.haddad@example.org", "Straße der Nationen", "03.04.1991", "Syrien\nName"):
        assert absent not in text, absent
    assert "Staatsangehörigkeit" not in text and "Geburtsdatum" not in text


def test_newest_work_first(client, alice, mentee, consent):
    client.force_login(alice)
    text = pdf_text(make(client, mentee, {**CHOSEN, "output": "pdf"}).content)
    assert text.index("seit 09/2023") < text.index("03/2014 – 08/2019")


def test_the_word_file_has_the_same_text_and_only_the_chosen_details(
    client, alice, mentee, consent
):
    client.force_login(alice)
    chosen = {"details": ["email", "birth_date", "nationality"], "place": "Zwickau"}
    response = make(client, mentee, {**chosen, "output": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Lebenslauf.docx" in response["Content-Disposition"]  # no name chosen
    text = docx_text(response.content)
    for expected in (
        "Lebenslauf",
        "amina.haddad@example.org",
        "03.04.1991",
        "Staatsangehörigkeit",
        "Syrien",
        "Berufserfahrung",
        "Anerkennung in Deutschland: teilweise Gleichwertigkeit",
        "Muttersprache",
        "Zwickau, ",
    ):
        assert expected in text, expected
    for absent in ("Amina Haddad", "Haddad", "0371", "Straße der Nationen", "{{", "{%"):
        assert absent not in text, absent


def test_nothing_ticked_means_no_personal_details_at_all(client, alice, mentee, consent):
    client.force_login(alice)
    text = pdf_text(make(client, mentee, {"place": ""}).content)  # no button: PDF
    assert "Persönliche Daten" not in text and "Haddad" not in text
    assert "Berufserfahrung" in text


def test_a_download_is_noted_in_the_journal_with_an_audit_row_without_personal_data(
    client, alice, mentee, consent, photo
):
    client.force_login(alice)
    data = {**CHOSEN, "photo": str(photo.public_id), "output": "docx"}
    assert make(client, mentee, data).status_code == 200
    record = CvRecord.objects.get()
    assert (record.mentee, record.made_by, record.file_format) == (mentee, alice, "docx")
    assert record.details == ["name", "phone"] and record.with_photo
    assert (record.photo, record.place) == (photo, "Chemnitz")
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="cv.cvrecord")
    assert event.mentee_id == mentee.public_id
    assert event.changes == {
        "file_format": "docx",
        "included": ["name", "phone"],
        "with_photo": True,
    }
    download = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="cv.cvrecord")
    assert download.changes == {"file_format": "docx", "download": "file"}
    for row in (event, download):
        assert "Haddad" not in str(row.changes) and "0371" not in str(row.changes)
        assert "Chemnitz" not in str(row.changes)
    timeline = client.get(reverse("journal:timeline", args=[mentee.public_id])).content.decode()
    assert "Lebenslauf erstellt" in timeline and "Word (DOCX)" in timeline
    page = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    assert "Lebenslauf erstellt" in page


def test_a_preview_notes_nothing_in_the_journal(client, alice, mentee, consent):
    client.force_login(alice)
    response = client.post(url(mentee), {**CHOSEN, "output": "preview"})
    assert response.status_code == 200
    assert "Amina Haddad" in response.content.decode()
    assert not CvRecord.objects.exists()


def test_the_photo_goes_into_both_papers(client, alice, mentee, consent, photo):
    from docx import Document
    from pypdf import PdfReader

    client.force_login(alice)
    data = {**CHOSEN, "photo": str(photo.public_id)}
    pdf = make(client, mentee, {**data, "output": "pdf"}).content
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    docx = make(client, mentee, {**data, "output": "docx"}).content
    assert len(Document(io.BytesIO(docx)).inline_shapes) == 1
    without = make(client, mentee, {**CHOSEN, "output": "docx"}).content
    assert len(Document(io.BytesIO(without)).inline_shapes) == 0


def test_another_mentees_document_is_no_photo_choice(client, alice, mentee, consent, project_a):
    from lotse.cases.tests.factories import MenteeFactory
    from lotse.documents.tests.factories import DocumentFactory

    other = DocumentFactory(mentee=MenteeFactory(project=project_a))
    client.force_login(alice)
    response = client.post(url(mentee), {**CHOSEN, "photo": str(other.public_id), "output": "pdf"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CvRecord.objects.exists()


def test_bad_input_is_answered_at_the_field(client, alice, mentee, consent):
    client.force_login(alice)
    for data in (
        {"details": ["religion"], "output": "pdf"},
        {"details": ["name"], "output": "exe"},
        {"details": ["name"], "place": "x" * 101, "output": "pdf"},
        {"details": ["name"], "place": "Chem\u202enitz", "output": "pdf"},
        {"photo": "not-a-uuid", "output": "pdf"},
    ):
        response = client.post(url(mentee), data)
        assert response.status_code == 400, data
    assert not CvRecord.objects.exists()


def test_a_photo_gone_from_the_storage_is_an_error_at_the_field(
    client, alice, mentee, consent, photo
):
    from lotse.documents.models import document_storage

    document_storage().delete(photo.file.name)
    client.force_login(alice)
    response = client.post(url(mentee), {**CHOSEN, "photo": str(photo.public_id), "output": "pdf"})
    assert response.status_code == 400
    assert "Dieses Foto kann nicht gelesen werden" in response.content.decode()
    assert not CvRecord.objects.exists()


def test_the_mentee_page_links_the_papers(client, alice, mentee, consent):
    client.force_login(alice)
    html = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    assert url(mentee) in html
    assert reverse("cases:print", args=[mentee.public_id]) in html


def test_erasure_removes_the_notes(mentee, consent, lena):
    from lotse.cv.erasure import erase
    from lotse.cv.services import cv_made

    cv_made(actor=lena, mentee=mentee, file_format="pdf", details=["name"])
    erase(mentee, actor=lena)
    assert not CvRecord.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_type="cv.cvrecord").exists()


def test_the_service_refuses_an_outsider(mentee, consent, charlie):
    from django.core.exceptions import PermissionDenied

    from lotse.cv.services import cv_made

    with pytest.raises(PermissionDenied):
        cv_made(actor=charlie, mentee=mentee, file_format="pdf", details=[])
    assert not CvRecord.objects.exists()
