"""What the figures need of an erased mentee's date of birth and countries (called by
``lotse.privacy.erasure.erase_mentee``).

- **Date of birth → a date in the same year** that puts the person in the same age band at the
  entry into each of their stays, for every age limit a report uses (``AGE_LIMITS``), on
  SQLite and PostgreSQL alike: 1 January of the year of birth where that gives the same bands,
  else the first of a month, else the first day that does. The day of birth is gone; what is
  left says no more than the year and the bands the report shows.
- **Countries → a representative of the same report region** (and the same EU/EEA
  membership, which the ESF Plus indicator "third-country nationals" asks): the first country
  of that group by ISO code. The region of origin and the ESF category stay, the country goes.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from lotse.cases.models import Mentee, Participation
from lotse.reference.models import Country
from lotse.reporting.definitions import AGE_BANDS

#: Every age limit a figure compares with (``age < limit``): the age bands of the key figures
#: and the ESF Plus age groups (under 18, 18 to 29, 55 and over; ``reporting.esf``).
AGE_LIMITS: tuple[int, ...] = tuple(
    sorted({band.high for band in AGE_BANDS if band.high is not None} | {18, 30, 55})
)


def _years_before(day: datetime.date, years: int, *, feb29: str) -> datetime.date:
    """``day`` minus ``years`` years as the databases compute it: 29 February becomes
    1 March on SQLite (``date(d, '-N years')``) and 28 February on PostgreSQL (``interval``)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return (
            datetime.date(day.year - years, 3, 1)
            if feb29 == "mar1"
            else day.replace(year=day.year - years, day=28)
        )


def _age(birth: datetime.date, day: datetime.date) -> int:
    """Whole years, as ``figures.with_age`` computes them."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _bands(birth: datetime.date, entries: Iterable[datetime.date]) -> tuple:
    """For each entry and age limit: younger than the limit, by each of the three ways the
    report code decides it (whole years; ``YearsBefore`` on SQLite; on PostgreSQL)."""
    return tuple(
        (
            _age(birth, entry) < limit,
            birth > _years_before(entry, limit, feb29="mar1"),
            birth > _years_before(entry, limit, feb29="feb28"),
        )
        for entry in entries
        for limit in AGE_LIMITS
    )


def coarse_birth_date(
    birth: datetime.date | None, entries: Iterable[datetime.date]
) -> datetime.date | None:
    """The earliest "round" date of the year of ``birth`` with the same age bands at every
    date of ``entries`` (see the module's docstring); ``None`` stays ``None``."""
    if birth is None:
        return None
    entries = sorted(set(entries))
    wanted = _bands(birth, entries)
    first = datetime.date(birth.year, 1, 1)
    candidates = [datetime.date(birth.year, month, 1) for month in range(1, 13)]
    candidates += [first + datetime.timedelta(days=n) for n in range(366)]
    for candidate in candidates:
        if candidate.year == birth.year and _bands(candidate, entries) == wanted:
            return candidate
    return birth  # unreachable: the date of birth itself always qualifies


def representative_country(country_id: str | None) -> str | None:
    """The first country (by ISO code) of the same report region and EU/EEA membership."""
    if country_id is None:
        return None
    country = Country.objects.filter(pk=country_id).values("region", "is_eu_eea").first()
    if country is None:
        return None
    return (
        Country.objects.filter(region=country["region"], is_eu_eea=country["is_eu_eea"])
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def erase(mentee: Mentee, *, actor: Any) -> None:
    row = Mentee.objects.filter(pk=mentee.pk).values(
        "birth_date", "nationality_id", "country_of_origin_id"
    )[0]
    entries = Participation.objects.filter(mentee=mentee).values_list("entry_date", flat=True)
    Mentee.objects.filter(pk=mentee.pk).update(
        birth_date=coarse_birth_date(row["birth_date"], entries),
        nationality_id=representative_country(row["nationality_id"]),
        country_of_origin_id=representative_country(row["country_of_origin_id"]),
    )
