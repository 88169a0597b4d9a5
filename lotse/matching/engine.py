"""The fast matching engine: a columnar in-memory index of open vacancies (numpy arrays).

One row per vacancy, 60 bytes (see ``VacancyIndex.bytes_per_vacancy``):

=============  =======  ==============================================================
column         dtype    meaning
=============  =======  ==============================================================
ids            int64    the vacancy's database key (tie-break: lower id first)
code_idx       int16    position of the 5-digit KldB code in the index's code table
level          int8     requirement level 1–4 (0 unknown)
kind           int8     rules.JOB / APPRENTICESHIP / INTERNSHIP / MINI_JOB
lat, lon       float32  degrees (NaN: no place), about 1 m precision; for the bounding box
lat_rad, …     float64  the same coordinates in radians and cos(lat), precomputed for the
                        haversine (exactly what the reference computes from the float32 values)
german         int8     CEFR rank required (0 none)
hours          int8     hours per week (0 unknown)
start          int32    start date as a proleptic ordinal (2³¹−1: unknown)
closing        int32    closing date as an ordinal (2³¹−1: none)
flags          uint8    1 licence required, 2 shift work
group          int32    the project whose employer offers it (the scope a user may see)
alive          bool     False for removed rows (tombstones) until the next compaction
=============  =======  ==============================================================

Ranking one mentee:

1. A work ban leaves every vacancy out, counted under one reason.
2. A bounding box around the mentee (safe lower bounds of the great-circle distance, in float32)
   drops vacancies that are certainly farther than ``EXCLUDE_FACTOR`` × commute limit; they are
   counted as "too far". Only the rows inside the box are scored.
3. Every factor but distance is a lookup in a small per-mentee table (occupation over the code
   table, kind and level over kind × level, German over the level required, hours and work
   permission over the hours, licence and shift work over the flags, the start over the days
   between the start and the person's availability). Their points are multiples of 1/8, so the
   float64 sum is exact; the distance points (haversine in float64) are added last, as in the
   reference scorer. Only the rows shown get their factors and reason codes one by one.
4. The top *k* are chosen with ``np.partition`` and sorted by (score desc, id asc), ties at the
   cut included exactly, so the result equals the reference's.

Updates: ``upsert`` overwrites a row in place or appends (capacity doubles); ``remove`` sets a
tombstone; ``compact`` squeezes tombstones out once they make up a quarter of the rows.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from lotse.matching import rules

LICENCE_FLAG = 1
SHIFT_FLAG = 2
_BOX_MARGIN_DEG = 1e-4  # covers float32 rounding of stored and compared coordinates

_COLUMNS = (
    ("ids", np.int64, 0),
    ("code_idx", np.int16, 0),
    ("level", np.int8, 0),
    ("kind", np.int8, 0),
    ("lat", np.float32, np.nan),
    ("lon", np.float32, np.nan),
    ("lat_rad", np.float64, np.nan),
    ("lon_rad", np.float64, np.nan),
    ("cos_lat", np.float64, np.nan),
    ("german", np.int8, 0),
    ("hours", np.int8, 0),
    ("start", np.int32, rules.NO_START_DAY),
    ("closing", np.int32, rules.NO_CLOSING_DAY),
    ("flags", np.uint8, 0),
    ("group", np.int32, 0),
    ("alive", np.bool_, False),
)


@dataclass
class _Compiled:
    """One mentee's lookup tables over the index's small value domains."""

    occupation_points: np.ndarray  # per code-table entry
    occupation_codes: np.ndarray
    level_points: np.ndarray  # [kind * 5 + level]
    level_codes: np.ndarray
    kind_points: np.ndarray  # [kind]
    kind_excluded: np.ndarray  # [kind] bool
    german_points: np.ndarray  # [rank required]
    german_codes: np.ndarray
    # Combined tables for scoring many rows: the sum of several factors per key.
    kind_level_sum: np.ndarray  # [kind * 5 + level]: level + kind points
    hours_sum: np.ndarray  # [hours]: hours + permission points
    flags_sum: np.ndarray  # [flags]: licence + shift points
    start_points: np.ndarray  # [clip(begins − available, −31, 181) + 31]


def _hours_codes(p: rules.MenteeProfile, hours: np.ndarray) -> np.ndarray:
    if not p.hours_per_week:
        return np.full(len(hours), rules.HOURS_UNKNOWN)
    gap = np.abs(hours - p.hours_per_week)
    codes = np.where(
        gap <= 5, rules.HOURS_FIT, np.where(gap <= 10, rules.HOURS_CLOSE, rules.HOURS_OFF)
    )
    return np.where(hours > 0, codes, rules.HOURS_UNKNOWN)


def _start_codes(offset: np.ndarray) -> np.ndarray:
    """Start codes by days between the (effective) start and the person's availability."""
    return np.where(
        offset >= 0,
        np.where(offset > rules.START_LATE_DAYS, rules.START_LATE, rules.START_FIT),
        np.where(-offset <= rules.START_SLACK_DAYS, rules.START_SLIGHTLY_EARLY, rules.START_EARLY),
    )


_HOURS_POINTS = np.array([rules.HOURS_POINTS[code] for code in range(len(rules.HOURS_POINTS))])
_START_POINTS = np.array([rules.START_POINTS[code] for code in range(len(rules.START_POINTS))])
# Start points by clip(begins − available, −31, 181) + 31: the same for every mentee.
_START_BY_OFFSET = _START_POINTS[_start_codes(np.arange(-31, 182))]


class VacancyIndex:
    """Open vacancies in columns; thread-safe for one writer and many readers."""

    def __init__(self, capacity: int = 1024) -> None:
        self._lock = threading.RLock()
        self._n = 0  # rows in use, alive or tombstoned
        self._tombstones = 0
        self._codes = np.zeros(64, dtype=np.int32)
        self._n_codes = 0
        self._code_pos: dict[int, int] = {}
        self._alloc(max(capacity, 16))

    # --- building and updating ---------------------------------------------------------------

    def _alloc(self, capacity: int) -> None:
        for name, dtype, fill in _COLUMNS:
            new = np.full(capacity, fill, dtype=dtype)
            old = getattr(self, name, None)
            if old is not None:
                new[: self._n] = old[: self._n]
            setattr(self, name, new)
        self._capacity = capacity

    @classmethod
    def build(cls, records: Iterable[rules.VacancyRecord]) -> VacancyIndex:
        records = list(records)
        index = cls(capacity=len(records) + 16)
        with index._lock:
            for record in records:
                index._write(index._n, record)
                index._n += 1
        return index

    @classmethod
    def from_columns(
        cls, *, ids: np.ndarray, codes: list[str], **columns: np.ndarray
    ) -> VacancyIndex:
        """Build from whole columns at once (bulk loads, the benchmark): ``codes`` are the
        KldB codes per row; other columns are named as in the module docstring and default to
        "not given". Much faster than ``build`` for millions of rows."""
        n = len(ids)
        index = cls(capacity=n + 16)
        with index._lock:
            unique, inverse = np.unique(np.asarray(codes), return_inverse=True)
            lookup = np.array([index._code_index(str(code)) for code in unique], dtype=np.int16)
            index.ids[:n] = ids
            index.code_idx[:n] = lookup[inverse]
            levels = np.array([rules.code_as_int(str(code)) % 10 for code in unique], dtype=np.int8)
            index.level[:n] = np.where(levels[inverse] <= 4, levels[inverse], 0)
            for name, values in columns.items():
                getattr(index, name)[:n] = values
            # As in _write: radians and cos of the stored float32 values, with math's functions
            # (the reference's), so both implementations see the very same numbers.
            index.lat_rad[:n] = [math.radians(x) for x in index.lat[:n].tolist()]
            index.lon_rad[:n] = [math.radians(x) for x in index.lon[:n].tolist()]
            index.cos_lat[:n] = [math.cos(x) for x in index.lat_rad[:n].tolist()]
            index.alive[:n] = True
            index._n = n
        return index

    def _code_index(self, code: str) -> int:
        value = rules.code_as_int(code)
        pos = self._code_pos.get(value)
        if pos is None:
            if self._n_codes == len(self._codes):
                self._codes = np.concatenate([self._codes, np.zeros_like(self._codes)])
            pos = self._n_codes
            self._codes[pos] = value
            self._code_pos[value] = pos
            self._n_codes += 1
        return pos

    def _write(self, row: int, v: rules.VacancyRecord) -> None:
        self.ids[row] = v.id
        self.code_idx[row] = self._code_index(v.occupation_code)
        self.level[row] = v.level
        self.kind[row] = v.kind
        has_place = v.latitude is not None and v.longitude is not None
        self.lat[row] = v.latitude if has_place else np.nan
        self.lon[row] = v.longitude if has_place else np.nan
        lat_rad = math.radians(float(self.lat[row]))
        self.lat_rad[row] = lat_rad
        self.lon_rad[row] = math.radians(float(self.lon[row]))
        self.cos_lat[row] = math.cos(lat_rad)
        self.german[row] = v.german_required
        self.hours[row] = min(v.hours_per_week or 0, 127)
        self.start[row] = v.start_date.toordinal() if v.start_date else rules.NO_START_DAY
        self.closing[row] = v.closing_date.toordinal() if v.closing_date else rules.NO_CLOSING_DAY
        flags = (LICENCE_FLAG if v.driving_licence_required else 0) | (
            SHIFT_FLAG if v.shift_work else 0
        )
        self.flags[row] = flags
        self.group[row] = v.group
        self.alive[row] = True

    def _row_of(self, vacancy_id: int) -> int | None:
        rows = np.flatnonzero((self.ids[: self._n] == vacancy_id) & self.alive[: self._n])
        return int(rows[0]) if len(rows) else None

    def apply(self, records: Iterable[rules.VacancyRecord], removed_ids: Iterable[int] = ()) -> int:
        """Add or overwrite ``records`` in place and leave ``removed_ids`` out, under one lock
        and with one scan of the ids for the whole batch; the number of rows removed."""
        records = list(records)
        removed_ids = [int(vacancy_id) for vacancy_id in removed_ids]
        with self._lock:
            wanted = np.array([r.id for r in records] + removed_ids, dtype=np.int64)
            found = np.flatnonzero(np.isin(self.ids[: self._n], wanted) & self.alive[: self._n])
            row_of = {int(self.ids[row]): int(row) for row in found}
            for record in records:
                row = row_of.get(record.id)
                if row is None:
                    if self._n == self._capacity:
                        self._alloc(self._capacity * 2)
                    row = row_of[record.id] = self._n
                    self._n += 1
                self._write(row, record)
            removed = 0
            for vacancy_id in removed_ids:
                row = row_of.pop(vacancy_id, None)
                if row is not None:
                    self.alive[row] = False
                    self._tombstones += 1
                    removed += 1
            if self._tombstones * 4 > self._n and self._n > 64:
                self.compact()
            return removed

    def upsert(self, record: rules.VacancyRecord) -> None:
        """Add the vacancy, or overwrite it in place if it is already in the index."""
        self.apply([record])

    def remove(self, vacancy_id: int) -> bool:
        """Leave the vacancy out from now on; True if it was in the index."""
        return self.apply((), [vacancy_id]) == 1

    def compact(self) -> None:
        """Drop tombstoned rows (keeps the order of the others)."""
        with self._lock:
            keep = np.flatnonzero(self.alive[: self._n])
            for name, _dtype, fill in _COLUMNS:
                column = getattr(self, name)
                kept = column[keep]
                column[: len(kept)] = kept
                column[len(kept) : self._n] = fill
            self._n = len(keep)
            self._tombstones = 0

    def __len__(self) -> int:
        return self._n - self._tombstones

    def __contains__(self, vacancy_id: int) -> bool:
        with self._lock:
            return self._row_of(vacancy_id) is not None

    def vacancy_ids(self) -> np.ndarray:
        with self._lock:
            return self.ids[: self._n][self.alive[: self._n]].copy()

    @property
    def nbytes(self) -> int:
        """Memory of the columns and the code table (allocated capacity included)."""
        columns = sum(getattr(self, name).nbytes for name, _, _ in _COLUMNS)
        return columns + self._codes.nbytes

    def bytes_per_vacancy(self) -> float:
        """Memory per row in use (columns only, i.e. without spare capacity)."""
        per_row = sum(np.dtype(dtype).itemsize for _, dtype, _ in _COLUMNS)
        return per_row + self._codes.nbytes / max(len(self), 1)

    # --- scoring -------------------------------------------------------------------------------

    def _compile(self, p: rules.MenteeProfile) -> _Compiled:
        codes = self._codes[: self._n_codes]
        occ_points = np.zeros(len(codes), dtype=np.float64)
        occ_codes = np.zeros(len(codes), dtype=np.int16)
        for source_code, weight, source in p.occupation_sources:
            length = min(len(source_code), 5)
            src = rules.code_as_int(source_code)
            for common in (5, 4, 3, 2):
                if common > length:
                    continue
                divisor = 10 ** (5 - common)
                points = weight * rules.OCCUPATION_POINTS[common]
                better = ((codes // divisor) == (src // divisor)) & (points > occ_points)
                occ_points[better] = points
                occ_codes[better] = source * 10 + common
        level_points = np.zeros(len(rules.KINDS) * 5)
        level_codes = np.zeros(len(rules.KINDS) * 5, dtype=np.int8)
        for kind in rules.KINDS:
            for level in range(5):
                code = rules.level_code(p.qualification_level, kind, level)
                level_points[kind * 5 + level] = rules.LEVEL_POINTS[code]
                level_codes[kind * 5 + level] = code
        kind_points = np.zeros(len(rules.KINDS))
        kind_excluded = np.zeros(len(rules.KINDS), dtype=np.bool_)
        for kind in rules.KINDS:
            points = rules.kind_points(p, kind)
            kind_excluded[kind] = points is None
            kind_points[kind] = points or 0.0
        german_points = np.zeros(rules.GERMAN_LEVELS)
        german_codes = np.zeros(rules.GERMAN_LEVELS, dtype=np.int8)
        for required in range(rules.GERMAN_LEVELS):
            code = rules.german_code(p.german_rank, p.german_course, required)
            german_points[required], german_codes[required] = rules.GERMAN_POINTS[code], code
        kind_level_sum = level_points + np.repeat(kind_points, 5)
        hours = np.arange(128)
        hours_sum = _HOURS_POINTS[_hours_codes(p, hours)]
        permission = rules.PERMISSION_POINTS[rules.PERMISSION_CODE.get(p.work_permission, 0)]
        hours_sum += permission
        if p.hours_allowed:
            hours_sum[hours > p.hours_allowed] += rules.PERMISSION_HOURS_PENALTY
        licence = rules.LICENCE_POINTS[rules.licence_code(p.driving_licence, True)]
        shift = rules.SHIFT_CHILDCARE_PENALTY if p.childcare_constraint else 0.0
        flags_sum = np.array([0.0, licence, shift, licence + shift])
        start_points = _START_BY_OFFSET
        return _Compiled(
            occ_points,
            occ_codes,
            level_points,
            level_codes,
            kind_points,
            kind_excluded,
            german_points,
            german_codes,
            kind_level_sum,
            hours_sum,
            flags_sum,
            start_points,
        )

    def _box(self, p: rules.MenteeProfile, cutoff_km: float) -> np.ndarray:
        """Rows that may lie within ``cutoff_km`` (never drops one that does); rows without
        coordinates are kept (NaN compares False)."""
        n = self._n
        theta = cutoff_km / rules.EARTH_RADIUS_KM
        dlat = math.degrees(theta) + _BOX_MARGIN_DEG
        diff = self.lat[:n] - np.float32(p.latitude)
        np.abs(diff, out=diff)
        outside = diff > np.float32(dlat)
        phi1 = math.radians(p.latitude)
        cos_far = math.cos(min(math.pi / 2, abs(phi1) + math.radians(dlat)))
        denominator = math.cos(phi1) * cos_far
        hav = math.sin(theta / 2) ** 2
        if denominator > 1e-9 and hav < denominator:
            dlon = math.degrees(2 * math.asin(math.sqrt(hav / denominator))) + _BOX_MARGIN_DEG
            if -180 < p.longitude - dlon and p.longitude + dlon < 180:
                np.subtract(self.lon[:n], np.float32(p.longitude), out=diff)
                np.abs(diff, out=diff)
                outside |= diff > np.float32(dlon)
        return ~outside

    def _distance(
        self, p: rules.MenteeProfile, rows: np.ndarray | slice, codes: bool = False
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """(km with NaN where unknown, points, codes if asked) of the distance factor."""
        if not p.has_place:
            m = len(self.ids[rows])
            return np.full(m, np.nan), np.zeros(m), np.zeros(m, dtype=np.int8)
        p1 = math.radians(p.latitude)
        # haversine, in the reference's order of operations (x / 2 == x * 0.5 exactly)
        h = self.lat_rad[rows] - p1
        h *= 0.5
        np.sin(h, out=h)
        h *= h
        t = self.lon_rad[rows] - math.radians(p.longitude)
        t *= 0.5
        np.sin(t, out=t)
        t *= t
        cos_product = self.cos_lat[rows] * math.cos(p1)
        cos_product *= t
        h += cos_product
        np.minimum(h, 1.0, out=h)
        np.sqrt(h, out=h)
        np.arcsin(h, out=h)
        distance = h
        distance *= 2 * rules.EARTH_RADIUS_KM
        ratio = distance / max(p.commute_limit_km, 1)
        within = ratio <= 1
        points = np.where(
            within,
            rules.DISTANCE_MAX_POINTS - rules.DISTANCE_AT_LIMIT * ratio,
            rules.DISTANCE_AT_LIMIT - rules.DISTANCE_BEYOND_SLOPE * (ratio - 1),
        )
        transit = None
        if not p.is_mobile:
            transit = distance > rules.PUBLIC_TRANSPORT_FREE_KM
            points = np.where(transit, points + rules.PUBLIC_TRANSPORT_PENALTY, points)
        known = ~np.isnan(distance)
        points[~known] = 0.0
        if not codes:
            return distance, points, None
        k = np.where(within, rules.DISTANCE_WITHIN, rules.DISTANCE_BEYOND).astype(np.int8)
        if transit is not None:
            k = k + transit * np.int8(rules.DISTANCE_PUBLIC_TRANSPORT)
        return distance, points, np.where(known, k, rules.DISTANCE_UNKNOWN)

    def _scores(
        self, p: rules.MenteeProfile, c: _Compiled, rows: np.ndarray | slice, today: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores and distances (NaN: unknown) of many rows (positions, or a slice of all
        rows), with as few passes as possible: one table lookup per group of factors."""
        score = np.take(c.occupation_points, self.code_idx[rows])
        kind_level = self.kind[rows] * np.int8(5)
        kind_level += self.level[rows]
        score += np.take(c.kind_level_sum, kind_level)
        score += np.take(c.german_points, self.german[rows])
        score += np.take(c.hours_sum, self.hours[rows])
        score += np.take(c.flags_sum, self.flags[rows] & np.uint8(LICENCE_FLAG | SHIFT_FLAG))
        offset = np.maximum(self.start[rows], today)
        offset -= rules.available_day(p, date.fromordinal(today))
        np.clip(offset, -31, 181, out=offset)
        offset += 31
        score += np.take(c.start_points, offset)
        distance, points, _ = self._distance(p, rows)
        if p.has_place:
            score += points
        return score, distance

    def _details(
        self, p: rules.MenteeProfile, c: _Compiled, rows: np.ndarray, today: int
    ) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
        """Each factor's points and reason code, and the distance, of a few rows."""
        m = len(rows)
        code_idx = self.code_idx[rows]
        kind = self.kind[rows].astype(np.intp)
        level_key = kind * 5 + self.level[rows]
        german = self.german[rows]
        hours = self.hours[rows].astype(np.int16)
        flags = self.flags[rows]

        distance, f_dist, k_dist = self._distance(p, rows, codes=True)

        licence_code = rules.licence_code(p.driving_licence, True)
        needs_licence = (flags & LICENCE_FLAG) != 0
        f_licence = np.where(needs_licence, rules.LICENCE_POINTS[licence_code], 0.0)

        k_hours = _hours_codes(p, hours)
        f_hours = _HOURS_POINTS[k_hours]

        start = self.start[rows]
        available = rules.available_day(p, date.fromordinal(today))
        k_start = _start_codes(np.maximum(start, today).astype(np.int64) - available)
        k_start = np.where(start != rules.NO_START_DAY, k_start, rules.START_UNKNOWN)
        f_start = _START_POINTS[k_start]

        permission = rules.PERMISSION_CODE.get(p.work_permission, 0)
        base = rules.PERMISSION_POINTS[permission]
        over = hours > p.hours_allowed if p.hours_allowed else np.zeros(m, dtype=np.bool_)
        f_perm = np.where(over, base + rules.PERMISSION_HOURS_PENALTY, base)
        k_perm = np.where(over, permission + rules.PERMISSION_HOURS_EXCEEDED, permission)

        shift = (flags & SHIFT_FLAG) != 0
        if p.childcare_constraint:
            f_shift = np.where(shift, rules.SHIFT_CHILDCARE_PENALTY, 0.0)
            k_shift = np.where(shift, rules.SHIFT_CHILDCARE, rules.SHIFT_NONE)
        else:
            f_shift = np.zeros(m)
            k_shift = np.where(shift, rules.SHIFT_PLAIN, rules.SHIFT_NONE)

        factors = [
            c.occupation_points[code_idx],
            c.level_points[level_key],
            c.kind_points[kind],
            c.german_points[german],
            f_dist,
            f_licence,
            f_hours,
            f_start,
            f_perm,
            f_shift,
        ]
        codes = [
            c.occupation_codes[code_idx],
            c.level_codes[level_key],
            kind,
            c.german_codes[german],
            k_dist,
            np.where(needs_licence, licence_code, rules.LICENCE_NOT_REQUIRED),
            k_hours,
            k_start,
            k_perm,
            k_shift,
        ]
        return factors, codes, distance

    def _matches(
        self,
        p: rules.MenteeProfile,
        c: _Compiled,
        rows: np.ndarray,
        reasons: np.ndarray | int,
        today: int,
    ) -> list[rules.Match]:
        """Full Match objects for a handful of rows (already in their final order)."""
        if not len(rows):
            return []
        factors, codes, distance = self._details(p, c, rows, today)
        factor_rows = np.column_stack(factors).astype(np.float64).tolist()
        code_rows = np.column_stack(codes).astype(np.int64).tolist()
        reasons = np.broadcast_to(reasons, len(rows)).tolist()
        result = []
        for i, (row, d) in enumerate(zip(self.ids[rows].tolist(), distance.tolist(), strict=True)):
            result.append(
                rules.Match(
                    vacancy_id=row,
                    score=rules.total(factor_rows[i]),
                    factors=tuple(factor_rows[i]),
                    codes=tuple(code_rows[i]),
                    distance_km=None if math.isnan(d) else d,
                    reason=reasons[i],
                )
            )
        return result

    def _top(self, score: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
        """Positions of the best ``k`` by (score desc, id asc), in that order."""
        if k <= 0 or not len(score):
            return np.zeros(0, dtype=np.intp)
        if len(score) > k:
            threshold = -np.partition(-score, k - 1)[k - 1]
            above = np.flatnonzero(score > threshold)
            tied = np.flatnonzero(score == threshold)
            tied = tied[np.argsort(ids[tied], kind="stable")[: k - len(above)]]
            chosen = np.concatenate([above, tied])
        else:
            chosen = np.arange(len(score))
        return chosen[np.lexsort((ids[chosen], -score[chosen]))]

    def rank(
        self,
        profile: rules.MenteeProfile,
        *,
        today: date,
        k: int = 20,
        kinds: frozenset[int] | None = None,
        radius_km: float | None = None,
        excluded_limit: int = 0,
        groups: frozenset[int] | None = None,
    ) -> rules.RankResult:
        """The best ``k`` open vacancies for ``profile``, the count of those left out per reason
        and, if ``excluded_limit`` > 0, the best-scoring left-out ones with their reason.
        ``groups`` limits the vacancies looked at to those projects (not counted as left out:
        they are outside the user's view, not unsuitable)."""
        t = today.toordinal()
        with self._lock:
            n = self._n
            alive = self.alive[:n]
            if groups is not None:
                alive = alive & np.isin(self.group[:n], np.fromiter(groups, dtype=np.int32))
                considered = int(np.count_nonzero(alive))
            else:
                considered = len(self)
            c = self._compile(profile)
            counts: dict[str, int] = {}
            notes = rules.profile_notes(profile)

            if profile.work_permission == rules.PERMISSION_BANNED:
                if considered:
                    counts[rules.EXCLUSION_REASONS[rules.EXCLUDED_WORK_BAN]] = considered
                excluded = []
                if excluded_limit:
                    rows = np.flatnonzero(alive)
                    score, _ = self._scores(profile, c, rows, t)
                    top = rows[self._top(score, self.ids[rows], excluded_limit)]
                    excluded = self._matches(profile, c, top, rules.EXCLUDED_WORK_BAN, t)
                return rules.RankResult([], counts, considered, excluded, notes)

            cutoff = rules.EXCLUDE_FACTOR * max(profile.commute_limit_km, 1)
            outside = 0
            if profile.has_place and not excluded_limit:
                rows = np.flatnonzero(alive & self._box(profile, cutoff))
                outside = considered - len(rows)
            elif self._tombstones or groups is not None:
                rows = np.flatnonzero(alive)
            else:
                rows = slice(0, n)  # every row: views instead of gathers

            score, distance = self._scores(profile, c, rows, t)
            reason = np.zeros(len(score), dtype=np.int8)
            kind = self.kind[rows]
            # Assigned from the lowest precedence up, so the first reason that applies wins.
            if kinds is not None:
                allowed = np.array([kk in kinds for kk in rules.KINDS])
                reason[~allowed[kind]] = rules.EXCLUDED_KIND_FILTER
            reason[c.kind_excluded[kind]] = rules.EXCLUDED_KIND_GOAL
            reason[self.closing[rows] < t] = rules.EXCLUDED_CLOSED
            if radius_km is not None:
                reason[distance > radius_km] = rules.EXCLUDED_RADIUS
            reason[distance > cutoff] = rules.EXCLUDED_TOO_FAR

            tally = np.bincount(reason, minlength=len(rules.EXCLUSION_REASONS) + 1)
            tally[rules.EXCLUDED_TOO_FAR] += outside
            for code, name in rules.EXCLUSION_REASONS.items():
                if tally[code]:
                    counts[name] = int(tally[code])

            ok = reason == rules.INCLUDED
            ok_rows = np.flatnonzero(ok) if isinstance(rows, slice) else rows[ok]
            top = ok_rows[self._top(score[ok], self.ids[ok_rows], k)]
            matches = self._matches(profile, c, top, rules.INCLUDED, t)
            excluded = []
            if excluded_limit:
                bad = ~ok
                bad_rows = np.flatnonzero(bad) if isinstance(rows, slice) else rows[bad]
                chosen = self._top(score[bad], self.ids[bad_rows], excluded_limit)
                excluded = self._matches(profile, c, bad_rows[chosen], reason[bad][chosen], t)
            return rules.RankResult(matches, counts, considered, excluded, notes)
