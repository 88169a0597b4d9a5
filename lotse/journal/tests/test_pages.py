"""The timeline, the mentee-page panel and the start page: order, content and query bounds."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lotse.cases.models import MenteeStatus
from lotse.journal.panels import mentee_journal_panel
from lotse.journal.selectors import my_day_for, timeline_for
from lotse.journal.tests.factories import (
    AgreementStepFactory,
    AppointmentFactory,
    CourseFactory,
    IntegrationAgreementFactory,
    JournalEntryFactory,
    MenteeFactory,
    ReferralFactory,
    ResidenceStatusFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


D = datetime.date


def test_the_timeline_merges_all_kinds_newest_first(alice, mentee):
    agreement = IntegrationAgreementFactory(mentee=mentee, signed_on=D(2026, 1, 10))
    AgreementStepFactory(agreement=agreement, due_date=D(2026, 6, 1), description="step")
    JournalEntryFactory(mentee=mentee, occurred_at=at(D(2026, 3, 1)))
    AppointmentFactory(mentee=mentee, starts_at=at(D(2026, 5, 1)))
    ReferralFactory(mentee=mentee, referred_on=D(2026, 2, 1))
    CourseFactory(mentee=mentee, starts_on=D(2026, 4, 1))
    items = timeline_for(alice, mentee, limit=30)
    kinds = [item.kind for item in items]
    assert kinds == ["step", "appointment", "course", "contact", "referral", "agreement"]
    whens = [item.when for item in items]
    assert whens == sorted(whens, reverse=True)


def test_the_timeline_pages_through_a_long_journal_without_gaps(alice, mentee):
    start = D(2025, 1, 1)
    for n in range(60):
        JournalEntryFactory(mentee=mentee, occurred_at=at(start + datetime.timedelta(days=2 * n)))
        ReferralFactory(mentee=mentee, referred_on=start + datetime.timedelta(days=2 * n + 1))
    first = timeline_for(alice, mentee, limit=50)
    second = timeline_for(alice, mentee, limit=50, offset=50)
    third = timeline_for(alice, mentee, limit=50, offset=100)
    whole = first + second + third
    assert len(whole) == 120
    assert len({id(item.obj) for item in whole}) == 120
    assert [i.when for i in whole] == sorted((i.when for i in whole), reverse=True)


def test_the_timeline_page_shows_older_entries_on_page_two(client, alice, mentee):
    for n in range(55):
        JournalEntryFactory(
            mentee=mentee, occurred_at=at(D(2026, 1, 1) + datetime.timedelta(days=n)), notes=f"N{n}"
        )
    client.force_login(alice)
    url = reverse("journal:timeline", args=[mentee.public_id])
    page1 = client.get(url).content.decode()
    assert "N54" in page1 and "N4<" not in page1 and "?page=2" in page1
    page2 = client.get(url, {"page": "2"}).content.decode()
    assert "N4<" in page2 and "N54" not in page2
    assert client.get(url, {"page": "x"}).status_code == 200


def _fill_journal(mentee, n: int) -> None:
    agreement = IntegrationAgreementFactory(mentee=mentee)
    for i in range(n):
        when = at(D(2026, 1, 1) + datetime.timedelta(days=i % 300))
        JournalEntryFactory(mentee=mentee, occurred_at=when)
        if i % 2 == 0:
            AppointmentFactory(mentee=mentee, starts_at=when)
            TaskFactory(mentee=mentee)
        if i % 5 == 0:
            ReferralFactory(mentee=mentee)
            CourseFactory(mentee=mentee)
            AgreementStepFactory(agreement=agreement)


def _panel_queries(django_assert_max_num_queries, user, mentee) -> int:
    request = RequestFactory().get("/")
    request.user = type(user).objects.get(pk=user.pk)  # a fresh user: nothing cached
    # 11: the user's projects, eight timeline sources (the letters and the CVs made are two;
    # the agreement's row is the agreement shown), the agreement's steps (also the
    # timeline's), the open tasks (13 before the agreement and its steps were read once).
    with django_assert_max_num_queries(11) as ctx:
        panel = mentee_journal_panel(request, mentee)
        from django.template.loader import render_to_string

        html = render_to_string(panel.template_name, {"panel": panel, "request": request})
    assert "journal-heading" in html
    return len(ctx.captured_queries)


def test_the_panel_needs_the_same_queries_for_10_and_200_entries(
    alice, project_a, django_assert_max_num_queries
):
    short, long = MenteeFactory(project=project_a), MenteeFactory(project=project_a)
    _fill_journal(short, 10)
    _fill_journal(long, 200)
    first = _panel_queries(django_assert_max_num_queries, alice, short)
    assert _panel_queries(django_assert_max_num_queries, alice, long) == first


def test_the_panel_shows_30_items_and_links_to_the_whole_journal(alice, mentee):
    _fill_journal(mentee, 40)
    request = RequestFactory().get("/")
    request.user = alice
    panel = mentee_journal_panel(request, mentee)
    journal = panel.context["journal"]
    assert len(journal["items"]) == 30 and journal["has_more"]
    assert journal["agreement"] is not None
    assert len(journal["open_tasks"]) == 20


def test_the_panel_is_a_section_of_the_mentee_page(alice, mentee):
    from lotse.journal.panels import MENTEE_SECTION
    from lotse.lib.sections import render_sections
    from lotse.pages import MENTEE_PAGE

    request = RequestFactory().get("/")
    request.user = alice
    assert any(
        shown.section is MENTEE_SECTION and "journal-heading" in shown.html
        for shown in render_sections(MENTEE_PAGE, request, mentee)
    )


# --- the start page -----------------------------------------------------------------------

TODAY = D(2026, 11, 26)


@pytest.fixture
def day_of_alice(alice, bob, lena, project_a, project_b, mentee):
    """Alice's mentee with one thing of each kind, plus look-alikes that must not show."""
    mentees = {
        "own": mentee,
        "bobs": MenteeFactory(project=project_a, mentor=bob),
        "unassigned": MenteeFactory(project=project_a, mentor=None),
        "exited": MenteeFactory(project=project_a, mentor=alice, status=MenteeStatus.EXITED),
        "outside": MenteeFactory(project=project_b),
    }
    JournalEntryFactory(mentee=mentee, occurred_at=at(TODAY - datetime.timedelta(days=3)))
    AppointmentFactory(mentee=mentee, starts_at=at(TODAY, 9), place="Agentur Chemnitz")
    AppointmentFactory(mentee=mentee, starts_at=at(TODAY + datetime.timedelta(days=1)))
    AppointmentFactory(mentee=mentees["bobs"], starts_at=at(TODAY, 11))
    TaskFactory(mentee=mentee, title="overdue own", due_date=TODAY - datetime.timedelta(days=2))
    TaskFactory(mentee=mentee, title="this week", due_date=TODAY + datetime.timedelta(days=6))
    TaskFactory(mentee=mentee, title="next week", due_date=TODAY + datetime.timedelta(days=7))
    TaskFactory(mentee=mentee, title="done", due_date=TODAY, done_at=timezone.now())
    TaskFactory(mentee=mentees["bobs"], title="bobs task", due_date=TODAY)
    TaskFactory(mentee=mentees["bobs"], title="for alice", due_date=TODAY, assignee=alice)
    TaskFactory(mentee=mentees["unassigned"], title="unassigned", due_date=TODAY)
    ResidenceStatusFactory(mentee=mentee, valid_until=TODAY + datetime.timedelta(days=20))
    ResidenceStatusFactory(mentee=mentees["bobs"], valid_until=TODAY + datetime.timedelta(days=5))
    ResidenceStatusFactory(mentee=mentees["exited"], valid_until=TODAY)
    return mentees


def test_my_day_shows_alices_own_things(alice, day_of_alice):
    day = my_day_for(alice, today=TODAY)
    assert [a.place for a in day.appointments] == ["Agentur Chemnitz"]
    assert [t.title for t in day.overdue_tasks] == ["overdue own"]
    assert {t.title for t in day.week_tasks} == {"this week", "for alice"}
    assert [d.mentee for d in day.expiring_documents] == [day_of_alice["own"]]
    assert day_of_alice["own"] not in day.without_contact


def test_a_project_lead_also_sees_the_unassigned_mentees(lena, day_of_alice):
    day = my_day_for(lena, today=TODAY)
    assert [t.title for t in day.week_tasks] == ["unassigned"]
    assert day.without_contact == [day_of_alice["unassigned"]]


def test_mentees_without_contact_for_more_than_30_days(alice, mentee, project_a):
    quiet = MenteeFactory(project=project_a, mentor=alice, last_name="Quiet")
    JournalEntryFactory(mentee=quiet, occurred_at=timezone.now() - datetime.timedelta(days=31))
    recent = MenteeFactory(project=project_a, mentor=alice, last_name="Recent")
    JournalEntryFactory(mentee=recent, occurred_at=timezone.now() - datetime.timedelta(days=29))
    day = my_day_for(alice)
    assert day.without_contact == [mentee, quiet]  # never contacted first


def test_the_start_page_renders_for_a_mentor(client, alice, day_of_alice):
    client.force_login(alice)
    response = client.get(reverse("journal:start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "overdue own" in html
    assert "bobs task" not in html
    assert reverse("journal:contact_quick") in html


def test_home_sends_mentors_to_the_start_page(client, alice):
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert response.url == reverse("journal:start")


def test_the_start_page_needs_the_same_queries_for_few_and_many_rows(
    client, alice, project_a, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for _ in range(n):
            person = MenteeFactory(project=project_a, mentor=alice)
            AppointmentFactory(mentee=person, starts_at=timezone.now())
            TaskFactory(mentee=person, due_date=timezone.localdate() - datetime.timedelta(days=1))
            TaskFactory(mentee=person, due_date=timezone.localdate() + datetime.timedelta(days=1))
            ResidenceStatusFactory(
                mentee=person, valid_until=timezone.localdate() + datetime.timedelta(days=3)
            )

    client.force_login(alice)
    url = reverse("journal:start")
    add(2)
    # 12: the page's 10, and the view audit row with its list of the people shown
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    add(40)
    with django_assert_max_num_queries(12) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def _overdue(project, mentor, count):
    today = timezone.localdate()
    return [
        TaskFactory(
            mentee=MenteeFactory(project=project, mentor=mentor),
            title=f"Overdue {i:03}",
            due_date=today - datetime.timedelta(days=count + 1 - i),
        )
        for i in range(count)
    ]


def test_a_long_list_of_my_day_pages_alone(
    client, alice, project_a, monkeypatch, django_assert_max_num_queries
):
    from lotse.journal import selectors

    monkeypatch.setattr(selectors, "START_PAGE_LIMIT", 5)
    tasks = _overdue(project_a, alice, 12)
    client.force_login(alice)
    url = reverse("journal:start")
    response = client.get(url)
    day = response.context["day"]
    assert day.overdue_tasks == tasks[:5] and day.more["overdue_tasks"]
    html = response.content.decode()
    assert "?show=overdue_tasks&amp;page=2" in html and "Overdue 005" not in html
    with django_assert_max_num_queries(8):  # one list alone: fewer queries than the page
        response = client.get(url, {"show": "overdue_tasks", "page": "2"})
    day = response.context["day"]
    assert day.overdue_tasks == tasks[5:10] and day.more["overdue_tasks"]
    assert day.appointments == [] and day.week_tasks == []
    html = response.content.decode()
    assert "Zurück zu „Mein Tag“" in html and "Termine heute" not in html
    assert "?show=overdue_tasks&amp;page=1" in html and "?show=overdue_tasks&amp;page=3" in html
    day = client.get(url, {"show": "overdue_tasks", "page": "3"}).context["day"]
    assert day.overdue_tasks == tasks[10:] and not day.more["overdue_tasks"]
    # an unknown list or a garbled page: the whole page
    for params in ({"show": "everything"}, {"show": "overdue_tasks", "page": "x"}):
        day = client.get(url, params).context["day"]
        assert day.overdue_tasks == tasks[:5]


def test_my_days_pages_show_only_the_users_own(client, bob, alice, project_a):
    _overdue(project_a, alice, 3)
    client.force_login(bob)
    day = client.get(reverse("journal:start"), {"show": "overdue_tasks"}).context["day"]
    assert day.overdue_tasks == []


def test_the_export_holds_the_whole_journal_as_json(
    alice, mentee, records, django_assert_max_num_queries
):
    import json

    from lotse.journal.selectors import journal_export_data

    with django_assert_max_num_queries(9):
        data = journal_export_data(alice, mentee)
    json.dumps(data)  # JSON-safe
    assert len(data["contacts"]) == 1 and data["contacts"][0]["notes"] == records["contacts"].notes
    assert data["integration_agreements"][0]["steps"][0]["description"].startswith("Schritt")
    assert {len(data[k]) for k in ("appointments", "tasks", "referrals", "courses")} == {1}
    assert "id" not in data["contacts"][0] and "mentee" not in data["contacts"][0]


def test_the_export_of_an_outsider_is_empty(charlie, mentee, records):
    from lotse.journal.selectors import journal_export_data

    data = journal_export_data(charlie, mentee)
    assert all(value == [] for value in data.values())


def test_the_journal_page_can_show_one_kind(client, alice, mentee, records):
    client.force_login(alice)
    url = reverse("journal:timeline", args=[mentee.public_id])
    html = client.get(url, {"show": "referrals"}).content.decode()
    assert "timeline-referral" in html
    assert "timeline-contact" not in html and "timeline-task" not in html
    everything = client.get(url, {"show": "nonsense"}).content.decode()
    assert "timeline-referral" in everything and "timeline-contact" in everything


def test_timeline_kinds_filter_the_sources(alice, mentee, records, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the user's projects, agreements, steps
        items = timeline_for(alice, mentee, limit=10, kinds={"agreement", "step"})
    assert {item.kind for item in items} == {"agreement", "step"}


def test_has_agreement_uses_the_agreement_the_panel_read_for_the_same_user(
    alice, charlie, mentee, django_assert_num_queries
):
    """The papers section asks ``has_agreement`` after the journal's section: no query of its
    own on the same mentee and user, one query otherwise (and the scope still holds)."""
    from lotse.accounts.selectors import project_ids_for
    from lotse.journal.selectors import has_agreement, journal_panel_for

    project_ids_for(alice)  # the memberships, read once per request
    with django_assert_num_queries(1):
        assert not has_agreement(alice, mentee)
    IntegrationAgreementFactory(mentee=mentee)
    with django_assert_num_queries(1):
        assert has_agreement(alice, mentee)
    journal_panel_for(alice, mentee, size=30)
    with django_assert_num_queries(0):
        assert has_agreement(alice, mentee)
    assert not has_agreement(charlie, mentee)  # another project's mentor: not from the cache
