"""In the browser: from the mentee page to the CV page, details chosen, the preview, the PDF
downloaded and noted in the journal; the print page of the file summary; axe-core on each page,
at desktop and phone width."""

import io
import os

import pytest
from playwright.sync_api import expect

from lotse.cv.models import CvRecord


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_making_a_cv_from_the_mentee_page(
    browser_page, login, assert_accessible, alice, mentee, consent, photo
):
    from pypdf import PdfReader

    page = browser_page
    page.set_default_timeout(60_000)  # the first page of a run on a loaded machine is slow
    folder = os.environ.get("LOTSE_SCREENSHOT_DIR")
    login(page, alice)
    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/#papers")
    section = page.locator("#papers")
    assert "Papiere zum Aushändigen" in section.inner_text()
    section.get_by_role("link", name="Lebenslauf als PDF oder Word").click()
    page.wait_for_load_state()
    assert f"/cv/{mentee.public_id}/" in page.url
    assert_accessible(page)

    # Leave out the e-mail, add the date of birth and the photo, look at the preview.
    page.get_by_label("E-Mail", exact=True).uncheck()
    page.get_by_label("Geburtsdatum", exact=True).check()
    page.get_by_label("Foto", exact=True).select_option(str(photo.public_id))
    page.get_by_role("button", name="Vorschau zeigen").click()
    page.wait_for_load_state()
    preview = page.locator(".cv-preview").inner_text()
    assert "03.04.1991" in preview and "amina.haddad@example.org" not in preview
    assert "Muttersprache" in preview and "seit 09/2023" in preview
    assert page.get_by_label("Geburtsdatum", exact=True).is_checked()
    assert not CvRecord.objects.exists()
    assert_accessible(page)
    if folder:
        page.screenshot(path=os.path.join(folder, "cv-page.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("button", name="Als PDF herunterladen").click()
    download = info.value
    assert download.suggested_filename == "Lebenslauf-amina-haddad.pdf"
    content = open(download.path(), "rb").read()
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Lebenslauf" in text and "03.04.1991" in text
    assert "amina.haddad@example.org" not in text
    record = CvRecord.objects.get()
    assert record.details == ["name", "address", "phone", "birth_date"] and record.with_photo

    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/#journal")
    assert "Lebenslauf erstellt" in page.locator("#journal").inner_text()

    # The phone: the same page, still accessible.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/cv/{mentee.public_id}/")
    assert_accessible(page)
    if folder:
        page.screenshot(path=os.path.join(folder, "cv-page-phone.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_print_page_of_the_file_summary(browser_page, login, assert_accessible, alice, mentee):
    page = browser_page
    page.set_default_timeout(60_000)
    login(page, alice)
    page.goto(f"{page.base_url}/mentees/{mentee.public_id}/")
    page.locator("#papers").get_by_role("link", name="Aktenübersicht drucken").click()
    page.wait_for_load_state()
    assert "Aktenübersicht: Amina Haddad" in page.locator("main").inner_text()
    assert_accessible(page)
    # In print the bar with the links is gone.
    page.emulate_media(media="print")
    assert not page.locator(".print-toolbar").is_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".print-toolbar")).to_be_visible()
    if folder := os.environ.get("LOTSE_SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, "print-page.png"), full_page=True)
