"""The reload's entry point: plan and apply in one transaction, one reload at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.db import DatabaseError, router, transaction

from filmkb.versioning import (
    lock_for_reload,
)
from films.models import FixtureRecord
from films.sync.apply import apply_plan
from films.sync.base import (
    Problem,
    Progress,
    SyncError,
    SyncResult,
    _silent,
    default_fixture_dirs,
)
from films.sync.plan import Plan, plan_reload
from films.sync.read import find_fixture_files


def reload_fixtures(
    paths: list[Path] | None = None,
    *,
    fixture_dir: Path | None = None,
    fixture_dirs: list[Path] | None = None,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress = _silent,
    before_write: Callable[[Plan], object] | None = None,
) -> SyncResult:
    """Make the database match the fixture files, in one transaction.

    With no ``paths``, every layout file of ``fixture_dirs`` (default:
    ``fixture_dir``, else ``default_fixture_dirs()``) is read.
    Raises ``SyncError`` (nothing written) on bad input and ``ConflictError``
    when curators' edits would be overwritten without ``force``.
    ``before_write(plan)`` runs once the plan is made, before any write (the
    command's backup of what ``--force`` overwrites, ``films/sync/backup.py``).
    """
    if paths:
        paths, layout = [Path(p) for p in paths], None
    else:
        dirs = fixture_dirs or ([fixture_dir] if fixture_dir else default_fixture_dirs())
        files = find_fixture_files(dirs)
        paths, layout = [f.path for f in files], {str(f.path): f for f in files}
    if not paths:
        return SyncResult(dry_run=dry_run)
    using = router.db_for_write(FixtureRecord)
    try:
        with transaction.atomic(using=using):
            # One reload at a time. On PostgreSQL this also makes a curator's
            # save that lands mid-reload wait (its version bump needs this row)
            # or fail, rather than be overwritten unseen. SQLite locks on BEGIN.
            lock_for_reload()
            plan = plan_reload(
                paths, layout=layout, force=force, dry_run=dry_run, progress=progress
            )
            if dry_run:
                return plan.result
            if before_write is not None:
                before_write(plan)
            progress("Writing", 1)
            return apply_plan(plan, progress)
    except DatabaseError as exc:
        raise SyncError(Problem(f"the database refused the change: {exc}")) from exc
