"""A small programme whose every figure for 2021 is worked out by hand in ``EXPECTED``.

Projects: A (``project_a``) and B (``project_b``). Districts: Chemnitz (14511), Leipzig (14713).

- m1, woman, born 1990-06-15, Chemnitz, Syria. Stay in A from 2020-03-01, still open. Two
  placements in 2021: a mini-job on 2021-02-01 and an insured full-time job on 2021-09-01
  (adequate by computation; 6-month follow-up: still employed). Age at first entry 29.
  Days from entry to the first placement in 2021: 2020-03-01 → 2021-02-01 = 337.
- m2, man, born 2005-01-10, Leipzig, Ukraine. Stay in A 2021-02-01 – 2021-05-31 (moved away),
  re-entry in B on 2021-09-01. Apprenticeship on 2021-10-01 in B (6-month follow-up answered
  "unknown"). Age at first entry 16. Days: 2021-09-01 → 2021-10-01 = 30.
- m3, woman, Chemnitz: stay in B 2019-01-01 – 2020-12-31, placement 2020-06-01: outside 2021.
- m4, man, no date of birth, Chemnitz, no country. Enters A on 2021-12-31 (the last day);
  an EQ starting 2022-01-15 lies outside the period.
- m5, gender not stated, born 1960-05-05, no district, nationality Ukraine. Stay in B
  2018-05-01 – 2021-01-01 (took up a job). Insured part-time job on 2021-01-01 in B, computed
  not adequate but overridden as adequate by the mentor; 6-month follow-up: no longer
  employed. Age at first entry 57. Days: 2018-05-01 → 2021-01-01 = 976.

Employers: E1 (A, Chemnitz) two company services in 2021; E2 (A, Leipzig) only a service aimed at
a mentee; E3 (B, Leipzig) company services on 2020-12-31 and 2022-01-01 only; E4 (B, Chemnitz)
one company service in 2021. Looked after: E1 and E4.
"""

import datetime

import pytest

from lotse.cases.models import ExitReason, Gender
from lotse.employers.models import ServiceTarget
from lotse.placements.models import PlacementType
from lotse.reporting.tests.factories import (
    CountryFactory,
    DistrictFactory,
    EmployerFactory,
    EmployerServiceFactory,
    FollowUpFactory,
    MenteeFactory,
    ParticipationFactory,
    PlacementFactory,
)

D = datetime.date
T = datetime.time
PERIOD = (D(2021, 1, 1), D(2021, 12, 31))


@pytest.fixture
def scenario(project_a, project_b):
    chemnitz = DistrictFactory(ags="14511", name="Chemnitz", latitude=50.83, longitude=12.92)
    leipzig = DistrictFactory(ags="14713", name="Leipzig", latitude=51.34, longitude=12.37)
    syria = CountryFactory(iso_code="SY", name_de="Syrien", name_en="Syria", region="middle_east")
    ukraine = CountryFactory(
        iso_code="UA", name_de="Ukraine", name_en="Ukraine", region="eastern_europe"
    )
    a, b = project_a, project_b

    m1 = MenteeFactory(
        project=a,
        gender=Gender.FEMALE,
        birth_date=D(1990, 6, 15),
        district=chemnitz,
        country_of_origin=syria,
    )
    ParticipationFactory(mentee=m1, project=a, entry_date=D(2020, 3, 1))
    PlacementFactory(
        mentee=m1,
        project=a,
        placement_type=PlacementType.MINI_JOB,
        start_date=D(2021, 2, 1),
        adequacy_computed=None,
    )
    job = PlacementFactory(mentee=m1, project=a, start_date=D(2021, 9, 1), adequacy_computed=True)
    FollowUpFactory(placement=job, still_employed="yes")

    m2 = MenteeFactory(
        project=b,
        gender=Gender.MALE,
        birth_date=D(2005, 1, 10),
        district=leipzig,
        country_of_origin=ukraine,
    )
    ParticipationFactory(
        mentee=m2,
        project=a,
        entry_date=D(2021, 2, 1),
        exit_date=D(2021, 5, 31),
        exit_reason=ExitReason.MOVED,
    )
    ParticipationFactory(mentee=m2, project=b, entry_date=D(2021, 9, 1))
    apprenticeship = PlacementFactory(
        mentee=m2,
        project=b,
        placement_type=PlacementType.APPRENTICESHIP,
        start_date=D(2021, 10, 1),
        adequacy_computed=None,
    )
    FollowUpFactory(placement=apprenticeship, still_employed="unknown")

    m3 = MenteeFactory(project=b, gender=Gender.FEMALE, district=chemnitz, country_of_origin=syria)
    ParticipationFactory(
        mentee=m3,
        project=b,
        entry_date=D(2019, 1, 1),
        exit_date=D(2020, 12, 31),
        exit_reason=ExitReason.JOB,
    )
    PlacementFactory(mentee=m3, project=b, start_date=D(2020, 6, 1))

    m4 = MenteeFactory(project=a, gender=Gender.MALE, district=chemnitz)
    ParticipationFactory(mentee=m4, project=a, entry_date=D(2021, 12, 31))
    PlacementFactory(
        mentee=m4,
        project=a,
        placement_type=PlacementType.EQ,
        start_date=D(2022, 1, 15),
        adequacy_computed=None,
    )

    m5 = MenteeFactory(
        project=b, gender=Gender.NOT_STATED, birth_date=D(1960, 5, 5), nationality=ukraine
    )
    ParticipationFactory(
        mentee=m5,
        project=b,
        entry_date=D(2018, 5, 1),
        exit_date=D(2021, 1, 1),
        exit_reason=ExitReason.JOB,
    )
    part_time = PlacementFactory(
        mentee=m5,
        project=b,
        placement_type=PlacementType.INSURED_PART_TIME,
        start_date=D(2021, 1, 1),
        adequacy_computed=False,
        adequacy_override=True,
        adequacy_override_reason="Leitungsaufgaben",
    )
    FollowUpFactory(placement=part_time, still_employed="no")

    e1 = EmployerFactory(project=a, district=chemnitz)
    EmployerServiceFactory(employer=e1, date=D(2021, 3, 3))
    EmployerServiceFactory(employer=e1, date=D(2021, 4, 4))
    e2 = EmployerFactory(project=a, district=leipzig)
    EmployerServiceFactory(employer=e2, date=D(2021, 5, 5), target=ServiceTarget.MENTEE, mentee=m1)
    e3 = EmployerFactory(project=b, district=leipzig)
    EmployerServiceFactory(employer=e3, date=D(2020, 12, 31))
    EmployerServiceFactory(employer=e3, date=D(2022, 1, 1))
    e4 = EmployerFactory(project=b, district=chemnitz)
    EmployerServiceFactory(employer=e4, date=D(2021, 7, 7))
    return {
        "a": a,
        "b": b,
        "chemnitz": chemnitz,
        "leipzig": leipzig,
        "mentees": [m1, m2, m3, m4, m5],
    }


@pytest.fixture
def events(scenario):
    """Six group events on the scenario, worked out by hand in ``test_event_figures.py``."""
    from lotse.events.models import Attendance
    from lotse.events.tests.factories import GroupEventFactory, InvitationFactory
    from lotse.reference.models import District

    m1, m2, m3, m4, m5 = scenario["mentees"]
    a, b = scenario["a"], scenario["b"]
    chemnitz, leipzig = District.objects.get(ags="14511"), District.objects.get(ags="14713")

    def event(project, day, start, end, district=None, cancelled=False):
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        return GroupEventFactory(
            project=project,
            date=day,
            starts_at=start,
            ends_at=end,
            duration_minutes=minutes,
            district=district,
            cancelled=cancelled,
        )

    def invite(event, mentee, attendance=Attendance.ATTENDED):
        InvitationFactory(event=event, mentee=mentee, attendance=attendance)

    e1 = event(a, D(2021, 3, 10), T(10), T(12, 30), chemnitz)
    invite(e1, m1), invite(e1, m4), invite(e1, m2, Attendance.EXCUSED)
    e2 = event(a, D(2021, 6, 1), T(9), T(10), leipzig)
    invite(e2, m1), invite(e2, m4, Attendance.ABSENT)
    e3 = event(b, D(2021, 11, 5), T(13), T(16))
    invite(e3, m2), invite(e3, m5), invite(e3, m3, Attendance.OPEN)
    e4 = event(b, D(2021, 12, 1), T(10), T(12), cancelled=True)
    invite(e4, m2)
    e5 = event(a, D(2022, 1, 10), T(10), T(11))
    invite(e5, m1)
    event(a, D(2021, 12, 20), T(14), T(15, 30))
    return scenario
