import pytest
from playwright.sync_api import expect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_mentor_logs_in_and_the_pages_pass_axe(browser_page, login, assert_accessible, alice):
    page = browser_page
    page.goto(f"{page.base_url}/accounts/login/")
    assert_accessible(page)
    login(page, alice)
    assert "/accounts/login/" not in page.url
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_shows_an_error_tied_to_the_form(browser_page, assert_accessible, alice):
    page = browser_page
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label("Benutzername").fill("alice")
    page.get_by_label("Passwort").fill("wrong password")
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert "/accounts/login/" in page.url
    assert_accessible(page)
