"""Benchmark of the matching engine (issue 4). Run: ``.venv/bin/python benchmarks/matching.py``.

Synthetic open vacancies with real KldB 2010 codes (5-digit Berufsgattungen from the reference
CSV, Zipf-distributed so a few occupations are common, as on the job board) at real postcode
coordinates (GeoNames DE.txt; all of Germany for 100,000 and 1,000,000 vacancies, Saxony for the
60,000 of the Saxony run), each jittered by about 1 km (normal, σ = 0.01°). Mentees live at
Saxon postcodes.

Measures, on one core (numpy's elementwise work is single-threaded; BLAS is not used), as CPU
time of this process (``time.process_time``), so that other work on a shared machine counts less;
the wall-clock time is printed beside it:
- median time to rank all vacancies for one mentee (top 20) over 25 runs, at 100k and 1M, for a
  typical mentee (commute limit 25 km) and the worst case (no place recorded: every vacancy is
  scored in full);
- all 6,600 mentees against 60,000 Saxon vacancies, total time;
- index memory per vacancy;
- the pure-Python reference scorer on a subset, extrapolated (labelled as such), as a ratio.

Options: ``--quick`` runs smaller sizes (a smoke test); ``--seed N``.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lotse.matching import reference  # noqa: E402
from lotse.matching import rules as r  # noqa: E402
from lotse.matching.engine import VacancyIndex  # noqa: E402

TODAY = date(2026, 11, 26)
REFERENCE_DIR = Path(os.environ.get("LOTSE_REFERENCE_DIR", ROOT.parent / "shared" / "reference"))


def kldb_codes() -> list[str]:
    path = REFERENCE_DIR / "kldb2010" / "KldB_2010_V2020_Gliederung.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle, delimiter=";")
        next(rows)
        return sorted(row[0].zfill(5) for row in rows if row and row[1] == "5")


def postcodes(saxony_only: bool) -> np.ndarray:
    path = REFERENCE_DIR / "geonames" / "DE.txt"
    points = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if saxony_only and not cols[8].startswith("14"):
                continue
            points.append((float(cols[9]), float(cols[10])))
    return np.array(points)


def synthetic_index(n: int, codes: list[str], places: np.ndarray, rng) -> VacancyIndex:
    weights = 1.0 / np.arange(1, len(codes) + 1) ** 1.1
    order = rng.permutation(len(codes))
    chosen = rng.choice(len(codes), size=n, p=weights / weights.sum())
    where = places[rng.integers(0, len(places), n)]
    jitter = rng.normal(0, 0.01, size=(n, 2))
    today = TODAY.toordinal()
    start = np.where(rng.random(n) < 0.2, r.NO_START_DAY, today + rng.integers(-30, 240, n))
    closing = np.where(rng.random(n) < 0.5, r.NO_CLOSING_DAY, today + rng.integers(-5, 120, n))
    return VacancyIndex.from_columns(
        ids=np.arange(1, n + 1),
        codes=[codes[i] for i in order[chosen]],
        kind=rng.choice([0, 0, 0, 0, 1, 2, 3], size=n),
        lat=where[:, 0] + jitter[:, 0],
        lon=where[:, 1] + jitter[:, 1],
        german=rng.choice([0, 0, 2, 3, 3, 4, 5], size=n),
        hours=rng.choice([0, 20, 30, 35, 38, 40], size=n),
        start=start,
        closing=closing,
        flags=(rng.random(n) < 0.2) * 1 + (rng.random(n) < 0.15) * 2,
    )


def records_of(index: VacancyIndex, limit: int) -> list[r.VacancyRecord]:
    """The first ``limit`` rows as records, for the reference scorer."""
    codes = index._codes
    out = []
    for row in range(limit):
        start, closing = int(index.start[row]), int(index.closing[row])
        out.append(
            r.VacancyRecord(
                id=int(index.ids[row]),
                occupation_code=str(int(codes[index.code_idx[row]])).zfill(5),
                kind=int(index.kind[row]),
                requirement_level=int(index.level[row]),
                latitude=float(index.lat[row]),
                longitude=float(index.lon[row]),
                german_required=int(index.german[row]),
                hours_per_week=int(index.hours[row]),
                start_date=date.fromordinal(start) if start != r.NO_START_DAY else None,
                closing_date=date.fromordinal(closing) if closing != r.NO_CLOSING_DAY else None,
                driving_licence_required=bool(index.flags[row] & 1),
                shift_work=bool(index.flags[row] & 2),
            )
        )
    return out


def mentees(n: int, codes: list[str], places: np.ndarray, seed: int, **overrides):
    rng = random.Random(seed)
    common = codes[:200]
    out = []
    for i in range(n):
        lat, lon = places[rng.randrange(len(places))]
        values = dict(
            id=i + 1,
            target_codes=tuple(rng.sample(common, rng.choice((1, 1, 2, 3)))),
            experience_codes=tuple(rng.sample(common, rng.choice((0, 1, 2)))),
            qualification_codes=tuple(rng.sample(common, rng.choice((0, 0, 1)))),
            qualification_level=rng.choice((1, 1, 2, 2, 3, 4)),
            goal=rng.choice(("job", "job", "apprenticeship", "qualification")),
            latitude=float(lat),
            longitude=float(lon),
            commute_limit_km=rng.choice((15, 25, 25, 30, 40)),
            driving_licence=rng.choice(("", "B", "foreign")),
            has_car=rng.random() < 0.3,
            german_rank=rng.randint(1, 6),
            german_course=rng.random() < 0.3,
            work_permission=rng.choice(("allowed", "allowed", "allowed", "permit", "restricted")),
            available_from=TODAY + timedelta(days=rng.randint(0, 120)),
            hours_per_week=rng.choice((None, 20, 30, 40)),
        )
        values.update(overrides)
        out.append(r.MenteeProfile(**values))
    return out


def median_ms(index: VacancyIndex, people: list, runs: int) -> tuple[float, float]:
    """Median (CPU time, wall time) in ms of ranking one mentee."""
    index.rank(people[0], today=TODAY)  # warm-up
    cpu, wall = [], []
    for i in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        index.rank(people[i % len(people)], today=TODAY, k=20)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


def reference_ms_per_vacancy(index: VacancyIndex, people: list, subset: int) -> float:
    records = records_of(index, subset)
    started = time.process_time()
    for person in people:
        reference.rank(person, records, today=TODAY, k=20)
    return (time.process_time() - started) * 1000 / (len(people) * subset)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc), {model}; Python {platform.python_version()}, "
        f"numpy {np.__version__}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')!r}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    sizes = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    saxony_vacancies, saxony_mentees = (6_000, 660) if args.quick else (60_000, 6_600)
    runs = 25

    rng = np.random.default_rng(args.seed)
    codes = kldb_codes()
    germany, saxony = postcodes(False), postcodes(True)
    print(f"machine: {machine()}")
    print(f"load average at the start: {load()}")
    print(f"KldB codes: {len(codes)}; postcodes: {len(germany)} (Saxony {len(saxony)})")
    typical = mentees(runs, codes, saxony, args.seed)
    no_place = mentees(runs, codes, saxony, args.seed, latitude=None, longitude=None)

    ref_subset, ref_people = 5_000, 4
    for n in sizes:
        started = time.perf_counter()
        index = synthetic_index(n, codes, germany, rng)
        built = time.perf_counter() - started
        fast, fast_wall = median_ms(index, typical, runs)
        worst, worst_wall = median_ms(index, no_place, runs)
        per_vacancy = reference_ms_per_vacancy(index, typical[:ref_people], ref_subset)
        ref_ms = per_vacancy * n
        print(
            f"\n{n:>9,} vacancies (Germany): built in {built:.1f} s; "
            f"{index.bytes_per_vacancy():.1f} bytes/vacancy (columns + code table), "
            f"allocated {index.nbytes / n:.1f} bytes/vacancy"
        )
        print(
            f"  rank one mentee, top 20, median of {runs}: {fast:.2f} ms CPU "
            f"({fast_wall:.2f} ms wall; commute limit 15–40 km)"
        )
        print(
            f"  worst case, no place recorded (all scored): {worst:.2f} ms CPU "
            f"({worst_wall:.2f} ms wall)"
        )
        print(
            f"  reference (pure Python), EXTRAPOLATED from {ref_people} mentees x "
            f"{ref_subset:,} vacancies: {ref_ms:,.0f} ms per mentee "
            f"= {ref_ms / fast:,.0f}x slower than the engine (worst case {ref_ms / worst:,.0f}x)"
        )

    index = synthetic_index(saxony_vacancies, codes, saxony, rng)
    people = mentees(saxony_mentees, codes, saxony, args.seed + 1)
    started, started_cpu = time.perf_counter(), time.process_time()
    strong = 0
    for person in people:
        result = index.rank(person, today=TODAY, k=20)
        strong += sum(m.is_strong for m in result.matches)
    total = time.process_time() - started_cpu
    total_wall = time.perf_counter() - started
    print(f"\nload average after the Saxony run: {load()}")
    per_vacancy = reference_ms_per_vacancy(index, people[:ref_people], ref_subset)
    ref_total = per_vacancy * saxony_vacancies * saxony_mentees / 1000
    print(
        f"Saxony: {saxony_mentees:,} mentees x {saxony_vacancies:,} vacancies: {total:.1f} s "
        f"CPU in total ({total_wall:.1f} s wall; {total / saxony_mentees * 1000:.2f} ms CPU per "
        f"mentee; {strong:,} strong matches)"
    )
    print(
        f"  reference (pure Python), EXTRAPOLATED from {ref_people} mentees x {ref_subset:,} "
        f"vacancies: {ref_total:,.0f} s = {ref_total / total:,.0f}x slower"
    )


if __name__ == "__main__":
    main()
