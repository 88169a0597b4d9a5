"""The process-wide vacancy index: built from the database, kept current.

- ``vacancy_index()`` returns the index, building it on first use from the open vacancies (one
  query, ``values_list``, no query per row).
- The employers app calls ``on_vacancy_changed(pk)`` after every committed change of a vacancy
  (registered in ``MatchingConfig.ready()``): the row is re-read and upserted or removed, without
  a rebuild.
- Other processes (web workers, the import command) change vacancies too. At most every
  ``LOTSE_MATCHING_REVISION_SECONDS`` seconds (default 10) one cheap query compares the vacancy
  table's revision (last change, highest key: two index look-ups, ``vacancy_updated_idx``) with
  the one the index was brought to. On a difference the rows changed since then are read by
  ``updated_at`` (the same index; ``REFRESH_MARGIN`` earlier, for clocks of application machines
  that run a little behind) and applied in place: open ones upserted, the others removed.
  Every write of a vacancy sets ``updated_at`` (``auto_now`` in the services, explicitly in the
  BA import). More than ``REFRESH_LIMIT`` changed rows (a BA import) rebuild the index instead,
  column by column. (Each change in another process rebuilt the whole index before: 2.8 s of
  CPU at the 518,179 open vacancies of the Germany benchmark, in every process; a refresh of up
  to 1,000 changed rows takes 7–14 ms there, ``benchmarks/index_refresh.py``.)
- A vacancy deleted by another process leaves no row to read: it stays in this index until the
  next full build, at most ``LOTSE_MATCHING_REBUILD_SECONDS`` (default 6 hours) after the last;
  the pages skip an id whose row is gone. While one thread rebuilds an index that exists, the
  process's other threads go on with the one they have instead of waiting.
"""

from __future__ import annotations

import datetime
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
_state: dict[str, Any] = {"index": None, "revision": None, "checked": 0.0, "built": 0.0}
#: Changed rows read again before the last change seen (application machines' clocks).
REFRESH_MARGIN = datetime.timedelta(minutes=2)
#: More changed rows than this are a rebuild (faster column by column than row by row).
REFRESH_LIMIT = 5000


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
    now = time.monotonic()
    with _lock:
        _state.update(index=index, revision=revision, checked=now, built=now)
    return index


def _changes_since(changed: datetime.datetime) -> tuple[list[tuple], list[int]] | None:
    """The open vacancies' rows and the other vacancies' keys written since ``changed`` (less
    the margin), or None when there are more than ``REFRESH_LIMIT`` of either."""
    recent = Vacancy.objects.filter(updated_at__gte=changed - REFRESH_MARGIN).order_by()
    rows = list(_rows(recent.filter(status=VacancyStatus.OPEN))[: REFRESH_LIMIT + 1])
    gone = list(
        recent.exclude(status=VacancyStatus.OPEN).values_list("pk", flat=True)[: REFRESH_LIMIT + 1]
    )
    if len(rows) > REFRESH_LIMIT or len(gone) > REFRESH_LIMIT:
        return None
    return rows, gone


def _refresh(index: VacancyIndex, revision: tuple) -> VacancyIndex:
    """``index`` brought from its revision to ``revision`` in place, or a new index when too
    much changed (caller holds ``_build_lock``)."""
    changed = _state["revision"][0] if _state["revision"] else None
    changes = _changes_since(changed) if changed is not None else None
    if changes is None:
        return build()
    rows, gone = changes
    index.apply([_record(row) for row in rows], gone)
    with _lock:
        _state.update(revision=revision, checked=time.monotonic())
    return index


def _replaced(stale: VacancyIndex | None, revision: tuple | None = None) -> VacancyIndex:
    """The index brought up to date: refreshed in place from ``revision`` or built anew
    (without ``revision``). A thread that finds another one at it goes on with ``stale`` if
    there is one, and otherwise waits for that build; ``stale`` replaced meanwhile by another
    thread is not touched again."""
    if not _build_lock.acquire(blocking=stale is None):
        return stale
    try:
        current = _state["index"]
        if current is not None and current is not stale:
            return current
        if stale is None or revision is None:
            return build()
        return _refresh(stale, revision)
    finally:
        _build_lock.release()


def vacancy_index() -> VacancyIndex:
    """The process's index, brought up to date when missing or when the database has changed."""
    index = _state["index"]
    if index is None:
        return _replaced(None)
    now = time.monotonic()
    if now - _state["checked"] < getattr(settings, "LOTSE_MATCHING_REVISION_SECONDS", 10):
        return index
    if now - _state["built"] >= getattr(settings, "LOTSE_MATCHING_REBUILD_SECONDS", 6 * 3600):
        return _replaced(index)
    revision = _revision()
    if revision != _state["revision"]:
        return _replaced(index, revision)
    _state["checked"] = now
    return index


def on_vacancy_changed(vacancy_pk: int) -> None:
    """Listener for ``lotse.employers.hooks``: bring one vacancy up to date in the index at
    once. The revision stays where it was: other processes' changes from before this one are
    read at the next check (with this one again, which does no harm)."""
    index = _state["index"]
    if index is None:
        return  # built on first use, from the database as it is then
    rows = list(_rows(Vacancy.objects.filter(pk=vacancy_pk, status=VacancyStatus.OPEN)))
    index.apply([_record(row) for row in rows], () if rows else [vacancy_pk])


def reset() -> None:
    """Forget the index (tests; after bulk changes in this process)."""
    with _lock:
        _state.update(index=None, revision=None, checked=0.0, built=0.0)


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
