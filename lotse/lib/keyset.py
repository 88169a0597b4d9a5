"""Paging a long list by key ("seek" pagination) instead of by offset.

A page of a list ordered newest first by (time, primary key) is found by the key of the row it
starts after, not by its number: "older" shows the rows older than the last one shown,
"newer" the rows newer than the first one shown. Each page is one index range scan of
``size + 1`` rows and one ``EXISTS``, whatever the length of the list: no ``COUNT(*)`` and no
``OFFSET`` over millions of rows (the data protection officer's audit trail at the scale of all
of Germany, ``benchmarks/germany.py``). Rows added meanwhile do not shift a page by one, so
paging neither repeats nor skips a row.

The key travels in the query string as a token ``<microseconds since 1970 UTC>.<primary key>``;
a token that is not one raises :class:`InvalidKey`, which the view answers with a message and
the newest page, never an error page.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import models
from django.db.models import Q

M = TypeVar("M", bound=models.Model)

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_TOKEN = re.compile(r"(\d{1,17})\.(\d{1,18})")
#: The query parameters of a page; a list's other links leave them out.
PARAMETERS = ("before", "after")


class InvalidKey(ValueError):
    """A page token that no page of the list can have given out."""


@dataclass(frozen=True)
class Key:
    at: datetime.datetime
    pk: int

    @classmethod
    def of(cls, row: models.Model, field: str) -> "Key":
        return cls(getattr(row, field), row.pk)

    @property
    def token(self) -> str:
        micros = (self.at - EPOCH) // datetime.timedelta(microseconds=1)
        return f"{micros}.{self.pk}"

    @classmethod
    def parse(cls, token: str) -> "Key":
        found = _TOKEN.fullmatch(token or "")
        if found is None:
            raise InvalidKey(token)
        try:
            at = EPOCH + datetime.timedelta(microseconds=int(found.group(1)))
        except OverflowError as error:
            raise InvalidKey(token) from error
        pk = int(found.group(2))
        if pk > 2**63 - 1:
            raise InvalidKey(token)
        return cls(at, pk)


@dataclass
class KeysetPage(Generic[M]):
    object_list: list[M]
    newer: str | None  # the token of the page before (``?after=``), None on the newest page
    older: str | None  # the token of the page after (``?before=``), None on the oldest page

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def _older(field: str, key: Key) -> Q:
    # The first condition alone bounds the index range; the second settles ties on time.
    return Q(**{f"{field}__lte": key.at}) & (Q(**{f"{field}__lt": key.at}) | Q(pk__lt=key.pk))


def _newer(field: str, key: Key) -> Q:
    return Q(**{f"{field}__gte": key.at}) & (Q(**{f"{field}__gt": key.at}) | Q(pk__gt=key.pk))


def keys_from(query: dict) -> tuple[Key | None, Key | None]:
    """(before, after) from a request's query parameters; :class:`InvalidKey` for a bad one.
    Both at once is refused too: no link asks for that."""
    before, after = query.get("before"), query.get("after")
    if before is not None and after is not None:
        raise InvalidKey("before and after")
    return (
        Key.parse(before) if before is not None else None,
        Key.parse(after) if after is not None else None,
    )


def keyset_page(
    queryset: models.QuerySet[M],
    *,
    field: str,
    before: Key | None = None,
    after: Key | None = None,
    size: int = 50,
) -> KeysetPage[M]:
    """The page of ``queryset`` (any filters; its order is replaced by ``-field, -pk``) of the
    ``size`` rows older than ``before``, or newer than ``after``, or the newest."""
    newest_first = queryset.order_by(f"-{field}", "-pk")
    if after is not None:
        rows = list(queryset.filter(_newer(field, after)).order_by(field, "pk")[: size + 1])
        if not rows:  # nothing newer (an old link): the newest page
            return keyset_page(queryset, field=field, size=size)
        newer = len(rows) > size
        rows = rows[:size][::-1]
        last = Key.of(rows[-1], field)
        older = newest_first.filter(_older(field, last)).exists()
    else:
        scope = newest_first.filter(_older(field, before)) if before is not None else newest_first
        rows = list(scope[: size + 1])
        if before is not None and not rows:  # nothing older (no link gives this): the newest
            return keyset_page(queryset, field=field, size=size)
        older = len(rows) > size
        rows = rows[:size]
        first = Key.of(rows[0], field) if rows else None
        newer = first is not None and before is not None
        newer = newer and queryset.filter(_newer(field, first)).exists()
    return KeysetPage(
        object_list=rows,
        newer=Key.of(rows[0], field).token if newer and rows else None,
        older=Key.of(rows[-1], field).token if older and rows else None,
    )
