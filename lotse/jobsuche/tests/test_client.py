import httpx
import pytest

from lotse.jobsuche.client import STUB_BASE, Area, JobsucheClient, JobsucheError, RateLimiter
from lotse.jobsuche.stub import JobsucheStub, posting
from lotse.jobsuche.tests.conftest import LEIPZIG


def test_a_search_pages_through_every_result(api, stub):
    work = list(api.search(Area("Sachsen"), 1))
    assert sorted(p["refnr"] for p in work) == [
        "10000-1000000001-S",
        "10000-1000000002-S",
        "10000-1000000004-S",
    ]
    assert [call for call in stub.calls if call == "/pc/v4/jobs"] == ["/pc/v4/jobs"] * 2
    assert [p["refnr"] for p in api.search(Area("Sachsen"), 4)] == ["10000-1000000003-S"]
    assert [p["refnr"] for p in api.search(Area("Sachsen"), 34)] == ["10000-1000000005-S"]


def test_a_search_by_district_or_by_radius(api):
    assert [p["refnr"] for p in api.search(Area("Leipzig, Stadt"), 1)] == ["10000-1000000002-S"]
    # Chemnitz–Leipzig is about 70 km.
    assert len(list(api.search(Area("Chemnitz", radius_km=30), 1))) == 2
    assert len(list(api.search(Area("Chemnitz", radius_km=100), 1))) == 3


def test_the_key_is_sent(stub):
    with JobsucheClient(
        STUB_BASE, "wrong", transport=httpx.WSGITransport(app=stub), retries=0
    ) as api:
        with pytest.raises(JobsucheError, match="HTTP 403"):
            api.details("10000-1000000001-S")


def test_details_are_fetched_by_the_base64_of_the_reference_number(api, stub):
    detail = api.details("10000-1000000002-S")
    assert detail["hauptDkz"] == "1234"
    assert "_district" not in detail
    assert stub.calls[-1] == "/pc/v4/jobdetails/MTAwMDAtMTAwMDAwMDAwMi1T"


def test_timeouts_and_server_errors_are_retried_with_a_growing_delay(api, stub, sleeps):
    stub.fail("timeout", refnr="10000-1000000001-S")
    stub.fail("503", refnr="10000-1000000001-S")
    assert api.details("10000-1000000001-S")["refnr"] == "10000-1000000001-S"
    assert sleeps == [0.5, 1.0]
    assert api.retried == 2


def test_what_keeps_failing_is_reported_after_the_retries(api, stub, sleeps):
    stub.fail("timeout", times=5, refnr="10000-1000000001-S")
    with pytest.raises(JobsucheError, match="timeout after 3 attempt"):
        api.details("10000-1000000001-S")
    assert len(sleeps) == 2


def test_an_answer_that_cannot_pass_is_not_retried(api, stub, sleeps):
    with pytest.raises(JobsucheError, match="HTTP 404"):
        api.details("10000-9999999999-S")
    assert sleeps == []


def test_too_many_requests_waits_as_long_as_the_server_says(api, stub, sleeps):
    stub.fail("429", refnr="10000-1000000001-S")
    api.details("10000-1000000001-S")
    assert sleeps == [2.0]


def test_a_malformed_answer_is_an_error(api, stub):
    stub.fail("garbage", refnr="10000-1000000001-S")
    with pytest.raises(JobsucheError, match="not JSON"):
        api.details("10000-1000000001-S")
    stub.fail("shape", path="/pc/v4/jobs")
    with pytest.raises(JobsucheError, match="not a list"):
        list(api.search(Area("Sachsen"), 1))


def test_the_rate_limit_spaces_the_requests():
    now = [100.0]
    waited = []

    def sleep(seconds):
        waited.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(4, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        limiter.wait()
    assert waited == [0.25, 0.25]
    now[0] += 10
    limiter.wait()
    assert waited == [0.25, 0.25]
    RateLimiter(0, sleep=sleep).wait()
    assert len(waited) == 2


def test_the_client_waits_for_its_rate_limit(stub, sleeps):
    stub.put(posting("10000-1000000009-S", place=LEIPZIG))
    with JobsucheClient(
        STUB_BASE,
        "jobboerse-jobsuche",
        transport=httpx.WSGITransport(app=stub),
        rate=2,
        sleep=sleeps,
    ) as api:
        api.details("10000-1000000009-S")
        api.details("10000-1000000009-S")
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 0.5


def test_a_search_without_end_is_cut_off(stub):
    many = JobsucheStub([posting(f"10000-{n}-S") for n in range(10)])
    with JobsucheClient(
        STUB_BASE,
        "jobboerse-jobsuche",
        transport=httpx.WSGITransport(app=many),
        page_size=2,
        max_pages=3,
    ) as api:
        with pytest.raises(JobsucheError, match="more than 3 pages"):
            list(api.search(Area("Sachsen"), 1))
