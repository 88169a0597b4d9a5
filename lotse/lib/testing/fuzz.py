"""A fuzzer for every page and form Lotse serves, driven through Django's test client.

``Fuzzer(users).run()`` does, for each user:

1. **Discovery.** Every URL pattern comes from ``django.urls.get_resolver()`` (recursively; the
   skipped ones are in ``SKIPPED``). Concrete URLs come from crawling: the patterns without
   converters are the start pages, every link, form action and htmx ``hx-get``/``hx-post`` of a
   page that resolves to a pattern is followed. A pattern the crawl does not reach is filled by
   trying the public ids of every object of the scenario for its ``uuid`` converters (and the
   keys of the view module's string-keyed tables for ``slug``/``str`` converters).
2. **Forms.** Every ``<form>`` (and every htmx element, and every link with a query string) of
   every page is parsed with the standard library's HTML parser into fields with the values a
   browser would send. Empty fields are filled with sane values (the same field of another
   form with the same fields, e.g. the edit form for an add form, else a value that suits the
   input type), so that one hostile field at a time reaches the services. A file input gets
   a small valid PNG, and as hostile values an empty file, a script and an image named
   ``.pdf`` and text instead of a file.
3. **Hostile values.** Each field (each GET parameter for GET forms and links) gets the values
   of ``HOSTILE`` that suit its kind, the other fields keep their sane values. Each request runs
   in a savepoint that is rolled back afterwards, so every request sees the same scenario and a
   database error cannot poison the rest of the run.
4. **Checks.** No exception and no 500; no redirect off the site; after a successful POST (a
   redirect) every row written in the request is read back and must hold no NUL, control or
   bidirectional-override character, no date before 1900 or after 2200, no text over its
   ``max_length``, no integer outside 32 bits, no unknown choice; the page redirected to must
   answer without 500, and after a saved date in year 1 or 9999 so must the links and delete
   buttons of the saved record on it; a garbled or missing concurrency token
   (``version``/``seen``) must not lead to a saved change; no answer shows the hostile markup
   unescaped; every form saves when submitted as shown (with sane values in empty fields).

Forms with the same action pattern, method and field names are fuzzed once (for the first user
who sees them); every user still requests every page they reach.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import re
import sys
import time
import traceback
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as _field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

# --- What is left out --------------------------------------------------------------------------

#: URL patterns not fuzzed, with the reason.
SKIPPED = {
    "admin": "the Django admin is Django's own code and only for administrators",
    "set_language": "Django's own view; it only sets the language cookie",
    "accounts:logout": "it ends the session the fuzzer works in",
    "journal:calendar_feed": "reached only by a secret token (journal/tests/test_calendar.py)",
}

# --- Hostile values ----------------------------------------------------------------------------

HOSTILE: dict[str, str | None] = {
    "NUL": "a\x00b",
    "control and bidi": "a\x01\x08\x1b\x7f\x9b\u202eb\u202c",
    "10k": "x" * 10_000,
    "year 1 date": "0001-01-01",
    "year 9999 date": "9999-12-31",
    "year 1 datetime": "0001-01-01T00:00",
    "year 9999 datetime": "9999-12-31T23:59",
    "-1": "-1",
    "2**31": "2147483648",
    "1e309": "1e309",
    "superscript two": "²",
    "NaN": "NaN",
    "empty": "",
    "emoji and markup": "🙂<script>alert(1)</script>",
    "not a UUID or choice": "not-a-uuid",
    "space": "ab cd",
    "off-site URL": "//evil.example/",
    "missing": None,  # the field is not sent at all
    # File inputs (``_FILES``: the marker is replaced by a fresh upload when the form is sent).
    "empty file": "<fuzz-file:empty>",
    "script named .pdf": "<fuzz-file:script>",
    "image named .pdf": "<fuzz-file:png-as-pdf>",
}
#: A response that contains this unescaped lets a stored or reflected script run.
MARKUP = "<script>alert(1)</script>"

# Values that would only repeat what another value of the list already tests are left out
# (an empty text field and a missing one are the same to Django, a date is no number).
_TEXT = ["NUL", "control and bidi", "10k", "emoji and markup", "superscript two", "empty"]
_DATE = ["year 1 date", "year 9999 date", "NUL", "not a UUID or choice", "empty"]
_DATETIME = ["year 1 datetime", "year 9999 datetime", "year 1 date", "NUL", "empty"]
_NUMBER = ["-1", "2**31", "1e309", "superscript two", "NaN", "NUL", "empty"]
_CHOICE = ["not a UUID or choice", "NUL", "2**31", "superscript two", "empty", "missing"]
_HIDDEN = _CHOICE + ["-1", "10k", "year 1 datetime", "year 9999 datetime", "space"]
_HIDDEN += ["off-site URL"]

#: An empty or missing GET parameter is how a list or report is first opened: the crawl
#: requested that already.
_PLAIN_GET = {"empty", "missing"}

#: Which hostile values each kind of input gets.
VALUES_FOR_KIND = {
    "text": _TEXT,
    "search": _TEXT,
    "textarea": _TEXT,
    "email": _TEXT,
    "tel": _TEXT,
    "url": _TEXT + ["off-site URL"],
    "password": ["NUL", "10k", "empty"],
    "date": _DATE,
    "datetime-local": _DATETIME,
    "month": _DATE,
    "time": ["NUL", "superscript two", "-1", "empty"],
    "number": _NUMBER,
    "range": _NUMBER,
    "select": _CHOICE,
    "radio": _CHOICE,
    "checkbox": _CHOICE,
    "button": _CHOICE,
    "hidden": _HIDDEN,
    "file": ["empty file", "script named .pdf", "image named .pdf", "NUL", "10k", "missing"],
}

#: A valid 1×1 PNG: the sane value of a file input.
_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
_SANE_FILE = "<fuzz-file:png>"
_FILES = {
    _SANE_FILE: ("fuzz.png", _PNG),
    "<fuzz-file:empty>": ("empty.pdf", b""),
    "<fuzz-file:script>": ("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
    "<fuzz-file:png-as-pdf>": ("image.pdf", _PNG),
}

CONCURRENCY_TOKENS = {"version", "seen"}
#: After a change saved with one of these values, the page redirected to is requested too (a
#: date in year 9999 or a long text may break the page that shows it).
_FOLLOWED = {"10k", "year 1 date", "year 9999 date", "year 1 datetime", "year 9999 datetime"}
_FOLLOWED |= {"-1", "2**31"}
_DATES = {"year 1 date", "year 9999 date", "year 1 datetime", "year 9999 datetime"}
_NOT_FUZZED = {"csrfmiddlewaretoken"}

# --- Stored values -----------------------------------------------------------------------------

_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_EARLIEST = datetime.date(1900, 1, 1)
_LATEST = datetime.date(2200, 12, 31)
_INT32 = 2**31


def stored_value_problems(obj: models.Model) -> Iterator[str]:
    """What is wrong with the values of a row read back from the database."""
    for f in obj._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if value is None:
            continue
        name = f"{obj._meta.label}.{f.name} (pk {obj.pk})"
        for text in _strings(value):
            if _BAD_CHARACTERS.search(text):
                yield f"{name} holds a control or bidi character: {text[:60]!r}"
                break
        if isinstance(value, str) and f.max_length and len(value) > f.max_length:
            yield f"{name} is {len(value)} characters long (max_length {f.max_length})"
        if isinstance(value, datetime.datetime):
            if not _EARLIEST <= value.date() <= _LATEST:
                yield f"{name} holds an implausible datetime: {value.isoformat()}"
        elif isinstance(value, datetime.date) and not _EARLIEST <= value <= _LATEST:
            yield f"{name} holds an implausible date: {value.isoformat()}"
        if (
            isinstance(f, models.IntegerField)
            and not isinstance(f, models.BigIntegerField | models.BigAutoField)
            and isinstance(value, int)
            and not -_INT32 <= value < _INT32
        ):
            yield f"{name} holds {value}, outside a 32-bit integer (PostgreSQL refuses it)"
        if isinstance(value, float | decimal.Decimal) and not math.isfinite(value):
            yield f"{name} holds {value}"
        if f.choices and value != "" and not isinstance(value, list):
            if value not in {choice for choice, _label in f.flatchoices}:
                yield f"{name} holds {value!r}, not one of its choices"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("lotse.")]


def scan_rows(model_list: Iterable[type[models.Model]]) -> list[str]:
    """Read every row of the models back and list the problems (a row that cannot be read, as
    PostgreSQL's timestamps in year 0, is one)."""
    problems = []
    for model in model_list:
        try:
            with transaction.atomic():  # a failed read must not abort the outer transaction
                rows = list(model._base_manager.all())
        except Exception as error:
            problems.append(f"{model._meta.label} cannot be read back: {_one_line(error)}")
            continue
        for row in rows:
            problems.extend(stored_value_problems(row))
    return problems


class _WriteRecorder:
    """Which tables the statements of a request wrote to."""

    _WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE)\s+"?([\w]+)"?', re.IGNORECASE)

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = self._WRITE.match(sql)
        if match:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)


def _models_for(tables: set[str]) -> list[type[models.Model]]:
    return [m for m in project_models() if m._meta.db_table in tables]


# --- URL patterns ------------------------------------------------------------------------------


@dataclass
class Pattern:
    route: str  # "mentees/<uuid:public_id>/edit/", as ResolverMatch.route gives it
    name: str  # "cases:edit"
    converters: dict[str, str]  # kwarg -> converter type ("uuid", "slug", "str", "int", "path")
    callback: Any


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def url_patterns() -> tuple[list[Pattern], list[tuple[str, str]]]:
    """Every URL pattern of the project and the skipped ones with the reason."""
    found: list[Pattern] = []
    skipped: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = entry.namespace or ""
                if ns in SKIPPED:
                    skipped.append((route, SKIPPED[ns]))
                    continue
                walk(entry, route, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name or ''}"
                if name in SKIPPED:
                    skipped.append((route, SKIPPED[name]))
                    continue
                converters = {kw: kind or "str" for kind, kw in _CONVERTER.findall(route)}
                found.append(Pattern(route, name, converters, entry.callback))

    walk(get_resolver(), "", "")
    return found, skipped


# --- HTML --------------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # an input type, "select", "textarea" or "button"
    values: list[str] = _field(default_factory=list)  # what a browser sends without changes
    options: list[str] = _field(default_factory=list)
    multiple: bool = False
    attrs: dict[str, str] = _field(default_factory=dict)


@dataclass
class Form:
    page: str
    method: str  # "get" or "post"
    action: str
    fields: dict[str, Field] = _field(default_factory=dict)
    htmx: bool = False
    extra: list[tuple[str, str]] = _field(default_factory=list)  # hx-vals and query strings
    csrf: str = ""  # the token the page's htmx headers carry
    uploads: bool = False  # has a file input (the fuzzer sends no files)

    def add(self, f: Field) -> None:
        existing = self.fields.get(f.name)
        if existing is None:
            self.fields[f.name] = f
            return
        existing.options += f.options
        existing.values += f.values
        existing.multiple = existing.multiple or f.kind == "checkbox"


class PageParser(HTMLParser):
    """Links, forms and htmx elements of a page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.csrf_header = ""
        self._form: Form | None = None
        self._forms_by_id: dict[str, Form] = {}
        self._pending: list[tuple[str, Field]] = []  # fields with form="id"
        self._select: Field | None = None
        self._option: dict[str, str] | None = None
        self._option_text = ""
        self._textarea: Field | None = None
        self._buttons: list[Field] = []

    # Elements -------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attr_list}
        if tag == "body" and "hx-headers" in attrs:
            try:
                self.csrf_header = json.loads(attrs["hx-headers"]).get("X-CSRFToken", "")
            except ValueError:
                pass
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self._start_form(attrs)
            return
        if tag != "form" and ("hx-get" in attrs or "hx-post" in attrs) and tag not in ("form",):
            self._htmx_element(tag, attrs)
        if tag == "input":
            self._input(attrs)
        elif tag == "select":
            self._select = Field(attrs.get("name", ""), "select", multiple="multiple" in attrs)
            self._select.attrs = attrs
        elif tag == "option" and self._select is not None:
            self._option = attrs
            self._option_text = ""
        elif tag == "textarea":
            self._textarea = Field(attrs.get("name", ""), "textarea", attrs=attrs)
            self._textarea.values = [""]
        elif tag == "button" and attrs.get("type", "submit") == "submit" and attrs.get("name"):
            self._place(Field(attrs["name"], "button", [], [attrs.get("value", "")], attrs=attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None and self._select is not None:
            self._end_option()
        elif tag == "select" and self._select is not None:
            if self._option is not None:
                self._end_option()
            select = self._select
            if not select.values and select.options and not select.multiple:
                select.values = [select.options[0]]
            self._select = None
            if select.name and "disabled" not in select.attrs:
                self._place(select)
        elif tag == "textarea" and self._textarea is not None:
            textarea = self._textarea
            self._textarea = None
            if textarea.name and "disabled" not in textarea.attrs:
                textarea.values = [textarea.values[0].removeprefix("\n")]
                self._place(textarea)

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea.values[0] += data

    def close(self) -> None:
        super().close()
        for form_id, f in self._pending:
            if form_id in self._forms_by_id:
                self._forms_by_id[form_id].add(f)

    # Helpers --------------------------------------------------------------------------------

    def _start_form(self, attrs: dict[str, str]) -> None:
        method = "post" if "hx-post" in attrs else "get" if "hx-get" in attrs else None
        action = attrs.get("hx-post") or attrs.get("hx-get") or attrs.get("action") or self.page
        form = Form(
            self.page,
            method or (attrs.get("method") or "get").lower(),
            action,
            htmx="hx-post" in attrs or "hx-get" in attrs,
        )
        form.extra = _hx_vals(attrs)
        self.forms.append(form)
        self._form = form
        if attrs.get("id"):
            self._forms_by_id[attrs["id"]] = form

    def _htmx_element(self, tag: str, attrs: dict[str, str]) -> None:
        """An element outside a form that sends a request itself (an input searching as one
        types, a button fetching a fragment)."""
        method = "post" if "hx-post" in attrs else "get"
        form = Form(self.page, method, attrs.get("hx-post") or attrs["hx-get"], htmx=True)
        form.extra = _hx_vals(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("name"):
            kind = attrs.get("type", "text") if tag == "input" else tag
            form.add(Field(attrs["name"], kind, [attrs.get("value", "")], attrs=attrs))
        self.forms.append(form)

    def _input(self, attrs: dict[str, str]) -> None:
        name = attrs.get("name")
        kind = attrs.get("type", "text").lower()
        if kind == "file" and ".png" not in attrs.get("accept", ".png") and self._form:
            # The fuzzer's sane file is a small PNG; a spreadsheet upload cannot take it.
            self._form.uploads = True
        if not name or "disabled" in attrs or kind in ("submit", "reset", "image"):
            if kind in ("submit", "image") and name:
                self._place(Field(name, "button", [], [attrs.get("value", "")], attrs=attrs))
            return
        f = Field(name, kind, attrs=attrs)
        if kind in ("checkbox", "radio"):
            value = attrs.get("value", "on")
            f.options = [value]
            f.values = [value] if "checked" in attrs else []
            f.multiple = kind == "checkbox"
        else:
            f.values = [attrs.get("value", "")]
        self._place(f)

    def _end_option(self) -> None:
        assert self._select is not None and self._option is not None
        value = self._option.get("value", self._option_text.strip())
        if "disabled" not in self._option:
            self._select.options.append(value)
            if "selected" in self._option:
                self._select.values.append(value)
        self._option = None

    def _place(self, f: Field) -> None:
        form_id = f.attrs.get("form")
        if form_id:
            self._pending.append((form_id, f))
        elif self._form is not None:
            self._form.add(f)


def _hx_vals(attrs: dict[str, str]) -> list[tuple[str, str]]:
    try:
        vals = json.loads(attrs.get("hx-vals") or "{}")
    except ValueError:
        return []
    return [(str(k), str(v)) for k, v in vals.items()] if isinstance(vals, dict) else []


# --- Results -----------------------------------------------------------------------------------


@dataclass
class Finding:
    """One problem at one field of one URL pattern, with the hostile values that cause it."""

    problem: str
    user: str
    method: str
    url: str
    pattern: str
    field: str = ""
    values: list[str] = _field(default_factory=list)
    details: list[str] = _field(default_factory=list)

    def key(self) -> tuple[str, ...]:
        return (self.problem, self.method, self.pattern, self.field)

    def line(self) -> str:
        """The finding without its example values, as the list of known findings holds it."""
        return f"{self.problem} | {self.method.upper()} /{self.pattern} | {self.field}".rstrip()

    def merge(self, other: Finding) -> None:
        self.values += [v for v in other.values if v not in self.values]
        self.details += [d for d in other.details if d not in self.details][: 3 - len(self.details)]

    def __str__(self) -> str:
        where = f"{self.method.upper()} {self.url}"
        what = f" field {self.field!r} = {', '.join(self.values)}" if self.field else ""
        details = "".join(f"\n      {_printable(d)}" for d in self.details)
        return f"[{self.user}] {self.problem}: {_printable(where)}{what}{details}"


def _printable(text: str) -> str:
    """Control characters escaped, so that the report can be read in a terminal or a file."""
    return _BAD_CHARACTERS.sub(lambda m: repr(m.group())[1:-1], text)


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:300]


def _form_errors(response: Any) -> str:
    if response is None:
        return "(exception)"
    form = response.context.get("form") if response.context else None
    errors = form.errors.items() if hasattr(form, "errors") else []
    return f"({response.status_code}) " + "; ".join(f"{k}: {' '.join(v)}" for k, v in errors)[:300]


def _traceback_summary(error: BaseException) -> str:
    frames = [
        f"{frame.filename.split('/lotse/', 1)[-1]}:{frame.lineno} {frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
        if "/lotse/" in frame.filename and "/lib/testing/" not in frame.filename
    ]
    return f"{_one_line(error)} (at {' <- '.join(reversed(frames[-3:])) or 'Django'})"


class _Rollback(Exception):
    pass


def _today_values() -> dict[str, str]:
    today = timezone.localdate()
    return {
        "date": today.isoformat(),
        "datetime-local": f"{today.isoformat()}T10:00",
        "month": today.strftime("%Y-%m"),
        "time": "10:00",
        "number": "1",
        "range": "1",
        "email": "fuzz@example.org",
        "tel": "+49 371 1234567",
        "url": "https://example.org/",
        "text": "Fuzz",
        "search": "",
        "textarea": "Fuzz",
    }


# --- The fuzzer --------------------------------------------------------------------------------


@dataclass
class Stats:
    requests: int = 0
    pages: int = 0
    forms: int = 0
    seconds: float = 0.0
    baseline_failed: list[str] = _field(default_factory=list)
    per_route: dict[str, tuple[int, float]] = _field(default_factory=dict)


class Fuzzer:
    """Crawl and fuzz the application as each of ``users`` (label -> user or None for an
    anonymous visitor). ``objects`` are the scenario's rows whose public ids fill URL patterns
    the crawl does not reach."""

    max_urls_per_pattern = 3

    def __init__(self, users: dict[str, Any], objects: Iterable[models.Model] = ()) -> None:
        self.users = users
        self.objects = [o for o in objects if hasattr(o, "public_id")]
        self.patterns, self.skipped = url_patterns()
        self.findings: dict[tuple[str, ...], Finding] = {}
        self.covered: set[str] = set()  # routes that answered something other than 404/405
        self.stats = Stats()
        self._fuzzed: set[tuple] = set()
        self._pool: dict[tuple[str, ...], list[tuple[set[str], dict[str, list[str]]]]] = {}
        self._by_name: dict[str, list[str]] = {}
        self._user = ""
        self._client = Client()
        self._csrf = ""

    # Running --------------------------------------------------------------------------------

    def run(self) -> Fuzzer:
        started = time.monotonic()
        for label, user in self.users.items():
            self._user = label
            self._client = Client(enforce_csrf_checks=True)
            if user is not None:
                self._client.force_login(user)
            pages, forms = self._crawl()
            self.stats.pages += len(pages)
            while forms:  # fragments a GET form answers with may hold more forms
                forms += self._fuzz_form(forms.pop(0))
        self._fuzz_unknown_objects()
        for route in self.uncovered():
            self._add("URL pattern not covered by the scenario", "get", route, route)
        for problem in scan_rows(project_models()):
            self._add("invalid value stored", "-", "(after the run)", "-", detail=problem)
        self.stats.seconds = time.monotonic() - started
        return self

    def uncovered(self) -> list[str]:
        return [p.route for p in self.patterns if p.route not in self.covered]

    def report(self, findings: Iterable[Finding] | None = None) -> str:
        shown = list(self.findings.values() if findings is None else findings)
        lines = [
            f"{len(shown)} findings in {self.stats.requests} requests "
            f"({self.stats.pages} pages, {self.stats.forms} forms, {self.stats.seconds:.0f} s)"
        ]
        lines += [f"  {finding}" for finding in shown]
        return "\n".join(lines)

    # Crawling -------------------------------------------------------------------------------

    def _crawl(self) -> tuple[list[str], list[Form]]:
        queue = [_example(p) for p in self.patterns if not p.converters]
        seen_urls: set[str] = set(queue)
        per_route: dict[str, int] = {}
        pages: list[str] = []
        forms: list[Form] = []
        while queue:
            url = queue.pop(0)
            response = self._request("get", url, {}, check=False)
            if response is None or response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            pages.append(url)
            parser = PageParser(url)
            parser.feed(response.content.decode())
            parser.close()
            self._csrf = parser.csrf_header or self._csrf
            for form in parser.forms:
                form.csrf = self._csrf
            forms += parser.forms
            targets = parser.links + [f.action for f in parser.forms if f.method == "get"]
            for form in parser.forms:
                self._remember(form)
            for href in targets:
                path, query = _local(href, url)
                if path is None:
                    continue
                if query:
                    forms.append(_link_form(url, path, query, self._csrf))
                route = _route(path)
                if route is None or route not in self._routes() or path in seen_urls:
                    continue
                # A few URLs per pattern, per value of its non-UUID parts (journal kinds).
                key = (
                    route,
                    *sorted(
                        str(v)
                        for v in resolve(path).kwargs.values()
                        if not isinstance(v, uuid.UUID)
                    ),
                )
                if per_route.get(key, 0) >= self.max_urls_per_pattern:
                    continue
                per_route[key] = per_route.get(key, 0) + 1
                seen_urls.add(path)
                queue.append(path)
        return pages, forms

    def _routes(self) -> set[str]:
        return {p.route for p in self.patterns}

    # Fuzzing --------------------------------------------------------------------------------

    def _fuzz_form(self, form: Form) -> list[Form]:
        """Fuzz the form field by field; the forms of a GET form's answer are returned."""
        path, query = _local(form.action, form.page)
        if path is None:
            return []
        route = _route(path)
        if route is None or route not in self._routes():
            return []
        names = tuple(sorted(form.fields)) + tuple(sorted(k for k, _ in form.extra))
        signature = (form.method, route, names, form.htmx)
        if signature in self._fuzzed:
            return []
        self._fuzzed.add(signature)
        self.stats.forms += 1
        extra = [*parse_qsl(query, keep_blank_values=True), *form.extra]
        csrf = form.csrf or self._csrf
        # The sane submission: the first way of filling the form that saves (for a POST).
        for strategy in _STRATEGIES:
            base = self._sane(form, strategy)
            baseline = self._submit(form, path, extra, base, csrf, "", "")
            if form.method == "get" or not _refused(baseline, form):
                break
        else:
            self.stats.baseline_failed.append(f"{route} {_form_errors(baseline)}")
            no_secret = not any(f.kind == "password" for f in form.fields.values())
            if no_secret and not form.uploads:  # no password known, no file to send
                self._add(
                    "the form as shown does not save",
                    "post",
                    path,
                    route,
                    detail=_form_errors(baseline),
                )
        fuzzable = [f for f in form.fields.values() if f.name not in _NOT_FUZZED]
        # GET parameters that only the query string or hx-vals carry are fuzzed too.
        for name, _value in extra:
            if name not in form.fields:
                fuzzable.append(Field(name, "hidden"))
        for f in fuzzable:
            for label in VALUES_FOR_KIND.get(f.kind, _TEXT):
                if form.method == "get" and label in _PLAIN_GET:
                    continue
                data = {k: list(v) for k, v in base.items()}
                extra_without = [(k, v) for k, v in extra if k != f.name]
                value = HOSTILE[label]
                if value is None:
                    data.pop(f.name, None)
                else:
                    data[f.name] = [value]
                self._submit(form, path, extra_without, data, csrf, f.name, label)
        return self._forms_in(baseline, path) if form.method == "get" else []

    def _forms_in(self, response: Any, url: str) -> list[Form]:
        if response is None or response.status_code != 200:
            return []
        if not response.get("Content-Type", "").startswith("text/html"):
            return []
        parser = PageParser(url)
        parser.feed(response.content.decode())
        parser.close()
        for form in parser.forms:
            form.csrf = self._csrf
        return parser.forms

    def _submit(
        self,
        form: Form,
        path: str,
        extra: list[tuple[str, str]],
        data: dict[str, list[str]],
        csrf: str,
        name: str,
        label: str,
    ) -> Any:
        headers = {"HTTP_HX_REQUEST": "true"} if form.htmx else {}
        if form.method == "get":
            pairs = [*extra, *((k, v) for k, vs in data.items() for v in vs)]
            url = f"{path}?{urlencode(pairs)}" if pairs else path
            return self._request("get", url, {}, headers=headers, field=name, label=label)
        if extra:
            path = f"{path}?{urlencode(extra)}"
        headers["HTTP_X_CSRFTOKEN"] = csrf
        data = {k: [_upload(v) if v in _FILES else v for v in vs] for k, vs in data.items()}
        return self._request(
            "post", path, data, headers=headers, field=name, label=label, check=True
        )

    def _sane(self, form: Form, strategy: str = "last") -> dict[str, list[str]]:
        """The values a browser would send, with empty fields filled in plausibly: from the same
        field of a form with the same fields for another object (the edit form of a record for
        the add form), else, for required fields, a value that suits the input type: for a
        select its last option ("last": the first is often the one the scenario already uses)
        or its first ("first"). With "named" ("named_last"), required fields take the first
        (last) value of a field of that name in another form (an occupation picked elsewhere);
        with "all", optional fields too; with "tick", as "all" and the first box of every
        checkbox group none of whose boxes is ticked."""
        own = set(_UUID.findall(form.action or form.page))
        candidates = self._pool.get(_pool_key(form), [])
        pool = next(
            (values for ids, values in candidates if not ids & own),
            candidates[0][1] if candidates else {},
        )
        defaults = _today_values()
        data: dict[str, list[str]] = {}
        for f in form.fields.values():
            values = [v for v in f.values if v != ""]
            if f.kind == "button":
                values = f.options[:1]  # the first submit button is pressed
            elif f.kind == "file":
                values = [_SANE_FILE]
            elif f.kind == "radio":
                values = values or [o for o in f.options if o][:1]
            elif f.kind == "checkbox":  # a checkbox sends what is checked, or nothing …
                if not values and strategy == "tick":  # … unless a person must tick one
                    values = [o for o in f.options if o][:1]
            else:
                values = values or pool.get(f.name, [])
                named = (
                    "required" in f.attrs
                    and strategy in ("named", "named_last")
                    or strategy in ("all", "tick")
                )
                if not values and named:
                    seen = [
                        v
                        for v in self._by_name.get(f.name, [])
                        if f.kind != "select" or v in f.options
                    ]
                    # "named_last": the value another form used last (the first may be one
                    # this object has already, e.g. an occupation that is already a target).
                    values = seen[-1:] if strategy == "named_last" else seen[:1]
                if not values and "required" in f.attrs:
                    options = [o for o in f.options if o]
                    if f.kind == "select":
                        values = options[:1] if strategy == "first" else options[-1:]
                    elif f.kind in defaults:
                        values = [_for_widget(f, defaults[f.kind])]
                values = values or [""]
            if values:
                data[f.name] = values
        return data

    def _remember(self, form: Form) -> None:
        """Keep a form's non-empty values for forms with the same fields (add after edit)."""
        values = {
            f.name: [v for v in f.values if v]
            for f in form.fields.values()
            if f.kind not in ("hidden", "button") and any(f.values)
        }
        ids = set(_UUID.findall(form.action or form.page))
        self._pool.setdefault(_pool_key(form), []).append((ids, values))
        for name, value in values.items():
            known = self._by_name.setdefault(name, [])
            known += [v for v in value if v not in known]

    # URL patterns the crawl did not reach ---------------------------------------------------

    def _fuzz_unknown_objects(self) -> None:
        """Every pattern with converters once with ids of no object (404, never 500), and the
        uncovered ones filled with the scenario's objects."""
        for pattern in self.patterns:
            if not pattern.converters:
                continue
            url = _example(pattern, missing=True)
            if url is None:
                continue
            for label, user in self.users.items():
                if user is None:
                    continue
                self._user = label
                self._client = Client()
                self._client.force_login(user)
                for method in ("get", "post"):  # a 500 or an exception is a finding
                    self._request(method, url, {}, check=True)
                if pattern.route not in self.covered:
                    self._fill(pattern)
                break

    def _fill(self, pattern: Pattern) -> None:
        slugs = [
            k
            for value in vars(sys.modules[pattern.callback.__module__]).values()
            if isinstance(value, dict) and value and all(isinstance(k, str) for k in value)
            for k in value
        ]
        choices: dict[str, list[str]] = {}
        for kw, kind in pattern.converters.items():
            if kind == "uuid":
                # The objects whose model the keyword names ("mentee_id") first.
                hinted = sorted(self.objects, key=lambda o: o._meta.model_name not in kw)
                choices[kw] = [str(o.public_id) for o in hinted]
            elif kind in ("slug", "str"):
                choices[kw] = slugs
            else:
                choices[kw] = ["1"]
        for combination in _product(choices, limit=400):
            url = "/" + _fill_route(pattern.route, combination)
            for method in ("get", "post"):
                self._request(method, url, {}, check=True)
            if pattern.route in self.covered:
                return

    # Requests -------------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        url: str,
        data: dict,
        *,
        headers: dict | None = None,
        field: str = "",
        label: str = "",
        check: bool = False,
    ) -> Any:
        """One request in a savepoint that is rolled back; problems become findings."""
        self.stats.requests += 1
        route = _route(urlsplit(url).path)
        route = url if route is None else route
        started = time.monotonic()
        try:
            return self._timed_request(method, url, data, route, headers, field, label, check)
        finally:
            spent = self.stats.per_route.get(route, (0, 0.0))
            self.stats.per_route[route] = (spent[0] + 1, spent[1] + time.monotonic() - started)

    def _timed_request(
        self,
        method: str,
        url: str,
        data: dict,
        route: str,
        headers: dict | None,
        field: str,
        label: str,
        check: bool,
    ) -> Any:
        value = label
        response = None
        recorder = _WriteRecorder()
        try:
            with transaction.atomic():
                try:
                    with connection.execute_wrapper(recorder):
                        response = getattr(self._client, method)(url, data, **(headers or {}))
                except Exception as error:
                    self._add("exception", method, url, route, field, value, error=error)
                    raise _Rollback from None
                if response.status_code not in (404, 405):
                    self.covered.add(route)
                if response.status_code >= 500:
                    self._add(f"answer {response.status_code}", method, url, route, field, value)
                elif response.get("Content-Type", "").startswith("text/html") and (
                    MARKUP in response.content.decode(errors="replace")
                ):
                    self._add("markup shown unescaped", method, url, route, field, value)
                if check and method == "post":
                    self._after_posting(response, url, route, field, value, recorder.tables)
                raise _Rollback
        except _Rollback:
            pass
        return response

    def _after_posting(
        self, response: Any, url: str, route: str, name: str, label: str, tables: set[str]
    ) -> None:
        """Read back what the request wrote; after a redirect, check where it leads."""
        saved = response.status_code in (301, 302, 303)
        if tables - {"audit_auditevent"}:
            try:
                problems = scan_rows(_models_for(tables))
            except Exception as error:
                problems = [f"reading back failed: {_one_line(error)}"]
            for problem in problems:
                self._add("invalid value stored", "post", url, route, name, label, problem)
        if not saved:
            return
        location = response["Location"]
        parts = urlsplit(location)
        if parts.netloc and parts.netloc != "testserver" or location.startswith("//"):
            self._add("redirect off the site", "post", url, route, name, label, location)
        if name in CONCURRENCY_TOKENS:
            self._add(
                "saved although the concurrency token was garbled or missing",
                "post",
                url,
                route,
                name,
                label,
            )
        if label not in _FOLLOWED or parts.netloc:
            return
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        after = self._follow("get", target, url, route, name, label)
        if label not in _DATES or after is None:
            return
        # A saved date must not lock the record: its pages and its delete button still work.
        ids = set(_UUID.findall(url)) | self._new_ids(tables)
        followed = 0
        for form in self._forms_in(after, target):
            path, _query = _local(form.action, target)
            if path and ids & set(_UUID.findall(path)) and form.method == "post":
                if "delete" in path and followed < 2:
                    followed += 1
                    self._follow("post", path, url, route, name, label, form.csrf)
        parser = PageParser(target)
        parser.feed(after.content.decode())
        parser.close()
        for href in dict.fromkeys(parser.links):
            path, _query = _local(href, target)
            if path and ids & set(_UUID.findall(path)) and followed < 4:
                followed += 1
                self._follow("get", path, url, route, name, label)

    def _follow(
        self,
        method: str,
        target: str,
        url: str,
        route: str,
        name: str,
        label: str,
        csrf: str = "",
    ) -> Any:
        """A request after a change was saved (in the same savepoint)."""
        self.stats.requests += 1
        headers = {"HTTP_X_CSRFTOKEN": csrf or self._csrf} if method == "post" else {}
        try:
            with transaction.atomic():
                after = getattr(self._client, method)(target, **headers)
        except Exception as error:
            self._add(
                "the page after saving fails",
                "post",
                url,
                route,
                name,
                label,
                f"{method.upper()} {target}: {_traceback_summary(error)}",
            )
            return None
        if after.status_code >= 500:
            self._add(
                f"the page after saving answers {after.status_code}",
                "post",
                url,
                route,
                name,
                label,
            )
        return after

    def _new_ids(self, tables: set[str]) -> set[str]:
        """Public ids of the rows the request created in ``tables``."""
        known = {str(o.public_id) for o in self.objects}
        ids: set[str] = set()
        for model in _models_for(tables):
            if any(f.name == "public_id" for f in model._meta.concrete_fields):
                try:
                    with transaction.atomic():
                        rows = model._base_manager.values_list("public_id", flat=True)
                        ids |= {str(i) for i in rows}
                except Exception:  # noqa: S112 - scan_rows reports unreadable rows
                    continue
        return ids - known

    def _add(
        self,
        problem: str,
        method: str,
        url: str,
        route: str,
        field: str = "",
        value: str = "",
        detail: str = "",
        error: BaseException | None = None,
    ) -> None:
        if error is not None:
            detail = _traceback_summary(error)
            problem = f"exception {type(error).__name__}"
        finding = Finding(
            problem,
            self._user,
            method,
            url[:200],
            route,
            field,
            [value] if value else [],
            [detail] if detail else [],
        )
        if finding.key() in self.findings:
            self.findings[finding.key()].merge(finding)
        else:
            self.findings[finding.key()] = finding


# --- URL helpers -------------------------------------------------------------------------------


_MISSING_UUID = "00000000-0000-4000-8000-000000000000"


def _upload(marker: str) -> Any:
    """A fresh upload for a file marker (a file object is read once by the test client)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    name, content = _FILES[marker]
    return SimpleUploadedFile(name, content)


def _example(pattern: Pattern, missing: bool = False) -> str | None:
    if not pattern.converters:
        return "/" + pattern.route
    if not missing:
        return None
    values = {
        kw: _MISSING_UUID if kind == "uuid" else "no-such-thing" if kind != "int" else "999999"
        for kw, kind in pattern.converters.items()
    }
    return "/" + _fill_route(pattern.route, values)


def _fill_route(route: str, values: dict[str, str]) -> str:
    return _CONVERTER.sub(lambda m: values[m.group(2)], route)


def _product(choices: dict[str, list[str]], limit: int) -> Iterator[dict[str, str]]:
    import itertools

    keys = list(choices)
    for count, combo in enumerate(itertools.product(*(choices[k] for k in keys))):
        if count >= limit:
            return
        yield dict(zip(keys, combo, strict=True))


def _local(href: str, page: str) -> tuple[str | None, str]:
    """The path and query of a link on the site, else (None, "")."""
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None, ""
    path = parts.path or urlsplit(page).path
    if not path.startswith("/"):
        base = urlsplit(page).path
        path = base[: base.rfind("/") + 1] + path
    return path, parts.query


def _route(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def _link_form(page: str, path: str, query: str, csrf: str) -> Form:
    form = Form(page, "get", path)
    for name, value in parse_qsl(query, keep_blank_values=True):
        form.add(Field(name, "hidden", [value]))
    form.csrf = csrf
    return form


#: The last, "tick", also ticks the first box of each group with none ticked (a person ticks
#: the mentees to invite; ticking is never tried before the form refused without it).
_STRATEGIES = ["last", "first", "named", "named_last", "all", "tick"]


def _refused(response: Any, form: Form) -> bool:
    """Whether a POST did not save: an error, or the form shown again (htmx answers 200; a
    download, such as a letter made, is an answer too)."""
    if response is None or response.status_code >= 400:
        return True
    if response.get("Content-Disposition", "").startswith("attachment"):
        return False
    return response.status_code == 200 and not form.htmx


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _pool_key(form: Form) -> tuple[str, ...]:
    return tuple(sorted(f.name for f in form.fields.values() if f.kind not in ("hidden", "button")))


def _for_widget(f: Field, value: str) -> str:
    if f.kind == "number" and f.attrs.get("min"):
        return f.attrs["min"]
    return value
