"""In the browser: make an invitation in Arabic from the appointment in the journal, get the
PDF, see it in the letters' list and in the journal; the template preview in Persian; axe-core
on the pages."""

import io
import os

import pytest
from pypdf import PdfReader

from lotse.audit.models import AuditEvent
from lotse.letters.models import Letter


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_making_an_invitation_from_the_appointment(
    browser_page, login, assert_accessible, alice, mentee, appointment, programme_templates
):
    page = browser_page
    login(page, alice)
    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/#letters")
    section = page.locator("#letters")
    section.locator(".letters-panel").wait_for()  # deferred: htmx fetches it when in view
    assert "Es wurden noch keine Briefe erstellt." in section.inner_text()
    assert_accessible(page)

    # From the appointment in the journal: the letter page with the appointment chosen.
    page.locator("#journal").get_by_role("link", name="Einladungsbrief").first.click()
    page.wait_for_load_state()
    assert "/letters/" in page.url
    assert page.locator("#id_kind").input_value() == "invitation"
    assert page.locator("#id_language").input_value() == "ar"
    assert page.locator("#id_appointment").input_value() == str(appointment.public_id)
    assert "Muttersprachlich zu prüfen" in page.locator("main").inner_text()
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("button", name="Brief erstellen (PDF)").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    content = open(download.path(), "rb").read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Einladung zu einem Termin" in text and "Jobcenter Chemnitz, Raum 2.14" in text
    letter = Letter.objects.get()
    assert AuditEvent.objects.filter(action="export", object_id=str(letter.public_id)).exists()

    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/#letters")
    section = page.locator("#letters")
    section.locator(".letters-panel").wait_for()
    assert "Einladung zu einem Termin" in section.inner_text()
    assert "Brief" in page.locator("#journal").inner_text()
    assert_accessible(page)
    if folder := os.environ.get("LOTSE_SCREENSHOT_DIR"):
        section.screenshot(path=os.path.join(folder, "letters-section.png"))

    # The template preview in Persian: right to left, marked as still to be checked.
    page.goto(f"{page.base_url}/letters/templates/")
    page.locator('a[href$="/templates/invitation/fa/"]').click()
    page.wait_for_load_state()
    cell = page.locator('td[lang="fa"]').first
    assert cell.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert "muttersprachlich zu prüfen" in page.locator("main").inner_text()
    assert_accessible(page)
    if folder := os.environ.get("LOTSE_SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, "letters-preview-fa-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=os.path.join(folder, "letters-preview-fa-390.png"), full_page=True)
        page.goto(f"{page.base_url}/mentees/{mentee.public_id}/#letters")
        page.locator("#letters .letters-panel").wait_for()
        page.locator("#letters").screenshot(path=os.path.join(folder, "letters-section-390.png"))

    # On a phone the preview and the section fit the width (no sideways scrolling).
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (
        f"{page.base_url}/mentees/{mentee.public_id}/#letters",
        f"{page.base_url}/letters/templates/",
    ):
        page.goto(url)
        if "#letters" in url:
            page.locator("#letters .letters-panel").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
