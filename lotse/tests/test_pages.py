"""The pages composed of sections (``lotse/pages.py``): order, presence, jump links."""

import re

import pytest
from django.urls import reverse

from lotse.cases.models import Participation
from lotse.employers.models import ServiceTarget
from lotse.employers.tests.factories import EmployerFactory, EmployerServiceFactory
from lotse.lib.sections import Export, Page, Panel, Section, export_sections
from lotse.pages import EMPLOYER_PAGE, MENTEE_PAGE, VACANCY_PAGE
from lotse.placements.tests.factories import ApplicationFactory, MenteeFactory
from lotse.privacy.tests.factories import ErasureReviewFactory
from lotse.reporting.tests.factories import EsfRecordFactory

pytestmark = pytest.mark.django_db


def test_the_pages_list_their_sections_in_order():
    assert [s.id for s in MENTEE_PAGE.sections] == [
        "profile",
        "journal",
        "documents",
        "letters",
        "papers",
        "group-events",
        "applications",
        "employer-services",
        "matching",
        "esf",
        "data-protection",
    ]
    assert [s.id for s in VACANCY_PAGE.sections] == ["applications", "matching"]
    assert [s.id for s in EMPLOYER_PAGE.sections] == ["placements"]


def test_two_sections_of_a_page_cannot_share_an_anchor():
    section = MENTEE_PAGE.sections[0]
    with pytest.raises(ValueError, match="share an id"):
        Page("mentee", (section, section))


def test_two_export_parts_cannot_share_a_key(alice):
    part = Export(lambda user, obj: [], models=(), key="same")
    sections = tuple(
        Section(id=name, heading=name, panel=lambda r, o: None, export=part) for name in "ab"
    )
    with pytest.raises(ValueError, match="used by two sections"):
        export_sections(Page("mentee", sections), alice, None)


def _nav_and_anchors(html):
    nav = re.search(r'<nav class="jump-links".*?</nav>', html, re.S).group(0)
    return re.findall(r'href="#([^"]+)"', nav), re.findall(
        r'class="page-section" id="([^"]+)"', html
    )


def test_the_mentee_page_links_to_every_section_it_shows(client, project_a, alice):
    project_a.esf_indicators = True
    project_a.save()
    mentee = MenteeFactory(project=project_a, mentor=alice)
    Participation.objects.create(mentee=mentee, project=project_a, entry_date="2026-01-05")
    EsfRecordFactory(participation=mentee.participations.get())
    ApplicationFactory(mentee=mentee)
    EmployerServiceFactory(
        employer=EmployerFactory(project=project_a), mentee=mentee, target=ServiceTarget.MENTEE
    )
    ErasureReviewFactory(mentee=mentee)
    from lotse.events.tests.factories import GroupEventFactory, InvitationFactory

    InvitationFactory(event=GroupEventFactory(project=project_a), mentee=mentee)
    client.force_login(alice)
    html = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    links, anchors = _nav_and_anchors(html)
    assert links == anchors == [s.id for s in MENTEE_PAGE.sections]
    for section in MENTEE_PAGE.sections:
        # The jump link says what the section's own heading says.
        block = html.split(f'class="page-section" id="{section.id}"', 1)[1]
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", block, re.S).group(1)
        assert heading.strip() == str(section.heading), section.id
        assert f'<a href="#{section.id}">{section.heading}</a>' in html
    assert html.count('<a href="#main">') == len(MENTEE_PAGE.sections)


def test_sections_with_nothing_to_show_get_no_jump_link(client, project_a, alice):
    mentee = MenteeFactory(project=project_a, mentor=alice)  # no ESF project, no services
    client.force_login(alice)
    html = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    links, anchors = _nav_and_anchors(html)
    assert (
        links
        == anchors
        == [
            "profile",
            "journal",
            "documents",
            "letters",
            "papers",
            "applications",
            "matching",
            "data-protection",
        ]
    )


def test_a_section_function_gets_the_request_and_the_object(rf, alice, project_a):
    from lotse.lib.sections import render_sections

    seen = []

    def panel(request, obj):
        seen.append((request.user, obj))
        return Panel("employers/_mentee_panel.html", {"employer_services": {"services": []}})

    mentee = MenteeFactory(project=project_a)
    request = rf.get("/")
    request.user = alice
    shown = render_sections(Page("mentee", (Section("x", "X", panel),)), request, mentee)
    assert seen == [(alice, mentee)]
    assert [s.section.id for s in shown] == ["x"]


def test_a_deferred_section_is_a_placeholder_without_calling_its_panel(rf, alice, project_a):
    from lotse.lib.sections import render_sections

    called = []

    def panel(request, obj):
        called.append(obj)
        return Panel("employers/_mentee_panel.html", {"employer_services": {"services": []}})

    page = Page("mentee", (Section("x", "Extra", panel, deferred=True),))
    mentee = MenteeFactory(project=project_a)
    request = rf.get("/", {"kind": "a&b"})
    request.user = alice
    [shown] = render_sections(page, request, mentee, section_url=lambda s: f"/s/{s.id}/")
    assert called == [] and shown.deferred
    assert 'hx-get="/s/x/?kind=a%26b"' in shown.html
    assert '<a href="/s/x/?kind=a%26b#x">Extra anzeigen</a>' in shown.html
    # Opened (the section's own URL), or on a page without section URLs: rendered.
    [opened] = render_sections(page, request, mentee, section_url=str, opened={"x"})
    [plain] = render_sections(page, request, mentee)
    assert called == [mentee, mentee] and not opened.deferred and not plain.deferred
