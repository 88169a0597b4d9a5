"""The attack a coordinator could run: request every report the form allows, collect every
published number, write down every sum relation between them, and solve for the hidden cells.

The scenario is built so that the sum relations are exact (each person has one stay in one
project and one district, entering and leaving within one quarter, with at most one placement
in the same quarter): the attacker's equations are then all true, which is the strongest case.
The unknowns are the finest counts per (quarter, project, district, category); every published
number is a sum of them. For every cell shown as hidden in any report, linear programming
(scipy's HiGHS) finds the least and greatest value consistent with everything published
(shown numbers as equalities, "< 5" as 1 to 4, every count at least 0). A hidden cell is
*exposed* when only one whole number remains possible.

With the published set (suppression decided once over every grid period × project ×
district × breakdown), nothing is exposed. With each report suppressed on its own (the old
behaviour, ``published.CROSS_REPORT = False``), the same attack exposes cells.
"""

import datetime
import itertools
import math

import pytest

np = pytest.importorskip("numpy")
scipy_optimize = pytest.importorskip("scipy.optimize")
scipy_sparse = pytest.importorskip("scipy.sparse")

from lotse.accounts.tests.factories import ProjectFactory  # noqa: E402
from lotse.cases.models import ExitReason, Gender  # noqa: E402
from lotse.placements.models import PlacementType  # noqa: E402
from lotse.reporting import published  # noqa: E402
from lotse.reporting.definitions import (  # noqa: E402
    AGE_BANDS,
    BREAKDOWNS,
    COUNT_KEYS,
    PLACEMENT_GROUPS,
    QUARTER_KEYS,
    UNKNOWN,
)
from lotse.reporting.forms import funding_label  # noqa: E402
from lotse.reporting.models import FundingPeriod  # noqa: E402
from lotse.reporting.report import report_for  # noqa: E402
from lotse.reporting.selectors import report_access  # noqa: E402
from lotse.reporting.tests.factories import (  # noqa: E402
    CountryFactory,
    DistrictFactory,
    MenteeFactory,
    ParticipationFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
QUARTERS = [1, 2, 3, 4]
REASONS = [ExitReason.JOB, ExitReason.MOVED, ExitReason.NO_CONTACT]
GENDERS = [Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.NOT_STATED]
BIRTHS = [D(1990, 5, 5), D(2000, 2, 2), D(1970, 7, 7), D(1960, 1, 1), None]
TYPES = [PlacementType.INSURED_FULL_TIME, PlacementType.APPRENTICESHIP, PlacementType.MINI_JOB]
#: People per (project, district, quarter): a mix of small and large cells.
PEOPLE = {
    ("A", "X", 1): 9,
    ("A", "Y", 2): 6,
    ("A", "X", 3): 2,
    ("B", "X", 1): 3,
    ("B", "Y", 3): 8,
    ("B", "Y", 4): 1,
    ("C", "Y", 4): 7,
    ("C", "X", 2): 2,
    ("C", "X", 4): 5,
}


@pytest.fixture(autouse=True)
def _audit_on(settings):
    # The attack runs against the audit, a programme's default (the test settings switch it
    # off for the other tests: docs/reporting.md).
    settings.LOTSE_REPORT_AUDIT = True


@pytest.fixture
def world(cora):
    FundingPeriod.objects.all().delete()
    FundingPeriod.objects.create(name="Phase 2021", start=D(2021, 1, 1), end=D(2021, 12, 31))
    projects = {name: ProjectFactory(name=f"Projekt {name}") for name in "ABC"}
    districts = {
        "X": DistrictFactory(ags="14511", name="Chemnitz"),
        "Y": DistrictFactory(ags="14713", name="Leipzig"),
    }
    countries = [
        CountryFactory(iso_code="SY", region="middle_east"),
        CountryFactory(iso_code="UA", name_en="Ukraine", region="eastern_europe"),
    ]
    n = 0
    for (p, d, q), count in PEOPLE.items():
        for _ in range(count):
            mentee = MenteeFactory(
                project=projects[p],
                district=districts[d],
                gender=GENDERS[n % len(GENDERS)],
                birth_date=BIRTHS[n % len(BIRTHS)],
                country_of_origin=countries[n % 2],
            )
            entry = D(2021, 3 * q - 2, 2)
            ParticipationFactory(
                mentee=mentee,
                project=projects[p],
                entry_date=entry,
                exit_date=entry + datetime.timedelta(days=40),
                exit_reason=REASONS[n % len(REASONS)],
            )
            if n % 2 == 0:
                PlacementFactory(
                    mentee=mentee,
                    project=projects[p],
                    placement_type=TYPES[n % len(TYPES)],
                    start_date=entry + datetime.timedelta(days=20),
                )
            n += 1
    return {"projects": projects, "districts": districts}


# --- What the coordinator can request ----------------------------------------------------


def _requests(world):
    """Every (period, selection, breakdown) of the form in the periods that hold data, with
    the column → group mapping of the report."""
    fp = FundingPeriod.objects.get()
    periods = [published.funding(fp, funding_label(fp)), published.year(2021)]
    periods += [published.half(2021, h) for h in (1, 2)]
    periods += [published.quarter(2021, q) for q in QUARTERS]
    selections = [(None, None)]
    selections += [(p, None) for p in world["projects"].values()]
    selections += [(None, d) for d in world["districts"].values()]
    for period, (project, district) in itertools.product(periods, selections):
        for breakdown in ("project", "district"):
            if project is not None and breakdown == "district":
                continue  # the form refuses it
            yield period, project, district, breakdown


def _collect(world, cora, strict=True):
    """All published numbers: ``{cell: value}`` for shown cells, ``{cell: state}`` for hidden,
    where a cell is (period key, figure key, group) and group is ("project", letter),
    ("district", letter) or ("total",). ``strict``: the same cell must show the same number
    in every report."""
    access = report_access(cora)
    if published.CROSS_REPORT:
        published.refresh()  # as the hourly job does: with the audit, a page never computes it
    letter = {p.pk: k for k, p in world["projects"].items()}
    letter.update({d.pk: k for k, d in world["districts"].items()})
    shown, hidden = {}, {}

    def note(cell, c):
        if c.hidden:
            hidden[cell] = c.state
        else:
            if strict:
                assert shown.get(cell, c.value) == c.value, cell  # the same everywhere
            shown[cell] = c.value

    for period, project, district, breakdown in _requests(world):
        report = report_for(
            access, period=period, project=project, district=district, breakdown=breakdown
        )
        if project is not None:
            total = ("project", letter[project.pk])
        elif district is not None:
            total = ("district", letter[district.pk])
        else:
            total = ("total",)
        for table in report.tables:
            if table.key in ("ratios", "esf"):
                continue
            if table.key == "quarters":
                for row, q in zip(table.rows, period.quarters(), strict=True):
                    for key, c in zip(QUARTER_KEYS, row.cells, strict=True):
                        note((q.key, key, total), c)
                continue
            dimension = {"key_project": "project", "key_district": "district"}.get(
                table.key, breakdown if project is None and district is None else None
            )
            for row in table.rows:
                for column, c in zip(table.columns[:-1], row.cells[:-1], strict=True):
                    group = _group(world, column, dimension, total)
                    if group is not None:
                        note((period.key, row.key, group), c)
                note((period.key, row.key, total), row.cells[-1])
    return shown, hidden


def _group(world, column, dimension, total):
    for k, p in world["projects"].items():
        if column == p.name:
            return ("project", k)
    for k, d in world["districts"].items():
        if column == d.name:
            return ("district", k)
    return None  # "no district recorded": nobody in this scenario


# --- The attacker's equations ------------------------------------------------------------


def _families():
    """Finest unknowns per (quarter, project, district): every count of the catalogue that is
    not a sum of others."""
    keys = list(COUNT_KEYS)
    for figure in BREAKDOWNS:
        keys += [k for k, _label in figure.rows if k not in keys]
    return [k for k in keys if k not in PLACEMENT_GROUPS]


def _solve(shown, hidden, first_only=False):
    keys = _families()
    finest = list(itertools.product(QUARTERS, "ABC", "XY", keys))
    index = {cell: i for i, cell in enumerate(finest)}
    n = len(finest)

    def expression(cell):
        period_key, key, group = cell
        quarters = _quarters_of(period_key)
        parts = PLACEMENT_GROUPS.get(key)
        members = [f"type_{t}" for t in parts] if parts else [key]
        row = [0.0] * n
        for q, p, d, k in finest:
            if q not in quarters or k not in members:
                continue
            if group[0] == "project" and group[1] != p:
                continue
            if group[0] == "district" and group[1] != d:
                continue
            row[index[(q, p, d, k)]] = 1.0
        return row

    eq_rows, eq_values, ub_rows, ub_values = [], [], [], []
    # The definitions the attacker knows: breakdown rows add up to their figure, per finest
    # cell (exact in this scenario); placement groups are sums of their types (built in).
    for q, p, d in itertools.product(QUARTERS, "ABC", "XY"):
        for figure in BREAKDOWNS:
            if figure.total:
                row = [0.0] * n
                for k, _label in figure.rows:
                    row[index[(q, p, d, k)]] = 1.0
                row[index[(q, p, d, figure.total)]] = -1.0
                eq_rows.append(row)
                eq_values.append(0.0)
    for cell, value in shown.items():
        if cell[1] == "employers" or (cell[1].startswith("region:") and cell[1] not in keys):
            assert value == 0
            continue
        eq_rows.append(expression(cell))
        eq_values.append(value)
    for cell, state in hidden.items():
        if state == "primary":
            row = expression(cell)
            ub_rows.append(row)
            ub_values.append(4.0)
            ub_rows.append([-v for v in row])
            ub_values.append(-1.0)
    system = (
        scipy_sparse.csr_array(eq_rows),
        eq_values,
        scipy_sparse.csr_array(ub_rows) if ub_rows else None,
        ub_values or None,
    )
    # Feasible points for random objectives first: a cell that takes two whole numbers at
    # least one apart in them is not exposed, whatever else holds. Every other hidden cell gets
    # its own two programs (least and greatest value).
    cells = list(hidden)
    matrix = np.array([expression(cell) for cell in cells])  # hidden cell x unknowns
    low_seen = np.full(len(cells), math.inf)
    high_seen = np.full(len(cells), -math.inf)
    rng = np.random.default_rng(len(cells))
    for _ in range(12):
        values = matrix @ _point(rng.uniform(-1, 1, len(cells)) @ matrix, system)
        low_seen = np.minimum(low_seen, values)
        high_seen = np.maximum(high_seen, values)
    exposed = {}
    for i, cell in enumerate(cells):
        if math.ceil(low_seen[i] - 1e-6) < math.floor(high_seen[i] + 1e-6):
            continue
        objective = list(matrix[i])
        low = _bound(objective, system)
        high = -_bound([-v for v in objective], system)
        if math.isfinite(high) and math.ceil(low - 1e-6) >= math.floor(high + 1e-6):
            exposed[cell] = (low, high)
            if first_only:
                break
    return exposed


def _point(objective, system):
    """A feasible point of the attacker's system (bounded: every unknown at most 1000)."""
    a_eq, b_eq, a_ub, b_ub = system
    result = scipy_optimize.linprog(
        objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, 1000), method="highs"
    )
    assert result.status == 0, result.message
    return result.x


def _bound(objective, system):
    a_eq, b_eq, a_ub, b_ub = system
    result = scipy_optimize.linprog(
        objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs"
    )
    if result.status == 3:  # unbounded: nothing bounds this cell from that side
        return -math.inf
    assert result.status == 0, result.message
    return result.fun


def _quarters_of(period_key):
    if period_key.startswith("q"):
        return {int(period_key[-1])}
    if period_key.startswith("h"):
        return {1, 2} if period_key.endswith("-1") else {3, 4}
    return set(QUARTERS)  # the year and the funding period 2021


# --- The tests -----------------------------------------------------------------------------


def test_every_selection_shows_the_same_numbers(world, cora):
    """The differences the issue found are gone: a cell hidden in one report is hidden in
    every report, and a total minus the parts shown in any report never uncovers it."""
    shown, hidden = _collect(world, cora)
    assert len(shown) > 500
    assert any(s == "primary" for s in hidden.values())
    assert any(s == "secondary" for s in hidden.values())
    assert not set(shown) & set(hidden)  # a cell hidden anywhere is hidden everywhere
    assert all(not 0 < v < 5 for v in shown.values())


def test_nothing_hidden_can_be_solved_from_everything_published(world, cora):
    shown, hidden = _collect(world, cora)
    assert _solve(shown, hidden, first_only=True) == {}


def test_without_the_cross_report_consistency_the_attack_succeeds(world, cora, monkeypatch):
    monkeypatch.setattr(published, "CROSS_REPORT", False)
    shown, hidden = _collect(world, cora, strict=False)
    revealed = set(shown) & set(hidden)  # hidden in one report, shown in another
    assert revealed or _solve(shown, hidden, first_only=True)


def test_the_age_bands_of_the_scenario_are_those_of_the_catalogue():
    # The scenario's dates of birth fall into the catalogue's bands (a guard for the test).
    assert {band.key for band in AGE_BANDS} >= {"25_29", "18_24", "45_54", "55"}
    assert UNKNOWN == "unknown"


def test_the_audit_knows_the_project_by_district_cells_that_no_report_shows(world):
    """The attacker's finer unknowns are in the audit's model, with their lines."""
    a, b = (world["projects"][k].pk for k in "AB")
    x, y = (world["districts"][k].pk for k in "XY")
    grid = published.grid(list(FundingPeriod.objects.all()))
    periods = [p for p in grid if p.key in ("q2021-1", "q2021-2")]
    groups = published._groups([a, b], [x, y, published.UNKNOWN])
    raw = published._raw(periods, groups, frozenset(), cross=True)
    cells, lines = published._cross(periods, groups, raw)
    assert cells[("q2021-1", "supported", f"cross|{a}/{x}")] == 9  # PEOPLE[("A", "X", 1)]
    assert cells[("q2021-1", "supported", f"cross|{b}/{x}")] == 3
    assert cells[("q2021-1", "supported", f"cross|{a}/{y}")] == 0  # A in Y only in quarter 2
    assert cells[("q2021-2", "supported", f"cross|{a}/{y}")] == 6
    assert not any(g.endswith(f"/{published.UNKNOWN}") for _p, _k, g in cells)  # all 0: left out
    assert [
        ("q2021-1", "supported", f"cross|{a}/{x}"),
        ("q2021-1", "supported", f"cross|{a}/{y}"),
        ("q2021-1", "supported", f"project|{a}"),
    ] in lines
    states = published.suppress({**raw.values, **cells}, lines, unpublished=cells)
    assert {states[cell] for cell in cells} == {"unpublished"}
    # The same statements give the published cells, with the cross grouping or without.
    assert published._raw(periods, groups, frozenset()).values == raw.values
