"""The print of the file summary and of the integration agreement: scoping, the page without
navigation or buttons, the PDF with the right text, an audit row for each."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEvent
from lotse.journal.tests.factories import (
    AgreementStepFactory,
    AppointmentFactory,
    IntegrationAgreementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(mentee):
    agreement = IntegrationAgreementFactory(
        mentee=mentee, signed_on=datetime.date(2026, 3, 2), goal="Arbeit als Pflegefachkraft"
    )
    AgreementStepFactory(agreement=agreement, mentee=mentee, description="Anerkennung beantragen")
    return agreement


def urls(mentee):
    m = mentee.public_id
    return [
        reverse("cases:print", args=[m]),
        reverse("cases:print_pdf", args=[m]),
        reverse("journal:agreement_print", args=[m]),
        reverse("journal:agreement_print_pdf", args=[m]),
    ]


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_anonymous_users_are_sent_to_the_login_page(client, mentee, agreement):
    for url in urls(mentee):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
def test_other_projects_and_programme_roles_get_404(client, mentee, agreement, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in urls(mentee):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(mentee_id=mentee.public_id).exists()


def test_wrong_methods_get_405(client, alice, mentee, agreement):
    client.force_login(alice)
    for url in urls(mentee):
        assert client.post(url).status_code == 405, url


def test_the_print_page_has_no_navigation_and_no_buttons(client, alice, mentee, agreement):
    client.force_login(alice)
    AppointmentFactory(
        mentee=mentee, starts_at=timezone.now() + datetime.timedelta(days=3), place="Jobcenter"
    )
    response = client.get(reverse("cases:print", args=[mentee.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Aktenübersicht: {mentee.full_name}" in html
    assert "site-header" not in html and "<button" not in html and "<form" not in html
    assert 'class="print-toolbar"' in html  # on screen only (print.css)
    assert "lotse/print.css" in html and "lotse/paper.css" in html
    assert 'class="paper-date"' in html
    assert "Jobcenter" in html  # the upcoming appointment
    event = AuditEvent.objects.get(mentee_id=mentee.public_id, reason="print_file")
    assert event.action == AuditAction.VIEW


def test_the_file_summary_pdf(client, alice, mentee):
    client.force_login(alice)
    response = client.get(reverse("cases:print_pdf", args=[mentee.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert f"Aktenübersicht: {mentee.full_name}" in text
    assert "Person und Kontakt" in text and "Einwilligungen" in text
    assert "Stand:" in text and "1 / " in text  # date and page numbers
    assert "Zurück" not in text and "Als PDF herunterladen" not in text
    event = AuditEvent.objects.get(mentee_id=mentee.public_id, reason="print_file")
    assert event.action == AuditAction.EXPORT


def test_the_internal_notes_are_not_printed(client, alice, mentee):
    mentee.notes = "Nur intern: Rückruf Ausländerbehörde"
    mentee.save(update_fields=["notes"])
    client.force_login(alice)
    html = client.get(reverse("cases:print", args=[mentee.public_id])).content.decode()
    assert "Nur intern" not in html


def test_the_agreement_page_and_pdf(client, alice, mentee, agreement):
    client.force_login(alice)
    response = client.get(reverse("journal:agreement_print", args=[mentee.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Integrationsvereinbarung" in html and "Anerkennung beantragen" in html
    assert "<button" not in html and "site-header" not in html
    response = client.get(reverse("journal:agreement_print_pdf", args=[mentee.public_id]))
    text = pdf_text(response.content)
    for expected in (
        "Integrationsvereinbarung",
        mentee.full_name,
        "Arbeit als Pflegefachkraft",
        "Anerkennung beantragen",
        "Unterschrift der Mentee / des Mentees",
        "02.03.2026",
    ):
        assert expected in text, expected
    rows = AuditEvent.objects.filter(mentee_id=mentee.public_id, reason="print_agreement")
    assert {(e.action, e.object_type) for e in rows} == {
        (AuditAction.VIEW, "journal.integrationagreement"),
        (AuditAction.EXPORT, "journal.integrationagreement"),
    }


def test_no_agreement_no_print(client, alice, mentee):
    client.force_login(alice)
    assert (
        client.get(reverse("journal:agreement_print", args=[mentee.public_id])).status_code == 404
    )
    html = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    assert reverse("journal:agreement_print", args=[mentee.public_id]) not in html


def test_the_mentee_page_and_the_agreement_link_the_prints(client, alice, mentee, agreement):
    client.force_login(alice)
    html = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    assert reverse("cases:print", args=[mentee.public_id]) in html
    assert reverse("cases:print_pdf", args=[mentee.public_id]) in html
    assert html.count(reverse("journal:agreement_print", args=[mentee.public_id])) >= 2
