"""Fill the database with a synthetic film archive, or remove it.

The knowledge base holds one film; performance work needs thousands. This
command writes deterministic synthetic films, people and facts shaped like
the article (see ``films.scale``), in bounded memory, so benchmarks and
``EXPLAIN`` see realistic data. ``--remove`` deletes every synthetic row and
nothing else.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from films import scale


class Command(BaseCommand):
    help = (
        "Generate deterministic synthetic films, people, credits and every kind of fact "
        "(slugs and keys start with 'synthetic-'), or remove them with --remove."
    )

    def add_arguments(self, parser):
        parser.add_argument("--films", type=int, default=10_000)
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--credits", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows per INSERT (default 2000)."
        )
        parser.add_argument(
            "--remove", action="store_true", help="Delete all synthetic rows instead."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be written; write nothing."
        )

    def handle(self, *args, films, people, credits, seed, batch_size, remove, dry_run, **options):
        verbosity = options["verbosity"]
        progress = self._progress_bar(verbosity)
        if remove:
            if dry_run:
                self._report("Would remove", scale.synthetic_counts())
                return
            deleted = scale.remove(progress=progress)
            total = sum(deleted.values())
            self.stdout.write(self.style.SUCCESS(f"Removed {total:,} synthetic rows."))
            return
        if films < 1 or people < 1 or credits < 0 or batch_size < 1:
            raise CommandError(
                "--films, --people and --batch-size must be at least 1 and --credits at least 0."
            )
        if dry_run:
            self.stdout.write(
                f"Would generate {films:,} films, {people:,} people and {credits:,} credits "
                f"with seed {seed}; nothing written."
            )
            return
        try:
            counts = scale.generate(
                films=films,
                people=people,
                credits=credits,
                seed=seed,
                batch_size=batch_size,
                progress=progress,
            )
        except ValueError as exc:
            raise CommandError(f"{exc} (run generate_scale_data --remove)") from None
        self._report("Generated", counts)

    def _report(self, verb, counts):
        summary = ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"{verb}: {summary}."))

    def _progress_bar(self, verbosity):
        """A one-line text progress bar on stderr (when it is a terminal or verbosity > 1)."""
        started = time.monotonic()
        live = verbosity >= 2 or (verbosity >= 1 and sys.stderr.isatty())

        def progress(stage, done, total):
            if not live:
                return
            width = 30
            filled = width * done // max(total, 1)
            elapsed = time.monotonic() - started
            self.stderr.write(
                f"\r{stage:>15} [{'#' * filled}{'.' * (width - filled)}] "
                f"{done:,}/{total:,} {elapsed:6.0f}s",
                ending="\n" if done >= total else "",
            )
            self.stderr.flush()

        return progress
