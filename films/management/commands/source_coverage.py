"""Report which statements of a source the knowledge base does not yet hold.

A curator adding a source's facts needs to know what is still missing: this
splits the source's plain text into statements (``films.statements``) and
lists, per section, those no fact's or quotation's citation points to with a
locator (``films.coverage``). It reads the text from the path given; the
project never stores it. It writes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from films.coverage import CoverageInputError, measure_source


class Command(BaseCommand):
    help = (
        "Split a source's plain text into statements and report, per section, the statements "
        "no citation locator points to, with the coverage percentage. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", required=True, help="The source's key, e.g. wikipedia-her-film."
        )
        parser.add_argument(
            "--text", required=True, help="Path to the source's plain text (UTF-8)."
        )
        parser.add_argument(
            "--fail-under",
            type=float,
            default=None,
            help="Exit with an error when coverage is below this percentage.",
        )

    def handle(self, *args, source, text, fail_under, verbosity, **options):
        try:
            report = measure_source(source, text)
        except CoverageInputError as exc:
            raise CommandError(f"source_coverage: {exc}") from None
        if verbosity >= 1:
            lines = report.lines(verbose=verbosity >= 2)
            self.stdout.write(self.style.SUCCESS(lines[0]))
            for line in lines[1:]:
                self.stdout.write(line)
        if fail_under is not None and report.percent < fail_under:
            raise CommandError(
                f"source_coverage: {report.percent:.1f} % of {source} is covered, "
                f"under --fail-under {fail_under:g}"
            )
