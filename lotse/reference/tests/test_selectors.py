import datetime

import pytest

from lotse.lib.geo import haversine_km
from lotse.reference.selectors import (
    find_occupation,
    locate_postcode,
    places_for_postcode,
    residence_titles_in_force,
    rules_by_code,
    search_job_titles,
)
from lotse.reference.services import import_residence_rules
from lotse.reference.tests.conftest import TODAY
from lotse.reference.tests.factories import OccupationTitleFactory


def titles(query, **kwargs):
    return [t.title for t in search_job_titles(query, **kwargs)]


def test_search_ranks_exact_then_prefix_then_word_start_then_anywhere(small_reference):
    OccupationTitleFactory(title="Bäckereifachverkäufer/in", occupation_id="29222")
    OccupationTitleFactory(title="Helfer/in - Bäckerei", occupation_id="29222")

    found = titles("Bäcker")

    assert found[0] == "Bäcker/in"  # the male form "Bäcker" is an exact match
    assert found.index("Bäckereifachverkäufer/in") < found.index("Helfer/in - Bäckerei")
    assert found.index("Helfer/in - Bäckerei") < found.index("Brotbäcker/in")


def test_search_ignores_case_and_umlaut_spelling(small_reference):
    assert titles("backer")[0] == "Bäcker/in"
    assert titles("BAECKER")[0] == "Bäcker/in"
    assert titles("köchin")[0] == "Koch/Köchin"
    assert titles("Friseurin")[0] == "Friseur/in"


def test_search_prefers_current_titles_and_needs_every_word(small_reference):
    found = titles("koch")
    assert found.index("Koch/Köchin") < found.index("Schiffskoch/-köchin")
    assert titles("koch helfer") == ["Kochhelfer/in"]
    assert titles("xyz") == []


def test_search_by_digits_finds_the_titles_of_a_kldb_code(small_reference):
    assert set(titles("8231")) == {"Friseur/in", "Friseurhelfer/in"}
    assert titles("82312") == ["Friseur/in"]
    assert titles("82 312") == ["Friseur/in"]
    assert titles("82312 Friseur/in") == ["Friseur/in"]  # the picker's filled value
    assert titles("1") == []


def test_search_needs_two_characters_and_respects_the_limit(small_reference):
    assert titles("k") == []
    assert titles("  ") == []
    assert len(titles("er", limit=3)) == 3


def test_search_loads_titles_and_occupations_in_one_query(
    small_reference, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = search_job_titles("er")
        labels = [(t.title, t.occupation.requirement_level) for t in found]
    assert labels


def test_find_occupation_accepts_codes_with_text_and_exact_titles(small_reference):
    assert find_occupation("82312").code == "82312"
    assert find_occupation(" 82312 Friseur/in ").code == "82312"
    assert find_occupation("friseurin").code == "82312"
    assert find_occupation("Bäcker/in").code == "29222"
    assert find_occupation("8231") is None  # level 4, not an occupation to choose
    assert find_occupation("Friseu") is None  # not exact
    assert find_occupation("99999") is None
    assert find_occupation("") is None


def test_places_and_location_of_a_postcode(small_reference):
    assert [p.place for p in places_for_postcode("04416").order_by("place")] == [
        "Markkleeberg",
        "Wachau",
    ]
    postcode, district, lat, lon = locate_postcode("04416")
    assert postcode.place == "Markkleeberg"
    assert district.ags == "14729"
    assert lat == pytest.approx((51.2780 + 51.2700) / 2)
    assert lon == pytest.approx((12.3690 + 12.4000) / 2)
    assert locate_postcode("87491").district is None
    assert locate_postcode("99999") is None
    assert locate_postcode("abc") is None


def test_rules_in_force_pick_one_version_per_code(db):
    import_residence_rules()

    in_force = residence_titles_in_force(TODAY)

    codes = list(in_force.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert in_force.get(code="gestattung").waiting_months_reception_centre == 6
    old = residence_titles_in_force(datetime.date(2023, 1, 1))
    assert old.get(code="gestattung").waiting_months_reception_centre == 9
    assert not old.filter(code="chancenkarte-20a").exists()
    assert [r.valid_from.year for r in rules_by_code()["gestattung"]] == [2024, 2019]


def test_haversine_distance_in_kilometres():
    berlin, munich = (52.5200, 13.4050), (48.1351, 11.5820)
    assert haversine_km(*berlin, *munich) == pytest.approx(504, abs=2)  # as published
    assert haversine_km(*munich, *berlin) == haversine_km(*berlin, *munich)
    assert haversine_km(*berlin, *berlin) == 0
    # A quarter of the equator.
    assert haversine_km(0, 0, 0, 90) == pytest.approx(10_007.5, abs=1.0)
