"""``manage.py import_ba_vacancies [--area "Leipzig:25"] …``: one import run from the BA job
board (``lotse.jobsuche.sync.ba_import``); safe to run twice."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lotse.jobsuche.client import OFFER_TYPES
from lotse.jobsuche.models import ImportStatus
from lotse.jobsuche.sync import ba_import, parse_areas


class Command(BaseCommand):
    help = "Import the vacancies of the BA job board (new, changed, closed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            help='Where to search: "place" or "place:radius km" (repeatable; default: the '
            "LOTSE_BA_JOBSUCHE_AREAS setting or the projects' districts).",
        )
        parser.add_argument(
            "--offer",
            action="append",
            choices=sorted(OFFER_TYPES),
            default=[],
            help="Offer types to search (repeatable; default: all).",
        )

    def handle(self, *args, **options):
        areas = parse_areas(";".join(options["area"])) if options["area"] else None
        offers = [OFFER_TYPES[name] for name in options["offer"]] or list(OFFER_TYPES.values())
        run = ba_import(areas=areas, offers=offers)
        self.stdout.write(
            _(
                "BA import %(status)s: %(found)s found, %(new)s new, %(changed)s changed, "
                "%(unchanged)s unchanged, %(closed)s closed, %(failed)s failed"
            )
            % {
                "status": run.get_status_display(),
                "found": run.found,
                "new": run.new,
                "changed": run.changed,
                "unchanged": run.unchanged,
                "closed": run.closed,
                "failed": run.failed,
            }
        )
        for problem in run.problems:
            self.stderr.write(f"  {problem}")
        if run.status == ImportStatus.FAILED:
            raise CommandError(_("The import failed; nothing was changed."))
