"""The sync's shared vocabulary: settings, progress, problems and errors, results."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from films.sync.state import key_text

PAUSE_ENV = "FILMKB_RELOAD_PAUSE_AFTER_WRITE"
MAX_LISTED_PROBLEMS = 50
PROGRESS_EVERY = 500

Progress = Callable[[str, int], None]


def _silent(message: str, level: int = 1) -> None:
    """Default progress sink: say nothing."""


def default_fixture_dir() -> Path:
    """The fixture directory export writes to and reload reads first (``fixtures/``)."""
    return Path(getattr(settings, "FIXTURE_DIR", settings.BASE_DIR / "fixtures"))


def default_fixture_dirs() -> list[Path]:
    """Every fixture directory a reload reads: ``FIXTURE_DIR``, then ``EXTRA_FIXTURE_DIRS``.

    The test suite adds ``tests/fixtures`` (a fictional film) this way; every
    directory has the same layout, and together they must not hold a row twice.
    """
    extra = getattr(settings, "EXTRA_FIXTURE_DIRS", ())
    return [default_fixture_dir(), *(Path(d) for d in extra)]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as possible."""

    message: str
    file: str = ""
    obj: str = ""
    field: str = ""

    def __str__(self):
        parts = [p for p in (self.file, self.obj) if p]
        if self.field:
            parts.append(f"field '{self.field}'")
        parts.append(self.message)
        return ": ".join(parts)


class SyncError(Exception):
    """The fixtures cannot be loaded; nothing was written."""

    def __init__(self, problems: Iterable[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self):
        shown = [str(p) for p in self.problems[:MAX_LISTED_PROBLEMS]]
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more problem(s).")
        if len(shown) == 1:
            return shown[0]
        return f"{len(self.problems)} problems; nothing was written:\n" + "\n".join(
            f"  {line}" for line in shown
        )


@dataclass(frozen=True)
class Conflict:
    """A row a curator changed since the last reload, which the reload would overwrite."""

    label: str
    key: tuple
    action: str  # "update", "delete" or "recreate"
    fields: tuple[str, ...] = ()

    def __str__(self):
        what = {
            "update": "changed since the last reload; the files would overwrite",
            "delete": "changed or added since the last reload; the files would delete it",
            "recreate": "deleted since the last reload; the files would recreate it",
        }[self.action]
        if self.fields:
            what += f" ({', '.join(self.fields)})"
        return f"{self.label} {key_text(self.key)}: {what}"


class ConflictError(SyncError):
    def __init__(self, conflicts: list[Conflict], result: SyncResult):
        self.conflicts = conflicts
        self.result = result
        super().__init__(
            Problem(
                f"{len(conflicts)} row(s) were changed by curators since the last reload; "
                "nothing was written. Export them to the fixtures first, or pass --force "
                "to overwrite:\n" + "\n".join(f"  {c}" for c in conflicts)
            )
        )


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self):
        return self.created + self.updated + self.deleted


@dataclass
class SyncResult:
    files: list[str] = field(default_factory=list)
    counts: dict[str, ModelCounts] = field(default_factory=dict)
    dry_run: bool = False
    forced: list[Conflict] = field(default_factory=list)
    version: int | None = None

    @property
    def total(self) -> ModelCounts:
        total = ModelCounts()
        for c in self.counts.values():
            total.created += c.created
            total.updated += c.updated
            total.deleted += c.deleted
            total.unchanged += c.unchanged
        return total

    @property
    def changed(self) -> bool:
        return self.total.changed > 0

    def table(self) -> str:
        """The per-model report as a plain-text table."""
        header = ("Model", "Created", "Updated", "Deleted", "Unchanged")
        rows = [
            (label, str(c.created), str(c.updated), str(c.deleted), str(c.unchanged))
            for label, c in self.counts.items()
        ]
        t = self.total
        rows.append(("Total", str(t.created), str(t.updated), str(t.deleted), str(t.unchanged)))
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(row):
            return "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([line(header), rule, *[line(r) for r in rows[:-1]], rule, line(rows[-1])])
