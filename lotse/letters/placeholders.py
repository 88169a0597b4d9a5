"""The placeholders of letter templates: a small, safe syntax for text that users edit.

``{name}`` stands for a value the letter knows (the mentee's name, the appointment's date, …);
``{{`` and ``}}`` are a literal brace. Nothing else is interpreted: no expressions, no
attributes, no filters, and never the Django template engine. Each kind of letter knows its own
placeholders (``PLACEHOLDERS``); a template is checked against them when it is saved
(``check``), so filling it in (``fill``) cannot fail on a stored template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z][a-z_]{0,39}")

#: Every placeholder with what it stands for (shown on the edit page).
DESCRIPTIONS: dict[str, object] = {
    "name": _("the mentee's full name"),
    "first_name": _("the mentee's first name"),
    "last_name": _("the mentee's last name"),
    "mentor": _("the mentor's name"),
    "project": _("the project's name"),
    "organisation": _("the organisation's name"),
    "today": _("today's date"),
    "date": _("the appointment's date"),
    "time": _("the appointment's time"),
    "place": _("the appointment's place"),
    "with_whom": _("with whom the appointment is"),
    "purpose": _("the consent's purpose (in German)"),
    "consent_version": _("the version of the consent text"),
    "signed_on": _("the date the integration agreement was signed"),
    "reviewed_on": _("the date of its last review"),
    "goal": _("the agreed goal (as written, usually in German)"),
    "employer": _("the employer's name"),
    "since": _("the date the mentee joined the project"),
    "birth_date": _("the mentee's date of birth"),
}

_COMMON = ("name", "first_name", "last_name", "mentor", "project", "organisation", "today")
_APPOINTMENT = (*_COMMON, "date", "time", "place", "with_whom")

#: The placeholders each kind of letter may use (keys: ``LetterKind`` values).
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "invitation": _APPOINTMENT,
    "reminder": _APPOINTMENT,
    "consent": (*_COMMON, "purpose", "consent_version"),
    "agreement": (*_COMMON, "signed_on", "reviewed_on", "goal"),
    "employer": (*_COMMON, "employer", "since", "birth_date"),
}


def _names(text: str) -> tuple[list[str], list[str]]:
    """(placeholder names, syntax errors) of ``text``."""
    names: list[str] = []
    errors: list[str] = []
    for match in _TOKEN.finditer(text):
        piece = match.group(0)
        if piece in ("{{", "}}"):
            continue
        inner = match.group(1)
        if inner is None:
            errors.append(piece)
        elif not _NAME.fullmatch(inner.strip()):
            errors.append(piece)
        else:
            names.append(inner.strip())
    return names, errors


def check(text: str, kind: str) -> None:
    """Refuse ``text`` if it uses a placeholder the kind does not know or a brace that opens
    nothing; the message names the culprits and what may be used instead."""
    allowed = PLACEHOLDERS[kind]
    names, broken = _names(text)
    unknown = sorted({name for name in names if name not in allowed})
    available = ", ".join("{" + name + "}" for name in allowed)
    messages: list[str] = []
    if broken:
        shown = ", ".join(dict.fromkeys(piece[:30] for piece in broken))
        messages.append(
            str(
                _(
                    "This is not a placeholder: %(tokens)s. A placeholder is a name in braces, "
                    "like {name}; write {{ or }} for a brace in the text."
                )
            )
            % {"tokens": shown}
        )
    if unknown:
        shown = ", ".join("{" + name + "}" for name in unknown)
        messages.append(
            ngettext(
                "This letter does not know the placeholder %(names)s.",
                "This letter does not know the placeholders %(names)s.",
                len(unknown),
            )
            % {"names": shown}
        )
    if messages:
        messages.append(str(_("You can use: %(available)s.")) % {"available": available})
        raise ValidationError(" ".join(messages), code="placeholder")


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each placeholder replaced by its value (plain text; escaping is the
    output's job). A placeholder without a value becomes empty."""

    def replace(match: re.Match[str]) -> str:
        piece = match.group(0)
        if piece == "{{":
            return "{"
        if piece == "}}":
            return "}"
        inner = match.group(1)
        if inner is None or not _NAME.fullmatch(inner.strip()):
            return piece
        return str(values.get(inner.strip(), ""))

    return _TOKEN.sub(replace, text)


def paragraphs(text: str) -> list[list[str]]:
    """``text`` split into paragraphs (at blank lines), each a list of its lines."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    lines = ([line.strip() for line in block.split("\n") if line.strip()] for block in blocks)
    return [block for block in lines if block]


def fill_paragraphs(text: str, values: Mapping[str, str]) -> list[list[str]]:
    """``text`` filled in, as paragraphs of lines. A line whose placeholders are all empty
    ("Place: {place}" without a place) is left out, so a letter has no dangling labels."""
    filled = []
    for block in paragraphs(text):
        lines = []
        for line in block:
            names, _broken = _names(line)
            if names and not any(str(values.get(name, "")).strip() for name in names):
                continue
            lines.append(fill(line, values))
        if lines:
            filled.append(lines)
    return filled
