from django.core.management.base import BaseCommand

from lotse.employers.sectors import load_sectors


class Command(BaseCommand):
    help = "Load the WZ 2008 sector catalogue (sections and divisions). Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        count = load_sectors()
        self.stdout.write(self.style.SUCCESS(f"{count} WZ 2008 sectors loaded."))
