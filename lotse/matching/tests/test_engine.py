"""The fast engine against the reference scorer, and what a mentor would expect.

These tests need no database: the engine and the reference work on plain records.
"""

import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from lotse.matching import reference, rules
from lotse.matching.engine import VacancyIndex
from lotse.matching.tests.randomdata import random_mentee, random_vacancy

TODAY = date(2026, 11, 26)

CHEMNITZ = (50.8278, 12.9214)
LEIPZIG = (51.3397, 12.3731)
DRESDEN = (51.0504, 13.7373)
ZWICKAU = (50.7184, 12.4964)  # about 32 km from Chemnitz
FREIBERG = (50.9119, 13.3428)  # about 31 km from Chemnitz
CHEMNITZ_EAST = (50.8350, 13.0100)  # about 6 km from the centre
PLAUEN = (50.4958, 12.1372)  # about 65 km from Chemnitz

WELDING = "24422"
WELDING_HELPER = "24421"
METALWORK = "24412"
NURSING = "81302"
COOK = "29302"
COOK_HELPER = "29301"
WAREHOUSE = "51312"
WAREHOUSE_HELPER = "51311"
TRUCK_DRIVER = "52122"
CAR_MECHANIC = "25212"


def vacancy(vacancy_id, code, place=CHEMNITZ, **kwargs):
    return rules.VacancyRecord(
        id=vacancy_id, occupation_code=code, latitude=place[0], longitude=place[1], **kwargs
    )


def mentee(**kwargs):
    defaults = dict(
        id=1,
        latitude=CHEMNITZ[0],
        longitude=CHEMNITZ[1],
        commute_limit_km=25,
        german_rank=3,
        work_permission=rules.PERMISSION_ALLOWED,
        qualification_level=2,
    )
    defaults.update(kwargs)
    return rules.MenteeProfile(**defaults)


def rank(profile, vacancies, **kwargs):
    """Rank with the engine and check the reference agrees on everything."""
    index = VacancyIndex.build(vacancies)
    result = index.rank(profile, today=TODAY, excluded_limit=50, **kwargs)
    expected = reference.rank(profile, vacancies, today=TODAY, excluded_limit=50, **kwargs)
    assert_same(result, expected)
    fast = index.rank(profile, today=TODAY, **kwargs)
    assert [m.vacancy_id for m in fast.matches] == [m.vacancy_id for m in result.matches]
    assert fast.excluded_counts == result.excluded_counts
    return result


def ids(result):
    return [m.vacancy_id for m in result.matches]


def by_id(result, vacancy_id):
    return next(m for m in result.matches + result.excluded if m.vacancy_id == vacancy_id)


def assert_same(result, expected):
    assert ids(result) == ids(expected)
    assert result.excluded_counts == expected.excluded_counts
    assert result.considered == expected.considered
    assert result.notes == expected.notes
    pairs = list(zip(result.matches, expected.matches, strict=True))
    pairs += list(zip(result.excluded, expected.excluded, strict=True))
    for got, want in pairs:
        assert got.vacancy_id == want.vacancy_id
        assert got.reason == want.reason
        assert got.codes == want.codes
        assert got.score == pytest.approx(want.score, abs=1e-9)
        assert got.factors == pytest.approx(want.factors, abs=1e-9)
        if want.distance_km is None:
            assert got.distance_km is None
        else:
            assert got.distance_km == pytest.approx(want.distance_km, abs=1e-9)


# --- reference equality on random data -------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_engine_equals_reference_on_random_data(seed):
    rng = random.Random(seed)
    vacancies = [random_vacancy(rng, rng.randint(1, 10**9), TODAY) for _ in range(2500)]
    vacancies = list({v.id: v for v in vacancies}.values())
    index = VacancyIndex.build(vacancies)
    for mentee_id in range(80):
        profile = random_mentee(rng, mentee_id, TODAY)
        kinds = rng.choice((None, None, frozenset({rules.APPRENTICESHIP}), frozenset({rules.JOB})))
        radius = rng.choice((None, None, 10.0, 40.0))
        groups = rng.choice((None, None, frozenset({1}), frozenset({2, 3})))
        options = dict(today=TODAY, kinds=kinds, radius_km=radius, groups=groups)
        expected = reference.rank(profile, vacancies, excluded_limit=20, **options)
        assert_same(index.rank(profile, excluded_limit=20, **options), expected)
        fast = index.rank(profile, **options)
        assert ids(fast) == ids(expected)
        assert fast.excluded_counts == expected.excluded_counts
        assert [m.score for m in fast.matches] == pytest.approx(
            [m.score for m in expected.matches], abs=1e-9
        )


def test_engine_equals_reference_after_updates_and_compaction():
    rng = random.Random(7)
    vacancies = {i: random_vacancy(rng, i, TODAY) for i in range(1, 1201)}
    index = VacancyIndex.build(vacancies.values())
    for step in range(600):
        vacancy_id = rng.randint(1, 1500)
        if rng.random() < 0.5:
            assert index.remove(vacancy_id) == (vacancy_id in vacancies)
            vacancies.pop(vacancy_id, None)
        else:
            vacancies[vacancy_id] = random_vacancy(rng, vacancy_id, TODAY)
            index.upsert(vacancies[vacancy_id])
        if step % 100 == 0:
            assert len(index) == len(vacancies)
    assert_ranks_as_the_reference(index, vacancies, rng, 40)


def assert_ranks_as_the_reference(index, vacancies, rng, mentees):
    """The index holds exactly ``vacancies`` and ranks random mentees as the reference does."""
    assert sorted(index.vacancy_ids().tolist()) == sorted(vacancies)
    for mentee_id in range(mentees):
        profile = random_mentee(rng, mentee_id, TODAY)
        expected = reference.rank(profile, vacancies.values(), today=TODAY, excluded_limit=10)
        assert_same(index.rank(profile, today=TODAY, excluded_limit=10), expected)


def test_a_batch_of_changes_keeps_the_index_equal_to_the_reference():
    rng = random.Random(11)
    vacancies = {i: random_vacancy(rng, i, TODAY) for i in range(1, 801)}
    index = VacancyIndex.build(vacancies.values())
    for _ in range(30):
        # A batch as the refresh reads it: new and changed rows, rows closed, ids never seen.
        changed = {i: random_vacancy(rng, i, TODAY) for i in rng.sample(range(1, 1000), 40)}
        gone = [i for i in rng.sample(range(1, 1100), 30) if i not in changed]
        removed = index.apply(changed.values(), gone)
        assert removed == sum(1 for i in gone if i in vacancies)
        vacancies.update(changed)
        for i in gone:
            vacancies.pop(i, None)
        assert len(index) == len(vacancies)
    assert_ranks_as_the_reference(index, vacancies, rng, 30)


def test_the_index_stays_small():
    rng = random.Random(3)
    index = VacancyIndex.build(random_vacancy(rng, i, TODAY) for i in range(5000))
    assert index.bytes_per_vacancy() <= 100
    assert index.nbytes / len(index) <= 100


def test_the_box_never_drops_a_vacancy_within_reach():
    """Vacancies just inside twice the commute limit, in every direction, stay in."""
    profile = mentee(commute_limit_km=10)
    vacancies = []
    for i, (dlat, dlon) in enumerate(
        [(0.1796, 0), (-0.1796, 0), (0, 0.2845), (0, -0.2845), (0.127, 0.2011), (-0.127, -0.2)]
    ):
        vacancies.append(vacancy(i + 1, WELDING, (CHEMNITZ[0] + dlat, CHEMNITZ[1] + dlon)))
    result = rank(profile, vacancies)
    for m in result.matches:
        assert m.distance_km <= 20
    assert len(result.matches) + result.excluded_counts.get("too_far", 0) == 6
    assert len(result.matches) >= 4


# --- what a mentor expects ---------------------------------------------------------------


def test_a_trained_welder_gets_the_welding_job_in_chemnitz_before_nursing_in_leipzig():
    welder = mentee(target_codes=(WELDING,), german_rank=3)
    result = rank(
        welder,
        [
            vacancy(1, NURSING, LEIPZIG, german_required=4),
            vacancy(2, WELDING, CHEMNITZ, german_required=3),
            vacancy(3, NURSING, CHEMNITZ, german_required=4),
        ],
    )
    assert ids(result)[0] == 2
    assert ids(result) == [2, 3]
    assert result.excluded_counts == {"too_far": 1}
    assert by_id(result, 1).reason == rules.EXCLUDED_TOO_FAR
    assert by_id(result, 2).codes[rules.F_OCCUPATION] == rules.SOURCE_TARGET * 10 + 5


def test_a_person_without_qualification_sees_apprenticeships_first():
    person = mentee(target_codes=(COOK,), qualification_level=1)
    result = rank(
        person,
        [
            vacancy(1, COOK_HELPER, kind=rules.JOB),
            vacancy(2, COOK, kind=rules.APPRENTICESHIP),
            vacancy(3, COOK, kind=rules.MINI_JOB),
            vacancy(4, WAREHOUSE_HELPER, kind=rules.JOB),
        ],
    )
    assert ids(result)[0] == 2
    assert by_id(result, 2).codes[rules.F_LEVEL] == rules.LEVEL_APPR_FIRST


def test_a_person_whose_status_bans_work_gets_no_proposals_but_a_clear_note():
    person = mentee(target_codes=(WELDING,), work_permission=rules.PERMISSION_BANNED)
    result = rank(person, [vacancy(1, WELDING), vacancy(2, COOK)])
    assert result.matches == []
    assert result.excluded_counts == {"work_ban": 2}
    assert "work_ban" in result.notes
    assert {m.reason for m in result.excluded} == {rules.EXCLUDED_WORK_BAN}


def test_far_beyond_the_commute_limit_is_listed_as_excluded_with_its_distance():
    person = mentee(target_codes=(WELDING,), commute_limit_km=25)
    result = rank(person, [vacancy(1, WELDING, PLAUEN), vacancy(2, COOK, CHEMNITZ)])
    assert ids(result) == [2]
    assert result.excluded_counts == {"too_far": 1}
    left_out = by_id(result, 1)
    assert left_out.reason == rules.EXCLUDED_TOO_FAR
    assert 60 < left_out.distance_km < 70


def test_just_beyond_the_commute_limit_is_shown_but_ranked_lower():
    person = mentee(target_codes=(WELDING,), commute_limit_km=25, has_car=True, driving_licence="B")
    result = rank(person, [vacancy(1, WELDING, ZWICKAU), vacancy(2, WELDING, CHEMNITZ_EAST)])
    assert ids(result) == [2, 1]
    assert by_id(result, 1).codes[rules.F_DISTANCE] == rules.DISTANCE_BEYOND
    assert by_id(result, 2).codes[rules.F_DISTANCE] == rules.DISTANCE_WITHIN


def test_without_a_car_longer_commutes_cost_a_little():
    vacancies = [vacancy(1, WELDING, CHEMNITZ_EAST)]
    walker = rank(mentee(target_codes=(WELDING,)), vacancies)
    driver = rank(mentee(target_codes=(WELDING,), has_car=True, driving_licence="B"), vacancies)
    assert (
        by_id(walker, 1).codes[rules.F_DISTANCE]
        == rules.DISTANCE_WITHIN + rules.DISTANCE_PUBLIC_TRANSPORT
    )
    assert by_id(driver, 1).codes[rules.F_DISTANCE] == rules.DISTANCE_WITHIN
    assert by_id(driver, 1).score - by_id(walker, 1).score == pytest.approx(2.0)


def test_needing_the_immigration_offices_permission_is_a_visible_note_not_an_exclusion():
    person = mentee(target_codes=(WELDING,), work_permission=rules.PERMISSION_PERMIT)
    result = rank(person, [vacancy(1, WELDING)])
    assert ids(result) == [1]
    assert "permit_required" in result.notes
    assert by_id(result, 1).codes[rules.F_PERMISSION] == 1
    assert by_id(result, 1).factors[rules.F_PERMISSION] < 0


def test_the_german_level_required_counts():
    person = mentee(target_codes=(NURSING,), german_rank=3)
    result = rank(
        person, [vacancy(1, NURSING, german_required=5), vacancy(2, NURSING, german_required=3)]
    )
    assert ids(result) == [2, 1]
    assert by_id(result, 1).codes[rules.F_GERMAN] == rules.GERMAN_BELOW_2
    assert by_id(result, 2).codes[rules.F_GERMAN] == rules.GERMAN_MEETS


def test_a_german_course_in_progress_counts_for_something():
    vacancies = [vacancy(1, NURSING, german_required=4)]
    without = rank(mentee(target_codes=(NURSING,), german_rank=3), vacancies)
    with_course = rank(
        mentee(target_codes=(NURSING,), german_rank=3, german_course=True), vacancies
    )
    assert by_id(with_course, 1).score > by_id(without, 1).score
    assert by_id(with_course, 1).codes[rules.F_GERMAN] == rules.GERMAN_BELOW_1_COURSE


def test_a_qualified_jobseeker_is_not_offered_apprenticeships_and_is_told_so():
    person = mentee(target_codes=(CAR_MECHANIC,), qualification_level=2, goal=rules.GOAL_JOB)
    result = rank(
        person, [vacancy(1, CAR_MECHANIC, kind=rules.APPRENTICESHIP), vacancy(2, CAR_MECHANIC)]
    )
    assert ids(result) == [2]
    assert result.excluded_counts == {"kind_goal": 1}


def test_a_qualified_person_who_wants_an_apprenticeship_still_gets_them():
    person = mentee(
        target_codes=(CAR_MECHANIC,), qualification_level=2, goal=rules.GOAL_APPRENTICESHIP
    )
    result = rank(
        person, [vacancy(1, CAR_MECHANIC, kind=rules.APPRENTICESHIP), vacancy(2, WAREHOUSE_HELPER)]
    )
    assert ids(result) == [1, 2]


def test_qualification_adequate_work_comes_before_helper_work_and_overqualification_is_marked():
    engineer = mentee(target_codes=("25213",), qualification_level=3)
    result = rank(engineer, [vacancy(1, "25211"), vacancy(2, "25213"), vacancy(3, "25212")])
    assert ids(result) == [2, 3, 1]
    assert by_id(result, 1).codes[rules.F_LEVEL] == rules.LEVEL_OVER_2
    assert by_id(result, 3).codes[rules.F_LEVEL] == rules.LEVEL_OVER_1
    assert by_id(result, 2).codes[rules.F_LEVEL] == rules.LEVEL_ADEQUATE


def test_underqualification_is_marked_and_ranked_lower():
    person = mentee(target_codes=(WAREHOUSE_HELPER,), qualification_level=1, goal=rules.GOAL_JOB)
    result = rank(person, [vacancy(1, "51314"), vacancy(2, WAREHOUSE_HELPER)])
    assert ids(result) == [2, 1]
    assert by_id(result, 1).codes[rules.F_LEVEL] == rules.LEVEL_UNDER_2


def test_a_driving_licence_requirement_counts_against_people_without_one():
    person = mentee(target_codes=(WAREHOUSE,), driving_licence="")
    result = rank(
        person, [vacancy(1, WAREHOUSE, driving_licence_required=True), vacancy(2, WAREHOUSE)]
    )
    assert ids(result) == [2, 1]
    assert by_id(result, 1).codes[rules.F_LICENCE] == rules.LICENCE_NONE
    foreign = rank(
        replace(person, driving_licence="foreign"),
        [vacancy(1, WAREHOUSE, driving_licence_required=True)],
    )
    assert by_id(foreign, 1).codes[rules.F_LICENCE] == rules.LICENCE_FOREIGN
    assert by_id(foreign, 1).score > by_id(result, 1).score


def test_a_start_before_the_person_is_available_ranks_lower():
    person = mentee(target_codes=(COOK,), available_from=TODAY + timedelta(days=90))
    result = rank(
        person,
        [
            vacancy(1, COOK, start_date=TODAY + timedelta(days=10)),
            vacancy(2, COOK, start_date=TODAY + timedelta(days=100)),
            vacancy(3, COOK, start_date=TODAY + timedelta(days=70)),
        ],
    )
    assert ids(result) == [2, 3, 1]
    assert by_id(result, 1).codes[rules.F_START] == rules.START_EARLY
    assert by_id(result, 3).codes[rules.F_START] == rules.START_SLIGHTLY_EARLY


def test_a_start_date_in_the_past_means_as_soon_as_possible():
    person = mentee(target_codes=(COOK,))
    result = rank(person, [vacancy(1, COOK, start_date=TODAY - timedelta(days=40))])
    assert by_id(result, 1).codes[rules.F_START] == rules.START_FIT


def test_hours_close_to_what_the_person_wants_rank_higher():
    person = mentee(target_codes=(COOK,), hours_per_week=20)
    result = rank(
        person, [vacancy(1, COOK, hours_per_week=40), vacancy(2, COOK, hours_per_week=20)]
    )
    assert ids(result) == [2, 1]
    assert by_id(result, 1).codes[rules.F_HOURS] == rules.HOURS_OFF


def test_more_hours_than_the_residence_status_allows_is_marked():
    person = mentee(
        target_codes=(COOK,), hours_allowed=20, work_permission=rules.PERMISSION_RESTRICTED
    )
    result = rank(
        person, [vacancy(1, COOK, hours_per_week=40), vacancy(2, COOK, hours_per_week=20)]
    )
    assert ids(result) == [2, 1]
    assert by_id(result, 1).codes[rules.F_PERMISSION] == 2 + rules.PERMISSION_HOURS_EXCEEDED
    assert "restricted" in result.notes


def test_a_vacancy_past_its_closing_date_is_left_out_with_that_reason():
    person = mentee(target_codes=(COOK,))
    result = rank(
        person,
        [
            vacancy(1, COOK, closing_date=TODAY - timedelta(days=1)),
            vacancy(2, COOK, closing_date=TODAY),
        ],
    )
    assert ids(result) == [2]
    assert result.excluded_counts == {"closed": 1}


def test_the_mentors_kind_and_radius_filters_are_counted_not_hidden():
    person = mentee(target_codes=(COOK,), commute_limit_km=40, qualification_level=1)
    vacancies = [
        vacancy(1, COOK, kind=rules.APPRENTICESHIP),
        vacancy(2, COOK, kind=rules.JOB),
        vacancy(3, COOK, FREIBERG, kind=rules.APPRENTICESHIP),
    ]
    result = rank(person, vacancies, kinds=frozenset({rules.APPRENTICESHIP}), radius_km=10)
    assert ids(result) == [1]
    assert result.excluded_counts == {"kind_filter": 1, "radius": 1}


def test_work_experience_counts_but_less_than_the_target_occupation():
    person = mentee(target_codes=(WAREHOUSE,), experience_codes=(TRUCK_DRIVER,))
    result = rank(person, [vacancy(1, TRUCK_DRIVER), vacancy(2, WAREHOUSE), vacancy(3, COOK)])
    assert ids(result) == [2, 1, 3]
    assert by_id(result, 1).codes[rules.F_OCCUPATION] == rules.SOURCE_EXPERIENCE * 10 + 5
    assert by_id(result, 3).codes[rules.F_OCCUPATION] == 0


def test_the_reference_occupation_of_a_qualification_counts():
    person = mentee(qualification_codes=(NURSING,))
    result = rank(person, [vacancy(1, COOK), vacancy(2, NURSING)])
    assert ids(result) == [2, 1]
    assert by_id(result, 2).codes[rules.F_OCCUPATION] == rules.SOURCE_QUALIFICATION * 10 + 5


def test_the_kldb_hierarchy_orders_occupation_fit():
    person = mentee(target_codes=(WELDING,), qualification_level=2)
    result = rank(
        person,
        [
            vacancy(1, "21112"),  # other area (2 = production, but another main group)
            vacancy(2, METALWORK),  # same 3 digits (244)
            vacancy(3, "24532"),  # same 2 digits (24)
            vacancy(4, "24423"),  # same 4 digits, one level up
            vacancy(5, WELDING),
        ],
    )
    assert ids(result) == [5, 2, 4, 3, 1]
    fits = [by_id(result, i).factors[rules.F_OCCUPATION] for i in (5, 4, 2, 3, 1)]
    assert fits == [40.0, 32.0, 20.0, 10.0, 0.0]


def test_ties_are_broken_by_the_lower_vacancy_id():
    person = mentee(target_codes=(COOK,))
    result = rank(person, [vacancy(9, COOK), vacancy(3, COOK), vacancy(5, COOK)])
    assert ids(result) == [3, 5, 9]


def test_shift_work_with_a_childcare_constraint_costs_points():
    person = mentee(target_codes=(NURSING,), childcare_constraint=True)
    result = rank(person, [vacancy(1, NURSING, shift_work=True), vacancy(2, NURSING)])
    assert ids(result) == [2, 1]
    assert by_id(result, 1).codes[rules.F_SHIFT] == rules.SHIFT_CHILDCARE


def test_without_a_place_nothing_is_left_out_for_distance_and_the_note_says_why():
    person = mentee(target_codes=(COOK,), latitude=None, longitude=None)
    result = rank(person, [vacancy(1, COOK, PLAUEN), vacancy(2, COOK, LEIPZIG)])
    assert ids(result) == [1, 2]
    assert "no_place" in result.notes
    assert by_id(result, 1).distance_km is None
    assert by_id(result, 1).codes[rules.F_DISTANCE] == rules.DISTANCE_UNKNOWN


def test_a_vacancy_without_a_place_is_kept_with_distance_unknown():
    person = mentee(target_codes=(COOK,))
    no_place = rules.VacancyRecord(id=1, occupation_code=COOK)
    result = rank(person, [no_place, vacancy(2, COOK, DRESDEN)])
    assert ids(result) == [1]
    assert result.excluded_counts == {"too_far": 1}


def test_k_limits_the_list_and_excluded_are_counted_apart():
    person = mentee(target_codes=(COOK,))
    vacancies = [vacancy(i, COOK) for i in range(1, 31)] + [vacancy(99, COOK, PLAUEN)]
    result = rank(person, vacancies)
    assert ids(result) == list(range(1, 21))
    assert result.considered == 31
    assert result.excluded_total == 1


def test_a_strong_match_is_a_good_fit_on_every_factor():
    person = mentee(target_codes=(WELDING,), has_car=True, driving_licence="B", hours_per_week=40)
    result = rank(
        person,
        [
            vacancy(1, WELDING, CHEMNITZ_EAST, german_required=3, hours_per_week=40),
            vacancy(2, NURSING, CHEMNITZ_EAST, german_required=3, hours_per_week=40),
        ],
    )
    assert by_id(result, 1).is_strong
    assert not by_id(result, 2).is_strong
    assert 0 < by_id(result, 2).percent < by_id(result, 1).percent <= 100


def test_incremental_updates_change_the_ranking():
    person = mentee(target_codes=(WELDING,))
    index = VacancyIndex.build([vacancy(1, COOK), vacancy(2, NURSING)])
    index.upsert(vacancy(3, WELDING))
    assert ids(index.rank(person, today=TODAY))[0] == 3
    index.upsert(vacancy(3, WELDING, PLAUEN))
    assert 3 not in ids(index.rank(person, today=TODAY))
    assert index.remove(3) is True
    assert index.remove(3) is False
    assert index.rank(person, today=TODAY).excluded_counts == {}
    assert len(index) == 2 and 3 not in index


def test_building_from_columns_gives_the_same_index_as_from_records():
    rng = random.Random(11)
    vacancies = [random_vacancy(rng, i, TODAY) for i in range(1, 801)]
    none = rules.NO_START_DAY
    closing_none = rules.NO_CLOSING_DAY
    columns = VacancyIndex.from_columns(
        ids=np.array([v.id for v in vacancies]),
        codes=[v.occupation_code for v in vacancies],
        kind=np.array([v.kind for v in vacancies]),
        lat=np.array([v.latitude for v in vacancies], dtype=np.float64),
        lon=np.array([v.longitude for v in vacancies], dtype=np.float64),
        german=np.array([v.german_required for v in vacancies]),
        hours=np.array([v.hours_per_week for v in vacancies]),
        start=np.array([v.start_date.toordinal() if v.start_date else none for v in vacancies]),
        closing=np.array(
            [v.closing_date.toordinal() if v.closing_date else closing_none for v in vacancies]
        ),
        flags=np.array([v.driving_licence_required + 2 * v.shift_work for v in vacancies]),
        group=np.array([v.group for v in vacancies]),
    )
    records = VacancyIndex.build(vacancies)
    for mentee_id in range(30):
        profile = random_mentee(rng, mentee_id, TODAY)
        assert_same(
            columns.rank(profile, today=TODAY, excluded_limit=10),
            records.rank(profile, today=TODAY, excluded_limit=10),
        )
