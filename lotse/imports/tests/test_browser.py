"""A project lead, in the browser, uploads a spreadsheet, assigns the columns, sees the bad row
at its row and column, leaves it out and imports the rest; axe-core checks every page on the
way (WCAG 2.1 A/AA)."""

import re

import pytest
from playwright.sync_api import expect

from lotse.cases.models import Mentee
from lotse.imports.tests.conftest import MENTEE_HEADER, mentee_row, xlsx


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_lead_uploads_maps_checks_and_imports_a_file(
    browser_page, login, assert_accessible, reference, project_a, lena, alice, tmp_path
):
    path = tmp_path / "mentees.xlsx"
    path.write_bytes(xlsx([MENTEE_HEADER, mentee_row(), mentee_row("Yusuf", "Rahimi", "nie")]))
    page = browser_page
    login(page, lena)

    page.goto(f"{page.base_url}/imports/")
    assert_accessible(page)
    page.select_option("#id_kind", "mentees")
    page.set_input_files("#id_file", str(path))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/imports/[0-9a-f-]{36}/$"))
    assert "Spalten zuordnen" in page.content()
    assert page.input_value("#id_column_0") == "first_name"
    assert_accessible(page)

    page.locator("main button", has_text="Zeilen prüfen").click()
    page.wait_for_load_state()
    expect(page.locator("#row-3")).to_be_visible()
    assert "Spalte C (Geburtsdatum)" in page.locator("#row-3").inner_text()
    assert_accessible(page)

    page.locator("main button", has_text="Datei importieren").click()
    page.wait_for_load_state()
    assert "1 Zeile hat Fehler" in page.content()
    assert not Mentee.objects.exists()

    page.check("#id_row_3")
    page.locator("main button", has_text="Datei importieren").click()
    page.wait_for_load_state()
    assert "1 Datensatz angelegt" in page.content()
    assert_accessible(page)
    assert list(Mentee.objects.values_list("first_name", flat=True)) == ["Amina"]
