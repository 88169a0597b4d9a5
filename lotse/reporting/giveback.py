"""Step 5 of the suppression: show again the dear cells that protect nothing by themselves.

After the boxes and the attacker's programs (``suppression.py``), every small count has, for
each direction it must move, a *certificate*: a table that agrees with everything published
and moves it by one person — the cells of a box of hidden cells, or a solution of an attacker's
program — recorded in ``_Model.witness`` with the cells it moves at all and those it moves by a
whole person. Cells cost what ``suppress(costs=…)`` says (the programme's totals are dearer
than a project's cell: ``published.py``). A withheld dear cell is shown again when every
certificate that moves it can be replaced by one that leaves it at its true value:

1. a box of hidden cells only (``Boxes.hidden_box``), else
2. the attacker's program over the hidden cells up to two lines around the small count, with
   the dear cell now shown (cells further away keep their true values, which only narrows the
   attacker's intervals: the check stays on the safe side).

Every hidden published cell also keeps a certificate that moves it by a whole person (its own
``(cell, 0)`` goal where no small count's certificate does), so showing a cell never leaves a
"×" that one could compute exactly. A cell is tried only once; if any certificate cannot be
replaced, it stays withheld and nothing changes. At the end, withheld cells that no
certificate moves at all protect nothing and are shown too, except small counts (a "×" that
stands for a count of 1 to 4 stays withheld) and the cells around small counts accepted with a
narrower interval (``limited``), whose programs did not record certificates.
"""

from collections import defaultdict

from lotse.lib.stopping import Stopped
from lotse.reporting.suppression import (
    _PART_LIMIT,
    _PRIMARY,
    _SECONDARY,
    _SHOWN,
    _UNPUBLISHED,
    _Program,
    is_small,
)

_RADIUS = 2  # lines around a small count in the programs that replace its certificate


def give_back(model, outcome) -> None:
    uses: dict[int, set] = defaultdict(set)  # cell -> goals whose certificate moves it
    movers: dict[int, set] = defaultdict(set)  # cell -> goals that move it by a person

    def add(goal, found) -> None:
        model.witness[goal] = found
        for c in found[0]:
            uses[c].add(goal)
        for c in found[1]:
            movers[c].add(goal)

    def drop(goal) -> None:
        support, whole = model.witness.pop(goal)
        for c in support:
            uses[c].discard(goal)
        for c in whole:
            movers[c].discard(goal)

    for goal, found in list(model.witness.items()):
        add(goal, found)
    # Every withheld published cell gets a certificate that moves it by a person.
    frozen: set[int] = set()
    near: dict[int, set] = defaultdict(set)  # cell -> limited small counts whose program holds it
    for cell, (_low, _high, part) in model.limited_near.items():
        for c in part:
            near[c].add(cell)
    for c, s in enumerate(model.state):
        if s == _SECONDARY and not movers[c]:
            found = _move(model, c, outcome)
            if found is None:  # bound by its neighbours here: leave its program's cells alone
                frozen.update(_part(model, c))
            else:
                add((c, 0), found)

    candidates = sorted(
        (
            c
            for c, s in enumerate(model.state)
            if s == _SECONDARY
            and model.cost[c] > 1
            and not is_small(model.value[c])
            and c not in frozen
        ),
        key=lambda c: (-model.cost[c], -model.value[c], c),
    )
    boxes = model.boxes  # its states as they are now (the programs hid more after the boxes)
    boxes.hidden[:] = [model.is_hidden(c) for c in range(len(model.cells))]
    boxes.primary[:] = [model.is_primary(c) for c in range(len(model.cells))]
    for t in candidates:
        if model.should_stop():
            raise Stopped({"programs": outcome.programs, "rounds": outcome.rounds})
        own = (t, 0)
        deps = sorted(uses[t] - {own})
        model.state[t] = _SHOWN
        boxes.hidden[t] = False
        new = _replace(model, deps, outcome)
        if new is not None and not _intervals_kept(model, near[t], outcome):
            new = None
        if new is not None:
            # Hidden cells that only the replaced certificates moved by a person need one.
            lost = {c for g in deps for c in model.witness[g][1]}
            for c in sorted(lost):
                if c == t or model.state[c] in (_SHOWN, _UNPUBLISHED, _PRIMARY):
                    continue
                still = (movers[c] - set(deps)) | {g for g, f in new.items() if c in f[1]}
                if still:
                    continue
                found = _move(model, c, outcome)
                if found is None:
                    new = None
                    break
                new[(c, 0)] = found

        if new is None:
            model.state[t] = _SECONDARY
            boxes.hidden[t] = True
            continue
        for goal in [*deps, *(g for g in new if g in model.witness and g not in deps)]:
            drop(goal)
        if own in model.witness:
            drop(own)
        for goal, found in new.items():
            add(goal, found)
        for cell in near[t]:  # its program now has the cell fixed: record the cells it holds
            low, high, _cells = model.limited_near[cell]
            part = frozenset(model._bounds_part(cell))
            model.limited_near[cell] = (low, high, part)
            for c in part:
                near[c].add(cell)
        outcome.given_back += 1

    # Withheld cells that no certificate moves protect nothing.
    for c, s in enumerate(model.state):
        if (
            s == _SECONDARY
            and not is_small(model.value[c])
            and c not in frozen
            and not near[c]
            and uses[c] <= {(c, 0)}
        ):
            if (c, 0) in model.witness:
                drop((c, 0))
            model.state[c] = _SHOWN
            boxes.hidden[c] = False
            outcome.shown_again += 1


def _intervals_kept(model, cells, outcome) -> bool:
    """Whether the small counts accepted with a narrower interval keep that interval."""
    for cell in sorted(cells):
        low, high, _cells = model.limited_near[cell]
        new_low, new_high = model._bounds(cell, outcome)
        if new_low > low + 1e-7 or new_high < high - 1e-7:
            return False
    return True


def _replace(model, goals, outcome) -> dict | None:
    """New certificates for ``goals`` with the current states, or None when one has none."""
    new = {}
    for goal in goals:
        c, d = goal
        if d == 0:
            found = _move(model, c, outcome) if model.state[c] == _SECONDARY else ((), ())
        elif model.state[c] != _PRIMARY or not model.need(c, d):
            found = ((), ())  # relabelled "×" meanwhile, or a bound of its label
        else:
            found = _certificate(model, c, d, outcome)
        if found is None:
            return None
        new[goal] = found
    return new


def _certificate(model, c: int, d: int, outcome):
    """A box of hidden cells that moves the small count ``c`` one person in direction ``d``,
    else the attacker's program around it."""
    cells = model.boxes.hidden_box(c, d)
    if cells is not None:
        return cells, cells
    low, high = model._targets(c)
    target = high if d == 1 else low
    return _push(model, c, d, target, outcome)


def _move(model, c: int, outcome):
    """A certificate that moves the withheld cell ``c`` by a whole person either way."""
    v = model.value[c]
    for d in (1, -1):
        if d == -1 and v == 0:
            continue
        found = _push(model, c, d, v + d, outcome)
        if found is not None:
            return found
    return None


def _part(model, c: int) -> list[int]:
    """The hidden cells of a program for ``c``: its connected part, or those up to two lines
    around it in a large part."""
    return model._component(c, _PART_LIMIT) or model._around([c], _RADIUS)


def _push(model, c: int, d: int, target: int, outcome):
    import numpy as np

    part = _part(model, c)
    program = _Program(model, part)
    objective = np.zeros(program.n)
    objective[program.local[c]] = -d
    x = program.solve(objective, outcome, bounded=False)
    if x is not None and x[program.local[c]] * d < target * d - 1e-7:
        return None
    if x is None:  # unbounded upwards: a point that reaches the target
        objective[:] = 0
        program.bounds[program.local[c]] = (target, None)
        x = program.solve(objective, outcome)
    return program.witness(x, part)
