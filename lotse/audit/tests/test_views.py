import csv
import datetime
import io
import uuid
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEvent
from lotse.audit.tests.factories import AuditEventFactory

LIST = reverse("audit:list")
EXPORT = reverse("audit:export")


def _at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _event_at(when: datetime.datetime, **kwargs) -> AuditEvent:
    with mock.patch("django.utils.timezone.now", return_value=when):
        return AuditEventFactory(**kwargs)


# --- who may see it -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_anonymous_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", [LIST, EXPORT])
@pytest.mark.parametrize("username", ["alice", "lena", "charlie", "cora", "adam"])
def test_everyone_but_the_data_protection_officer_gets_404(
    client, url, username, alice, lena, charlie, cora, adam
):
    AuditEventFactory(actor=alice)
    user = {"alice": alice, "lena": lena, "charlie": charlie, "cora": cora, "adam": adam}[username]
    client.force_login(user)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_wrong_method_is_refused(client, dora, url):
    client.force_login(dora)
    assert client.post(url).status_code == 405


def test_the_data_protection_officer_sees_the_trail(client, dora, alice):
    event = AuditEventFactory(actor=alice, action=AuditAction.UPDATE)
    client.force_login(dora)
    response = client.get(LIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert str(event.mentee_id) in content
    assert "alice" in content
    # browsing the whole trail does not log itself
    assert AuditEvent.objects.count() == 1


# --- filters --------------------------------------------------------------------------------


def _labels(response) -> set[str]:
    return {event.object_id for event in response.context["page"].object_list}


def test_it_filters_by_actor_action_type_project_and_mentee(client, dora, alice, bob, project_a):
    person = uuid.uuid4()
    AuditEventFactory(actor=alice, object_id="by alice", action=AuditAction.VIEW)
    AuditEventFactory(actor=bob, object_id="by bob", action=AuditAction.UPDATE)
    AuditEventFactory(actor=bob, object_id="employer", object_type="employers.employer")
    AuditEventFactory(actor=bob, object_id="in A", project_id=project_a.pk)
    AuditEventFactory(actor=bob, object_id="about person", mentee_id=person)
    client.force_login(dora)

    assert _labels(client.get(LIST, {"actor": alice.username})) == {"by alice"}
    assert _labels(client.get(LIST, {"action": "update"})) == {"by bob"}
    assert _labels(client.get(LIST, {"object_type": "employers.employer"})) == {"employer"}
    assert _labels(client.get(LIST, {"project": project_a.pk})) == {"in A"}
    assert _labels(client.get(LIST, {"mentee": str(person)})) == {"about person"}
    assert _labels(client.get(LIST, {"actor": bob.username, "action": "view"})) == {
        "employer",
        "in A",
        "about person",
    }


def test_it_filters_by_a_date_range_including_the_last_day(client, dora):
    _event_at(_at(2025, 3, 1), object_id="before")
    _event_at(_at(2025, 3, 2, 0), object_id="first day, midnight")
    _event_at(_at(2025, 3, 5, 23), object_id="last day, late")
    _event_at(_at(2025, 3, 6, 0), object_id="after")
    client.force_login(dora)
    response = client.get(LIST, {"date_from": "2025-03-02", "date_until": "2025-03-05"})
    assert _labels(response) == {"first day, midnight", "last day, late"}


def test_it_refuses_an_end_date_before_the_start_date_at_the_field(client, dora):
    client.force_login(dora)
    response = client.get(LIST, {"date_from": "2025-03-05", "date_until": "2025-03-01"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "date_until" in response.context["form"].errors
    assert 'id="id_date_until_error"' in response.content.decode()


def test_it_refuses_a_mentee_id_that_is_no_uuid(client, dora):
    client.force_login(dora)
    response = client.get(LIST, {"mentee": "Amal Haddad"})
    assert "mentee" in response.context["form"].errors
    assert not AuditEvent.objects.exists()


def test_filtering_by_a_mentee_is_itself_recorded_for_that_mentee(client, dora):
    person = uuid.uuid4()
    AuditEventFactory(mentee_id=person)
    client.force_login(dora)
    client.get(LIST, {"mentee": str(person)})
    logged = AuditEvent.objects.get(actor=dora)
    assert logged.action == AuditAction.VIEW
    assert logged.mentee_id == person
    assert logged.object_type == "audit.auditevent"
    assert logged.changes == {"mentee": str(person)}


# --- paging by key ---------------------------------------------------------------------------


def _ids(response) -> list[int]:
    return [event.pk for event in response.context["page"].object_list]


def _trail(n: int, **kwargs) -> list[AuditEvent]:
    """``n`` rows, three at each time (ties that only the id orders), oldest first."""
    start = _at(2025, 1, 1)
    return [
        _event_at(start + datetime.timedelta(minutes=i // 3), object_id=f"row {i}", **kwargs)
        for i in range(n)
    ]


def _walk_older(client, query: dict | None = None) -> list:
    pages = [client.get(LIST, query or {})]
    while pages[-1].context["page"].older:
        pages.append(client.get(LIST, {**(query or {}), "before": pages[-1].context["page"].older}))
    return pages


def test_it_pages_by_key_newest_first_without_gaps_or_repeats(client, dora):
    rows = _trail(123)
    client.force_login(dora)
    pages = _walk_older(client)
    assert [len(_ids(page)) for page in pages] == [50, 50, 23]
    newest_first = sorted(rows, key=lambda e: (e.occurred_at, e.pk), reverse=True)
    assert [pk for page in pages for pk in _ids(page)] == [e.pk for e in newest_first]
    assert pages[0].context["page"].newer is None
    assert pages[-1].context["page"].older is None
    # and back again by the "newer" links, page by page
    back = pages[-1]
    for expected in reversed(pages[:-1]):
        back = client.get(LIST, {"after": back.context["page"].newer})
        assert _ids(back) == _ids(expected)
    assert back.context["page"].newer is None


def test_the_links_say_older_and_newer_and_keep_the_filters(client, dora, alice):
    _trail(60, actor=alice)
    client.force_login(dora)
    first = client.get(LIST, {"actor": alice.username})
    content = first.content.decode()
    older = first.context["page"].older
    assert f'href="?actor={alice.username}&amp;before={older}" rel="next"' in content
    assert 'rel="prev"' not in content
    second = client.get(LIST, {"actor": alice.username, "before": older}).content.decode()
    newer = f"?actor={alice.username}&amp;after="
    assert f'href="{newer}' in second and 'rel="prev"' in second
    assert "page=" not in second


def test_rows_written_while_paging_do_not_shift_the_next_page(client, dora):
    rows = _trail(60)
    client.force_login(dora)
    first = client.get(LIST)
    for n in range(7):  # new rows arrive meanwhile, as rows do: now
        AuditEventFactory(object_id=f"now {n}")
    second = client.get(LIST, {"before": first.context["page"].older})
    seen = _ids(first) + _ids(second)
    assert sorted(seen) == sorted(e.pk for e in rows)


def test_paging_stays_within_the_filter(client, dora, alice, bob):
    _trail(70, actor=alice)
    _trail(70, actor=bob)
    client.force_login(dora)
    pages = _walk_older(client, {"actor": bob.username})
    events = [e for page in pages for e in page.context["page"].object_list]
    assert len(events) == 70 and {e.actor_id for e in events} == {bob.pk}
    assert len(pages) == 2


@pytest.mark.parametrize(
    "query",
    [
        {"before": "abc"},
        {"before": "1.2.3"},
        {"after": "-5.1"},
        {"before": "123456789012345678901.1"},  # past the last day a date can have
        {"after": "1.9999999999999999999"},  # larger than any key can be
        {"before": "1764584553123456.1", "after": "1764584553123456.1"},
        {"before": ""},
        {"before": "1764584553123456.1\n"},
    ],
)
def test_a_bad_page_link_shows_the_newest_page_and_says_so(client, dora, query):
    rows = _trail(55)
    client.force_login(dora)
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert response.context["key_error"]
    assert 'role="alert"' in response.content.decode()
    assert _ids(response)[0] == max(rows, key=lambda e: (e.occurred_at, e.pk)).pk


def test_a_page_link_past_either_end_shows_the_newest_page(client, dora):
    rows = _trail(5)
    client.force_login(dora)
    newest = max(rows, key=lambda e: (e.occurred_at, e.pk))
    for query in ({"before": "1.1"}, {"after": "9999999999999999.1"}, {"before": "1." + "9" * 17}):
        response = client.get(LIST, query)
        assert _ids(response)[0] == newest.pk
        assert not response.context["key_error"]


@pytest.mark.parametrize("username", ["alice", "lena", "cora", "adam"])
def test_a_page_link_is_a_404_for_everyone_but_the_officer(db, client, username, request):
    _trail(3)
    client.force_login(request.getfixturevalue(username))
    assert client.get(LIST, {"before": "1764584553123456.1"}).status_code == 404


def test_the_page_key_survives_a_round_trip():
    from lotse.lib.keyset import Key

    key = Key(_at(2025, 3, 1).replace(microsecond=123456), 42)
    assert Key.parse(key.token) == key
    assert key.token.endswith(".42")


def test_the_list_needs_the_same_number_of_queries_for_few_and_many_rows(
    client, dora, alice, bob, django_assert_max_num_queries
):
    client.force_login(dora)
    for n in range(5):
        AuditEventFactory(actor=alice if n % 2 else bob)
    with django_assert_max_num_queries(9) as few:
        client.get(LIST, {"action": "view"})
    for n in range(150):
        AuditEventFactory(actor=alice if n % 2 else bob, object_type=f"cases.t{n % 7}")
    with django_assert_max_num_queries(9) as many:
        client.get(LIST, {"action": "view"})
    assert len(many.captured_queries) == len(few.captured_queries)


# --- export ---------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def test_the_export_holds_the_filtered_trail_and_is_recorded(client, dora, alice, project_a):
    AuditEventFactory(
        actor=alice,
        object_id="Amal Haddad",
        action=AuditAction.UPDATE,
        changes={"phone": ["1", "2"]},
        project_id=project_a.pk,
    )
    AuditEventFactory(actor=alice, object_id="Omar Rahimi", action=AuditAction.VIEW)
    client.force_login(dora)
    response = client.get(EXPORT, {"action": "update"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert len(rows) == 2
    assert rows[1][1] == "alice"
    assert rows[1][4] == "Amal Haddad"
    assert rows[1][6] == project_a.name
    assert '"phone"' in rows[1][7]
    logged = AuditEvent.objects.get(actor=dora)
    assert logged.action == AuditAction.EXPORT
    assert logged.changes == {"action": "update"}


def test_the_export_does_not_let_a_name_run_as_a_spreadsheet_formula(client, dora):
    AuditEventFactory(object_id='=HYPERLINK("http://evil.example","Klick")')
    client.force_login(dora)
    rows = _csv(client.get(EXPORT))
    assert len(rows) == 2  # the header and the one row: the export's own record is not in it
    assert rows[1][4] == '\'=HYPERLINK("http://evil.example","Klick")'


def test_the_export_refuses_invalid_filters_without_recording(client, dora):
    client.force_login(dora)
    response = client.get(EXPORT, {"date_from": "not a date"})
    assert response.status_code == 400
    assert not AuditEvent.objects.exists()


# --- append-only ----------------------------------------------------------------------------


def test_audit_rows_cannot_be_changed_or_deleted(db):
    event = AuditEventFactory(object_id="original")
    event.object_id = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(object_id="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).object_id == "original"


# --- rows of pages that showed people -------------------------------------------------------


def test_the_list_shows_ids_never_names_and_counts_the_people_of_a_page_row(
    client, dora, alice, project_a
):
    from lotse.audit.services import audit_view
    from lotse.cases.tests.factories import MenteeFactory

    people = MenteeFactory.create_batch(3, project=project_a, last_name="Zyxwvut")
    audit_view(actor=alice, page="cases:list", shown=people)
    client.force_login(dora)
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "3 people shown" in html
    assert "Zyxwvut" not in html
    # the data protection officer finds the row from any of the people's ids
    found = client.get(LIST, {"mentee": str(people[2].public_id)})
    assert [e.object_id for e in found.context["page"].object_list] == ["cases:list"]


def test_a_project_user_would_see_the_name_of_a_mentee_of_their_project(alice, charlie, project_a):
    from lotse.audit.selectors import resolve_labels
    from lotse.cases.tests.factories import MenteeFactory

    mentee = MenteeFactory(project=project_a, first_name="Amal", last_name="Haddad")
    events = [AuditEventFactory(mentee_id=mentee.public_id)]
    resolve_labels(alice, events)
    assert events[0].mentee_label == "Amal Haddad"
    resolve_labels(charlie, events)  # another project: the id only
    assert events[0].mentee_label == ""


def test_the_list_needs_the_same_queries_for_page_rows_of_few_and_many_people(
    client, dora, alice, project_a, django_assert_max_num_queries
):
    from lotse.audit.services import audit_view

    client.force_login(dora)
    audit_view(actor=alice, page="cases:list", shown=[uuid.uuid4()])
    with django_assert_max_num_queries(9) as few:
        client.get(LIST)
    for _ in range(60):
        audit_view(actor=alice, page="cases:list", shown=[uuid.uuid4() for _ in range(50)])
    with django_assert_max_num_queries(9) as many:
        client.get(LIST)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_export_lists_the_people_of_a_page_row_by_id(client, dora, alice):
    from lotse.audit.services import audit_view

    people = [uuid.uuid4(), uuid.uuid4()]
    audit_view(actor=alice, page="placements:board", shown=people)
    client.force_login(dora)
    rows = _csv(client.get(EXPORT))
    assert rows[1][4] == "placements:board"
    assert all(str(p) in rows[1][7] for p in people)


def test_the_filter_asks_for_a_username_and_says_when_there_is_none(client, dora, alice):
    AuditEventFactory(actor=alice, object_id="by alice")
    client.force_login(dora)
    assert _labels(client.get(LIST, {"actor": f" {alice.username} "})) == {"by alice"}
    response = client.get(LIST, {"actor": "nobody-of-that-name"})
    assert response.status_code == 200
    assert "actor" in response.context["form"].errors
    assert response.context["page"] is None


def test_the_project_filter_keeps_the_choice_and_the_field_attributes(client, dora, project_a):
    client.force_login(dora)
    content = client.get(LIST, {"project": project_a.pk}).content.decode()
    assert f'<option value="{project_a.pk}" selected>' in content
    assert '<select name="project" id="id_project"' in content
