"""The process-wide vacancy index: built from the database, kept current.

- ``vacancy_index()`` returns the index, building it on first use from the open vacancies (one
  query, ``values_list``, no query per row).
- The employers app calls ``on_vacancy_changed(pk)`` after every committed change of a vacancy
  (registered in ``MatchingConfig.ready()``): the row is re-read and upserted or removed, without
  a rebuild.
- Other processes (web workers, the import command) change vacancies too. At most every
  ``LOTSE_MATCHING_REVISION_SECONDS`` seconds (default 10) one cheap query compares the vacancy
  table's revision (last change, highest key: two index look-ups, ``vacancy_updated_idx``) with
  the one the index was built from, and rebuilds on a difference. Every write of a vacancy sets
  ``updated_at`` (``auto_now`` in the services, explicitly in the BA import). A vacancy deleted
  by another process stays in this index until its next rebuild; the pages skip an id whose row
  is gone. (The revision counted the open vacancies before: a scan of the whole table, 0.26 s at
  100,000 vacancies and seconds at the million of all of Germany, ``benchmarks/germany.py``.)
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Max, Value
from django.db.models.functions import Coalesce

from lotse.employers.models import Vacancy, VacancyKind, VacancyStatus
from lotse.matching import rules
from lotse.matching.engine import LICENCE_FLAG, SHIFT_FLAG, VacancyIndex
from lotse.reference.models import CEFR_RANK

KIND = {
    VacancyKind.JOB: rules.JOB,
    VacancyKind.APPRENTICESHIP: rules.APPRENTICESHIP,
    VacancyKind.INTERNSHIP: rules.INTERNSHIP,
    VacancyKind.MINI_JOB: rules.MINI_JOB,
}
KIND_VALUE = {number: value for value, number in KIND.items()}

_FIELDS = (
    "pk",
    "occupation_id",
    "kind",
    "requirement_level",
    "lat",
    "lon",
    "german_level",
    "hours_per_week",
    "start_date",
    "closing_date",
    "driving_licence_required",
    "shift_work",
    "group",
)
#: The group of vacancies imported from the BA job board: they belong to no project, every
#: project's mentors see them (project ids start at 1).
PUBLIC_GROUP = 0

_lock = threading.Lock()
# One build at a time per process: the threads of a gunicorn worker that need the index while
# it is being built wait for that build instead of each building their own (at a million
# vacancies a build takes seconds of CPU, and every thread of the worker waits for the
# interpreter meanwhile: docs/performance.md, "All of Germany").
_build_lock = threading.Lock()
_state: dict[str, Any] = {"index": None, "revision": None, "checked": 0.0}


def _rows(queryset):
    return queryset.annotate(
        lat=Coalesce("latitude", "workplace_place__latitude"),
        lon=Coalesce("longitude", "workplace_place__longitude"),
        group=Coalesce("employer__project_id", Value(PUBLIC_GROUP)),
    ).values_list(*_FIELDS)


def _record(row: tuple) -> rules.VacancyRecord:
    pk, code, kind, level, lat, lon, german, hours, start, closing, licence, shift, group = row
    return rules.VacancyRecord(
        id=pk,
        occupation_code=code,
        kind=KIND.get(kind, rules.JOB),
        requirement_level=level or 0,
        latitude=lat,
        longitude=lon,
        german_required=CEFR_RANK.get(german or "", 0),
        hours_per_week=hours or 0,
        start_date=start,
        closing_date=closing,
        driving_licence_required=licence,
        shift_work=shift,
        group=group,
    )


def vacancy_records(queryset=None) -> list[rules.VacancyRecord]:
    """Open vacancies (or those of ``queryset``) as matching records, in one query."""
    if queryset is None:
        queryset = Vacancy.objects.filter(status=VacancyStatus.OPEN)
    return [_record(row) for row in _rows(queryset).order_by("pk")]


def _revision() -> tuple:
    return tuple(Vacancy.objects.aggregate(changed=Max("updated_at"), last=Max("pk")).values())


def _bulk_index(rows: list[tuple]) -> VacancyIndex:
    """The index from ``_rows`` tuples, column by column (no Python object per vacancy)."""
    if not rows:
        return VacancyIndex()
    (pk, code, kind, level, lat, lon, german, hours, start, closing, licence, shift, group) = zip(
        *rows, strict=True
    )
    return VacancyIndex.from_columns(
        ids=np.array(pk, dtype=np.int64),
        codes=list(code),
        kind=np.array([KIND.get(k, rules.JOB) for k in kind], dtype=np.int8),
        level=np.array([v or 0 for v in level], dtype=np.int8),
        lat=np.array(lat, dtype=np.float64),  # None becomes NaN
        lon=np.array(lon, dtype=np.float64),
        german=np.array([CEFR_RANK.get(v or "", 0) for v in german], dtype=np.int8),
        hours=np.array([min(v or 0, 127) for v in hours], dtype=np.int8),
        start=np.array([d.toordinal() if d else rules.NO_START_DAY for d in start], dtype=np.int32),
        closing=np.array(
            [d.toordinal() if d else rules.NO_CLOSING_DAY for d in closing], dtype=np.int32
        ),
        flags=np.array(licence, dtype=np.uint8) * LICENCE_FLAG
        + np.array(shift, dtype=np.uint8) * SHIFT_FLAG,
        group=np.array(group, dtype=np.int32),
    )


def build() -> VacancyIndex:
    """A fresh index of all open vacancies; becomes the process's index."""
    revision = _revision()
    queryset = Vacancy.objects.filter(status=VacancyStatus.OPEN)
    index = _bulk_index(list(_rows(queryset).order_by("pk")))
    with _lock:
        _state.update(index=index, revision=revision, checked=time.monotonic())
    return index


def _rebuilt(stale: VacancyIndex | None) -> VacancyIndex:
    """A new index, unless another thread replaced ``stale`` while this one waited for it."""
    with _build_lock:
        current = _state["index"]
        if current is not None and current is not stale:
            return current
        return build()


def vacancy_index() -> VacancyIndex:
    """The process's index, (re)built when missing or when the database has changed."""
    index = _state["index"]
    if index is None:
        return _rebuilt(None)
    interval = getattr(settings, "LOTSE_MATCHING_REVISION_SECONDS", 10)
    if time.monotonic() - _state["checked"] >= interval:
        revision = _revision()
        if revision != _state["revision"]:
            return _rebuilt(index)
        _state["checked"] = time.monotonic()
    return index


def on_vacancy_changed(vacancy_pk: int) -> None:
    """Listener for ``lotse.employers.hooks``: bring one vacancy up to date in the index."""
    index = _state["index"]
    if index is None:
        return  # built on first use, from the database as it is then
    rows = list(_rows(Vacancy.objects.filter(pk=vacancy_pk, status=VacancyStatus.OPEN)))
    if rows:
        index.upsert(_record(rows[0]))
    else:
        index.remove(vacancy_pk)
    with _lock:
        _state["revision"] = _revision()


def reset() -> None:
    """Forget the index (tests; after bulk changes in this process)."""
    with _lock:
        _state.update(index=None, revision=None, checked=0.0)


def record_of(vacancy: Vacancy) -> rules.VacancyRecord:
    """The matching record of a vacancy instance (``workplace_place`` selected with it)."""
    place = vacancy.workplace_place
    lat = vacancy.latitude if vacancy.latitude is not None else getattr(place, "latitude", None)
    lon = vacancy.longitude if vacancy.longitude is not None else getattr(place, "longitude", None)
    return _record(
        (
            vacancy.pk,
            vacancy.occupation_id,
            vacancy.kind,
            vacancy.requirement_level,
            lat,
            lon,
            vacancy.german_level,
            vacancy.hours_per_week,
            vacancy.start_date,
            vacancy.closing_date,
            vacancy.driving_licence_required,
            vacancy.shift_work,
            vacancy.employer.project_id if vacancy.employer_id else PUBLIC_GROUP,
        )
    )
