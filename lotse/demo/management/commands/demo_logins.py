"""Print the demo logins (used by ``make demo``)."""

from typing import TextIO

from django.core.management.base import BaseCommand

from lotse.accounts.models import User
from lotse.demo.catalogues import DEMO_PASSWORD, PROJECTS
from lotse.demo.organisation import LOGINS


def print_logins(out: TextIO) -> None:
    existing = set(
        User.objects.filter(username__in=[x.username for x in LOGINS]).values_list(
            "username", flat=True
        )
    )
    if not existing:
        out.write("No demo logins yet: run `python manage.py load_demo` first.\n")
        return
    out.write(f"Demo logins (password for all: {DEMO_PASSWORD}):\n")
    for login in LOGINS:
        if login.username in existing:
            names = {spec.slug: spec.name for spec in PROJECTS}
            where = f" – {names[login.project]}" if login.project else ""
            out.write(f"  {login.username:<20} {login.role}{where}\n")


class Command(BaseCommand):
    help = "Print the demo logins and their password."

    def handle(self, *args: object, **options: object) -> None:
        print_logins(self.stdout)
