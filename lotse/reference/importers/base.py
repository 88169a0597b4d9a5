"""What every reference import shares: finding the file, reporting progress, checking every
value of a row, comparing with the table before writing, and failing with a message that names
the file, the line and the column.

The value checks (``digits``, ``integer``, ``decimal``, ``text``) take the raw text of one cell
and return the clean value or raise ``BadValue`` with a sentence saying what is wrong; ``Problems``
collects those sentences per file as ``file:line: column: what is wrong`` and raises one
``ReferenceImportError`` listing them, so an operator sees every bad value of a file at once and
nothing is written.
"""

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def grouped(number: int) -> str:
    """``number`` with the thousands separator of the active language (2,195 / 2.195)."""
    return number_format(number, force_grouping=True)


#: Receives one line of progress ("KldB: 2,195 rows read").
Progress = Callable[[str], None]


def no_progress(message: str) -> None:
    """The default progress sink: say nothing."""


class ReferenceImportError(Exception):
    """A reference file is missing, wrong or damaged. Nothing was written.

    The message says what is wrong and where (file, line or row), for the operator who runs the
    import; the management commands turn it into a ``CommandError``.
    """


@dataclass
class ImportResult:
    """What one import did. ``total`` counts the rows of the file (after merging), ``kept`` the
    rows that are in the table but no longer in the file (they are kept: other records may
    point to them)."""

    label: str
    total: int = 0
    created: int = 0
    changed: int = 0
    kept: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return self.created == 0 and self.changed == 0

    def add(self, other: "ImportResult") -> None:
        self.total += other.total
        self.created += other.created
        self.changed += other.changed
        self.kept += other.kept

    def summary(self) -> str:
        text = _("%(label)s: %(total)s positions, %(created)s created, %(changed)s changed") % {
            "label": self.label,
            "total": grouped(self.total),
            "created": grouped(self.created),
            "changed": grouped(self.changed),
        }
        if self.kept:
            text += ", " + _("%(kept)s no longer in the file (kept)") % {"kept": grouped(self.kept)}
        if self.unchanged:
            text += " - " + _("nothing to do, the table was already up to date")
        return text


def reading(label: str, path: Path) -> str:
    """The progress line at the start of an import: "Postcodes: reading DE.txt …"."""
    return _("%(label)s: reading %(file)s …") % {"label": label, "file": path.name}


def rows_read(label: str, count: int) -> str:
    """The progress line after reading a file: "KldB: 2,195 rows read"."""
    return _("%(label)s: %(count)s rows read") % {"label": label, "count": grouped(count)}


def reference_dir(directory: Path | str | None = None) -> Path:
    """The folder with the reference files: ``directory`` or ``settings.LOTSE_REFERENCE_DIR``."""
    if directory is None:
        directory = getattr(settings, "LOTSE_REFERENCE_DIR", None)
    if directory is None:
        raise ReferenceImportError(
            _(
                "LOTSE_REFERENCE_DIR is not set and ../shared/reference does not exist. Set "
                "LOTSE_REFERENCE_DIR to the folder with kldb2010/ and geonames/ (see README.md, "
                "'Configuration')."
            )
        )
    path = Path(directory)
    if not path.is_dir():
        raise ReferenceImportError(
            _("The reference folder %(path)s does not exist.") % {"path": path}
        )
    return path


def reference_file(relative: str, directory: Path | str | None = None) -> Path:
    """The path of one reference file; fails with a clear message if it is missing."""
    path = reference_dir(directory) / relative
    if not path.is_file():
        raise ReferenceImportError(
            _(
                "The file %(path)s is missing. Download it from the publisher (see the README "
                "of the reference folder) or set LOTSE_REFERENCE_DIR."
            )
            % {"path": path}
        )
    return path


#: How many problems of one file an error message lists (all of them are counted).
SHOWN_PROBLEMS = 20


# --- checking the values of a row ----------------------------------------------------------------


class BadValue(ValueError):
    """One cell's value cannot be imported; the message is a sentence saying why."""


#: Unicode categories refused in imported text: control characters (Cc: NUL, line breaks, …),
#: invisible format characters (Cf: bidirectional overrides, zero-width spaces, a stray
#: byte-order mark), surrogates (Cs), private-use (Co) and unassigned code points (Cn), and the
#: line and paragraph separators (Zl, Zp). Stricter than the forms (``lotse.lib.validation``
#: refuses control characters and direction overrides): reference titles and places are search
#: keys, and an invisible character in "Fri\u200bseur/in" would hide it from every search.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_ASCII_DIGITS = re.compile(r"[0-9]+")
_ASCII_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_SHOWN_VALUE = 40


def shown(value: str) -> str:
    """``value`` as it appears in a message: quoted with escapes (so that a NUL byte or a
    right-to-left override is visible), long values shortened."""
    if len(value) > _SHOWN_VALUE:
        return repr(value[:_SHOWN_VALUE]) + "…"
    return repr(value)


#: The control characters most likely in a damaged file (Unicode gives them no name).
_CONTROL_NAMES = {
    0x00: "NULL",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}


def character_name(char: str) -> str:
    """``U+00B2 SUPERSCRIPT TWO``: a character that may be invisible, named for a message."""
    name = unicodedata.name(char, None) or _CONTROL_NAMES.get(ord(char))
    if name is None:
        if unicodedata.category(char) == "Cc":
            name = _("a control character")
        else:
            name = _("a character without a name")
    return f"U+{ord(char):04X} {name}"


def digits(raw: str, *, length: int | None = None, max_length: int | None = None) -> str:
    """``raw`` without surrounding spaces if it consists of the ASCII digits 0-9 only (exactly
    ``length`` or at most ``max_length`` of them). ``str.isdigit`` would also accept ``²`` and
    Arabic-Indic digits, which ``int()`` then refuses or silently converts."""
    value = raw.strip()
    if not _ASCII_DIGITS.fullmatch(value):
        odd = next((c for c in value if c not in "0123456789"), None)
        if odd is None:
            raise BadValue(_("The value is empty; a number of the digits 0-9 is required."))
        raise BadValue(
            _(
                "The value %(value)s is not a number written with the digits 0-9 (it contains "
                "%(char)s)."
            )
            % {"value": shown(value), "char": character_name(odd)}
        )
    if length is not None and len(value) != length:
        raise BadValue(
            _("The value %(value)s has %(found)d digit(s) instead of exactly %(length)d.")
            % {"value": shown(value), "found": len(value), "length": length}
        )
    if max_length is not None and len(value) > max_length:
        raise BadValue(
            _("The value %(value)s has %(found)d digits; at most %(length)d are allowed here.")
            % {"value": shown(value), "found": len(value), "length": max_length}
        )
    return value


def integer(raw: str, *, minimum: int, maximum: int) -> int:
    """``raw`` as a whole number of ASCII digits between ``minimum`` and ``maximum``."""
    number = int(digits(raw, max_length=len(str(maximum))))  # int() refuses 4,301 digits
    if not minimum <= number <= maximum:
        raise BadValue(
            _("The number %(value)s is not between %(minimum)s and %(maximum)s.")
            % {"value": shown(raw.strip()), "minimum": minimum, "maximum": maximum}
        )
    return number


def decimal(raw: str, *, minimum: float, maximum: float) -> float:
    """``raw`` as a decimal number (ASCII digits, optional minus sign and decimal point; no
    exponents, ``inf``, ``nan`` or underscores, which ``float()`` would accept) in the range."""
    value = raw.strip()
    if not _ASCII_DECIMAL.fullmatch(value):
        raise BadValue(
            _(
                "The value %(value)s is not a decimal number written with the digits 0-9 and a "
                "decimal point."
            )
            % {"value": shown(value)}
        )
    number = float(value)
    if not minimum <= number <= maximum:
        raise BadValue(
            _("The number %(value)s is not between %(minimum)s and %(maximum)s.")
            % {"value": shown(value), "minimum": minimum, "maximum": maximum}
        )
    return number


def text(raw: str, *, max_length: int | None, required: bool = False) -> str:
    """``raw`` normalised to NFC without surrounding white space. Refuses control and invisible
    format characters (``REFUSED_CATEGORIES``) and text longer than ``max_length`` (after
    normalising; never cut), and empty text if ``required``."""
    value = unicodedata.normalize("NFC", raw).strip()
    odd = None
    if not value.isprintable():  # fast path: no character of the categories C* and Z* but " "
        odd = next((c for c in value if unicodedata.category(c) in REFUSED_CATEGORIES), None)
    if odd is not None:
        raise BadValue(
            _(
                "The text %(value)s contains the control or invisible formatting character "
                "%(char)s, which is not allowed; remove it from the file."
            )
            % {"value": shown(value), "char": character_name(odd)}
        )
    if max_length is not None and len(value) > max_length:
        raise BadValue(
            _(
                "The text %(value)s is %(length)d characters long; at most %(maximum)d fit. "
                "Shorten it in the file: nothing is cut off on import."
            )
            % {"value": shown(value), "length": len(value), "maximum": max_length}
        )
    if required and not value:
        raise BadValue(_("The value is empty, but it is required."))
    return value


def choice(raw: str, *, choices: Iterable[str]) -> str:
    """``raw`` without surrounding spaces if it is one of ``choices``."""
    value = raw.strip()
    choices = list(choices)
    if value not in choices:
        raise BadValue(
            _("The value %(value)s is not one of %(choices)s.")
            % {"value": shown(value), "choices": ", ".join(choices)}
        )
    return value


def shown_json(value: object) -> str:
    """A JSON value as it appears in a message, long values shortened."""
    dumped = json.dumps(value, ensure_ascii=False)
    return dumped if len(dumped) <= _SHOWN_VALUE else dumped[:_SHOWN_VALUE] + "…"


def json_text(value: object, *, max_length: int | None, required: bool = False) -> str:
    """A JSON string checked like ``text``; a missing value (``null``) is empty text."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise BadValue(_("The value %(value)s is not text.") % {"value": shown_json(value)})
    return text(value, max_length=max_length, required=required)


def json_object(value: object) -> dict:
    if not isinstance(value, dict):
        raise BadValue(
            _("The entry %(value)s is not a JSON object.") % {"value": shown_json(value)}
        )
    return value


def json_list(value: object) -> list:
    if not isinstance(value, list):
        raise BadValue(_("The value %(value)s is not a JSON list.") % {"value": shown_json(value)})
    return value


def repeated(value: str, first: int | str) -> str:
    """The message for a key given twice in a file; ``first`` is the line (or entry) that
    gave it first."""
    return _("The value %(value)s repeats %(first)s.") % {
        "value": shown(value),
        "first": _("line %(line)d") % {"line": first} if isinstance(first, int) else first,
    }


def read_json_list(path: Path, key: str) -> list:
    """The list under ``key`` of the JSON object in ``path`` (a BOM at the start is skipped)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceImportError(
            _("%(file)s: not a readable JSON file (%(error)s).") % {"file": path.name, "error": exc}
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ReferenceImportError(
            _("%(file)s: expected an object with a list %(key)s.")
            % {"file": path.name, "key": repr(key)}
        )
    return data[key]


def max_length(model: type[models.Model], name: str) -> int | None:
    """The ``max_length`` of ``model``'s field ``name``: what the import may store there."""
    return model._meta.get_field(name).max_length


class Problems:
    """What is wrong with one source (a file, or a library for the catalogues), as
    ``file:line: column: what is wrong``. Counts every problem and keeps the first ``keep``;
    ``fail`` raises them as one ``ReferenceImportError``."""

    def __init__(self, source: Path | str, keep: int = SHOWN_PROBLEMS) -> None:
        self.name = source.name if isinstance(source, Path) else source
        self.keep = keep
        self.messages: list[str] = []
        self.count = 0

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, line: int | str, column: str, message: str) -> None:
        """Record a problem at ``line`` (a line or row number, or a description such as "rule 3"
        for a file without meaningful lines) in ``column``."""
        self.count += 1
        if len(self.messages) < self.keep:
            where = f":{line}" if isinstance(line, int) else f", {line}"
            self.messages.append(f"{self.name}{where}: {column}: {message}")

    def row(self, line: int | str) -> "RowCheck":
        return RowCheck(self, line)

    def fail(self, what: str | None = None) -> None:
        """If any problem was found, raise one error that lists the first of them and counts
        all; ``what`` says what they are (default: values that cannot be imported)."""
        if not self.count:
            return
        listed = "\n  ".join(self.messages)
        if self.count > len(self.messages):
            more = _("… and %(count)s more") % {"count": grouped(self.count - len(self.messages))}
            listed += f"\n  {more}"
        heading = _("%(file)s: %(what)s (%(count)s problem(s)); nothing was imported:") % {
            "file": self.name,
            "what": what or _("values that cannot be imported"),
            "count": grouped(self.count),
        }
        raise ReferenceImportError(f"{heading}\n  {listed}")


class RowCheck:
    """Checks the cells of one line: ``row(column, check, raw, **options)`` returns the clean
    value, or ``None`` after recording the problem; ``row.ok`` says whether all cells passed."""

    def __init__(self, problems: Problems, line: int | str) -> None:
        self.problems = problems
        self.line = line
        self.ok = True

    def __call__(self, column: str, check: Callable[..., Any], raw: str, **options: Any) -> Any:
        try:
            return check(raw, **options)
        except BadValue as exc:
            self.error(column, str(exc))
            return None

    def error(self, column: str, message: str) -> None:
        self.ok = False
        self.problems.add(self.line, column, message)


def sync_table(
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    *,
    key: Sequence[str],
    fields: Sequence[str],
    result: ImportResult,
    progress: Progress = no_progress,
    update: bool = True,
) -> None:
    """Bring ``model``'s table in line with ``rows`` by comparing before writing.

    ``key`` names the fields that identify a row (the primary key or a natural key), ``fields``
    the values compared and written. New rows are bulk-created, differing rows bulk-updated
    (unless ``update`` is false: then they are only counted in ``result.details``), equal rows
    are left alone, so a second run writes nothing. Rows in the table but not in ``rows`` are
    kept and counted. Call inside ``transaction.atomic``.
    """
    pk_name = model._meta.pk.attname
    columns = list(dict.fromkeys([pk_name, *key, *fields]))
    existing = {tuple(row[k] for k in key): row for row in model.objects.values(*columns)}
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    differing: list[str] = []
    seen: set[tuple] = set()
    for row in rows:
        row_key = tuple(row[k] for k in key)
        seen.add(row_key)
        result.total += 1
        current = existing.get(row_key)
        if current is None:
            to_create.append(model(**row))
        elif any(current[f] != row[f] for f in fields):
            if update:
                to_update.append(model(**{pk_name: current[pk_name], **row}))
            else:
                differing.append(" ".join(str(part) for part in row_key))
    result.kept += sum(1 for k in existing if k not in seen)
    if to_create:
        progress(
            _("%(label)s: creating %(count)s rows …")
            % {"label": result.label, "count": grouped(len(to_create))}
        )
        model.objects.bulk_create(to_create, batch_size=1000)
        result.created += len(to_create)
    if to_update:
        progress(
            _("%(label)s: updating %(count)s rows …")
            % {"label": result.label, "count": grouped(len(to_update))}
        )
        update_fields = [f for f in fields if f not in key]
        model.objects.bulk_update(to_update, update_fields, batch_size=500)
        result.changed += len(to_update)
    if differing:
        result.details.append(
            _(
                "%(count)s row(s) differ from the file and were left as they are (edited in the "
                "admin?): %(keys)s; run with --overwrite to replace them with the file's values."
            )
            % {"count": grouped(len(differing)), "keys": ", ".join(differing[:10])}
        )
