"""Write the API's OpenAPI description to ``docs/api/openapi.json`` (or check that it is
current with ``--check``); a test fails when the committed file differs from the API."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lotse.api.api import api

PATH = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"


def schema_text() -> str:
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write docs/api/openapi.json from the API (--check: only compare)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if the file differs.")

    def handle(self, *args, check: bool = False, **options) -> None:
        text = schema_text()
        if check:
            if not PATH.exists() or PATH.read_text(encoding="utf-8") != text:
                raise CommandError(f"{PATH} is not current: run manage.py api_schema")
            self.stdout.write("The committed OpenAPI description is current.")
            return
        PATH.parent.mkdir(parents=True, exist_ok=True)
        PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {PATH}")
