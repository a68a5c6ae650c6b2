"""Write the database back to the curated fixture files.

Curators edit in the admin; this turns their edits into a reviewable diff of
``fixtures/shared/*.json`` and ``fixtures/films/<slug>/*.json`` in the same
layout and order the reload reads, so a reload followed by an export leaves
the files byte-identical. Exporting does not change the reload baseline
(``FixtureRecord``): once the exported files are reloaded, the edited rows
match the files and become the baseline. The work is done by
``films.sync.export_fixtures``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from films import sync


class Command(BaseCommand):
    help = (
        "Write every fixture-managed row to JSON files in the fixture layout: shared rows to "
        "shared/<topic>.json, each film's rows to films/<film-slug>/<topic>.json (natural "
        "keys, sorted, indent 2). Files with no rows are written only if they exist."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Directory to write to (default: fixtures/).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report which files would change, writing nothing.",
        )

    def handle(self, *args, output, dry_run, verbosity, **options):
        try:
            report = sync.export_fixtures(output, dry_run=dry_run)
        except sync.SyncError as exc:
            raise CommandError(str(exc)) from None
        changed = [f for f in report if f.changed]
        if verbosity < 1:
            return
        for f in report:
            state = ("would change" if dry_run else "written") if f.changed else "unchanged"
            self.stdout.write(f"{f.path}: {f.objects} objects, {state}")
        verb = "would change" if dry_run else "changed"
        total = sum(f.objects for f in report)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {total} objects to {len(report)} file(s); {len(changed)} {verb}."
            )
        )
