"""The accessibility statement as BITV 2.0 § 7 asks: the state of compliance with the date of the
last check, the feedback form that stores a reported barrier for the operator (with the date by
which it must be answered), the operator's contact from settings, and the enforcement body."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEvent
from lotse.ops.models import BarrierReport, BarrierStatus

pytestmark = pytest.mark.django_db
URL = reverse("accessibility")
ADMIN_URL = reverse("admin:ops_barrierreport_changelist")


def _report(client, **values):
    data = {"page": "Mein Tag", "description": "Der Knopf ist zu klein.", **values}
    return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="de")


def test_the_statement_names_the_state_the_last_check_and_the_enforcement_body(client):
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "teilweise" in page and "01.12.2026" in page
    assert "Schlichtungsverfahren" in page
    assert 'href="https://www.schlichtungsstelle-bgg.de"' in page


@override_settings(
    LOTSE_OPERATOR_NAME="Landesprogramm Arbeitsmarktmentoren",
    LOTSE_OPERATOR_EMAIL="barrierefrei@example.org",
    LOTSE_ACCESSIBILITY_CHECKED="2026-11-15",
    LOTSE_ENFORCEMENT_NAME="Schlichtungsstelle Sachsen",
    LOTSE_ENFORCEMENT_URL="https://schlichtung.example.org",
)
def test_the_operator_contact_and_the_enforcement_body_come_from_settings(client):
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Landesprogramm Arbeitsmarktmentoren" in page
    assert 'href="mailto:barrierefrei@example.org"' in page
    assert "15.11.2026" in page
    assert 'href="https://schlichtung.example.org">Schlichtungsstelle Sachsen<' in page


def test_anyone_can_report_a_barrier_and_it_waits_for_the_operator_with_its_due_date(client):
    response = _report(client, contact_email="ahmad@example.org", contact_name="Ahmad K.")
    assert response.status_code == 302
    report = BarrierReport.objects.get()
    assert report.status == BarrierStatus.OPEN
    assert report.answer_due == timezone.localdate() + datetime.timedelta(days=14)
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "innerhalb von 14 Tagen" in page
    # The audit row says that a report came in, not who sent it.
    event = AuditEvent.objects.get(object_type="ops.barrierreport")
    assert "Ahmad" not in str(event.changes) and "ahmad@" not in str(event.changes)
    assert event.actor is None


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"description": ""}, "description", "Dieses Feld ist zwingend erforderlich."),
        ({"description": "Knopf\x00kaputt"}, "description", "Steuerzeichen"),
        ({"contact_email": "keine-adresse"}, "contact_email", "gültige E-Mail-Adresse"),
        ({"page": "x" * 301}, "page", "höchstens 300 Zeichen"),
    ],
)
def test_a_bad_report_is_refused_at_its_field_and_nothing_is_stored(client, values, field, message):
    response = _report(client, **values)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert not BarrierReport.objects.exists()


def test_the_administrator_reads_reports_and_marks_them_answered(client, adam):
    _report(client)
    report = BarrierReport.objects.get()
    client.force_login(adam)
    assert "Mein Tag" in client.get(ADMIN_URL).content.decode()
    client.post(ADMIN_URL, {"action": "mark_answered", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == BarrierStatus.ANSWERED and report.answered_at is not None
    assert AuditEvent.objects.filter(object_type="ops.barrierreport", action="update").count() == 1


def test_nobody_else_reads_the_reports(client, alice, cora):
    _report(client)
    for user in (alice, cora):
        client.force_login(user)
        response = client.get(ADMIN_URL)
        assert response.status_code in (302, 403)
        assert "Mein Tag" not in response.content.decode()
