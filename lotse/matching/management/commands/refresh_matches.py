from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotse.matching.services import matches_refresh


class Command(BaseCommand):
    help = (
        "Rank the open vacancies for all active mentees and create a task for each new strong "
        "match."
    )

    def handle(self, *args, **options) -> None:
        result = matches_refresh()
        self.stdout.write(
            _("%(mentees)d mentees ranked, %(strong)d strong matches, %(tasks)d new tasks.")
            % {
                "mentees": result.mentees,
                "strong": result.strong_matches,
                "tasks": result.tasks_created,
            }
        )
