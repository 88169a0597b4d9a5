"""Benchmark: the suppression of the coordinator's published set, on an existing database.

    DATABASE_URL=postgres://…/lotse_demo DEBUG=1 .venv/bin/python benchmarks/suppression.py

Computes the cells of every grid period × group × count once (as ``published.refresh`` does),
then suppresses them twice in the same run: the line closure alone (the baseline, what the
published set does with the audit off) and the full audit (with the project × district cells
that no report shows; hypercube certificates, linear programs for the rest). Prints wall-clock
and CPU seconds (the machine is shared: CPU time is the figure that load does not inflate as
much), the cells hidden and how, and the load average.
Nothing here asserts a time; the figures go into docs/reporting.md by hand.
"""

import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.db import connection

    from lotse.reporting import published
    from lotse.reporting.models import FundingPeriod
    from lotse.reporting.suppression import Outcome, suppress

    periods = list(FundingPeriod.objects.order_by("start"))
    project_ids, districts, esf_ids = published._universe()
    groups = published._groups(project_ids, districts)
    unique, _alias = published.distinct_periods(published.grid(periods))
    t = time.perf_counter()
    raw = published._raw(unique, groups, esf_ids)
    cells_time = time.perf_counter() - t
    t = time.perf_counter()
    with_cross = published._raw(unique, groups, esf_ids, cross=True)
    cross_time = time.perf_counter() - t
    assert with_cross.values == raw.values
    lines = published.lines(unique, groups, raw.values)
    print(
        f"Database {connection.vendor}; {len(unique)} grid periods, {len(groups)} groups, "
        f"{len(raw.values):,} cells, {len(lines):,} lines; cells computed in {cells_time:.1f} s"
    )
    t = time.perf_counter()
    cross, cross_lines = published._cross(unique, groups, with_cross)
    print(
        f"project × district cells for the audit: {len(cross):,} in "
        f"{len({g for _p, _k, g in cross})} groups, {len(cross_lines):,} lines; the cells "
        f"with the cross grouping {cross_time:.1f} s (without {cells_time:.1f} s), the cross "
        f"cells and lines built in {time.perf_counter() - t:.1f} s"
    )
    results = {}
    for name, audit in (("closure (baseline)", False), ("audit", True)):
        # As publish() does: the audit also sees the cross cells (never published).
        hidden = cross if audit else {}
        outcome = Outcome()
        wall, cpu = time.perf_counter(), time.process_time()
        state = suppress(
            {**raw.values, **hidden},
            lines + (cross_lines if audit else []),
            unpublished=hidden,
            audit=audit,
            outcome=outcome,
        )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        results[name] = wall
        counts = Counter(v for cell, v in state.items() if cell not in hidden)
        totals = Counter(v for cell, v in state.items() if cell[2] == "total|total")
        print(
            f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU; primary {counts['primary']:,}, "
            f"secondary {counts['secondary']:,} (relabelled {outcome.relabelled}, limited "
            f"{len(outcome.limited)}); boxes {outcome.boxes:,}, linear programs "
            f"{outcome.programs}, rounds {outcome.rounds}; programme totals withheld "
            f"{totals['secondary']:,} of {sum(totals.values()):,}"
        )
        if audit:
            steps = Counter(outcome.why.values())
            total_steps = Counter(w for cell, w in outcome.why.items() if cell[2] == "total|total")
            print("  withheld by step (all cells / programme totals):")
            for step, n in steps.most_common():
                print(f"    {step}: {n:,} / {total_steps[step]:,}")
    ratio = results["audit"] / results["closure (baseline)"]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"audit / closure: {ratio:.1f}×; peak memory {peak:,.0f} MB; load average {load}")


if __name__ == "__main__":
    main()
