import pytest

from lotse.reporting.suppression import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    Outcome,
    share_visible,
    suppress,
)


def _table(rows):
    """Cells of a matrix with its row totals (last column) and column totals (last row)."""
    values, lines = {}, []
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            values[(r, c)] = v
    n_rows, n_cols = len(rows), len(rows[0])
    for r in range(n_rows):
        lines.append([(r, c) for c in range(n_cols)])
    for c in range(n_cols):
        lines.append([(r, c) for r in range(n_rows)])
    return values, lines


def _revealable(values, state, lines):
    """Cells a reader could compute exactly from a line with one hidden cell."""
    found = set()
    for line in lines:
        hidden = [cell for cell in line if state[cell] != SHOWN]
        if len(hidden) == 1:
            found.add(hidden[0])
    return found


def test_counts_from_one_to_four_are_primary_suppressed_and_zero_is_shown():
    state = suppress({"a": 0, "b": 1, "c": 4, "d": 5}, [])
    assert state == {"a": SHOWN, "b": PRIMARY, "c": PRIMARY, "d": SHOWN}


def test_a_single_small_cell_in_a_row_takes_the_next_smallest_with_it():
    values, lines = _table([[3, 10, 7, 20]])
    state = suppress(values, lines[:1])
    assert state[(0, 0)] == PRIMARY
    assert state[(0, 2)] == SECONDARY  # 7 is the smallest other cell
    assert state[(0, 1)] == SHOWN
    assert state[(0, 3)] == SHOWN


def test_zeros_are_not_chosen_while_a_positive_cell_is_left():
    values, lines = _table([[2, 0, 9, 11]])
    state = suppress(values, lines[:1])
    assert state[(0, 1)] == SHOWN
    assert state[(0, 2)] == SECONDARY


def test_no_zero_is_withheld_when_no_positive_cell_is_left():
    values, lines = _table([[3, 0, 3]])
    state = suppress(values, lines[:1])
    assert state[(0, 0)] == PRIMARY
    assert state[(0, 2)] == PRIMARY  # the total is small itself
    # The line closure alone: a withheld 0 protects nothing (it cannot go down, and the sums
    # pin it at 0 again), so the total is withheld instead and the zeros stay shown.
    values, lines = _table([[3, 0, 0, 9]])
    state = suppress(values, lines[:1], audit=False)
    assert state[(0, 1)] == state[(0, 2)] == SHOWN
    assert state[(0, 3)] == SECONDARY


def test_the_total_is_suppressed_when_nothing_else_can_protect_the_cell():
    values, lines = _table([[3, 9]])
    state = suppress(values, lines[:1])
    assert state == {(0, 0): PRIMARY, (0, 1): SECONDARY}


def test_secondary_suppression_iterates_across_rows_and_columns():
    rows = [
        [2, 8, 10, 20],
        [6, 9, 12, 27],
        [7, 11, 5, 23],
        [15, 28, 27, 70],
    ]
    values, lines = _table(rows)
    state = suppress(values, lines)
    assert state[(0, 0)] == PRIMARY
    assert not _revealable(values, state, lines)
    hidden = {cell for cell, s in state.items() if s != SHOWN}
    # the small cell, one partner in its row, one in its column, and a fourth to close
    assert len(hidden) >= 4


def test_no_line_of_a_larger_table_reveals_a_hidden_cell():
    rows = [
        [1, 0, 30, 4, 35],
        [12, 3, 40, 6, 61],
        [0, 0, 2, 20, 22],
        [13, 3, 72, 30, 118],
    ]
    values, lines = _table(rows)
    state = suppress(values, lines)
    assert not _revealable(values, state, lines)
    for cell in [(0, 0), (0, 3), (1, 1), (2, 2), (3, 1)]:
        assert state[cell] == PRIMARY


def test_shares_are_hidden_when_they_reveal_a_small_count():
    assert share_visible(10, 20)
    assert share_visible(0, 20)
    assert share_visible(20, 20)
    assert not share_visible(3, 20)  # three people
    assert not share_visible(17, 20)  # three people not counted
    assert not share_visible(4, 4)  # base below five


def test_numbers_are_written_as_the_language_writes_them():
    from django.utils import translation

    from lotse.reporting.report import _n

    with translation.override("de"):
        assert _n(1234567) == "1.234.567"
        assert _n(12.5, 1) == "12,5"
        assert _n(None) == "–"
    with translation.override("en"):
        assert _n(1234567) == "1,234,567"
        assert _n(12.5, 1) == "12.5"


def test_two_ones_protecting_each_other_are_not_enough():
    # 1 + 1 + 20 = 22: the closure is satisfied (two hidden cells), but 1 + 1 = 2 with both at
    # least 1 pins both; the audit hides the 20 as well (one box: +1, −1 on the 1 and the 20).
    values, lines = _table([[1, 1, 20, 22]])
    outcome = Outcome()
    state = suppress(values, lines[:1], outcome=outcome)
    assert state[(0, 0)] == state[(0, 1)] == PRIMARY
    assert state[(0, 2)] == SECONDARY
    assert outcome.audit == 1 and outcome.boxes >= 1 and outcome.programs == 0


def test_without_the_audit_the_closure_alone_leaves_the_pair():
    values, lines = _table([[1, 1, 20, 22]])
    state = suppress(values, lines[:1], audit=False)
    assert state[(0, 2)] == SHOWN


def test_a_small_count_the_labels_alone_would_pin_is_labelled_as_withheld():
    # Four parts of 1 ("< 5", so at least 1 each) add up to 4: a total shown as "< 5" (at most
    # 4) would be exactly 4. It is shown as "×" instead; the parts keep "< 5".
    values = {"a": 1, "b": 1, "c": 1, "d": 1, "total": 4}
    outcome = Outcome()
    state = suppress(values, [["a", "b", "c", "d", "total"]], outcome=outcome)
    assert [state[k] for k in "abcd"] == [PRIMARY] * 4
    assert state["total"] == SECONDARY
    assert outcome.relabelled == 1


def test_the_interval_of_a_small_count_covers_one_person_more_and_less():
    # 2 in a row with a 9 and in a column with a 7: each partner has room for one person each
    # way, and the fourth corner closes the rectangle.
    rows = [
        [2, 9, 30, 41],
        [7, 12, 25, 44],
        [20, 20, 20, 60],
        [29, 41, 75, 145],
    ]
    values, lines = _table(rows)
    state = suppress(values, lines)
    hidden = {cell for cell, s in state.items() if s != SHOWN}
    assert {(0, 0), (0, 1), (1, 0), (1, 1)} <= hidden
    assert not _revealable(values, state, lines)


def _grid_table(seed):
    """A small grid like the published set: two quarters and their half-year × two rows and
    their figure × three projects and the total, every sum exact; many small counts."""
    import random

    rng = random.Random(seed)
    periods, keys, groups = ["q1", "q2", "h"], ["a", "b", "all"], ["P1", "P2", "P3", "T"]
    fine = {
        (p, k, g): rng.choice([0, 1, 2, 3, 6, 9, 14])
        for p in periods[:2]
        for k in "ab"
        for g in groups[:3]
    }
    values = {}
    for p in periods:
        for k in keys:
            for g in groups:
                values[(p, k, g)] = sum(
                    v
                    for (fp, fk, fg), v in fine.items()
                    if (p == "h" or fp == p) and (k == "all" or fk == k) and (g == "T" or fg == g)
                )
    lines = []
    for k in keys:
        for g in groups:
            lines.append([("q1", k, g), ("q2", k, g), ("h", k, g)])
    for p in periods:
        for g in groups:
            lines.append([(p, "a", g), (p, "b", g), (p, "all", g)])
        for k in keys:
            lines.append([(p, k, g) for g in groups])
    return values, lines


@pytest.mark.parametrize("seed", range(6))
def test_no_hidden_cell_of_a_grid_can_be_solved_by_linear_programming(seed):
    # The attacker of test_attack.py on a grid of cells: every shown number fixed, "< 5" as 1 to
    # 4, every other hidden count at least 0, every line an equation. Every small count keeps
    # one person more and less (within 1 … 4; narrower only when everything around it is
    # hidden: "limited") and every hidden cell at least two whole numbers.
    optimize = pytest.importorskip("scipy.optimize")
    values, lines = _grid_table(seed)
    outcome = Outcome()
    state = suppress(values, lines, outcome=outcome)
    hidden = [c for c, s in state.items() if s != SHOWN]
    index = {c: i for i, c in enumerate(hidden)}
    a_eq, b_eq = [], []
    for line in lines:
        row, rhs = [0.0] * len(hidden), 0.0
        for position, cell in enumerate(line):
            sign = -1.0 if position == len(line) - 1 else 1.0
            if cell in index:
                row[index[cell]] += sign
            else:
                rhs -= sign * values[cell]
        if any(row):
            a_eq.append(row)
            b_eq.append(rhs)
    bounds = [(1, 4) if state[c] == PRIMARY else (0, None) for c in hidden]
    for cell in hidden:
        objective = [0.0] * len(hidden)
        objective[index[cell]] = 1.0
        low = optimize.linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        objective[index[cell]] = -1.0
        high = optimize.linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        assert low.status == 0
        top = 10**6 if high.status == 3 else -high.fun
        v = values[cell]
        if state[cell] == PRIMARY and cell not in outcome.limited:  # limited: all else hidden
            assert low.fun <= max(1, v - 1) + 1e-6 and top >= min(4, v + 1) - 1e-6, cell
        assert top - low.fun >= 1 - 1e-6, cell  # never pinned to one whole number
    assert not _revealable(values, state, lines)
    assert outcome.boxes > 0


def test_the_outcome_names_the_step_that_withheld_each_cell():
    values, lines = _grid_table(3)
    outcome = Outcome()
    state = suppress(values, lines, outcome=outcome)
    assert set(outcome.why) == {c for c, s in state.items() if s == SECONDARY}
    assert set(outcome.why.values()) <= {
        "closure",
        "box",
        "box relabelled",
        "closure after",
        "program",
        "labels",
    }
    assert "box" in outcome.why.values() and "program" in outcome.why.values()
    closure = Outcome()
    suppress(values, lines, audit=False, outcome=closure)
    assert set(closure.why.values()) == {"closure"}
