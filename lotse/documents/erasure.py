"""The documents' part of erasing a mentee (called by ``lotse.privacy``'s ``erase_mentee``
for every app, before the mentee's rows are removed)."""

from typing import Any

from lotse.cases.models import Mentee
from lotse.documents.services import documents_erase


def erase(mentee: Mentee, *, actor: Any) -> None:
    """Delete the mentee's documents and their files from the storage (once the erasure's
    transaction commits)."""
    documents_erase(mentee=mentee, actor=actor)
