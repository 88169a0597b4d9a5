"""The index built from the database and kept current; profiles read in bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotse.cases.models import MenteeStatus, QualificationKind, RecognitionResult
from lotse.employers import services as employer_services
from lotse.employers.kinds import VACANCY
from lotse.employers.models import Vacancy, VacancyKind
from lotse.journal.models import CourseKind, CourseParticipation
from lotse.matching import index, rules
from lotse.matching import profiles as profile_module
from lotse.matching.profiles import current_profiles, profiles_for
from lotse.matching.tests.factories import (
    LanguageSkillFactory,
    MenteeFactory,
    QualificationFactory,
    TargetOccupationFactory,
    WorkExperienceFactory,
    job,
    occupation,
    welder,
)
from lotse.reference.models import WorkPermission

TODAY = datetime.date(2026, 11, 26)


def test_the_index_holds_the_open_vacancies_with_their_values(project_a):
    open_job = job(project_a, german_level="B2", hours_per_week=30, kind=VacancyKind.APPRENTICESHIP)
    closed = job(project_a, status="closed")
    built = index.vacancy_index()
    assert set(built.vacancy_ids().tolist()) == {open_job.pk}
    assert closed.pk not in built
    (record,) = index.vacancy_records()
    assert record.kind == rules.APPRENTICESHIP
    assert record.german_required == 4
    assert record.hours_per_week == 30
    assert record.group == project_a.pk
    assert record.latitude == pytest.approx(50.8322)


def test_building_the_index_is_one_query_for_any_number_of_vacancies(project_a):
    for i in range(5):
        job(project_a, title=f"Stelle {i}")
    with CaptureQueriesContext(connection) as queries:
        index.build()
    for i in range(20):
        job(project_a, title=f"Weitere Stelle {i}")
    with CaptureQueriesContext(connection) as more:
        built = index.build()
    assert len(built) == 25
    assert len(more) == len(queries) == 2  # the revision and the rows


def test_a_new_vacancy_enters_the_index_and_a_closed_one_leaves(
    alice, project_a, django_capture_on_commit_callbacks
):
    existing = job(project_a)
    built = index.vacancy_index()
    employer = existing.employer
    with django_capture_on_commit_callbacks(execute=True):
        created = VACANCY.create(
            actor=alice,
            employer=employer,
            title="Schweißer/in Nachtschicht",
            occupation=occupation("24422"),
            workplace_postcode="09111",
            hours_per_week=40,
        )
    assert created.pk in built
    assert index.vacancy_index() is built  # updated in place, not rebuilt
    with django_capture_on_commit_callbacks(execute=True):
        employer_services.vacancy_close(actor=alice, vacancy=created)
    assert created.pk not in built
    assert existing.pk in built
    assert index.vacancy_index() is built


def test_changes_by_other_processes_are_applied_in_place(project_a):
    first, second = job(project_a), job(project_a, hours_per_week=20)
    built = index.vacancy_index()
    # no hook: "another process", which writes updated_at as every write of a vacancy does
    Vacancy.objects.filter(pk=first.pk).update(status="filled", updated_at=timezone.now())
    Vacancy.objects.filter(pk=second.pk).update(hours_per_week=38, updated_at=timezone.now())
    added = job(project_a)
    with CaptureQueriesContext(connection) as queries:
        refreshed = index.vacancy_index()
    assert refreshed is built  # not rebuilt
    assert len(queries) == 3  # the revision, the open rows changed, the others' keys
    assert set(built.vacancy_ids().tolist()) == {second.pk, added.pk}
    assert built.hours[built._row_of(second.pk)] == 38
    with CaptureQueriesContext(connection) as queries:
        assert index.vacancy_index() is built
    assert len(queries) == 1  # the revision again, unchanged


def test_a_change_stamped_by_a_clock_a_little_behind_is_still_read(project_a):
    job(project_a)
    built = index.vacancy_index()
    late = job(project_a)
    earlier = Vacancy.objects.values_list("updated_at", flat=True).order_by("updated_at")[0]
    # Another machine's clock: the new row's change is stamped before the last change seen.
    Vacancy.objects.filter(pk=late.pk).update(updated_at=earlier - datetime.timedelta(minutes=1))
    assert index.vacancy_index() is built
    assert late.pk in built


def test_more_changes_than_the_limit_rebuild_the_index(project_a, monkeypatch):
    monkeypatch.setattr(index, "REFRESH_LIMIT", 2)
    for hours in (2, 1):
        old = job(project_a)
        Vacancy.objects.filter(pk=old.pk).update(
            updated_at=timezone.now() - datetime.timedelta(hours=hours)
        )
    built = index.vacancy_index()
    job(project_a)
    # Read again: the new row and the last change seen (within the margin before it).
    assert index.vacancy_index() is built
    for _ in range(3):
        job(project_a)
    rebuilt = index.vacancy_index()
    assert rebuilt is not built
    assert len(rebuilt) == 6


def test_a_vacancy_deleted_by_another_process_leaves_at_the_periodic_rebuild(project_a, settings):
    kept, deleted = job(project_a), job(project_a)
    built = index.vacancy_index()
    Vacancy.objects.filter(pk=deleted.pk).delete()  # leaves no row whose change could be read
    assert index.vacancy_index() is built
    assert deleted.pk in built
    settings.LOTSE_MATCHING_REBUILD_SECONDS = 0
    rebuilt = index.vacancy_index()
    assert rebuilt is not built
    assert set(rebuilt.vacancy_ids().tolist()) == {kept.pk}


def test_the_hook_does_not_hide_an_earlier_change_of_another_process(
    alice, project_a, django_capture_on_commit_callbacks
):
    other, mine = job(project_a), job(project_a)
    built = index.vacancy_index()
    Vacancy.objects.filter(pk=other.pk).update(status="filled", updated_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        employer_services.vacancy_close(actor=alice, vacancy=mine)
    assert mine.pk not in built  # the hook, at once
    assert other.pk in built  # not yet checked
    assert index.vacancy_index() is built
    assert len(built) == 0


def test_while_one_thread_rebuilds_the_others_go_on_with_the_index_they_have(project_a):
    job(project_a)
    built = index.vacancy_index()
    job(project_a)
    with index._build_lock:  # "another thread" is rebuilding
        with CaptureQueriesContext(connection) as queries:
            assert index.vacancy_index() is built
        assert len(queries) == 1  # the revision: nothing waits for the lock
        assert len(built) == 1
    assert len(index.vacancy_index()) == 2


def test_threads_that_need_the_index_at_once_share_one_build(project_a, monkeypatch):
    import threading
    import time

    job(project_a)
    built, builds = index.build(), []  # read here: the test's database is this thread's
    index.reset()

    def slow_build():
        builds.append(threading.get_ident())
        time.sleep(0.2)  # long enough for the other threads to ask meanwhile
        index._state.update(index=built, checked=time.monotonic())
        return built

    monkeypatch.setattr(index, "build", slow_build)
    got = []
    threads = [threading.Thread(target=lambda: got.append(index.vacancy_index())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len(got) == 4 and all(built is got[0] for built in got)


def test_the_revision_is_checked_at_most_every_n_seconds(project_a, settings):
    settings.LOTSE_MATCHING_REVISION_SECONDS = 3600
    first = job(project_a)
    built = index.vacancy_index()
    Vacancy.objects.filter(pk=first.pk).update(status="filled")
    with CaptureQueriesContext(connection) as queries:
        assert index.vacancy_index() is built
    assert len(queries) == 0


def test_a_profile_carries_what_matching_needs(project_a, alice):
    mentee = welder(project_a, alice, hours_per_week=30)
    TargetOccupationFactory(mentee=mentee, occupation=occupation("25212"), priority=2)
    WorkExperienceFactory(mentee=mentee, occupation=occupation("24412"))
    CourseParticipation.objects.create(
        mentee=mentee, kind=CourseKind.JOB_LANGUAGE, starts_on=TODAY, target_level="B2"
    )
    profile = profiles_for(type(mentee).objects.filter(pk=mentee.pk), TODAY)[mentee.pk]
    assert profile.target_codes == ("24422", "25212")
    assert profile.experience_codes == ("24412",)
    assert profile.qualification_codes == ("24422",)
    assert profile.qualification_level == QualificationKind.VOCATIONAL
    assert profile.german_rank == 3
    assert profile.german_course is True
    assert profile.work_permission == rules.PERMISSION_ALLOWED
    assert profile.latitude == pytest.approx(50.8322)
    assert profile.hours_per_week == 30
    assert profile.project_id == project_a.pk and profile.mentor_id == alice.pk


def test_an_unrecognised_qualification_does_not_raise_the_level(project_a):
    mentee = MenteeFactory(project=project_a)
    QualificationFactory(
        mentee=mentee, kind=QualificationKind.ACADEMIC, recognition_result=RecognitionResult.PENDING
    )
    profile = profiles_for(type(mentee).objects.filter(pk=mentee.pk), TODAY)[mentee.pk]
    assert profile.qualification_level == 1
    assert profile.work_permission == ""
    assert profile.latitude is None


def test_a_ban_in_the_residence_rules_reaches_the_profile(project_a):
    mentee = welder(project_a, permission=WorkPermission.NOT_ALLOWED)
    profile = profiles_for(type(mentee).objects.filter(pk=mentee.pk), TODAY)[mentee.pk]
    assert profile.work_permission == rules.PERMISSION_BANNED


def test_profiles_take_a_fixed_number_of_queries(project_a):
    def build():
        with CaptureQueriesContext(connection) as queries:
            profiles = profiles_for(type(mentee).objects.filter(status=MenteeStatus.ACTIVE), TODAY)
        return profiles, len(queries)

    mentee = welder(project_a)
    _, few = build()
    for i in range(12):
        other = welder(project_a, first_name=f"P{i}")
        LanguageSkillFactory(mentee=other, language__iso_code="ar", level="native")
    profiles, many = build()
    assert len(profiles) == 13
    assert many == few <= 10


def test_the_bulk_build_equals_the_record_build(project_a, alice):
    from lotse.matching.engine import VacancyIndex
    from lotse.matching.reference import rank as reference_rank

    job(project_a, german_level="B2", hours_per_week=20, start_date=TODAY, shift_work=True)
    job(project_a, code="81302", kind=VacancyKind.APPRENTICESHIP, closing_date=TODAY)
    job(project_a, code="24421", german_level="", driving_licence_required=True)
    mentee = welder(project_a, alice)
    profile = profiles_for(type(mentee).objects.filter(pk=mentee.pk), TODAY)[mentee.pk]
    bulk = index.build().rank(profile, today=TODAY, excluded_limit=5)
    records = index.vacancy_records()
    one_by_one = VacancyIndex.build(records).rank(profile, today=TODAY, excluded_limit=5)
    expected = reference_rank(profile, records, today=TODAY, excluded_limit=5)
    for result in (bulk, one_by_one):
        assert [(m.vacancy_id, m.codes) for m in result.matches] == [
            (m.vacancy_id, m.codes) for m in expected.matches
        ]
        assert [m.score for m in result.matches] == pytest.approx(
            [m.score for m in expected.matches], abs=1e-9
        )


def test_the_facts_of_the_residence_status_and_the_mentee_reach_the_profile(project_a):
    # The hint reads the status's own facts (the application date), the mentee's nationality
    # (a safe country of origin) and the title's rule; the profile query loads only those.
    from lotse.reference.models import ResidenceTitle
    from lotse.reference.rules import add_months
    from lotse.reference.tests.factories import CountryFactory

    safe = CountryFactory(iso_code="AL", name_de="Albanien", name_en="Albania")
    safe.is_safe_country_of_origin = True
    safe.save()
    banned = welder(project_a, first_name="Arben", nationality=safe)
    waiting = welder(project_a, first_name="Omar")
    cutoff, applied = datetime.date(2015, 8, 31), TODAY - datetime.timedelta(days=30)
    for person in (banned, waiting):
        status = person.residence_statuses.get()
        ResidenceTitle.objects.filter(pk=status.title_id).update(
            work_permission=WorkPermission.PERMIT_REQUIRED,
            safe_country_cutoff=cutoff,
            waiting_months=3,
        )
        status.asylum_application_date = applied
        status.save()
    both = type(banned).objects.filter(pk__in=[banned.pk, waiting.pk])
    profiles = profiles_for(both, TODAY)
    assert profiles[banned.pk].work_permission == rules.PERMISSION_BANNED
    assert profiles[waiting.pk].work_permission == rules.PERMISSION_PERMIT
    assert profiles[waiting.pk].available_from == add_months(applied, 3)  # the waiting period


def _active(user):
    from lotse.cases.selectors import mentees_for

    return mentees_for(user).filter(status=MenteeStatus.ACTIVE)


def test_kept_profiles_equal_fresh_ones_and_cost_one_query_while_nothing_changed(project_a, alice):
    for name in ("Samir", "Lina", "Omid"):
        welder(project_a, alice, first_name=name)
    first = current_profiles(_active(alice), TODAY)
    assert first == profiles_for(_active(alice), TODAY) and len(first) == 3
    with CaptureQueriesContext(connection) as queries:
        again = current_profiles(_active(alice), TODAY)
    assert again == first
    assert len(queries) == 1  # the selection's keys and last changes


def test_a_change_of_the_case_file_is_read_again_for_that_mentee_alone(project_a, alice):
    from lotse.cases.kinds import LANGUAGE

    samir, lina = welder(project_a, alice), welder(project_a, alice, first_name="Lina")
    version = samir.version
    before = current_profiles(_active(alice), TODAY)
    skill = samir.languages.get(language_id="de")
    # Through the service, as another process would write it: the profile's own rows change,
    # and the mentee's updated_at with them, not the mentee's version.
    LANGUAGE.update(actor=alice, record=skill, version=skill.version, level="C1")
    samir.refresh_from_db()
    assert samir.version == version
    with CaptureQueriesContext(connection) as queries:
        after = current_profiles(_active(alice), TODAY)
    assert after[samir.pk].german_rank == 5 != before[samir.pk].german_rank
    assert after[lina.pk] is before[lina.pk]  # kept
    assert after == profiles_for(_active(alice), TODAY)
    profile_queries = len(queries) - 1
    with CaptureQueriesContext(connection) as whole:
        profiles_for(_active(alice), TODAY)
    assert profile_queries == len(whole)  # the same queries, for one mentee's keys


def test_mentees_who_leave_or_join_the_selection_leave_or_join_the_profiles(project_a, alice):
    from lotse.cases import services as case_services

    samir, lina = welder(project_a, alice), welder(project_a, alice, first_name="Lina")
    assert set(current_profiles(_active(alice), TODAY)) == {samir.pk, lina.pk}
    case_services.mentee_set_status(actor=alice, mentee=samir, status=MenteeStatus.PLACED)
    omid = welder(project_a, alice, first_name="Omid")
    assert set(current_profiles(_active(alice), TODAY)) == {lina.pk, omid.pk}


def test_another_projects_user_gets_only_their_own_projects_profiles(
    project_a, project_b, alice, charlie
):
    samir = welder(project_a, alice)
    theirs = welder(project_b, charlie, first_name="Dana")
    assert set(current_profiles(_active(alice), TODAY)) == {samir.pk}
    assert set(current_profiles(_active(charlie), TODAY)) == {theirs.pk}
    assert set(current_profiles(_active(alice), TODAY)) == {samir.pk}


def test_kept_profiles_are_read_whole_again_after_a_while_and_on_another_day(
    project_a, alice, monkeypatch
):
    welder(project_a, alice)
    current_profiles(_active(alice), TODAY)
    with CaptureQueriesContext(connection) as whole:
        profiles_for(_active(alice), TODAY)
    with CaptureQueriesContext(connection) as next_day:
        current_profiles(_active(alice), TODAY + datetime.timedelta(days=1))
    assert len(next_day) == 1 + len(whole)
    monkeypatch.setattr(profile_module, "CACHE_SECONDS", 0)
    with CaptureQueriesContext(connection) as later:
        current_profiles(_active(alice), TODAY)
    assert len(later) == 1 + len(whole)


def test_a_selection_whose_parameters_cannot_be_a_key_is_read_whole_and_not_kept(project_a, alice):
    welder(project_a, alice)
    selection = _active(alice)
    selection.query.sql_with_params = lambda: ("… = ANY(%s)", [[1, 2]])  # a list parameter
    assert current_profiles(selection, TODAY) == profiles_for(_active(alice), TODAY)
    assert not profile_module._kept
