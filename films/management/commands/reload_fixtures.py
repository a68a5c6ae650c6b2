"""Make the database match the curated fixture files.

Maintainers edit ``fixtures/shared/*.json`` and
``fixtures/films/<slug>/*.json`` in review and run this to bring any database
(a laptop's SQLite, production PostgreSQL) to exactly that content, safely:
everything is validated first, written in one transaction, and rows curators
changed in the admin since the last reload are not overwritten without
``--force``. The work is done by ``films.sync.reload_fixtures``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from films import sync
from films.sync.backup import write_backup


class Command(BaseCommand):
    help = (
        "Make the database match the fixture files: create, update and delete rows of the "
        "fixture-managed models (films/fixture_layout.py) so that a second run changes "
        "nothing, not even the knowledge-base version. With no paths, fixtures/shared/*.json "
        "and every film folder fixtures/films/<slug>/*.json are loaded: the folders are the "
        "films (a film with no folder is deleted), and the models of absent shared files are "
        "left alone. With paths, only the models that appear in those files are synced, and "
        "for a film's facts only the films they name: their rows missing from the files are "
        "deleted, everything else is untouched. Everything is validated before anything is "
        "written, in one transaction. Rows changed by curators since the last reload are "
        "listed and the reload refused unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            help="Fixture files (default: every file of fixtures/shared/ and fixtures/films/*/).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report what would change, writing nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite or delete rows that curators changed since the last reload, "
            "after saving them to a timestamped backup file (export format; restore with "
            "loaddata).",
        )
        parser.add_argument(
            "--backup-dir",
            type=Path,
            default=None,
            help="Where --force writes its backup (default: backups/ in the project).",
        )

    def handle(self, *args, paths, dry_run, force, backup_dir, verbosity, **options):
        backups = []

        def backup(plan):
            if plan.result.forced:
                backups.append(write_backup(plan, backup_dir))

        def progress(message, level=1):
            if verbosity >= level:
                self.stdout.write(message)
                self.stdout.flush()

        try:
            with transaction.atomic():
                result = sync.reload_fixtures(
                    paths or None,
                    dry_run=dry_run,
                    force=force,
                    progress=progress,
                    before_write=backup,
                )
        except sync.ConflictError as exc:
            if verbosity >= 1:
                self.stdout.write(exc.result.table())
            raise CommandError(str(exc)) from None
        except sync.SyncError as exc:
            raise CommandError(str(exc)) from None

        if backups and backups[0] is not None:  # said even at verbosity 0
            self.stdout.write(
                f"Backup of the rows --force overwrites: {backups[0]} "
                f"(restore with: manage.py loaddata {backups[0]})"
            )
        if verbosity < 1:
            return
        if not result.files:
            self.stdout.write(f"No fixture files in {sync.default_fixture_dir()}; nothing to load.")
            return
        self.stdout.write(result.table())
        for conflict in result.forced:
            self.stdout.write(self.style.WARNING(f"Overwritten (--force): {conflict}"))
        t = result.total
        summary = (
            f"{t.created} created, {t.updated} updated, {t.deleted} deleted, "
            f"{t.unchanged} unchanged, from {len(result.files)} file(s)"
        )
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run, nothing written: {summary}."))
        elif not result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"No change: {summary}; knowledge-base version {result.version} kept."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Reloaded: {summary}; knowledge-base version {result.version}.")
            )
