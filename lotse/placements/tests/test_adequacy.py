"""The qualification-adequacy rule of domain.md as a table."""

import pytest

from lotse.cases.models import QualificationKind, RecognitionResult
from lotse.placements.adequacy import (
    JUDGED_TYPES,
    PlacementType,
    assess,
    effective,
    explain,
    qualification_level_of,
)
from lotse.placements.tests.factories import MenteeFactory, QualificationFactory

FULL = PlacementType.INSURED_FULL_TIME
PART = PlacementType.INSURED_PART_TIME

# (type, requirement level of the job, qualification level of the mentee, adequate?)
TABLE = [
    # no vocational qualification (1): every level counts
    (FULL, 1, 1, True),
    (FULL, 2, 1, True),
    (FULL, 4, 1, True),
    # vocational (2)
    (FULL, 1, 2, False),
    (FULL, 2, 2, True),
    (PART, 3, 2, True),
    # master craftsman / technician / bachelor (3)
    (FULL, 2, 3, False),
    (PART, 3, 3, True),
    (FULL, 4, 3, True),
    # master's (4)
    (FULL, 1, 4, False),
    (FULL, 3, 4, False),
    (PART, 4, 4, True),
    # unknown requirement level: not computable
    (FULL, None, 2, None),
    # types that are not judged, whatever the levels
    (PlacementType.MINI_JOB, 1, 1, None),
    (PlacementType.MINI_JOB, 4, 2, None),
    (PlacementType.SELF_EMPLOYED, 3, 3, None),
    (PlacementType.APPRENTICESHIP, 2, 1, None),
    (PlacementType.EQ, 1, 1, None),
    (PlacementType.QUALIFICATION, 3, 2, None),
]


@pytest.mark.parametrize(("placement_type", "requirement", "qualification", "expected"), TABLE)
def test_adequacy_follows_the_table(placement_type, requirement, qualification, expected):
    result = assess(
        placement_type=placement_type,
        requirement_level=requirement,
        qualification_level=qualification,
    )
    assert result.adequate is expected
    assert result.judged == (placement_type in JUDGED_TYPES)
    assert result.reason


def test_only_insured_jobs_are_judged():
    assert JUDGED_TYPES == {PlacementType.INSURED_FULL_TIME, PlacementType.INSURED_PART_TIME}


@pytest.mark.parametrize(
    ("requirement", "qualification", "words"),
    [
        (2, 2, ["Requirement level 2", "matches", "vocational qualification"]),
        (3, 2, ["Requirement level 3", "above"]),
        (1, 3, ["Requirement level 1", "below", "does not match"]),
        (1, 1, ["no recognised vocational qualification", "requirement level 1"]),
        (None, 2, ["not known"]),
    ],
)
def test_the_reason_names_the_levels(settings, requirement, qualification, words):
    from django.utils import translation

    with translation.override("en"):
        text = explain(
            placement_type=FULL, requirement_level=requirement, qualification_level=qualification
        )
    for word in words:
        assert word in text


def test_the_reason_is_german_by_default():
    from django.utils import translation

    with translation.override("de"):
        text = explain(placement_type=FULL, requirement_level=2, qualification_level=2)
    assert text.startswith("Anforderungsniveau 2")


def test_not_judged_types_say_why():
    from django.utils import translation

    for placement_type in set(PlacementType.values) - JUDGED_TYPES:
        with translation.override("en"):
            text = explain(
                placement_type=placement_type, requirement_level=2, qualification_level=2
            )
        assert "not judged" in text


@pytest.mark.parametrize(
    ("computed", "override", "expected"),
    [
        (True, None, True),
        (False, None, False),
        (True, False, False),
        (False, True, True),
        (None, True, True),
        (None, None, None),
    ],
)
def test_the_override_wins_over_the_computed_value(computed, override, expected):
    assert effective(computed, override) is expected


def test_levels_out_of_range_are_a_programming_error():
    with pytest.raises(ValueError):
        assess(placement_type=FULL, requirement_level=5, qualification_level=2)
    with pytest.raises(ValueError):
        assess(placement_type=FULL, requirement_level=2, qualification_level=0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("qualifications", "level"),
    [
        ([], 1),
        ([(QualificationKind.VOCATIONAL, RecognitionResult.FULL)], 2),
        ([(QualificationKind.ACADEMIC, RecognitionResult.PARTIAL)], 1),
        (
            [
                (QualificationKind.ACADEMIC, RecognitionResult.PENDING),
                (QualificationKind.VOCATIONAL, RecognitionResult.NOT_NEEDED),
            ],
            2,
        ),
        (
            [
                (QualificationKind.ADVANCED, RecognitionResult.FULL),
                (QualificationKind.VOCATIONAL, RecognitionResult.FULL),
            ],
            3,
        ),
    ],
)
def test_the_mentee_level_counts_only_recognised_qualifications(qualifications, level):
    mentee = MenteeFactory()
    for kind, result in qualifications:
        QualificationFactory(mentee=mentee, kind=kind, recognition_result=result)
    assert qualification_level_of(mentee) == level
