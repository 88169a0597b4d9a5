"""Helpers for migrations: data migrations, and what only PostgreSQL has (``OnPostgreSQL``)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import migrations, models

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


class OnPostgreSQL(migrations.operations.base.Operation):
    """Runs the wrapped operations' database changes on PostgreSQL and does nothing elsewhere
    (SQLite). The migration state is left as it is: the models do not declare what is wrapped
    here, so ``makemigrations`` never sees it and SQLite never needs it."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, *operations: migrations.operations.base.Operation) -> None:
        self.operations = list(operations)

    def deconstruct(self) -> tuple[str, list, dict]:
        return (self.__class__.__qualname__, self.operations, {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for operation in self.operations:
                operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for operation in reversed(self.operations):
                operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return "On PostgreSQL only: " + "; ".join(op.describe() for op in self.operations)
