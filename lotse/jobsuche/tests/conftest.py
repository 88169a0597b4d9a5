"""The reference rows the postings point to and a stub of the Jobsuche API with a client on it
(no network, no waiting: the client's sleeps are recorded)."""

import datetime

import httpx
import pytest

from lotse.jobsuche.client import STUB_BASE, Area, JobsucheClient
from lotse.jobsuche.stub import DEFAULT_KEY, JobsucheStub, Place, posting
from lotse.matching import index
from lotse.reference.tests.factories import (
    DistrictFactory,
    OccupationFactory,
    OccupationTitleFactory,
    PostcodeFactory,
)

CHEMNITZ = Place("09111", "Chemnitz", "Chemnitz, Stadt", 50.8357, 12.9229)
LEIPZIG = Place("04109", "Leipzig", "Leipzig, Stadt", 51.3397, 12.3731)
SAXONY = [Area("Sachsen")]


@pytest.fixture
def reference(db):
    """Chemnitz and Leipzig with their districts; the job titles of a hairdresser (DKZ 9907 →
    KldB 82312), a cook (DKZ 1234 → 29302), a kitchen help (DKZ 5555 → 29301) and one title
    on a four-digit code (DKZ 77 → 2930, no requirement level)."""
    chemnitz = DistrictFactory(ags="14511", name="Chemnitz, Stadt")
    leipzig = DistrictFactory(ags="14713", name="Leipzig, Stadt", latitude=51.34, longitude=12.37)
    PostcodeFactory(code="09111", place="Chemnitz", district=chemnitz)
    PostcodeFactory(
        code="04109", place="Leipzig", district=leipzig, latitude=51.3397, longitude=12.3731
    )
    titles = {
        9907: ("82312", "Friseur/in"),
        1234: ("29302", "Koch/Köchin"),
        5555: ("29301", "Küchenhelfer/in"),
    }
    for dkz, (code, title) in titles.items():
        OccupationTitleFactory(dkz_id=dkz, occupation=OccupationFactory(code=code), title=title)
    OccupationTitleFactory(dkz_id=77, occupation=OccupationFactory(code="2930"), title="Koch")
    return titles


def postings() -> list[dict]:
    return [
        posting(
            "10000-1000000001-S", title="Friseur (m/w/d)", dkz=9907, employer="Salon Haarmonie"
        ),
        posting(
            "10000-1000000002-S",
            title="Koch (m/w/d)",
            dkz=1234,
            employer="Gasthof Zur Linde GmbH",
            place=LEIPZIG,
            start=datetime.date(2026, 12, 15),
            working_time=("TEILZEIT", "SCHICHT_NACHTARBEIT_WOCHENENDE"),
            limited="BEFRISTET",
            refugees=False,
            external_url="https://example.org/jobs/42",
        ),
        posting("10000-1000000003-S", title="Ausbildung Koch", dkz=1234, offer=4),
        posting("10000-1000000004-S", title="Küchenhilfe", dkz=5555, working_time=("MINIJOB",)),
        posting("10000-1000000005-S", title="Praktikum Küche", dkz=5555, offer=34),
    ]


@pytest.fixture
def stub():
    return JobsucheStub(postings())


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def api(stub, sleeps):
    """Two postings per page, so that every search pages."""
    with JobsucheClient(
        STUB_BASE,
        DEFAULT_KEY,
        transport=httpx.WSGITransport(app=stub),
        page_size=2,
        retries=2,
        backoff=0.5,
        sleep=sleeps,
    ) as api:
        yield api


@pytest.fixture(autouse=True)
def fresh_index(settings):
    settings.LOTSE_MATCHING_REVISION_SECONDS = 0
    index.reset()
    yield
    index.reset()
