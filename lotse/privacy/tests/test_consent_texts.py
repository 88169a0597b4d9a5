"""Versioned consent texts: seeded in German and English for every purpose, recorded with each
consent (version and language), shown in the consent list, kept as agreed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lotse.audit.models import AuditEvent
from lotse.cases.kinds import CONSENT
from lotse.cases.models import Consent, ConsentPurpose
from lotse.cases.tests.factories import ConsentFactory, MenteeFactory
from lotse.privacy import services
from lotse.privacy.models import ConsentText

pytestmark = pytest.mark.django_db


def test_every_purpose_has_a_german_and_an_english_text():
    seeded = set(ConsentText.objects.values_list("purpose", "language"))
    assert seeded == {(p, lang) for p in ConsentPurpose.values for lang in ("de", "en")}


def test_recording_a_consent_keeps_the_text_version_and_language(client, project_a, alice):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    text = ConsentText.objects.get(purpose="proposal", language="en")
    client.force_login(alice)
    url = reverse("cases:consent_add", args=[mentee.public_id])
    form = {"consent_text": str(text.public_id), "given_on": "2025-02-01", "method": "written"}
    assert client.post(url, form).status_code == 302
    consent = Consent.objects.get()
    assert (consent.consent_text, consent.purpose) == (text, "proposal")
    assert (consent.text_version, consent.language) == ("v1", "English")
    page = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    assert reverse("privacy:consent_text_detail", args=[text.public_id]) in page
    assert "v1, English" in page


def test_a_consent_before_the_text_was_valid_is_refused_at_the_field(project_a, alice):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    text = ConsentText.objects.get(purpose="case", language="de")
    with pytest.raises(ValidationError) as refused:
        CONSENT.create(
            actor=alice,
            mentee=mentee,
            consent_text=text,
            given_on=datetime.date(2024, 12, 1),
            method="written",
        )
    assert "consent_text" in refused.value.message_dict


def test_a_text_agreed_to_keeps_its_wording(adam, project_a):
    text = ConsentText.objects.get(purpose="case", language="de")
    ConsentFactory(mentee=MenteeFactory(project=project_a), consent_text=text)
    text.text = "Neu formuliert"
    with pytest.raises(ValidationError):
        services.consent_text_save(actor=adam, text=text)
    text.refresh_from_db()
    text.checked_translation = True
    services.consent_text_save(actor=adam, text=text)
    row = AuditEvent.objects.get(object_type="privacy.consenttext")
    assert row.changes == {"checked_translation": [False, True]}
    with pytest.raises(ValidationError):
        services.consent_text_delete(actor=adam, text=text)


def test_only_administrators_edit_texts(dora):
    text = ConsentText.objects.first()
    with pytest.raises(PermissionDenied):
        services.consent_text_save(actor=dora, text=text)


def test_the_admin_adds_a_new_version(client, adam):
    adam.is_superuser = True
    adam.save()
    client.force_login(adam)
    url = reverse("admin:privacy_consenttext_add")
    assert client.get(url).status_code == 200
    data = {
        "purpose": "case",
        "version": "v2",
        "language": "ar",
        "title": "موافقة",
        "text": "نص",
        "valid_from": "2026-01-01",
    }
    assert client.post(url, data).status_code == 302
    assert ConsentText.objects.filter(version="v2", language="ar").exists()
    assert AuditEvent.objects.filter(object_type="privacy.consenttext", action="create").exists()


def test_the_texts_pages(client, alice, charlie, cora):
    text = ConsentText.objects.get(purpose="esf", language="de")
    for user in (alice, charlie, cora):  # not personal data: every logged-in user reads them
        client.force_login(user)
        listed = client.get(reverse("privacy:consent_text_list"))
        assert listed.status_code == 200
        page = client.get(reverse("privacy:consent_text_detail", args=[text.public_id]))
        assert "Europäischen Sozialfonds" in page.content.decode()
    assert client.post(reverse("privacy:consent_text_list")).status_code == 405
    client.logout()
    assert client.get(reverse("privacy:consent_text_list")).status_code == 302
