import datetime

import pytest
from django.db.utils import IntegrityError

from lotse.employers.models import Vacancy, VacancyKind, VacancySource, VacancyStatus
from lotse.jobsuche import sync
from lotse.jobsuche.models import ImportRun, ImportStatus
from lotse.jobsuche.stub import posting
from lotse.jobsuche.sync import Lookups, PostingError, ba_import, map_posting, parse_areas
from lotse.jobsuche.tests.conftest import LEIPZIG, SAXONY
from lotse.matching.index import PUBLIC_GROUP, vacancy_index

pytestmark = pytest.mark.django_db


def board() -> dict[str, Vacancy]:
    return {v.ba_refnr: v for v in Vacancy.objects.filter(employer__isnull=True)}


def run(api, **options) -> ImportRun:
    return ba_import(client=api, areas=options.pop("areas", SAXONY), **options)


def details_fetched(stub) -> int:
    return sum(call.startswith("/pc/v4/jobdetails/") for call in stub.calls)


def test_the_first_run_stores_every_posting_with_what_matching_needs(reference, api):
    result = run(api)
    assert result.status == ImportStatus.SUCCEEDED
    assert (result.found, result.new, result.changed, result.closed, result.failed) == (
        5,
        5,
        0,
        0,
        0,
    )
    vacancies = board()
    cook = vacancies["10000-1000000002-S"]
    assert cook.source == VacancySource.BA and cook.employer is None
    assert cook.employer_name == "Gasthof Zur Linde GmbH"
    assert cook.employer_label == "Gasthof Zur Linde GmbH"
    assert cook.title == "Koch (m/w/d)"
    assert cook.occupation_id == "29302" and cook.requirement_level == 2
    assert cook.workplace_postcode == "04109"
    assert cook.workplace_place.place == "Leipzig" and cook.district_id == "14713"
    assert (cook.latitude, cook.longitude) == (LEIPZIG.latitude, LEIPZIG.longitude)
    assert cook.start_date == datetime.date(2026, 12, 15)
    assert cook.working_time_models == ["SCHICHT_NACHTARBEIT_WOCHENENDE", "TEILZEIT"]
    assert cook.shift_work is True
    assert cook.limited is True and cook.suitable_for_refugees is False
    assert cook.external_url == "https://example.org/jobs/42"
    assert cook.job_board_url == (
        "https://www.arbeitsagentur.de/jobsuche/jobdetail/10000-1000000002-S"
    )
    assert vacancies["10000-1000000001-S"].occupation_id == "82312"  # DKZ 9907: Friseur/in
    assert vacancies["10000-1000000001-S"].limited is False
    assert vacancies["10000-1000000003-S"].kind == VacancyKind.APPRENTICESHIP
    assert vacancies["10000-1000000004-S"].kind == VacancyKind.MINI_JOB
    assert vacancies["10000-1000000004-S"].requirement_level == 1
    assert vacancies["10000-1000000005-S"].kind == VacancyKind.INTERNSHIP
    # Matching sees them, in the group of no project.
    index = vacancy_index()
    assert len(index) == 5
    assert set(index.group[: len(index)]) == {PUBLIC_GROUP}


def test_a_second_run_changes_nothing_and_fetches_no_details(reference, api, stub):
    run(api)
    fetched = details_fetched(stub)
    before = {v.pk: v.updated_at for v in board().values()}
    again = run(api)
    assert (again.new, again.changed, again.unchanged, again.closed) == (0, 0, 5, 0)
    assert details_fetched(stub) == fetched
    assert {v.pk: v.updated_at for v in board().values()} == before


def test_a_posting_that_changes_is_updated(reference, api, stub):
    run(api)
    stub.put(
        posting(
            "10000-1000000001-S",
            title="Friseurin/Friseur (m/w/d)",
            dkz=9907,
            employer="Salon Haarmonie Inh. GmbH",
            place=LEIPZIG,
            limited="BEFRISTET",
            modified="2026-11-25T10:00:00.000",
        )
    )
    pk = board()["10000-1000000001-S"].pk
    result = run(api)
    assert (result.new, result.changed, result.unchanged, result.closed) == (0, 1, 4, 0)
    changed = Vacancy.objects.get(pk=pk)
    assert changed.title == "Friseurin/Friseur (m/w/d)"
    assert changed.employer_name == "Salon Haarmonie Inh. GmbH"
    assert changed.district_id == "14713" and changed.limited is True
    assert changed.ba_modified == "2026-11-25T10:00:00.000"
    assert vacancy_index().rank  # the index is rebuilt from the changed row
    assert changed.pk in vacancy_index()


def test_a_new_time_stamp_without_a_change_is_not_a_change(reference, api, stub):
    run(api)
    stub.put(
        posting(
            "10000-1000000001-S",
            title="Friseur (m/w/d)",
            dkz=9907,
            employer="Salon Haarmonie",
            modified="2026-11-26T10:00:00.000",
        )
    )
    result = run(api)
    assert (result.changed, result.unchanged) == (0, 5)
    assert board()["10000-1000000001-S"].ba_modified == "2026-11-26T10:00:00.000"


def test_a_posting_that_disappears_is_closed_and_comes_back_when_it_returns(reference, api, stub):
    run(api)
    gone = stub.postings["10000-1000000004-S"]
    stub.remove("10000-1000000004-S")
    result = run(api)
    assert (result.closed, result.unchanged) == (1, 4)
    closed = board()["10000-1000000004-S"]
    assert closed.status == VacancyStatus.CLOSED and closed.closed_at is not None
    assert closed.pk not in vacancy_index()
    assert run(api).closed == 0  # closed once
    stub.put(gone)
    back = run(api)
    assert (back.changed, back.closed) == (1, 0)
    reopened = board()["10000-1000000004-S"]
    assert reopened.status == VacancyStatus.OPEN and reopened.closed_at is None


def test_a_page_that_fails_is_retried_then_reported_and_closes_nothing(
    reference, api, stub, sleeps
):
    run(api)
    stub.remove("10000-1000000001-S")  # gone from the board …
    stub.put(posting("10000-1000000007-S", dkz=1234))  # (a third posting: two pages of work)
    stub.put(
        posting(
            "10000-1000000002-S",
            dkz=1234,
            employer="Neuer Name GmbH",
            place=LEIPZIG,
            modified="2026-11-27T09:00:00.000",
        )
    )
    stub.fail("500", times=3, path="/pc/v4/jobs", page=2)  # … but page 2 of "work" fails
    result = run(api)
    assert result.status == ImportStatus.PARTIAL
    assert len(sleeps) == 2  # two retries with backoff
    assert any("search Sachsen, offer type 1" in p and "HTTP 500" in p for p in result.problems)
    assert any("no vacancy was closed" in p for p in result.problems)
    vacancies = board()
    assert vacancies["10000-1000000001-S"].status == VacancyStatus.OPEN  # not swept
    assert result.closed == 0
    # The postings that did arrive are complete, not half-updated.
    assert vacancies["10000-1000000002-S"].employer_name == "Neuer Name GmbH"
    # The next complete run sweeps.
    assert run(api).closed == 1
    assert board()["10000-1000000001-S"].status == VacancyStatus.CLOSED


def test_a_page_that_fails_once_is_retried_and_the_run_succeeds(reference, api, stub):
    stub.fail("503", path="/pc/v4/jobs", page=1)
    result = run(api)
    assert result.status == ImportStatus.SUCCEEDED and result.new == 5
    assert api.retried == 1


def test_a_malformed_posting_is_counted_as_failed_and_the_rest_is_imported(reference, api, stub):
    stub.fail("garbage", times=5, refnr="10000-1000000003-S")
    bad = posting("10000-1000000005-S", dkz=5555, offer=34)
    bad["arbeitsorte"] = "Chemnitz"
    stub.put(bad)
    stub.put(posting("10000-1000000006-S", dkz=4242))  # a DKZ id the job titles do not know
    result = run(api)
    assert result.status == ImportStatus.PARTIAL
    assert (result.new, result.failed) == (3, 3)
    assert set(board()) == {"10000-1000000001-S", "10000-1000000002-S", "10000-1000000004-S"}
    problems = " ".join(result.problems)
    assert "10000-1000000003-S" in problems and "not JSON" in problems
    assert "arbeitsorte is not a list" in problems
    assert "hauptDkz 4242 is not among the BA job titles" in problems


def test_a_timeout_on_a_posting_keeps_its_old_state(reference, api, stub):
    run(api)
    stub.put(
        posting("10000-1000000001-S", title="Neu", dkz=9907, modified="2026-11-28T09:00:00.000")
    )
    stub.fail("timeout", times=3, refnr="10000-1000000001-S")
    result = run(api)
    assert (result.failed, result.changed, result.unchanged) == (1, 0, 4)
    assert "timeout" in result.problems[0]
    assert board()["10000-1000000001-S"].title == "Friseur (m/w/d)"
    assert run(api).changed == 1  # fetched again next time


def test_an_error_while_writing_changes_nothing(reference, api, stub, monkeypatch):
    run(api)
    stub.remove("10000-1000000001-S")
    stub.put(posting("10000-1000000009-S", dkz=9907))

    def broken(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(sync, "_update", broken)
    with pytest.raises(IntegrityError):
        run(api)
    last = ImportRun.objects.latest("started_at")
    assert last.status == ImportStatus.FAILED and "nothing was changed" in last.problems[-1]
    vacancies = board()
    assert "10000-1000000009-S" not in vacancies
    assert vacancies["10000-1000000001-S"].status == VacancyStatus.OPEN


def test_no_area_no_run(reference, api):
    result = ba_import(client=api, areas=[])
    assert result.status == ImportStatus.FAILED and result.searches == 0


def test_areas_from_the_setting_or_the_projects(settings, reference, project_a):
    assert parse_areas("Leipzig:25; Dresden ;") == [
        sync.Area("Leipzig", 25),
        sync.Area("Dresden"),
    ]
    settings.LOTSE_BA_JOBSUCHE_AREAS = ""
    project_a.districts.add("14713")
    assert sync.default_areas() == [sync.Area("Leipzig, Stadt")]
    settings.LOTSE_BA_JOBSUCHE_AREAS = "Chemnitz:30"
    assert sync.default_areas() == [sync.Area("Chemnitz", 30)]


def test_hauptdkz_maps_to_kldb_and_its_fifth_digit(reference):
    lookups = Lookups.load()
    values = map_posting(posting("1-S", dkz=9907), offer=1, lookups=lookups)
    assert (values["occupation_id"], values["requirement_level"]) == ("82312", 2)
    values = map_posting(posting("1-S", dkz="5555"), offer=1, lookups=lookups)
    assert (values["occupation_id"], values["requirement_level"]) == ("29301", 1)
    for dkz, message in [(None, "no hauptDkz"), ("abc", "no hauptDkz"), (77, "no requirement")]:
        with pytest.raises(PostingError, match=message):
            map_posting(posting("1-S", dkz=dkz), offer=1, lookups=lookups)


def test_mapping_cleans_what_it_stores(reference):
    lookups = Lookups.load()
    detail = posting("2-S", title="Koch\u202e\x00 (m/w/d)" + "x" * 300, employer=None)
    detail["arbeitsorte"][0].update(plz=9111, koordinaten={"lat": "north", "lon": 12})
    detail["eintrittsdatum"] = "0001-01-01"
    detail["externeUrl"] = "javascript:alert(1)"
    values = map_posting(detail, offer=1, lookups=lookups)
    assert values["title"].startswith("Koch (m/w/d)") and len(values["title"]) == 200
    assert values["employer_name"] == ""
    assert values["workplace_postcode"] == "09111"  # the search list's integer lost its zero
    assert values["latitude"] == 50.8357  # the postcode's, the given one is not a number
    assert values["start_date"] is None and values["external_url"] == ""
    with pytest.raises(PostingError, match="no reference number"):
        map_posting({"hauptDkz": "9907"}, offer=1, lookups=lookups)
    with pytest.raises(PostingError):
        map_posting(["not", "an", "object"], offer=1, lookups=lookups)


def test_the_command_and_the_daily_job_use_the_configured_api(
    settings, reference, capsys, django_db_blocker
):
    from django.core.management import call_command

    from lotse.ops import jobs, schedule
    from lotse.reference.models import OccupationTitle

    OccupationTitle.objects.filter(dkz_id=77).delete()
    settings.LOTSE_BA_JOBSUCHE_URL = "stub:"
    settings.LOTSE_BA_JOBSUCHE_STUB_POSTINGS = 30
    settings.LOTSE_BA_JOBSUCHE_AREAS = "Sachsen"
    call_command("import_ba_vacancies")
    assert "30 neu" in capsys.readouterr().out
    assert Vacancy.objects.filter(employer__isnull=True).count() == 30
    job = schedule.get_job("import_ba_vacancies")
    assert job.function == "lotse.ops.jobs.import_ba_vacancies"
    result = jobs.import_ba_vacancies(should_stop=lambda: False)
    assert result == {"status": "succeeded", "new": 0, "changed": 0, "closed": 0, "failed": 0}


def test_a_run_asked_to_stop_stops_before_writing(reference, api):
    with pytest.raises(sync.Stopped):
        ba_import(client=api, areas=SAXONY, should_stop=lambda: True)
    assert not board()
    assert ImportRun.objects.get().status == ImportStatus.FAILED
