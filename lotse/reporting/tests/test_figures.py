"""Every figure of the hand-computed scenario in ``conftest.py``."""

import pytest
from django.db import connection

from lotse.reporting.figures import TOTAL, UNKNOWN, Scope, compute, programme_figures
from lotse.reporting.tests.conftest import PERIOD
from lotse.reporting.tests.factories import MenteeFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def _scope(**kwargs):
    return Scope(start=PERIOD[0], end=PERIOD[1], **kwargs)


def test_totals_of_the_scenario(scenario):
    f = compute(_scope())
    total = f.values[TOTAL][TOTAL]
    assert total["supported"] == 4  # m1, m2, m4, m5; m3 left before the period
    assert total["entries"] == 2  # m2 entered twice, counted once; m4 on the last day
    assert total["exits"] == 2
    assert total["exit_moved"] == 1
    assert total["exit_job"] == 1  # m5 on 2021-01-01; m3's exit on 2020-12-31 is outside
    assert total["exit_no_contact"] == 0
    assert total["employers"] == 2  # E1 (two services, counted once) and E4
    assert total["into_job"] == 2  # m1 with two job placements counts once, and m5
    assert total["into_apprenticeship"] == 1
    assert total["into_training"] == 0  # m4's EQ starts in 2022
    assert total["insured_jobs"] == 2
    assert total["insured_adequate"] == 1
    assert total["insured_adequate_effective"] == 2
    assert f.share(TOTAL, TOTAL, "adequate_share") == (1, 2)
    assert f.share(TOTAL, TOTAL, "adequate_share_effective") == (2, 2)
    assert f.share(TOTAL, TOTAL, "women_share") == (1, 4)
    assert f.share(TOTAL, TOTAL, "still_employed_share") == (1, 2)  # "unknown" left out
    assert total["median_days"] == 337  # of 30, 337 and 976
    assert (total["gender_f"], total["gender_m"], total["gender_d"], total["gender_x"]) == (
        1,
        2,
        0,
        1,
    )
    assert total["age_u18"] == 1  # m2 was 16
    assert total["age_25_29"] == 1  # m1 was 29 on entering on 2020-03-01
    assert total["age_55"] == 1  # m5 was 57 on entering
    assert total["age_unknown"] == 1  # m4
    assert total["age_18_24"] == total["age_30_44"] == total["age_45_54"] == 0
    assert total["region:middle_east"] == 1
    assert total["region:eastern_europe"] == 2  # m2 by country of origin, m5 by nationality
    assert total[f"region:{UNKNOWN}"] == 1
    assert total["type_mini_job"] == 1
    assert total["type_insured_full"] == 1
    assert total["type_insured_part"] == 1
    assert total["type_apprenticeship"] == 1
    assert total["type_eq"] == 0


def test_a_person_counts_in_each_project_of_their_stays(scenario):
    f = compute(_scope())
    a, b = scenario["a"].pk, scenario["b"].pk
    assert f.get("project", a, "supported") == 3  # m1, m2, m4
    assert f.get("project", b, "supported") == 2  # m2, m5
    assert f.get("project", a, "entries") == 2
    assert f.get("project", b, "entries") == 1
    assert f.get("project", a, "exit_moved") == 1
    assert f.get("project", b, "exit_job") == 1
    assert f.get("project", a, "into_job") == 1
    assert f.get("project", b, "into_job") == 1
    assert f.get("project", b, "into_apprenticeship") == 1
    assert f.get("project", a, "employers") == 1
    assert f.get("project", b, "employers") == 1
    assert f.get("project", a, "median_days") == 337
    assert f.get("project", b, "median_days") == pytest.approx((30 + 976) / 2)


def test_districts_follow_the_mentee_and_the_employer(scenario):
    f = compute(_scope())
    assert f.get("district", "14511", "supported") == 2  # m1, m4
    assert f.get("district", "14713", "supported") == 1  # m2
    assert f.get("district", UNKNOWN, "supported") == 1  # m5 has no district
    assert f.get("district", "14511", "employers") == 2  # E1 and E4
    assert f.get("district", "14713", "employers") == 0  # E2 only mentee-aimed, E3 outside
    assert f.get("district", "14511", "into_job") == 1
    assert f.get("district", UNKNOWN, "into_job") == 1


def test_project_and_district_filters_narrow_every_figure(scenario):
    only_a = compute(_scope(project_ids=frozenset({scenario["a"].pk})), dimensions=(TOTAL,))
    total = only_a.values[TOTAL][TOTAL]
    assert total["supported"] == 3
    assert total["employers"] == 1
    assert total["into_job"] == 1
    assert total["into_apprenticeship"] == 0
    chemnitz = compute(_scope(district="14511"), dimensions=(TOTAL,))
    assert chemnitz.values[TOTAL][TOTAL]["supported"] == 2
    assert chemnitz.values[TOTAL][TOTAL]["employers"] == 2


def test_quarters(scenario):
    f = compute(_scope())
    rows = {(q["year"], q["quarter"]): q for q in f.quarters}
    assert list(rows) == [(2021, 1), (2021, 2), (2021, 3), (2021, 4)]
    assert (rows[(2021, 1)]["entries"], rows[(2021, 1)]["into_job"]) == (1, 2)
    assert (rows[(2021, 2)]["entries"], rows[(2021, 2)]["into_job"]) == (0, 0)
    assert (rows[(2021, 3)]["entries"], rows[(2021, 3)]["into_job"]) == (1, 1)
    assert (rows[(2021, 4)]["entries"], rows[(2021, 4)]["into_apprenticeship"]) == (1, 1)


def test_an_empty_period_gives_zeros_not_errors(scenario):
    f = compute(Scope(start=PERIOD[0].replace(year=2010), end=PERIOD[1].replace(year=2010)))
    assert f.get(TOTAL, TOTAL, "supported") == 0
    assert f.get(TOTAL, TOTAL, "median_days") is None
    assert f.values["project"] == {}
    assert programme_figures(PERIOD[0].replace(year=2010), PERIOD[1].replace(year=2010)) == {
        "mentees": 0,
        "entries": 0,
        "exits": 0,
        "employers": 0,
        "into_job": 0,
        "into_apprenticeship": 0,
        "into_training": 0,
        "median_days": None,
        "adequate_share": None,
        "adequate_share_effective": None,
        "women_share": None,
        "still_employed_share": None,
    }


def test_open_stays_count_in_later_periods(scenario):
    later = compute(Scope(start=PERIOD[0].replace(year=2030), end=PERIOD[1].replace(year=2030)))
    assert later.get(TOTAL, TOTAL, "supported") == 3  # m1, m2 (in B) and m4 are still open
    assert later.get(TOTAL, TOTAL, "entries") == 0


def test_programme_figures_for_the_demo_check(scenario):
    result = programme_figures(*PERIOD)
    assert result["mentees"] == 4
    assert result["employers"] == 2
    assert result["into_job"] == 2
    assert result["into_apprenticeship"] == 1
    assert result["adequate_share"] == 0.5
    assert result["adequate_share_effective"] == 1.0
    assert result["still_employed_share"] == 0.5


def test_figures_take_a_fixed_number_of_queries(scenario, django_assert_max_num_queries):
    # nine statements (the seventh, integration agreements, came with issue 10; the eighth and
    # ninth, participants and participations of group events, with issue 12); on PostgreSQL
    # also the savepoint around them and two SET LOCAL
    limit = 9 + (4 if connection.vendor == "postgresql" else 0)
    with django_assert_max_num_queries(limit):
        compute(_scope())
    for _ in range(10):
        ParticipationFactory(mentee=MenteeFactory(project=scenario["a"]), project=scenario["a"])
    with django_assert_max_num_queries(limit):
        assert compute(_scope()).get(TOTAL, TOTAL, "supported") == 14
