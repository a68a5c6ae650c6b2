"""Scaffold a new film's fixture folder.

Adding a film to the knowledge base is adding a folder
``fixtures/films/<slug>/``; this writes it with a minimal valid
``film.json`` (the film row: title, slug, year) so a curator starts from
something ``reload_fixtures`` accepts. The README's "Adding a film" section
walks on from here. The work is done by ``films.scaffold.start_film``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from films import sync
from films.scaffold import start_film


class Command(BaseCommand):
    help = (
        "Create fixtures/films/<slug>/film.json for a new film (title, slug, year), in "
        "export form. Refuses an existing folder or an invalid slug, title or year."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The film's slug, e.g. 'her-2013' (title and year).")
        parser.add_argument("--title", required=True, help="The film's title.")
        parser.add_argument("--year", required=True, type=int, help="Year of first release.")
        parser.add_argument(
            "--fixture-dir",
            type=Path,
            default=None,
            help="Fixture directory to write in (default: fixtures/).",
        )

    def handle(self, *args, slug, title, year, fixture_dir, verbosity, **options):
        try:
            path = start_film(slug, title, year, fixture_dir or sync.default_fixture_dir())
        except sync.SyncError as exc:
            raise CommandError(str(exc)) from None
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {path}. Add facts to the topic files of {path.parent} (see the "
                    "README, 'Adding a film'), then run reload_fixtures --dry-run."
                )
            )
