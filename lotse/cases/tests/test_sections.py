"""The mentee page's deferred sections and their URL (``cases:section``): the page shows a
placeholder with a link, htmx fetches the fragment, the link opens the whole page with the
section rendered; scoped like the page itself."""

import dataclasses

import pytest
from django.urls import reverse

from lotse import pages
from lotse.audit.models import AuditAction, AuditEvent
from lotse.lib.sections import Page

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(mentee):
    return reverse("cases:detail", args=[mentee.public_id])


def section_url(mentee, section_id):
    return reverse("cases:section", args=[mentee.public_id, section_id])


def deferred_ids():
    return [s.id for s in pages.MENTEE_PAGE.sections if s.deferred]


def test_letters_and_matching_are_deferred_profile_and_journal_are_not():
    assert deferred_ids() == ["letters", "matching"]


def test_the_page_shows_a_link_and_no_content_of_a_deferred_section(client, mentee, alice):
    client.force_login(alice)
    html = client.get(page_url(mentee), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'id="letters-heading"' not in html and "Erstellte Briefe" not in html
    assert 'id="matching-panel"' not in html
    for section_id, link_text in [("letters", "Briefe anzeigen"), ("matching", "Passende")]:
        url = section_url(mentee, section_id)
        assert f'hx-get="{url}"' in html
        assert f'<a href="{url}#{section_id}">{link_text}' in html
    assert 'hx-trigger="revealed"' in html
    assert 'id="journal-heading"' in html  # the journal is rendered at once


def test_the_placeholder_passes_the_pages_query_on(client, mentee, alice):
    """A link that chose a letter kind (or matching's filters) reaches the section."""
    client.force_login(alice)
    html = client.get(page_url(mentee), {"kind": "reminder"}).content.decode()
    assert f'hx-get="{section_url(mentee, "letters")}?kind=reminder"' in html


def test_htmx_gets_only_the_sections_fragment(client, mentee, alice):
    client.force_login(alice)
    response = client.get(section_url(mentee, "letters"), HTTP_ACCEPT_LANGUAGE="de", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="letters-panel"')
    assert "Erstellte Briefe" in html
    assert "<html" not in html and 'id="h-on-this-page"' not in html
    assert "HX-Request" in response["Vary"]


def test_a_plain_request_gets_the_whole_page_with_the_section_rendered(client, mentee, alice):
    client.force_login(alice)
    response = client.get(section_url(mentee, "letters"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and 'id="h-on-this-page"' in html
    assert 'id="letters-heading"' in html and "Erstellte Briefe" in html
    assert 'class="page-section" id="letters"' in html  # the link's #letters lands here
    assert 'id="matching-panel"' not in html  # the other deferred section stays deferred
    assert f'hx-get="{section_url(mentee, "matching")}"' in html
    assert "HX-Request" in response["Vary"]


def test_a_section_that_is_not_deferred_can_be_fetched_too(client, mentee, alice):
    client.force_login(alice)
    html = client.get(section_url(mentee, "journal"), **HTMX).content.decode()
    assert 'id="journal-heading"' in html and "<html" not in html


def test_a_section_with_nothing_to_show_says_so(client, mentee, alice):
    """Group events show nothing without invitations: the fragment (and the page opened at
    the section) still has the heading the link led to."""
    client.force_login(alice)
    fragment = client.get(section_url(mentee, "group-events"), HTTP_ACCEPT_LANGUAGE="de", **HTMX)
    assert fragment.status_code == 200
    assert "Gruppenveranstaltungen" in fragment.content.decode()
    assert "Hier ist nichts erfasst." in fragment.content.decode()
    page = client.get(section_url(mentee, "group-events")).content.decode()
    assert 'class="page-section" id="group-events"' in page


def test_the_fragment_writes_a_view_row(client, mentee, alice):
    client.force_login(alice)
    client.get(section_url(mentee, "letters"), **HTMX)
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.actor == alice and event.mentee_id == mentee.public_id


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
@pytest.mark.parametrize("htmx", [False, True])
def test_outsiders_get_404(client, mentee, who, htmx, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(section_url(mentee, "letters"), **(HTMX if htmx else {}))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_the_anonymous_are_sent_to_login_and_writes_are_refused(client, mentee, alice):
    response = client.get(section_url(mentee, "letters"), **HTMX)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(alice)
    assert client.post(section_url(mentee, "letters")).status_code == 405


@pytest.mark.parametrize(
    "tail",
    [
        "sections/nonsense/",
        "sections/LETTERS/",
        "sections/letters-x/",
        "sections/%00/",
        "sections/letters/../",
        "sections/" + "x" * 3000 + "/",
        "sections/l%C3%A9tters/",
        "sections/",
    ],
)
def test_unknown_section_ids_and_garbage_are_404(client, mentee, alice, tail):
    client.force_login(alice)
    for headers in ({}, HTMX):
        response = client.get(f"{page_url(mentee)}{tail}", **headers)
        assert response.status_code == 404, tail


def test_the_mentee_page_makes_fewer_queries_with_the_deferred_sections(
    client, mentee, alice, monkeypatch, settings, django_assert_max_num_queries
):
    """The letters' form and matching run 16 queries here; deferred, the page runs 32 (on the
    Saxony demo 33 instead of 57-59 with every section rendered; 39 and 40 before the journal
    and the documents' form reused rows already read, 33 and 34 before the papers section
    used the journal's agreement)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.LOTSE_MATCHING_REVISION_SECONDS = 3600  # no revision check between the requests
    client.force_login(alice)
    client.get(page_url(mentee))  # warm the session and content types
    with django_assert_max_num_queries(32), CaptureQueriesContext(connection) as deferred:
        assert client.get(page_url(mentee)).status_code == 200
    rendered = Page(
        "mentee",
        tuple(dataclasses.replace(s, deferred=False) for s in pages.MENTEE_PAGE.sections),
    )
    monkeypatch.setattr(pages, "MENTEE_PAGE", rendered)
    with CaptureQueriesContext(connection) as everything:
        assert client.get(page_url(mentee)).status_code == 200
    assert len(everything) - len(deferred) >= 15  # 55 with every section rendered


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "\x00"},
        {"kind": "x" * 500, "appointment": "not-a-uuid"},
        {"radius": "-1", "excluded": "yes"},
        {"kind": "apprenticeship", "radius": "99999999999999999999"},
        {"open": "letters"},
    ],
)
def test_garbage_in_the_query_is_ignored(client, mentee, alice, query):
    client.force_login(alice)
    for section_id in deferred_ids():
        for headers in ({}, HTMX):
            response = client.get(section_url(mentee, section_id), query, **headers)
            assert response.status_code in (200, 400), (section_id, query)
    assert client.get(page_url(mentee), query).status_code in (200, 400)
