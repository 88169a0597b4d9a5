"""Small-count suppression for aggregate reports (GDPR point 3 of domain.md).

Counts from 1 to ``THRESHOLD - 1`` are *primary* suppressed and shown as "< 5"; 0 may be shown.
Wherever a published total would let a reader work a suppressed cell out again (total minus the
cells shown), a second cell of the same line is suppressed as well (*secondary* suppression,
shown as "×"): the smallest cell still shown, preferring cells above zero, and the total itself
only when nothing else is left. This repeats until no line has exactly one suppressed cell,
because every new suppression can expose another line.

A *line* is a sequence of cell ids whose last element is the line's total (a row of a table with
its total column, a column with its total row, the quarters of a year with the year). Cells may
belong to many lines: ``published.py`` runs this once over every cell a coordinator can obtain,
so no selection can reveal what another hides (method: ``docs/reporting.md``).

The threshold lives here, once; every text that names it is built from it.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

THRESHOLD = 5
SHOWN = "shown"
PRIMARY = "primary"
SECONDARY = "secondary"

PRIMARY_TEXT = f"< {THRESHOLD}"
SECONDARY_TEXT = "×"
HIDDEN_RATIO_TEXT = "–"

SUPPRESSION_NOTE = format_lazy(
    _(
        "Small counts are suppressed: '{primary}' stands for 1 to {below} people; '{secondary}' "
        "marks a count withheld so that totals, other selections or other periods cannot reveal "
        "a small count; '{ratio}' marks a share or median left out because it would rest on, or "
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


def suppress(
    values: Mapping[Hashable, int | None], lines: Iterable[Sequence[Hashable]]
) -> dict[Hashable, str]:
    """The state (``SHOWN``, ``PRIMARY``, ``SECONDARY``) of every cell in ``values``.

    A work list of lines: only the lines through a newly suppressed cell are looked at again,
    so a published set of a hundred thousand cells is settled in about a second."""
    state = {cell: PRIMARY if is_small(value) else SHOWN for cell, value in values.items()}
    lines = [tuple(line) for line in lines if len(line) >= 2]
    through: dict[Hashable, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        for cell in line:
            through[cell].append(i)
    pending = {i for cell, s in state.items() if s != SHOWN for i in through.get(cell, ())}
    while pending:
        line = lines[pending.pop()]
        hidden = [cell for cell in line if state.get(cell, SHOWN) != SHOWN]
        if len(hidden) != 1:
            continue
        candidate = _second_cell(line, state, values)
        if candidate is not None:
            state[candidate] = SECONDARY
            pending.update(through.get(candidate, ()))
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
    """A share may be published when it reveals no small count: at least ``THRESHOLD`` in the
    base, and neither the people counted nor the people not counted are small."""
    return (
        denominator >= THRESHOLD
        and not is_small(numerator)
        and not is_small(denominator - numerator)
    )
