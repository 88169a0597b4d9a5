"""What every part of the generator shares: the random source, the scale, today, the reference
data it draws from, and a helper that inserts rows in batches."""

import datetime
import json
import random
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from lotse.demo.catalogues import (
    OCCUPATIONS_ADVANCED,
    OCCUPATIONS_HELPER,
    OCCUPATIONS_SKILLED,
    ORIGINS,
    PROJECTS,
    Origin,
)
from lotse.reference.models import Country, Language, Occupation, Postcode, ResidenceTitle

BATCH_SIZE = 2000


class MissingReferenceData(Exception):
    """The reference data (districts, postcodes, occupations, …) has not been imported."""


def _converter(field: models.Field, vendor: str) -> Callable[[Any], Any]:
    """A fast Python → database value conversion for one field (the ORM's per-value machinery
    would dominate the run time for a few hundred thousand rows)."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        if vendor == "sqlite":
            return lambda v: None if v is None else json.dumps(v)
        return lambda v: field.get_db_prep_save(v, connection)
    if vendor != "sqlite":
        return lambda v: v
    if kind == "UUIDField":
        return lambda v: v if v is None or isinstance(v, str) else v.hex
    if kind == "DateTimeField":
        return lambda v: None if v is None else str(v.astimezone(datetime.UTC).replace(tzinfo=None))
    if kind == "DateField":
        return lambda v: None if v is None else v.isoformat()
    if kind == "TimeField":
        return lambda v: None if v is None else str(v)  # as Django's SQLite backend stores it
    if kind == "DecimalField":
        return lambda v: None if v is None else str(v)
    return lambda v: v


def bulk(model: type[models.Model], rows: list[models.Model]) -> list[models.Model]:
    """The ORM's bulk insert, for the few rows (users, memberships) that need model logic."""
    if rows:
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return rows


class Inserter:
    """Inserts plain dicts (field attnames → values) with ``executemany``, allocating primary
    keys itself so that rows can point at each other before they are written.

    Missing fields get their model default (called per row, e.g. a fresh ``public_id``);
    ``auto_now``/``auto_now_add`` fields get the current time. Only for a loader that runs
    alone: the key sequence is reset after the inserts.
    """

    def __init__(self, seed: int = 0) -> None:
        self._next: dict[type[models.Model], int] = {}
        self._touched: set[type[models.Model]] = set()
        self.now = timezone.now()
        self._uuid_bits = random.Random(seed).getrandbits

    def random_uuid(self) -> str:
        """A version-4 UUID as 32 hex digits (from the seed, so public ids repeat per run)."""
        value = self._uuid_bits(128) & ~(0xF000 << 64) | (0x4000 << 64)
        value = value & ~(0xC000 << 48) | (0x8000 << 48)
        return "%032x" % value  # noqa: UP031 – fastest for a few hundred thousand ids

    def new_id(self, model: type[models.Model]) -> int:
        if model not in self._next:
            top = model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self._next[model] = top + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def insert(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        vendor = connection.vendor
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        pk = model._meta.pk
        plan = []
        for f in fields:
            auto_now = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            per_row = f.has_default() and callable(f.default)
            if f.get_internal_type() == "UUIDField" and f.default is uuid.uuid4:
                make = self.random_uuid
            else:
                make = f.get_default
            convert = _converter(f, vendor)
            if auto_now:
                constant = convert(self.now)
            elif f is pk or per_row:
                constant = None
            else:
                constant = convert(f.get_default())
            plan.append((f.attname, f is pk, per_row, make, constant, convert))
        values = []
        for row in rows:
            out = []
            for attname, is_pk, per_row, make, constant, convert in plan:
                if attname in row:
                    out.append(convert(row[attname]))
                elif is_pk:
                    row[attname] = self.new_id(model)
                    out.append(row[attname])
                elif per_row:
                    out.append(convert(make()))
                else:
                    out.append(constant)
            values.append(out)
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in fields)
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                # COPY is many times faster than row-by-row inserts on PostgreSQL.
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for out in values:
                        copy.write_row(out)
            else:
                # Names come from the models, quoted by the backend; values are bound.
                sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
                for start in range(0, len(values), BATCH_SIZE):
                    cursor.executemany(sql, values[start : start + BATCH_SIZE])
        self._touched.add(model)

    def finish(self) -> None:
        """Move the databases' key sequences past the keys allocated here (PostgreSQL)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self._touched))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


class Buffer(list):
    """Rows of one model that are written whenever ``limit`` of them have gathered (and by
    ``flush()``), so that ``--scale 10`` does not hold millions of rows in memory. Foreign keys
    are checked at commit, so buffers may be flushed in any order."""

    def __init__(self, demo: "Demo", model: type[models.Model], limit: int = 20_000) -> None:
        super().__init__()
        self.demo, self.model, self.limit = demo, model, limit

    def append(self, row: dict[str, Any]) -> None:
        super().append(row)
        if len(self) >= self.limit:
            self.flush()

    def extend(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.append(row)

    def flush(self) -> None:
        self.demo.insert(self.model, list(self))
        self.clear()


# GeoNames lists large-customer postcodes under the company's or authority's name
# ("Deutsche Telekom AG, GSUS", "Finanzamt Dresden - Nord"); nobody lives there.
_LARGE_CUSTOMER = re.compile(
    r"\b(AG|GmbH|mbH|KG|e\.\s?V\.|Bank|Sparkasse|Finanzamt|Landratsamt|Universität|Hochschule"
    r"|Post|Versicherung|Verlag|Stadtwerke|Klinikum|Universitätsklinikum|Gesellschaft"
    r"|Niederlassung|Bibliothek|Verwaltung|Ministerium|Behörde|Amt|Direktion|Service)\b"
    r"|Universitäts|GSUS"
)


def _is_large_customer(place: str) -> bool:
    return bool(_LARGE_CUSTOMER.search(place))


@dataclass
class Reference:
    postcodes: list[list[Postcode]]  # per project (index into PROJECTS)
    occupations: dict[str, Occupation]
    skilled: dict[str, int]
    helper: dict[str, int]
    advanced: dict[str, int]
    origins: list[Origin]
    countries: dict[str, Country]
    languages: dict[str, Language]
    residence_titles: list[ResidenceTitle]

    @classmethod
    def load(cls) -> "Reference":
        problems = []
        by_district: dict[str, list[Postcode]] = {}
        for postcode in Postcode.objects.filter(district__ags__startswith="14").order_by(
            "code", "place"
        ):
            if not _is_large_customer(postcode.place):
                by_district.setdefault(postcode.district_id, []).append(postcode)
        postcodes = []
        for spec in PROJECTS:
            places = by_district.get(spec.district, [])
            if spec.postcode_half and places:
                half = len(places) // 2
                places = places[:half] if spec.postcode_half == 1 else places[half:]
            if not places:
                problems.append(f"postcodes of district {spec.district}")
            postcodes.append(places)
        wanted = {*OCCUPATIONS_SKILLED, *OCCUPATIONS_HELPER, *OCCUPATIONS_ADVANCED}
        occupations = {o.code: o for o in Occupation.objects.filter(code__in=wanted, level=5)}
        if not occupations:
            problems.append("KldB 2010 occupations")
        countries = {
            c.iso_code: c
            for c in Country.objects.filter(iso_code__in=[o.iso for o in ORIGINS] + ["DE"])
        }
        origins = [o for o in ORIGINS if o.iso in countries]
        if not origins:
            problems.append("countries")
        languages = {lang.iso_code: lang for lang in Language.objects.all()}
        if "de" not in languages:
            problems.append("languages")
        titles = list(ResidenceTitle.objects.filter(valid_until__isnull=True).order_by("code"))
        if not titles:
            problems.append("residence title rules")
        if problems:
            raise MissingReferenceData(", ".join(problems))
        return cls(
            postcodes=postcodes,
            occupations=occupations,
            skilled={c: w for c, w in OCCUPATIONS_SKILLED.items() if c in occupations},
            helper={c: w for c, w in OCCUPATIONS_HELPER.items() if c in occupations},
            advanced={c: w for c, w in OCCUPATIONS_ADVANCED.items() if c in occupations},
            origins=origins,
            countries=countries,
            languages=languages,
            residence_titles=titles,
        )

    def residence_title(self, *needles: str) -> ResidenceTitle:
        """The first current rule whose code, legal basis or name contains one of ``needles``
        (the demo does not depend on the exact codes of the rule file)."""
        for needle in needles:
            for title in self.residence_titles:
                text = f"{title.code} {title.legal_basis} {title.name}".lower()
                if needle in text:
                    return title
        return self.residence_titles[0]


@dataclass
class Demo:
    """The state of one run of the generator."""

    rng: random.Random
    scale: float
    today: datetime.date
    ref: Reference
    projects: list[Any] = field(default_factory=list)  # accounts.Project per PROJECTS entry
    mentors: list[list[Any]] = field(default_factory=list)  # users per project
    leads: list[Any] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    db: Inserter = field(default_factory=Inserter)

    def __post_init__(self) -> None:
        self.db = Inserter(seed=self.rng.getrandbits(32))

    def weighted(self, options: dict[str, int]) -> str:
        keys = list(options)
        return self.rng.choices(keys, weights=[options[k] for k in keys])[0]

    def count(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number

    def insert(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        """Write ``rows`` and count them under the model's plural name."""
        self.db.insert(model, rows)
        self.count(str(model._meta.verbose_name_plural), len(rows))

    def new_id(self, model: type[models.Model]) -> int:
        return self.db.new_id(model)

    def buffer(self, model: type[models.Model]) -> Buffer:
        return Buffer(self, model)
