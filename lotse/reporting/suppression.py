"""Small-count suppression for aggregate reports (GDPR point 3 of domain.md).

Counts from 1 to ``THRESHOLD - 1`` are *primary* suppressed and shown as "< 5"; 0 may be shown.
Every other hidden count is *secondary* ("×"): withheld only so that no combination of
published numbers reveals a small one. The method (``docs/reporting.md``):

1. **Lines.** A *line* is a sequence of cell ids whose last element is a total of the others (a
   row of a table with its total, the quarters of a year with the year, the projects with the
   programme). ``published.py`` passes every sum relation between every cell a coordinator can
   obtain, and the cells of the project × district cross table that are never published.
2. **Certificates by hypercubes** (``hypercubes.py``). For every small count and direction,
   a box of cells (one zero-sum vector per coordinate of the grid) whose change by ±1 keeps
   every line true and every label true: a box of hidden cells if there is one, else the box
   hiding the fewest further cells. Withheld cells outside every chosen box are shown again.
3. **The attacker's linear programs** (scipy's HiGHS) for what no box certifies: over the
   hidden cells around it, with every shown number fixed, every "< 5" between 1 and 4, every
   other count at least 0, and every line as the relation that holds in the data (an
   equation where the parts add up exactly; "total at most the sum of its parts, each part at
   most the total" where a person counts once in the total but in several parts). A primary
   cell with value ``v`` is *protected* when the attacker's interval includes
   ``v - PROTECTION`` and ``v + PROTECTION`` within the label's range 1 … 4. Where it does
   not, a further cell on one of its lines is hidden (rotating through the lines round by
   round), and the audit repeats. Certificates stay valid: hiding more only widens the
   attacker's intervals.

``audit=False`` runs the *line closure* alone (while a line has exactly one hidden cell, the
smallest positive cell still shown on it is hidden as well): the baseline, not safe against
the linear-programming attack.

The threshold lives here, once; every text that names it is built from it.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lotse.lib.stopping import Stopped

THRESHOLD = 5
SHOWN = "shown"
PRIMARY = "primary"
SECONDARY = "secondary"
UNPUBLISHED = "unpublished"  # a cell of the attacker's model that no report shows

#: Interval protection: the attacker must not be able to exclude the true value of a small count
#: plus or minus this many people (within the range 1 … THRESHOLD - 1 its label "< 5" states).
PROTECTION = 1
_SHOWN, _PRIMARY, _SECONDARY, _UNPUBLISHED = 0, 1, 2, 3
_EXACT, _AT_MOST, _NONE = 0, 1, 2
_MAX_ROUNDS = 200
_TRIES = 4  # rounds of augmentation for one cell before its labels decide
_PART_LIMIT = 600  # hidden cells audited in one program
_CLUSTER = 40  # open cells of a large part audited together
_ATTEMPTS = 4  # programs per part and direction in one round

PRIMARY_TEXT = f"< {THRESHOLD}"
SECONDARY_TEXT = "×"
HIDDEN_RATIO_TEXT = "–"

SUPPRESSION_NOTE = format_lazy(
    _(
        "Small counts are suppressed: '{primary}' stands for 1 to {below} people; '{secondary}' "
        "marks a count withheld (it may itself be small) so that totals, other selections or "
        "other periods cannot reveal a small count; '{ratio}' marks a share or median left out "
        "because it would rest on, or "
        "reveal, fewer than {threshold} people."
    ),
    primary=PRIMARY_TEXT,
    below=THRESHOLD - 1,
    secondary=SECONDARY_TEXT,
    ratio=HIDDEN_RATIO_TEXT,
    threshold=THRESHOLD,
)
EXACT_NOTE = format_lazy(
    _(
        "Exact figures for your own projects, without suppression. Before passing them on "
        "outside the project, use the coordinator's suppressed report or check for counts "
        "below {threshold}."
    ),
    threshold=THRESHOLD,
)


def is_small(value: int | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


@dataclass
class Outcome:
    """What the audit found: rounds of augmentation, cells hidden by the closure and by the
    audit, linear programs solved, and primary cells the labels alone limit (every cell on
    their lines hidden, interval still below the protection level; never an exact value)."""

    rounds: int = 0
    boxes: int = 0
    closure: int = 0
    audit: int = 0
    programs: int = 0
    relabelled: int = 0
    limited: list = field(default_factory=list)
    #: For every cell withheld in the end ("×"), the step that withheld it: ``closure`` (a line
    #: with one hidden cell, before the boxes), ``box`` (a corner of a chosen box), ``box
    #: relabelled`` (a small count a box moves out of 1 … 4), ``closure after`` (the closure
    #: around what no box certifies), ``program`` (hidden for a linear program's cell) and
    #: ``labels`` (a small count its labels would pin, shown as "×").
    why: dict = field(default_factory=dict)


def suppress(
    values: Mapping[Hashable, int | None],
    lines: Iterable[Sequence[Hashable]],
    unpublished: Iterable[Hashable] = (),
    audit: bool = True,
    outcome: Outcome | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict[Hashable, str]:
    """The state (``SHOWN``, ``PRIMARY``, ``SECONDARY``, ``UNPUBLISHED``) of every cell in
    ``values``: primary suppression, the line closure and (``audit``) the LP audit with
    augmentation described in the module's docstring. ``unpublished`` cells are never shown
    (the cross cells of the attacker's model); they take part in the lines and the audit.

    The audit asks ``should_stop`` between its linear programs and raises
    ``lotse.lib.stopping.Stopped`` when it says so (a worker told to stop: nothing is
    published, and the job starts the audit again)."""
    outcome = outcome if outcome is not None else Outcome()
    model = _Model(values, lines, unpublished)
    model.should_stop = should_stop or (lambda: False)
    model.close(model.hidden_ids())
    outcome.closure = model.secondary_count()
    if audit:
        model.protect(outcome)
    outcome.why = {
        model.cells[c]: model.why.get(c, "closure")
        for c, s in enumerate(model.state)
        if s == _SECONDARY
    }
    return model.states()


class _Model:
    """The cells as integers, the lines as index arrays, the state as a small array."""

    def __init__(self, values, lines, unpublished) -> None:
        self.cells = list(values)
        self.index = {cell: i for i, cell in enumerate(self.cells)}
        self.value = [int(values[c] or 0) for c in self.cells]
        self.state = [_PRIMARY if is_small(v) else _SHOWN for v in self.value]
        self.why: dict[int, str] = {}  # the step that withheld a cell (Outcome.why)
        self.closing = "closure"
        for cell in unpublished:
            self.state[self.index[cell]] = _UNPUBLISHED
        self.lines: list[tuple[int, ...]] = []
        index = self.index
        for line in lines:
            try:
                ids = tuple(index[c] for c in line)
            except KeyError:  # a line through a cell that is not published
                continue
            if len(ids) >= 2:
                self.lines.append(ids)
        self.through: list[list[int]] = [[] for _ in self.cells]
        for i, line in enumerate(self.lines):
            for c in line:
                self.through[c].append(i)
        # The relation each line stands for, decided on the true values.
        self.kind = []
        value = self.value
        for line in self.lines:
            parts = sum([value[c] for c in line]) - 2 * value[line[-1]]
            self.kind.append(_EXACT if parts == 0 else _AT_MOST if parts > 0 else _NONE)

    def hidden_ids(self) -> list[int]:
        return [i for i, s in enumerate(self.state) if s != _SHOWN]

    def secondary_count(self) -> int:
        return sum(1 for s in self.state if s == _SECONDARY)

    def states(self) -> dict[Hashable, str]:
        names = {_SHOWN: SHOWN, _PRIMARY: PRIMARY, _SECONDARY: SECONDARY}
        names[_UNPUBLISHED] = UNPUBLISHED
        return {cell: names[s] for cell, s in zip(self.cells, self.state, strict=True)}

    # --- Step 2: no line with exactly one hidden cell ---------------------------------------

    def close(self, new: Iterable[int]) -> None:
        pending = {i for c in new for i in self.through[c]}
        while pending:
            line = self.lines[pending.pop()]
            hidden = [c for c in line if self.state[c] != _SHOWN]
            if len(hidden) != 1:
                continue
            candidate = self._second_cell(line)
            if candidate is not None:
                self.state[candidate] = _SECONDARY
                self.why[candidate] = self.closing
                pending.update(self.through[candidate])

    def _second_cell(self, line: tuple[int, ...]) -> int | None:
        *members, total = line
        # A withheld 0 protects nothing below it, and the sums can pin it at 0 again.
        pool = [c for c in members if self.state[c] == _SHOWN and self.value[c] > 0]
        if pool:
            return min(pool, key=lambda c: (self.value[c], repr(self.cells[c])))
        if self.state[total] == _SHOWN:
            return total
        return None

    # --- Step 3: certificates (boxes first, the attacker's programs for the rest) ------------

    def is_hidden(self, c: int) -> bool:
        return self.state[c] != _SHOWN

    def is_primary(self, c: int) -> bool:
        return self.state[c] == _PRIMARY

    def within(self, c: int, change: int) -> bool:
        """Whether ``c`` changed by ``change`` stays within what its label states."""
        value = self.value[c] + change
        return 1 <= value <= THRESHOLD - 1 if self.state[c] == _PRIMARY else value >= 0

    def need(self, c: int, direction: int) -> int:
        """How far a primary cell must be movable in ``direction`` (0: its label's bound)."""
        low, high = self._targets(c)
        return abs((high if direction == 1 else low) - self.value[c])

    def protect(self, outcome: Outcome) -> None:
        from lotse.reporting.hypercubes import Boxes

        if self.should_stop():
            raise Stopped({"programs": 0, "rounds": 0})
        boxes = Boxes(self, _EXACT, _AT_MOST, THRESHOLD - 1)
        goals = [
            (c, d)
            for c in sorted(self._primaries(), key=lambda c: (-self.value[c], c))
            for d in (1, -1)
            if self.need(c, d)
        ]

        relabelled: set[int] = set()

        def hide(c: int) -> None:
            self.state[c] = _SECONDARY

        def relabel(c: int) -> None:
            self.state[c] = _SECONDARY
            self.why[c] = "box relabelled"
            relabelled.add(c)

        used, certified, left = boxes.run(goals, hide, relabel)
        outcome.boxes = len(used)
        outcome.relabelled = len(relabelled)
        # Only the cells of the boxes stay hidden besides the small counts: every other
        # withheld cell protects nothing (the boxes keep their certificates without it).
        keep = {c for box in used for c in box} | relabelled
        for c, s in enumerate(self.state):
            if s == _SECONDARY and c not in keep:
                self.state[c] = _SHOWN
            elif s == _SECONDARY and c not in relabelled:
                self.why[c] = "box"
        outcome.audit = self.secondary_count()
        certified |= {(c, d) for c in self._primaries() for d in (1, -1) if not self.need(c, d)}
        if left:
            self.closing = "closure after"
            self.close({c for c, _d in left})
            self._programs(certified, outcome)
            outcome.audit = self.secondary_count()

    def _primaries(self) -> list[int]:
        return [c for c, s in enumerate(self.state) if s == _PRIMARY]

    def _programs(self, certified: set, outcome: Outcome) -> None:
        """The attacker's linear programs for what no box certifies, with augmentation."""
        try:
            import scipy.optimize  # noqa: F401
        except ImportError as error:  # fail closed: never publish an unaudited set
            raise RuntimeError(
                "The suppression audit needs scipy (a main dependency of the published set)."
            ) from error
        tries: dict[int, int] = defaultdict(int)  # rounds in which a cell was helped
        tried: dict[int, int] = {}
        for round_ in range(_MAX_ROUNDS):
            unsafe = self._audit(certified, outcome)
            if not unsafe:
                return
            outcome.rounds = round_ + 1
            added, stuck = [], []
            touched: set[int] = set()  # lines that received a cell in this round
            for cell, direction in unsafe:
                if touched.intersection(self.through[cell]):
                    continue  # helped already in this round; audited again in the next
                if tried.get(cell) != round_:
                    tried[cell] = round_
                    tries[cell] += 1
                # Hiding cells ever further away stops helping once the program's
                # neighbourhood is all hidden: after enough rounds the labels decide.
                extra = self._partner(cell, round_) if tries[cell] <= _TRIES else None
                if extra is None:
                    stuck.append((cell, direction))
                elif self.state[extra] == _SHOWN:
                    self.state[extra] = _SECONDARY
                    self.why[extra] = "program"
                    added.append(extra)
                    touched.update(self.through[extra])
            self.close(added)
            self._settle(stuck, certified, outcome)
        raise RuntimeError("Suppression did not settle; raise _MAX_ROUNDS or check the lines.")

    def _settle(self, stuck, certified, outcome) -> None:
        """Primary cells with nothing left to hide around them: the labels of the cells next to
        them bound them. A cell the labels would pin to one value is labelled "×" instead of
        "< 5" (a withheld count, which may be small); otherwise the narrower interval is
        accepted and reported (``Outcome.limited``)."""
        # Larger first: relabelling a total frees its parts.
        for cell in sorted({c for c, _d in stuck}, key=lambda c: (-self.value[c], c)):
            if self.state[cell] != _PRIMARY:
                continue
            low, high = self._bounds(cell, outcome)
            if math.ceil(low - 1e-6) >= math.floor(high + 1e-6):
                self.state[cell] = _SECONDARY
                self.why[cell] = "labels"
                outcome.relabelled += 1
            else:
                outcome.limited.append(self.cells[cell])
                certified.update({(cell, 1), (cell, -1)})

    def _targets(self, cell: int) -> tuple[int, int]:
        v = self.value[cell]
        return max(1, v - PROTECTION), min(THRESHOLD - 1, v + PROTECTION)

    def _partner(self, cell: int, round_: int) -> int | None:
        """A shown cell to hide for ``cell``: on its own lines first (taking them in turn, round
        by round), else on the lines of the hidden cells it is bound to."""
        own = self.through[cell]
        order = own[round_ % len(own) :] + own[: round_ % len(own)] if own else []
        for i in order:
            extra = self._shown_on(self.lines[i])
            if extra is not None:
                return extra
        seen = {cell}
        frontier = [cell]
        while frontier:  # breadth first through lines holding hidden cells
            nxt = []
            for c in frontier:
                for i in self.through[c]:
                    extra = self._shown_on(self.lines[i])
                    if extra is not None:
                        return extra
                    for d in self.lines[i]:
                        if d not in seen and self.state[d] != _SHOWN:
                            seen.add(d)
                            nxt.append(d)
            frontier = nxt
        return None

    def _shown_on(self, line: tuple[int, ...]) -> int | None:
        *members, total = line
        shown = [c for c in members if self.state[c] == _SHOWN and self.value[c] > 0]
        big = [c for c in shown if self.value[c] >= THRESHOLD]
        pool = big or shown
        if pool:
            return min(pool, key=lambda c: (self.value[c], repr(self.cells[c])))
        return total if self.state[total] == _SHOWN else None

    def _components(self, cells: set[int]) -> list[list[int]]:
        """The connected parts of the hidden cells around ``cells`` (hidden cells sharing a
        line)."""
        seen: set[int] = set()
        result = []
        for start in cells:
            if start not in seen:
                part = self._component(start)
                seen.update(part)
                result.append(part)
        return result

    def _audit(self, certified: set, outcome: Outcome) -> list[tuple[int, int]]:
        todo = {
            (c, d)
            for c, s in enumerate(self.state)
            if s == _PRIMARY
            for d in (1, -1)
            if (c, d) not in certified
        }
        unsafe = []
        for part in self._components({c for c, _d in todo}):
            if self.should_stop():
                raise Stopped({"programs": outcome.programs, "rounds": outcome.rounds})
            if len(part) <= _PART_LIMIT:
                unsafe += self._audit_part(part, todo, certified, outcome)
                continue
            # A large part: audit its open cells a few dozen at a time, each group with the
            # hidden cells up to two lines away; cells further away keep their true values,
            # which only narrows the attacker's intervals (the audit stays on the safe side).
            centres = [c for c in part if (c, 1) in todo or (c, -1) in todo]
            for start in range(0, len(centres), _CLUSTER):
                group = centres[start : start + _CLUSTER]
                goals = {(c, d) for c in group for d in (1, -1) if (c, d) in todo}
                unsafe += self._audit_part(self._around(group, 2), goals, certified, outcome)
        return unsafe

    def _component(self, cell: int, limit: int | None = None) -> list[int] | None:
        """The connected part of the hidden cells around ``cell`` (in the order it is walked),
        or None when it has more than ``limit`` cells (the walk stops there instead of going
        through a large part)."""
        part, seen, stack = [], {cell}, [cell]
        while stack:
            c = stack.pop()
            part.append(c)
            for i in self.through[c]:
                for d in self.lines[i]:
                    if d not in seen and self.state[d] != _SHOWN:
                        if limit is not None and len(seen) >= limit:
                            return None
                        seen.add(d)
                        stack.append(d)
        return part

    def _around(self, cells: list[int], radius: int) -> list[int]:
        """The hidden cells at most ``radius`` lines away from ``cells``."""
        seen = dict.fromkeys(cells)
        frontier = list(cells)
        for _step in range(radius):
            nxt = []
            for c in frontier:
                for i in self.through[c]:
                    for d in self.lines[i]:
                        if d not in seen and self.state[d] != _SHOWN:
                            seen[d] = None
                            nxt.append(d)
            frontier = nxt
        return list(seen)

    def _audit_part(self, part, todo, certified, outcome) -> list[tuple[int, int]]:
        import numpy as np

        program = _Program(self, part)
        goals = {}  # (local index, direction) -> the value the attacker must not exclude
        for c in part:
            for d in (1, -1):
                if (c, d) in todo:
                    low, high = self._targets(c)
                    target = high if d == 1 else low
                    if target == self.value[c]:
                        certified.add((c, d))  # a 4 cannot go up, a 1 not down: the truth
                    else:
                        goals[(program.local[c], d)] = target
        if not goals:
            return []
        open_goals = set(goals)
        rng = np.random.default_rng(len(part))
        for d in (1, -1):
            pending = {g for g in open_goals if g[1] == d}
            # Push every open cell of this direction at once; repeat while that certifies any
            # (with random weights once it stalls). What stays open is treated as unsafe.
            for attempt in range(_ATTEMPTS):
                if not pending:
                    break
                objective = np.zeros(program.n)
                for k, _d in pending:
                    objective[k] = -d * (rng.uniform(0.5, 1.5) if attempt else 1.0)
                x = program.solve(objective, outcome)
                done = {(k, e) for k, e in pending if x[k] * e >= goals[(k, e)] * e - 1e-7}
                certified.update((part[k], e) for k, e in done)
                if len(done) * 20 < len(pending):
                    pending -= done
                    break  # little progress: the rest counts as unprotected this round
                pending -= done
            open_goals -= {g for g in open_goals if g[1] == d and g not in pending}
        return [(part[k], d) for k, d in open_goals]

    def _bounds(self, cell: int, outcome: Outcome) -> tuple[float, float]:
        """The least and greatest value the attacker can find for ``cell``."""
        import numpy as np

        part = self._component(cell, _PART_LIMIT) or self._around([cell], 3)
        program = _Program(self, part)
        objective = np.zeros(program.n)
        objective[program.local[cell]] = 1.0
        low = program.solve(objective, outcome, bounded=False)
        high = program.solve(-objective, outcome, bounded=False)
        k = program.local[cell]
        return (
            low[k] if low is not None else -math.inf,
            high[k] if high is not None else math.inf,
        )


class _Program:
    """The attacker's linear program over one connected part of the hidden cells."""

    def __init__(self, model: _Model, part: list[int]) -> None:
        from scipy.sparse import csr_array

        self.local = {c: k for k, c in enumerate(part)}
        self.n = len(part)
        eq: list[tuple[dict, float]] = []
        ub: list[tuple[dict, float]] = []
        seen: set[int] = set()
        for c in part:
            for i in model.through[c]:
                if i in seen or model.kind[i] == _NONE:
                    continue
                seen.add(i)
                line = model.lines[i]
                # parts - total over the hidden cells; the shown ones go to the right side
                coefs: dict[int, float] = defaultdict(float)
                known = 0.0
                for position, d in enumerate(line):
                    sign = -1.0 if position == len(line) - 1 else 1.0
                    if d in self.local:
                        coefs[self.local[d]] += sign
                    else:
                        known += sign * model.value[d]
                if model.kind[i] == _EXACT:
                    eq.append((coefs, -known))
                    continue
                # A person counted once in the total, in several parts: total <= sum of the
                # parts, and each part <= the total.
                ub.append(({k: -a for k, a in coefs.items()}, known))
                total = line[-1]
                for d in line[:-1]:
                    if d not in self.local and total not in self.local:
                        continue
                    pair: dict[int, float] = defaultdict(float)
                    rhs = 0.0
                    if d in self.local:
                        pair[self.local[d]] += 1.0
                    else:
                        rhs -= model.value[d]
                    if total in self.local:
                        pair[self.local[total]] -= 1.0
                    else:
                        rhs += model.value[total]
                    ub.append((pair, rhs))

        def matrix(rows):
            if not rows:
                return None, None
            r = [i for i, (coefs, _b) in enumerate(rows) for _k in coefs]
            c = [k for coefs, _b in rows for k in coefs]
            v = [a for coefs, _b in rows for a in coefs.values()]
            return csr_array((v, (r, c)), shape=(len(rows), self.n)), [b for _c, b in rows]

        self.a_eq, self.b_eq = matrix(eq)
        self.a_ub, self.b_ub = matrix(ub)
        self.bounds = [
            (1, THRESHOLD - 1) if model.state[c] == _PRIMARY else (0, None) for c in part
        ]

    def solve(self, objective, outcome: Outcome, bounded: bool = True):
        from scipy.optimize import linprog

        outcome.programs += 1
        result = linprog(
            objective,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=self.bounds,
            method="highs",
        )
        if result.status == 3 and not bounded:
            return None  # unbounded in that direction
        if result.status != 0:
            raise RuntimeError(f"The attacker's program failed: {result.message}")
        return result.x


def share_visible(numerator: int, denominator: int) -> bool:
    """A share may be published when it reveals no small count: at least ``THRESHOLD`` in the
    base, and neither the people counted nor the people not counted are small."""
    return (
        denominator >= THRESHOLD
        and not is_small(numerator)
        and not is_small(denominator - numerator)
    )
