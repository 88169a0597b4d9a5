"""The group-event figures (issue 10 item 4 with issue 12 item 6), worked out by hand on the
scenario of ``conftest.py`` (projects A and B; m1 and m4 in A and Chemnitz, m2 now in B and
Leipzig, m3 in B and Chemnitz, m5 in B without a district) plus these events:

========  =======  ==========  ===========  ========  ===========================================
event     project  date        minutes      district  invitations
========  =======  ==========  ===========  ========  ===========================================
E1        A        2021-03-10  150          Chemnitz  m1 attended, m4 attended, m2 excused
E2        A        2021-06-01  60           Leipzig   m1 attended, m4 absent
E3        B        2021-11-05  180          –         m2 attended, m5 attended, m3 not recorded
E4        B        2021-12-01  120          –         cancelled (m2 "attended" does not count)
E5        A        2022-01-10  60           –         m1 attended (outside 2021)
E6        A        2021-12-20  90           –         nobody invited (still held)
========  =======  ==========  ===========  ========  ===========================================

The events are the fixture ``events`` of ``conftest.py``. In 2021:

- participants (distinct people attending): A {m1, m4} = 2, B {m2, m5} = 2, total 4;
  by the mentee's district: Chemnitz {m1, m4} = 2, Leipzig {m2} = 1, unknown {m5} = 1.
- participations (attendances): A 2 + 1 = 3, B 2, total 5; Chemnitz 3, Leipzig 1, unknown 1.
- events held: A {E1, E2, E6} = 3 with 300 minutes (5 h), B {E3} = 1 with 180 minutes (3 h);
  by the event's district: Chemnitz 1 (150), Leipzig 1 (60), none 2 (270).
"""

import datetime

import pytest
from django.utils import timezone

from lotse.events.tests.factories import GroupEventFactory
from lotse.reporting.figures import TOTAL, Scope, activities, compute, event_activity_rows
from lotse.reporting.tests.conftest import PERIOD

pytestmark = pytest.mark.django_db
D = datetime.date


def test_participants_and_participations(events):
    f = compute(Scope(*PERIOD))
    a, b = events["a"].pk, events["b"].pk
    assert f.get(TOTAL, TOTAL, "event_participants") == 4
    assert f.get(TOTAL, TOTAL, "event_participations") == 5
    assert f.get("project", a, "event_participants") == 2
    assert f.get("project", a, "event_participations") == 3
    assert f.get("project", b, "event_participants") == 2
    assert f.get("project", b, "event_participations") == 2
    assert f.get("district", "14511", "event_participants") == 2
    assert f.get("district", "14511", "event_participations") == 3
    assert f.get("district", "14713", "event_participants") == 1
    assert f.get("district", "unknown", "event_participants") == 1


def test_a_selection_counts_only_its_part(events):
    only_a = compute(Scope(*PERIOD, project_ids=frozenset({events["a"].pk})))
    assert only_a.get(TOTAL, TOTAL, "event_participants") == 2
    assert only_a.get(TOTAL, TOTAL, "event_participations") == 3
    chemnitz = compute(Scope(*PERIOD, district="14511"))
    assert chemnitz.get(TOTAL, TOTAL, "event_participants") == 2
    first_quarter = compute(Scope(D(2021, 1, 1), D(2021, 3, 31)))
    assert first_quarter.get(TOTAL, TOTAL, "event_participants") == 2  # E1: m1, m4


def test_events_held_and_their_hours(events):
    work = activities(Scope(*PERIOD))
    assert work.events == {events["a"].pk: (3, 300), events["b"].pk: (1, 180)}
    by_district = {row[0]: row[4:] for row in event_activity_rows(Scope(*PERIOD), "district")}
    assert by_district["14511"] == [1, 150] and by_district["14713"] == [1, 60]
    assert (
        sum(n for _g, _y, _m, _k, n, _min in event_activity_rows(Scope(*PERIOD), "district")) == 4
    )


def test_a_planned_event_is_not_held_yet(project_a):
    today = timezone.localdate()
    GroupEventFactory(project=project_a, date=today + datetime.timedelta(days=10))
    GroupEventFactory(project=project_a, date=today - datetime.timedelta(days=1))
    year = Scope(D(today.year - 1, 1, 1), D(today.year + 1, 12, 31))
    assert activities(year).events == {project_a.pk: (1, 150)}


def test_the_report_shows_the_event_figures_exactly_to_the_lead(client, lena, events):
    from django.urls import reverse

    client.force_login(lena)
    params = {"kind": "year", "year": "2021"}
    report = client.get(reverse("reporting:index"), params).context["report"]
    key = {row.key: row.cells[-1].text for row in report.table("key_project").rows}
    assert key["event_participants"] == "2" and key["event_participations"] == "3"  # A only
    work = {row.key: row.cells[-1].text for row in report.table("activities").rows}
    assert work["events_held"] == "3" and work["event_hours"] == "5,0"


def test_the_coordinator_sees_participants_suppressed_and_events_exactly(client, cora, events):
    from django.urls import reverse

    from lotse.reporting import published

    published.refresh()
    client.force_login(cora)
    report = client.get(reverse("reporting:index"), {"kind": "year", "year": "2021"}).context[
        "report"
    ]
    rows = {row.key: [cell.text for cell in row.cells] for row in report.table("key_project").rows}
    hidden = {"< 5", "×"}
    # 2 and 2 people in the projects, 4 in total: all small.
    assert set(rows["event_participants"]) <= hidden
    # 3 and 2 participations in the projects (small), 5 in total (shown or withheld).
    assert set(rows["event_participations"][:-1]) <= hidden
    assert rows["event_participations"][-1] in hidden | {"5"}
    work = {row.key: row.cells[-1].text for row in report.table("activities").rows}
    assert work["events_held"] == "4" and work["event_hours"] == "8,0"
