"""The data protection officer filters the audit trail in the browser; axe-core on each page."""

import uuid

import pytest
from playwright.sync_api import expect

from lotse.audit.models import AuditAction
from lotse.audit.tests.factories import AuditEventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_data_protection_officer_filters_the_trail(
    browser_page, login, assert_accessible, dora, alice
):
    person, record = uuid.uuid4(), uuid.uuid4()
    # An old row still holding a name in its label: the DPO's list never shows it.
    AuditEventFactory(actor=alice, object_label="Amal Haddad", mentee_id=person)
    AuditEventFactory(actor=alice, action=AuditAction.UPDATE, object_id=str(record), mentee_id=None)
    page = browser_page
    login(page, dora)
    page.goto(f"{page.base_url}/audit/")
    expect(page.get_by_role("heading", name="Protokoll")).to_be_visible()
    expect(page.get_by_text(str(person)[:8]).first).to_be_visible()
    assert page.get_by_text("Amal Haddad").count() == 0
    assert_accessible(page)

    page.get_by_label("Aktion").select_option("update")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_load_state()
    expect(page.get_by_text(str(record)[:8]).first).to_be_visible()
    assert page.get_by_text(str(person)[:8]).count() == 0
    assert_accessible(page)

    # A wrong date range is reported at the field, in German.
    page.goto(f"{page.base_url}/audit/?date_from=2025-03-05&date_until=2025-03-01")
    expect(
        page.get_by_text("Das Enddatum darf nicht vor dem Startdatum liegen.").first
    ).to_be_visible()
    assert_accessible(page)

    # Following a mentee's id shows that person's trail.
    page.goto(f"{page.base_url}/audit/")
    page.get_by_role("link", name="Protokoll dieser Person").first.click()
    page.wait_for_load_state()
    assert f"mentee={person}" in page.url
    expect(page.get_by_text(str(person)[:8]).first).to_be_visible()
    assert page.get_by_text(str(record)[:8]).count() == 0
    assert_accessible(page)
