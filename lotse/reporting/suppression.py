"""Small-count suppression for aggregate reports (GDPR point 3 of domain.md).

Counts from 1 to 4 are *primary* suppressed and shown as "< 5"; 0 may be shown. Wherever a
published total would let a reader work a suppressed cell out again (total minus the cells
shown), a second cell of the same line is suppressed as well (*secondary* suppression, shown as
"×"): the smallest cell still shown, preferring cells above zero, and the total itself only when
nothing else is left. This repeats until no line has exactly one suppressed cell, because every
new suppression can expose another line.

A *line* is a sequence of cell ids whose last element is the line's total (a row of a table with
its total column, or a column with its total row). Cells may belong to several lines and several
tables — the same total (e.g. "mentees supported" in a project) is one cell wherever it appears,
so no table can reveal what another hides.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence

THRESHOLD = 5
SHOWN = "shown"
PRIMARY = "primary"
SECONDARY = "secondary"


def is_small(value: int | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def suppress(
    values: Mapping[Hashable, int | None], lines: Iterable[Sequence[Hashable]]
) -> dict[Hashable, str]:
    """The state (``SHOWN``, ``PRIMARY``, ``SECONDARY``) of every cell in ``values``."""
    state = {cell: PRIMARY if is_small(value) else SHOWN for cell, value in values.items()}
    lines = [tuple(line) for line in lines if len(line) >= 2]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [cell for cell in line if state.get(cell, SHOWN) != SHOWN]
            if len(hidden) != 1:
                continue
            candidate = _second_cell(line, state, values)
            if candidate is not None:
                state[candidate] = SECONDARY
                changed = True
    return state


def _second_cell(
    line: tuple[Hashable, ...],
    state: Mapping[Hashable, str],
    values: Mapping[Hashable, int | None],
) -> Hashable | None:
    *members, total = line
    shown = [cell for cell in members if state.get(cell, SHOWN) == SHOWN]
    positive = [cell for cell in shown if (values.get(cell) or 0) > 0]
    pool = positive or shown
    if pool:
        return min(pool, key=lambda cell: (values.get(cell) or 0, repr(cell)))
    if state.get(total, SHOWN) == SHOWN:
        return total
    return None


def share_visible(numerator: int, denominator: int) -> bool:
    """A share may be published when it reveals no small count: at least 5 in the base, and
    neither the people counted nor the people not counted are between 1 and 4."""
    return (
        denominator >= THRESHOLD
        and not is_small(numerator)
        and not is_small(denominator - numerator)
    )
