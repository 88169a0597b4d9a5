import re

import pytest
from django.urls import reverse

from lotse.reference.tests.factories import OccupationTitleFactory

SEARCH = reverse("reference:occupation_search")
PICK = reverse("reference:occupation_pick")
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_anonymous_users_are_sent_to_the_login(client, small_reference):
    for url in (f"{SEARCH}?q=koch", f"{PICK}?field=occupation&target=id_occupation&dkz=1002"):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_the_search_returns_a_partial_list_of_buttons_for_the_picker(
    client, alice, small_reference
):
    client.force_login(alice)

    response = client.get(
        SEARCH,
        {"field": "occupation", "target": "id_occupation", **{"occupation": "bäcker"}},
        **HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Bäcker/in · KldB 29222" in html
    assert 'hx-target="#id_occupation_picker"' in html
    assert "dkz=1001" in html
    assert html.index("Bäcker/in ·") < html.index("Brotbäcker/in ·")


def test_the_search_page_works_without_javascript(client, charlie, small_reference):
    # Reference data, not personal data: users of any project (and coordinators) may search.
    client.force_login(charlie)

    response = client.get(SEARCH, {"q": "Friseur"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "82312" in html
    assert "Friseur/in" in html


def test_the_search_says_when_nothing_matches_or_the_query_is_too_short(
    client, cora, small_reference
):
    client.force_login(cora)

    nothing = client.get(SEARCH, {"q": "Astronaut"}, **HTMX).content.decode()
    short = client.get(SEARCH, {"q": "k"}, **HTMX).content.decode()

    assert "Astronaut" in nothing and "<button" not in nothing
    assert "<li" not in short and "help" in short


def test_the_search_ignores_field_names_that_are_not_names(client, alice, small_reference):
    client.force_login(alice)

    html = client.get(
        SEARCH, {"q": "koch", "target": '"><script>', "field": "x y"}, **HTMX
    ).content.decode()

    assert "<script>" not in html
    assert "<button" not in html  # without a valid target there is nothing to fill
    assert "Koch/Köchin" in html


def test_the_search_needs_the_same_queries_for_few_and_many_matches(
    client, alice, small_reference, django_assert_max_num_queries
):
    client.force_login(alice)
    # session, user, second-factor device, memberships (navigation), titles with occupations
    with django_assert_max_num_queries(5) as few:
        client.get(SEARCH, {"q": "Offizier"}, **HTMX)
    OccupationTitleFactory.create_batch(30, occupation_id="01104", title="Offizier/in Nr.")
    with django_assert_max_num_queries(5) as many:
        response = client.get(SEARCH, {"q": "Offizier"}, **HTMX)
    assert response.content.decode().count("<li") == 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_post_is_not_allowed(client, alice, small_reference):
    client.force_login(alice)
    assert client.post(SEARCH, {"q": "koch"}).status_code == 405
    assert client.post(PICK, {"dkz": "1002"}).status_code == 405


def test_picking_a_title_returns_the_filled_input(client, alice, small_reference):
    client.force_login(alice)

    response = client.get(
        PICK, {"field": "occupation", "target": "id_occupation", "dkz": "9907"}, **HTMX
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_occupation_picker"' in html
    assert 'name="occupation"' in html
    assert 'value="82312 Friseur/in"' in html
    assert "autofocus" in html
    assert 'aria-live="polite"' in html
    assert not re.search(r"\srequired[\s>]", html)


def test_the_pick_keeps_the_help_text_and_required_flag_but_drops_the_error(
    client, alice, small_reference
):
    client.force_login(alice)
    params = {
        "field": "occupation",
        "target": "id_occupation",
        "describedby": "id_occupation_helptext id_occupation_error",
        "required": "1",
    }
    results = client.get(SEARCH, {**params, "occupation": "Friseur"}, **HTMX).content.decode()
    assert "describedby=id_occupation_helptext+id_occupation_error" not in results
    assert "describedby=id_occupation_helptext&amp;required=1&amp;dkz=9907" in results

    html = client.get(PICK, {**params, "dkz": "9907"}, **HTMX).content.decode()

    assert 'aria-describedby="id_occupation_helptext"' in html
    assert re.search(r"\srequired[\s>]", html)


def test_picking_needs_valid_parameters_and_an_existing_title(client, alice, small_reference):
    client.force_login(alice)

    bad = client.get(PICK, {"field": "occupation", "target": "id_occupation", "dkz": "x"})
    missing = client.get(PICK, {"field": "occupation", "target": "id_occupation", "dkz": "1"})

    assert bad.status_code == 400
    assert missing.status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_picker_search_page_in_a_browser_is_accessible(
    browser_page, login, assert_accessible, small_reference, alice
):
    page = browser_page
    login(page, alice)
    page.goto(f"{page.base_url}{SEARCH}?q=Friseur")
    assert page.get_by_role("cell", name="Friseur/in", exact=True).is_visible()
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_picker_searches_as_you_type_and_fills_the_field(
    browser_page, login, assert_accessible, small_reference, alice, settings
):
    settings.ROOT_URLCONF = "lotse.reference.tests.picker_urls"
    page = browser_page
    login(page, alice)
    page.goto(f"{page.base_url}/test-picker/")

    field = page.get_by_label("Zielberuf")
    field.press_sequentially("Friseu", delay=20)
    choice = page.get_by_role("button", name="Friseur/in · KldB 82312")
    choice.wait_for()
    assert_accessible(page)
    choice.focus()
    page.keyboard.press("Enter")  # keyboard operable
    page.get_by_text("Ausgewählt: Friseur/in (KldB 82312)").wait_for()
    assert page.get_by_label("Zielberuf").input_value() == "82312 Friseur/in"
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.locator("#chosen").inner_text() == "82312"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_htmx_the_picker_validates_on_the_server(
    browser_page, login, assert_accessible, small_reference, alice, settings
):
    settings.ROOT_URLCONF = "lotse.reference.tests.picker_urls"
    page = browser_page
    page.route("**/htmx*.js", lambda route: route.abort())  # as if scripts were off
    login(page, alice)
    page.goto(f"{page.base_url}/test-picker/")

    page.get_by_label("Zielberuf").fill("Friseu")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    error = page.locator("#id_occupation_error")
    assert "Kein Beruf passt zu „Friseu“" in error.inner_text()
    assert page.get_by_label("Zielberuf").input_value() == "Friseu"  # nothing lost
    assert page.locator("#id_occupation_results li").count() == 0
    assert_accessible(page)

    page.get_by_label("Zielberuf").fill("Friseurin")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.locator("#chosen").inner_text() == "82312"
