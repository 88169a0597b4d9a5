"""No silent lost updates for records edited in forms.

The form carries the record's ``updated_at`` from when it was opened (a hidden ``seen`` field);
the service calls ``check_not_stale`` inside its transaction before writing. The mentee itself
uses a version counter instead (``cases.services``), because other writes bump it too.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaleRecordError(ValidationError):
    """Someone else saved the record after the form was opened; nothing was changed."""


def check_not_stale(
    model: type[models.Model], pk: int, expected_updated_at: datetime.datetime | None
) -> None:
    """Lock the row and refuse the change if it was saved since ``expected_updated_at``.

    Without ``expected_updated_at`` (a caller that did not show a form) nothing is checked.
    """
    if expected_updated_at is None:
        return
    current = (
        model.objects.select_for_update().filter(pk=pk).values_list("updated_at", flat=True).first()
    )
    if current is None:
        raise ValidationError(_("This record has been deleted in the meantime."))
    if current != expected_updated_at:
        raise StaleRecordError(
            _(
                "Someone else has changed this record since you opened it. Your input is shown "
                "below; check the current record and save again to overwrite it."
            )
        )
