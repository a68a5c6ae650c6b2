"""Delete every synthetic row written by ``generate_scale_data``; curated data stays."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Remove all synthetic data (same as generate_scale_data --remove)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count; delete nothing.")

    def handle(self, *args, dry_run, **options):
        call_command(
            "generate_scale_data",
            remove=True,
            dry_run=dry_run,
            verbosity=options["verbosity"],
            stdout=self.stdout._out,
            stderr=self.stderr._out,
        )
