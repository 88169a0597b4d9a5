"""Helpers for data migrations."""

from django.core.exceptions import ValidationError
from django.db import models

from lotse.lib.validation import normalise_phone


def normalise_phones(model: type[models.Model], field: str = "phone") -> int:
    """Rewrite the stored numbers of ``model.field`` in E.164 where they parse; the others stay
    as they are. Returns the number of rows changed."""
    changed = []
    for obj in model.objects.exclude(**{field: ""}).only("pk", field).iterator():
        old = getattr(obj, field)
        try:
            new = normalise_phone(old)
        except ValidationError:  # an unparseable number stays as written
            continue
        if new != old:
            setattr(obj, field, new)
            changed.append(obj)
    model.objects.bulk_update(changed, [field], batch_size=500)
    return len(changed)
