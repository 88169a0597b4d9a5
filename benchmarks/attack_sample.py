"""Benchmark: an attack on a sample of the stored published set's hidden cells.

    DATABASE_URL=postgres://…/lotse_demo DEBUG=1 .venv/bin/python benchmarks/attack_sample.py \
        [--sample 40] [--seed 1] [--radius 4]

Needs a database whose published set is stored (``manage.py publish_report``) and whose data
have not changed since (the script checks every shown number against the data and stops if
one differs). ``tests/test_attack.py`` proves the published set on a scenario of three
projects; this script attacks a programme's set, with an attacker who knows more than the
audit's model:

- every published number and label of every grid period, selection and breakdown;
- the project × district cells (never published) of every count, with their lines to the
  project and the district (as the audit);
- **also** the relations the audit does not model: the quarters of a cross cell adding up to
  its half-year, year and funding period, and the breakdown rows of a cross cell adding up to
  its figure (each as the relation that holds in the data: an equation where the parts add
  up exactly, otherwise "the total is at most the sum of the parts, each part at most the
  total", as the audit does).

For each sampled hidden cell (primary "< 5" or secondary "×"), linear programming (HiGHS)
finds the least and greatest value consistent with all of that, over the hidden cells up to
``--radius`` lines away from it; the hidden cells further away are fixed at their true values,
which only narrows the attacker's interval (a cell found safe here is safe against the whole
set). It prints each cell's interval and whether it is **exposed** (one whole number left) and,
for a small count, whether the protection rule of ``docs/reporting.md`` holds (the interval
reaches one person up and down within 1 … 4). Nothing here asserts anything; the figures go
into docs/reporting.md by hand.
"""

import argparse
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=40, help="hidden cells attacked")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--radius", type=int, default=4, help="lines around each cell")
    parser.add_argument(
        "--audit-model",
        action="store_true",
        help="only the relations the audit models (to tell its gaps from the radius's)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    import numpy as np

    from lotse.reporting import published, suppression
    from lotse.reporting.definitions import breakdown_lines
    from lotse.reporting.models import FundingPeriod, PublishedPeriod

    started = time.perf_counter()
    periods = list(FundingPeriod.objects.order_by("start"))
    project_ids, districts, esf_ids = published._universe()
    groups = published._groups(project_ids, districts)
    unique, _alias = published.distinct_periods(published.grid(periods))
    raw = published._raw(unique, groups, esf_ids, cross=True)
    cross, cross_lines = published._cross(unique, groups, raw)
    everything = {**raw.values, **cross}
    # The audit's lines, the cross cells' lines, and what the audit does not model: the
    # periods of a cross cell (``lines`` adds them for every cell it is given) and the
    # breakdown rows of a cross cell.
    lines = published.lines(unique, groups, raw.values if args.audit_model else everything)
    lines += cross_lines
    cross_groups = set() if args.audit_model else {g for _p, _k, g in cross}
    for period in unique:
        for g in cross_groups:
            for rows, total in breakdown_lines():
                line = [(period.key, row, g) for row in rows] + [(period.key, total, g)]
                if all(cell in everything for cell in line):
                    lines.append(line)
    model = suppression._Model(everything, lines, cross)
    stamp = published.stored_stamp()
    if stamp is None:
        sys.exit("No published set is stored: run manage.py publish_report first.")
    stored = {
        row.period_key: row.cells
        for row in PublishedPeriod.objects.filter(
            fingerprint=stamp, period_key__in=[p.key for p in unique]
        )
    }
    stored = {p.key: stored[p.key] for p in unique if p.key in stored}
    published_cells = []
    for cell in raw.values:
        p, key, g = cell
        mark = stored[p]["c"][g][key]
        i = model.index[cell]
        if mark == published.PRIMARY_MARK:
            model.state[i] = suppression._PRIMARY
        elif mark == published.SECONDARY_MARK:
            model.state[i] = suppression._SECONDARY
        else:
            if mark != raw.values[cell]:
                sys.exit(f"The data changed since the set was published ({cell}).")
            model.state[i] = suppression._SHOWN
        published_cells.append(i)
    hidden = [i for i in published_cells if model.state[i] != suppression._SHOWN]
    extra = len(lines) - len(published.lines(unique, groups, raw.values)) - len(cross_lines)
    print(
        f"Database {django.db.connection.vendor}; {len(raw.values):,} published cells "
        f"({len(hidden):,} hidden), {len(cross):,} cross cells, {len(model.lines):,} lines "
        f"({extra:,} that the audit does not model); model built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    rng = random.Random(args.seed)
    sample = rng.sample(hidden, min(args.sample, len(hidden)))
    outcome = suppression.Outcome()
    exposed = unprotected = 0
    sizes, seconds = [], []
    for c in sample:
        t = time.perf_counter()
        part = model._around([c], args.radius)
        program = suppression._Program(model, part)
        objective = np.zeros(program.n)
        objective[program.local[c]] = 1.0
        low = program.solve(objective, outcome)[program.local[c]]
        high_x = program.solve(-objective, outcome, bounded=False)
        high = math.inf if high_x is None else high_x[program.local[c]]
        seconds.append(time.perf_counter() - t)
        sizes.append(len(part))
        whole = math.floor(high + 1e-6) - math.ceil(low - 1e-6) + 1
        v = model.value[c]
        label = "<" if model.state[c] == suppression._PRIMARY else "x"
        verdict = "EXPOSED" if whole <= 1 else "safe"
        if whole <= 1:
            exposed += 1
        if label == "<":
            lo, hi = model._targets(c)
            if low > lo + 1e-6 or high < hi - 1e-6:
                unprotected += 1
                verdict += ", narrower than ±1"
        print(
            f"  {model.cells[c]}: {label} true {v}, attacker [{low:.2f}, {high:.2f}] over "
            f"{len(part):,} hidden cells in {seconds[-1]:.1f} s: {verdict}"
        )
    print(
        f"{len(sample)} hidden cells attacked (radius {args.radius}): {exposed} exposed, "
        f"{unprotected} small counts narrower than one person up and down; "
        f"{outcome.programs} programs, median {sorted(sizes)[len(sizes) // 2]:,} cells, "
        f"{sum(seconds):.0f} s in all; load average "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )


if __name__ == "__main__":
    main()
