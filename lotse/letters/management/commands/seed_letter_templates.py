"""Load the programme-wide letter templates (``lotse/letters/data/templates.json``).

    manage.py seed_letter_templates

Safe to run again: a text already stored is left alone; a changed one becomes a new version.
"""

from django.core.management.base import BaseCommand

from lotse.letters.models import LetterTemplate
from lotse.letters.seed import seed


class Command(BaseCommand):
    help = "Load the programme-wide letter templates (new versions only where the text changed)."

    def handle(self, *args, **options) -> None:
        added = seed(LetterTemplate)
        self.stdout.write(f"{added} letter template version(s) added.")
