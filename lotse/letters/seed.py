"""The programme-wide letter templates from ``data/templates.json`` (German and the
translations; every translation "to be checked by a native speaker" until someone confirms it).

Used by the data migration and by ``manage.py seed_letter_templates``; running it twice changes
nothing. A text in the file that differs from the newest programme version becomes the next
version, so published wording is never overwritten.
"""

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "templates.json"


def default_texts() -> list[dict[str, str]]:
    return json.loads(DATA.read_text(encoding="utf-8"))["templates"]


def seed(model: Any) -> int:
    """Add what is new in the file as programme-wide versions of ``model`` (the
    ``LetterTemplate`` class, or its historical version in a migration); return how many."""
    added = 0
    for row in default_texts():
        newest = (
            model.objects.filter(kind=row["kind"], language=row["language"], project=None)
            .order_by("-version")
            .first()
        )
        if newest is not None and (newest.subject, newest.body) == (row["subject"], row["body"]):
            continue
        model.objects.create(
            kind=row["kind"],
            language=row["language"],
            project=None,
            version=(newest.version + 1) if newest else 1,
            subject=row["subject"],
            body=row["body"],
        )
        added += 1
    return added
