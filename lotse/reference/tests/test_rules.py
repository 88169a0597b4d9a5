import datetime
from types import SimpleNamespace

import pytest
from django.utils import translation

from lotse.reference.models import ResidenceTitle, WorkPermission
from lotse.reference.rules import add_months, work_permission_hint
from lotse.reference.selectors import rules_by_code
from lotse.reference.services import import_residence_rules
from lotse.reference.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db
D = datetime.date
ADVICE_DE = "Bitte prüfen Sie das mit der Ausländerbehörde oder einer Beratungsstelle."
ADVICE_EN = "Please verify with the immigration office or a counselling service."


@pytest.fixture(autouse=True)
def rules(db):
    import_residence_rules()


def test_the_same_status_on_different_dates_uses_the_rule_then_in_force():
    before = work_permission_hint("ae-24", D(2022, 4, 1))
    after = work_permission_hint("ae-24", D(2022, 6, 1))

    assert (before.permission, before.needs_permit) == (WorkPermission.PERMIT_REQUIRED, True)
    assert (after.permission, after.needs_permit) == (WorkPermission.ALLOWED, False)
    assert before.rule.valid_until == D(2022, 5, 31)
    assert after.rule.valid_from == D(2022, 6, 1)


def test_any_version_of_a_rule_is_resolved_to_the_one_in_force():
    old_version = ResidenceTitle.objects.get(code="ae-24", valid_from=D(2005, 1, 1))

    assert work_permission_hint(old_version, D(2025, 1, 1)).permission == WorkPermission.ALLOWED


@pytest.mark.parametrize(
    ("on_date", "obliged", "waiting_ends", "permission"),
    [
        # Until 26 Feb 2024: 9 months when obliged to live in a reception centre.
        (D(2024, 1, 15), True, D(2024, 8, 1), WorkPermission.NOT_ALLOWED),
        # From 27 Feb 2024: 6 months.
        (D(2024, 3, 15), True, D(2024, 5, 1), WorkPermission.NOT_ALLOWED),
        (D(2024, 5, 1), True, None, WorkPermission.PERMIT_REQUIRED),
        # Otherwise 3 months, in both versions.
        (D(2024, 1, 15), False, D(2024, 2, 1), WorkPermission.NOT_ALLOWED),
        (D(2024, 2, 1), False, None, WorkPermission.PERMIT_REQUIRED),
    ],
)
def test_the_asylum_waiting_period_depends_on_the_date_and_the_reception_centre(
    on_date, obliged, waiting_ends, permission
):
    hint = work_permission_hint(
        "gestattung",
        on_date,
        asylum_application_date=D(2023, 11, 1),
        reception_centre_obligation=obliged,
    )

    assert hint.permission == permission
    assert hint.earliest_start == waiting_ends
    assert hint.needs_permit
    assert not hint.excluded


def test_a_status_object_is_read_by_duck_typing():
    status = SimpleNamespace(
        title=ResidenceTitle.objects.get(code="gestattung", valid_from=D(2024, 2, 27)),
        asylum_application_date=D(2025, 1, 10),
        reception_centre_obligation=True,
        identity_clarified=True,
        hours_per_week_allowed=None,
        valid_until=D(2025, 7, 10),
        duldung_start=None,
    )

    hint = work_permission_hint(status, D(2025, 3, 1))

    assert hint.permission == WorkPermission.NOT_ALLOWED
    assert hint.earliest_start == D(2025, 7, 10)
    with translation.override("en"):
        assert "ends on 10/07/2025" in str(hint.text)


def test_a_duldung_with_unclarified_identity_means_no_work():
    clarified = work_permission_hint("duldung-60a", D(2025, 1, 1), identity_clarified=True)
    unclarified = work_permission_hint("duldung-60a", D(2025, 1, 1), identity_clarified=False)

    assert clarified.permission == WorkPermission.PERMIT_REQUIRED
    assert not clarified.excluded
    assert unclarified.permission == WorkPermission.NOT_ALLOWED
    assert unclarified.excluded
    assert not unclarified.needs_permit
    with translation.override("en"):
        assert "identity is not clarified" in str(unclarified.text)


def test_nationals_of_safe_countries_who_applied_after_august_2015_may_not_work():
    albania = CountryFactory(iso_code="AL", name_de="Albanien", is_safe_country_of_origin=True)

    banned = work_permission_hint(
        "gestattung", D(2025, 1, 1), asylum_application_date=D(2024, 1, 1), nationality=albania
    )
    earlier = work_permission_hint(
        "gestattung", D(2025, 1, 1), asylum_application_date=D(2015, 6, 1), nationality=albania
    )

    assert banned.excluded and banned.permission == WorkPermission.NOT_ALLOWED
    assert not earlier.excluded and earlier.permission == WorkPermission.PERMIT_REQUIRED


def test_the_opportunity_card_limits_the_hours():
    hint = work_permission_hint("chancenkarte-20a", D(2025, 1, 1))
    fewer = work_permission_hint("chancenkarte-20a", D(2025, 1, 1), hours_per_week_allowed=10)

    assert hint.permission == WorkPermission.RESTRICTED
    assert hint.max_hours_per_week == 20
    assert fewer.max_hours_per_week == 10
    with translation.override("en"):
        assert "At most 20 hours a week." in str(hint.text)


def test_an_hours_note_on_an_unrestricted_title_restricts_it():
    hint = work_permission_hint("ae-25-2", D(2025, 1, 1), hours_per_week_allowed=15)
    assert hint.permission == WorkPermission.RESTRICTED
    assert hint.max_hours_per_week == 15


@pytest.mark.parametrize(
    "note",
    ["Erwerbstätigkeit erlaubt", "Erwerbstätigkeit gestattet.", " erwerbstätigkeit  ERLAUBT "],
)
def test_a_document_whose_condition_allows_any_work_is_not_shown_as_restricted(note):
    status = SimpleNamespace(title=ResidenceTitle.objects.get(code="fiktion"), work_note=note)

    hint = work_permission_hint(status, D(2025, 1, 1))

    assert (hint.permission, hint.needs_permit) == (WorkPermission.ALLOWED, False)
    assert hint.permission_label == "darf arbeiten"
    with translation.override("en"):
        assert "the person may work, employed or self-employed." in str(hint.text)
        assert "only within limits" not in str(hint.text)


@pytest.mark.parametrize(
    "note",
    [
        "",
        "Erwerbstätigkeit nicht erlaubt",
        "Erwerbstätigkeit nur mit Erlaubnis der Ausländerbehörde gestattet",
        "Beschäftigung bis 20 Stunden pro Woche erlaubt",
    ],
)
def test_any_other_condition_leaves_the_rule_as_it_is(note):
    status = SimpleNamespace(title=ResidenceTitle.objects.get(code="fiktion"), work_note=note)

    assert work_permission_hint(status, D(2025, 1, 1)).permission == WorkPermission.RESTRICTED


def test_a_condition_allowing_work_lifts_neither_a_ban_nor_an_hour_limit():
    card = work_permission_hint(
        "chancenkarte-20a", D(2025, 1, 1), work_note="Erwerbstätigkeit erlaubt"
    )
    banned = work_permission_hint(
        "duldung-60b", D(2025, 1, 1), work_note="Erwerbstätigkeit erlaubt"
    )
    hours = work_permission_hint(
        "fiktion", D(2025, 1, 1), work_note="Erwerbstätigkeit erlaubt", hours_per_week_allowed=10
    )

    assert (card.permission, card.max_hours_per_week) == (WorkPermission.RESTRICTED, 20)
    assert banned.permission == WorkPermission.NOT_ALLOWED
    assert (hours.permission, hours.max_hours_per_week) == (WorkPermission.RESTRICTED, 10)


def test_the_employment_toleration_checks_the_arrival_cut_off_of_its_version():
    old = work_permission_hint("duldung-60d", D(2023, 1, 1), arrival_date=D(2019, 5, 1))
    new = work_permission_hint("duldung-60d", D(2024, 6, 1), arrival_date=D(2019, 5, 1))

    assert ("arrival_late", {"cutoff": D(2018, 8, 1), "arrival": D(2019, 5, 1)}) in old.notes
    assert not any(kind == "arrival_late" for kind, _ in new.notes)


def test_an_expired_document_is_pointed_out():
    hint = work_permission_hint("ae-25-2", D(2025, 1, 1), valid_until=D(2024, 12, 31))
    with translation.override("en"):
        assert "The document expired on 31/12/2024" in str(hint.text)


def test_a_date_before_every_version_uses_the_first_and_says_so():
    hint = work_permission_hint("chancenkarte-20a", D(2020, 1, 1))
    assert hint.rule.valid_from == D(2024, 6, 1)
    with translation.override("en"):
        assert "No rule is recorded for 01/01/2020" in str(hint.text)


@pytest.mark.parametrize("code", ["ae-25-2", "gestattung", "duldung-60b", "chancenkarte-20a"])
def test_every_hint_ends_with_the_advice_in_german_and_english(code):
    hint = work_permission_hint(code, D(2025, 1, 1))
    with translation.override("de"):
        assert str(hint.text).endswith(ADVICE_DE)
    with translation.override("en"):
        assert str(hint.text).endswith(ADVICE_EN)


def test_many_hints_from_preloaded_rules_need_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        rules = rules_by_code()
        hints = [
            work_permission_hint(code, D(2025, 1, 1), rules=rules)
            for code in ["ae-25-2", "gestattung", "duldung-60a", "chancenkarte-20a"] * 10
        ]
    assert len(hints) == 40


def test_unknown_codes_and_facts_are_errors():
    with pytest.raises(ValueError, match="No residence-title rule"):
        work_permission_hint("nope", D(2025, 1, 1))
    with pytest.raises(TypeError, match="Unknown facts: colour"):
        work_permission_hint("ae-25-2", D(2025, 1, 1), colour="blue")


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)
    assert add_months(D(2024, 10, 15), 6) == D(2025, 4, 15)


def test_a_cases_residence_status_gives_its_hint():
    from lotse.cases.models import ResidenceStatus

    status = ResidenceStatus(
        title=ResidenceTitle.objects.get(code="duldung-60a"),
        valid_from=D(2024, 1, 1),
        valid_until=D(2024, 6, 30),
        identity_clarified=False,
    )

    hint = work_permission_hint(status, D(2024, 8, 1))

    assert hint.excluded
    with translation.override("en"):
        assert "The document expired on 30/06/2024" in str(hint.text)


@pytest.mark.parametrize(
    "code",
    ["ae-23-1", "ae-23-2", "ae-23-4", "ae-25-5", "ae-28", "ae-30", "ae-31", "ae-32", "ae-36"],
)
def test_admission_programmes_and_family_reunification_allow_work(code):
    hint = work_permission_hint(code, D(2026, 1, 1))

    assert (hint.permission, hint.needs_permit, hint.excluded) == (
        WorkPermission.ALLOWED,
        False,
        False,
    )
    assert hint.rule.legal_basis.split()[1] in hint.rule.name  # e.g. "§ 28" in its name


def test_family_reunification_titles_name_their_legal_ground():
    for code in ["ae-28", "ae-30", "ae-32", "ae-36"]:
        assert "§ 27 Abs. 5" in work_permission_hint(code, D(2026, 1, 1)).rule.hint


def test_section_25_5_needed_a_permit_before_2020():
    before = work_permission_hint("ae-25-5", D(2019, 6, 1))
    after = work_permission_hint("ae-25-5", D(2020, 3, 1))

    assert (before.permission, before.needs_permit) == (WorkPermission.PERMIT_REQUIRED, True)
    assert after.permission == WorkPermission.ALLOWED


def test_recognition_title_16d_allows_related_work_and_a_side_job_of_20_hours_since_2024():
    old = work_permission_hint("ae-16d", D(2023, 6, 1))
    new = work_permission_hint("ae-16d", D(2024, 6, 1))

    assert old.permission == new.permission == WorkPermission.RESTRICTED
    assert "10 Stunden" in old.rule.hint and "20 Stunden" in new.rule.hint
    assert "ohne Stundengrenze" in new.rule.hint
    with translation.override("en"):
        assert "20 hours" in str(new)


def test_every_unverified_new_title_says_so_in_its_hint():
    for code in ["ae-16d", "ae-25-5", "ae-36"]:
        for rule in ResidenceTitle.objects.filter(code=code, is_verified=False):
            assert "(ungeprüft)" in rule.hint and "(unverified)" in rule.hint_en
