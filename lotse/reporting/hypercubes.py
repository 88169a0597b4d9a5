"""Certificates of protection without linear programs: zero-sum hypercubes on the table grid.

The published cells form a grid (period × figure × group); every line varies one coordinate
and is the same pattern of that coordinate wherever it occurs (the quarters of a year add up to
the year for every figure and group, the projects add up to the total for every period and
figure). For one coordinate, a *zero-sum vector* ``u`` gives +1 or −1 to a few of its values
so that every pattern of that coordinate sums to zero (parts minus total): a quarter and the
next one with opposite signs; a year, one of its halves, one of its quarters and the funding
period with the same sign; a project and another project with opposite signs; a key figure
that no breakdown holds, alone. The tensor product of one such vector per coordinate is a
change ``δ`` of the table by ±1 in the cells of a box (a *hypercube*) that keeps every line's
parts-minus-total unchanged.

If every cell of the box is hidden, every small count stays in 1 … 4, every other count stays
at least 0, and each part of a line whose parts overlap stays at most its total, then the true
table plus ``δ`` is a table consistent with everything published: the attacker of
``tests/test_attack.py`` cannot exclude it, so every cell of the box can be one person more or
less than it is (a certificate for each of them, in the direction of its sign). This is exact
whole-number protection, checked cell by cell; nothing is assumed about the data.

``Boxes.certify`` finds such boxes among the hidden cells, and ``Boxes.protect`` chooses, for a
small count without one, the box that hides the fewest further cells (then the smallest
counts), so that one box protects every small count at its corners (the hypercube method of
cell suppression, Repsilber; τ-Argus's GHMITER). ``suppression.py`` uses it before its linear
programs, which then only see what no box can protect.
"""

import itertools
from collections import defaultdict
from collections.abc import Callable

import numpy as np

_MAX_SUPPORT = 6  # values of one coordinate in a zero-sum vector (docs/reporting.md)
_MAX_VECTORS = 400  # zero-sum vectors kept per value
_MAX_FIBER = 8  # cells of one line's change (overlapping parts move together)
_BEST_PER_AXIS = 8  # vectors per coordinate tried when choosing a box to hide
_MAX_BOXES = 600  # boxes evaluated one by one when choosing for a cell (overlapping lines)
_CHECKS = 50  # boxes checked one by one (overlapping lines) in order of cost


class Boxes:
    """The grid of a ``suppression._Model``: coordinates of every cell, the patterns of each
    coordinate and, per cell, the pairs (part, total) of overlapping lines that a change of
    one person could invert."""

    def __init__(self, model, exact: int, at_most: int, top: int) -> None:
        self.model = model
        keys = [c if isinstance(c, tuple) else (c,) for c in model.cells]
        if len({len(k) for k in keys}) > 1:
            keys = [(c,) for c in model.cells]
        self.n_axes = len(keys[0]) if keys else 0
        values: list[dict] = [{} for _ in range(self.n_axes)]
        self.coord: list[tuple[int, ...]] = []
        for key in keys:
            self.coord.append(
                tuple(values[a].setdefault(v, len(values[a])) for a, v in enumerate(key))
            )
        self.at = {xs: i for i, xs in enumerate(self.coord)}
        # patterns: per axis, the distinct lines as (value, coefficient) tuples
        patterns: list[set] = [set() for _ in range(self.n_axes)]
        self.irregular: dict[int, list[int]] = defaultdict(list)  # cell -> lines checked one by one
        self.line_axis: list[int] = []
        coord = self.coord
        for i, line in enumerate(model.lines):
            first = coord[line[0]]
            varying = [a for a in range(self.n_axes) if any(coord[c][a] != first[a] for c in line)]
            if len(varying) == 1:
                a = varying[0]
                coef: dict[int, int] = defaultdict(int)
                for position, c in enumerate(line):
                    coef[self.coord[c][a]] += -1 if position == len(line) - 1 else 1
                patterns[a].add(tuple(sorted(coef.items())))
            else:
                for c in line:
                    self.irregular[c].append(i)
            self.line_axis.append(varying[0] if len(varying) == 1 else -1)
        self.patterns = [sorted(p) for p in patterns]
        self.through: list[dict[int, list[int]]] = []
        for a in range(self.n_axes):
            through: dict[int, list[int]] = defaultdict(list)
            for k, pattern in enumerate(self.patterns[a]):
                for v, _coef in pattern:
                    through[v].append(k)
            self.through.append(through)
        self.vectors: list[dict[int, list]] = [{} for _ in range(self.n_axes)]
        # Overlapping lines (a person in several parts): part <= total must survive a change.
        self.pairs: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for i, line in enumerate(model.lines):
            if model.kind[i] != at_most:
                continue
            total = line[-1]
            for part in line[:-1]:
                slack = model.value[total] - model.value[part]
                if 0 <= slack <= 1:
                    self.pairs[part].append((part, total, slack))
                    self.pairs[total].append((part, total, slack))
        self.exact, self.at_most = exact, at_most
        # Arrays for evaluating many boxes at once.
        self.shape = tuple(len(v) for v in values)
        self.ids = np.full(self.shape, -1, dtype=np.int64)
        if self.coord:
            self.ids[tuple(np.array(self.coord).T)] = np.arange(len(self.coord))
        self.value = np.array(model.value, dtype=np.int64)
        self.hidden = np.array([model.is_hidden(c) for c in range(len(model.cells))], dtype=bool)
        self.primary = np.array([model.is_primary(c) for c in range(len(model.cells))], dtype=bool)
        self.top = top
        self.arrays: list[dict[int, tuple]] = [{} for _ in range(self.n_axes)]

    # --- zero-sum vectors of one coordinate -------------------------------------------------

    def vectors_of(self, a: int, v: int) -> list[tuple[tuple[int, int], ...]]:
        """Zero-sum vectors of axis ``a`` with +1 at ``v``, smallest first, as ((value, ±1), …)."""
        cached = self.vectors[a].get(v)
        if cached is not None:
            return cached
        patterns, through = self.patterns[a], self.through[a]
        found: set[tuple] = set()

        def search(u: dict[int, int]) -> None:
            if len(found) >= _MAX_VECTORS:
                return
            for k in sorted({k for w in u for k in through.get(w, ())}):
                residual = sum(coef * u.get(w, 0) for w, coef in patterns[k])
                if residual:
                    break
            else:
                found.add(tuple(sorted(u.items())))
                return
            if len(u) >= _MAX_SUPPORT:
                return
            for w, coef in patterns[k]:
                if w not in u:
                    sign = -1 if residual * coef > 0 else 1
                    search({**u, w: sign})

        search({v: 1})
        result = sorted(found, key=lambda u: (len(u), u))
        self.vectors[a][v] = result
        return result

    # --- one box ------------------------------------------------------------------------------

    def corners(self, cell: int, vectors: tuple) -> list[tuple[int, int]] | None:
        """The cells and signs of the box through ``cell`` spanned by one vector per axis, or
        None when a corner does not exist."""
        result = [((), 1)]
        for u in vectors:
            result = [((*xs, w), s * sign) for xs, s in result for w, sign in u]
        out = []
        for xs, s in result:
            c = self.at.get(xs)
            if c is None:
                return None
            out.append((c, s))
        return out

    def feasible(self, corners: list[tuple[int, int]], step: int, ok: Callable) -> bool:
        """Whether the true table plus ``step`` × the box is consistent with everything
        published once the box is hidden: the bounds of every corner and part <= total of
        overlapping lines (the sums hold by construction), and any irregular line."""
        delta = {c: step * s for c, s in corners}
        if not all(ok(c, d) for c, d in delta.items()):
            return False
        for c in delta:
            for part, total, slack in self.pairs.get(c, ()):
                if slack + delta.get(total, 0) - delta.get(part, 0) < 0:
                    return False
            for i in self.irregular.get(c, ()):
                if not self._line_holds(i, delta):
                    return False
        return True

    def _line_holds(self, i: int, delta: dict[int, int]) -> bool:
        model = self.model
        line = model.lines[i]
        new = [model.value[c] + delta.get(c, 0) for c in line]
        parts, total = sum(new[:-1]), new[-1]
        if model.kind[i] == self.exact:
            return parts == total
        if model.kind[i] == self.at_most:
            return total <= parts and all(p <= total for p in new[:-1])
        return True

    # --- the vectors of one line of the table (for overlapping lines) ------------------------

    def fiber_vectors(self, cell: int, a: int, direction: int, ok: Callable) -> list:
        """Changes of the cells on axis ``a`` through ``cell`` (the others fixed) that keep
        every line along that axis true as the data define it — an equation, or for overlapping
        parts "total at most the sum, each part at most the total" — with ``cell`` moved by
        ``direction``: as vectors of that axis like ``vectors_of`` (signs relative to
        ``direction``), fewest cells first."""
        model, axis_of = self.model, self.line_axis
        found: set[tuple] = set()

        def violated(i: int, delta: dict[int, int]):
            line = model.lines[i]
            *parts, total = line
            moved = sum(delta.get(c, 0) for c in parts) - delta.get(total, 0)
            free_parts = [c for c in parts if c not in delta]
            if model.kind[i] == self.exact:
                if moved == 0:
                    return None
                sign = -1 if moved > 0 else 1
                options = [(c, sign) for c in free_parts]
                return options + ([(total, -sign)] if total not in delta else [])
            if model.kind[i] != self.at_most:
                return None
            if sum(model.value[c] for c in parts) - model.value[total] + moved < 0:
                return [(c, 1) for c in free_parts] + ([(total, -1)] if total not in delta else [])
            new_total = model.value[total] + delta.get(total, 0)
            for c in parts:
                if model.value[c] + delta.get(c, 0) > new_total:
                    options = [(total, 1)] if total not in delta else []
                    return options + ([(c, -1)] if c not in delta else [])
            return None

        def search(delta: dict[int, int]) -> None:
            if len(found) >= _MAX_VECTORS:
                return
            for c in sorted(delta):
                for i in model.through[c]:
                    if axis_of[i] == a:
                        options = violated(i, delta)
                        if options is not None:
                            break
                else:
                    continue
                break
            else:
                found.add(
                    tuple(sorted((self.coord[c][a], d * direction) for c, d in delta.items()))
                )
                return
            if len(delta) >= _MAX_FIBER:
                return
            for c, change in options:
                if ok(c, change):
                    search({**delta, c: change})

        search({cell: direction})
        return sorted(found, key=lambda u: (len(u), u))

    def holds(self, corners: list[tuple[int, int]], step: int, ok: Callable) -> bool:
        """Whether every line through the box stays true (checked one by one) and every
        corner within ``ok``."""
        delta = {c: step * s for c, s in corners}
        if not all(ok(c, d) for c, d in delta.items()):
            return False
        lines = {i for c in delta for i in self.model.through[c]}
        return all(self._line_holds(i, delta) for i in lines)

    # --- choosing boxes -----------------------------------------------------------------------

    def run(self, goals: list[tuple[int, int]], hide: Callable, relabel: Callable):
        """For each ``(cell, direction)`` in turn that no box chosen so far certifies: a box of
        hidden cells if there is one, else the cheapest box, whose shown corners ``hide``
        hides (and whose small counts that the box would move out of 1 … 4 ``relabel`` shows
        as withheld). Returns the boxes chosen (lists of cells), the certified goals and the
        goals no box certifies."""
        model = self.model
        done: set[tuple[int, int]] = set()
        boxes, left = [], []
        for cell, direction in goals:
            if (cell, direction) in done or not model.is_primary(cell):
                continue
            found = self.best(cell, direction)
            if found is None:
                left.append((cell, direction))
                continue
            goal, (corners, check, direction) = (cell, direction), found
            for c, s in corners:
                if not model.is_hidden(c):
                    hide(c)
                elif model.is_primary(c) and not model.within(c, s * direction):
                    relabel(c)
                self.hidden[c] = True
                self.primary[c] = model.is_primary(c)
            boxes.append([c for c, _s in corners])
            for step in (direction, -direction):
                if step != direction and not check(corners, step):
                    continue
                for c, s in corners:
                    if model.is_primary(c) and model.need(c, s * step) <= 1:
                        done.add((c, s * step))
            if model.is_primary(cell) and goal not in done:
                left.append(goal)
        return boxes, done, left

    def best(self, cell: int, direction: int):
        """The box through ``cell`` that moves it by one person in ``direction`` and the check
        it passed: zero-sum boxes first (the sums hold by construction), with the labels as
        they are, then allowing other small counts of the box to be relabelled; then boxes
        from the changes of the cell's own lines (overlapping parts), checked line by line.
        None when none is found."""
        model = self.model

        def strict(c: int, change: int) -> bool:
            return model.within(c, change)

        def alone(c: int, change: int) -> bool:  # the cell itself may become "×"
            return model.value[c] + change >= 0 if c == cell else model.within(c, change)

        def loose(c: int, change: int) -> bool:  # any small count of the box may become "×"
            return model.value[c] + change >= 0 if model.is_primary(c) else model.within(c, change)

        # A cell shown as "×" needs to move one way only: the other way is tried with it.
        stages = [(strict, None, direction), (alone, "alone", direction)]
        stages += [(alone, "alone", -direction), (loose, "all", direction)]
        for ok, relabel, step in stages:

            def check(corners, step, ok=ok):
                return self.feasible(corners, step, ok)

            corners = self._fast(cell, step, relabel, check)
            if corners is not None:
                return corners, check, step
        for ok, step in ((strict, direction), (alone, -direction), (loose, direction)):

            def check(corners, step, ok=ok):
                return self.holds(corners, step, ok)

            lists = self._options(cell, step, ok, True)
            corners = None if lists is None else self._cheapest(cell, step, lists, check)
            if corners is not None:
                return corners, check, step
        return None

    def _options(self, cell: int, direction: int, ok: Callable, fiber: bool):
        """Per axis, the vectors through ``cell`` whose cells on the cell's own line exist and
        stay within ``ok``, as (cells to hide, their sum, vector), cheapest first."""
        model = self.model
        base = self.coord[cell]
        lists = []
        for a in range(self.n_axes):
            options = []
            vectors = (
                self.fiber_vectors(cell, a, direction, ok) if fiber else self.vectors_of(a, base[a])
            )
            for u in vectors:
                cost = value = 0
                for w, sign in u:
                    if w == base[a]:
                        continue
                    c = self.at.get((*base[:a], w, *base[a + 1 :]))
                    if c is None or not ok(c, direction * sign):
                        break
                    if not model.is_hidden(c):
                        cost += 1
                        value += model.value[c]
                else:
                    options.append((cost, value, u))
            if not options:
                return None
            options.sort(key=lambda o: (o[0], o[1], len(o[2])))
            lists.append(options[:_BEST_PER_AXIS])
        return lists

    def _cheapest(self, cell: int, direction: int, lists: list, check: Callable):
        """The box of one vector per axis that hides the fewest further cells (then the
        smallest sum) and passes ``check``; combinations in the order of the cells their own
        lines need hidden (a lower bound), stopping when that bound exceeds the best."""
        model = self.model
        combos = sorted(
            itertools.product(*lists),
            key=lambda combo: (sum(o[0] for o in combo), sum(o[1] for o in combo)),
        )
        best, best_cost = None, None
        for tried, combo in enumerate(combos):
            bound = sum(o[0] for o in combo)
            if tried >= _MAX_BOXES or (best_cost is not None and bound > best_cost[0]):
                break
            corners = self.corners(cell, tuple(o[2] for o in combo))
            if corners is None:
                continue
            cost = (0, 0)
            for c, _s in corners:
                if not model.is_hidden(c):
                    cost = (cost[0] + 1, cost[1] + model.value[c])
            if (best_cost is None or cost < best_cost) and check(corners, direction):
                best, best_cost = corners, cost
                if cost[0] == bound:
                    break
        return best

    # --- the same for many boxes at once (numpy) ----------------------------------------------

    def _vector_arrays(self, a: int, v: int) -> tuple:
        cached = self.arrays[a].get(v)
        if cached is None:
            vectors = self.vectors_of(a, v)
            width = max((len(u) for u in vectors), default=1)
            values = np.full((len(vectors), width), v, dtype=np.int64)
            signs = np.zeros((len(vectors), width), dtype=np.int64)
            for k, u in enumerate(vectors):
                for j, (w, sign) in enumerate(u):
                    values[k, j], signs[k, j] = w, sign
            cached = self.arrays[a][v] = (values, signs)
        return cached

    def _within(self, ids, change, cell: int, relabel: str | None):
        new = self.value[ids] + change
        primary = self.primary[ids]
        small = (new >= 1) & (new <= self.top)
        if relabel == "alone":
            small |= (ids == cell) & (new >= 0)
        elif relabel == "all":
            small |= new >= 0
        return np.where(primary, small, new >= 0)

    def _fast(self, cell: int, direction: int, relabel: str | None, check: Callable):
        """``_cheapest`` over zero-sum vectors, evaluated as arrays: the best few vectors per
        axis by the cells their own line needs hidden, every combination's corners at once,
        then ``check`` (overlapping lines) in the order of cost."""
        base = self.coord[cell]
        n = self.n_axes
        chosen = []
        for a in range(n):
            values, signs = self._vector_arrays(a, base[a])
            if not len(values):
                return None
            index = [np.full(values.shape, base[b]) for b in range(n)]
            index[a] = values
            ids = self.ids[tuple(index)]
            mask = signs != 0
            safe = np.where(ids >= 0, ids, 0)
            good = ((ids >= 0) | ~mask) & (
                self._within(safe, direction * signs, cell, relabel) | ~mask
            )
            good = good.all(axis=1)
            shown = mask & ~self.hidden[safe]
            cost = shown.sum(axis=1)
            total = (self.value[safe] * shown).sum(axis=1)
            order = np.lexsort((total, cost))
            order = order[good[order]][:_BEST_PER_AXIS]
            if not len(order):
                return None
            chosen.append((values[order], signs[order]))
        # Broadcast: combination axes first, then the support of each axis.
        index, sign = [], np.ones((1,) * (2 * n), dtype=np.int64)
        for a, (values, signs) in enumerate(chosen):
            shape = [1] * (2 * n)
            shape[a], shape[n + a] = values.shape
            index.append(values.reshape(shape))
            sign = sign * signs.reshape(shape)
        index = np.broadcast_arrays(*index)
        ids = self.ids[tuple(index)]
        sign = np.broadcast_to(sign, ids.shape)
        combos = int(np.prod(ids.shape[:n]))
        ids = ids.reshape(combos, -1)
        sign = sign.reshape(combos, -1)
        mask = sign != 0
        safe = np.where(ids >= 0, ids, 0)
        good = ((ids >= 0) | ~mask) & (self._within(safe, direction * sign, cell, relabel) | ~mask)
        good = good.all(axis=1)
        shown = mask & ~self.hidden[safe]
        cost = shown.sum(axis=1)
        total = (self.value[safe] * shown).sum(axis=1)
        order = np.lexsort((total, cost))
        for k in order[good[order]][:_CHECKS]:
            corners = [
                (int(c), int(s)) for c, s in zip(ids[k][mask[k]], sign[k][mask[k]], strict=True)
            ]
            if check(corners, direction):
                return corners
        return None
