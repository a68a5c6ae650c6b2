"""The backup ``reload_fixtures --force`` writes before it overwrites curators' edits.

``--force`` overwrites rows curators changed since the last reload and deletes
rows they added. Before writing anything, the reload saves the current form of
exactly those rows to one timestamped file in the export format (Django JSON
with natural keys, no ids: ``films.sync.export.render_fixtures`` does the
serializing), and reports its path. Restore it with Django's own loader, which
matches rows by natural key and updates or recreates them::

    python manage.py loaddata backups/reload-force-20261202T070512Z.json

A row a curator deleted, which ``--force`` recreates from the files, has
nothing to back up: it is listed in the reload's report.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from films.sync.base import Problem, SyncError
from films.sync.export import render_fixtures
from films.sync.state import DatabaseState


def default_backup_dir() -> Path:
    return Path(getattr(settings, "RELOAD_BACKUP_DIR", Path(settings.BASE_DIR) / "backups"))


def overwritten_rows(plan) -> DatabaseState:
    """The current rows the plan's forced conflicts would overwrite or delete."""
    state = DatabaseState()
    for conflict in plan.result.forced:
        row = plan.state.rows.get(conflict.label, {}).get(conflict.key)
        if row is not None:  # a "recreate" conflict: the row is gone already
            state.rows.setdefault(conflict.label, {})[conflict.key] = row
    return state


def write_backup(plan, directory: Path | None = None) -> Path | None:
    """Write the rows ``--force`` will overwrite to a new timestamped file; return its path.

    None when no existing row is overwritten. Raises ``SyncError``
    (nothing written) when the file cannot be written.
    """
    state = overwritten_rows(plan)
    if not state.rows:
        return None
    objects = []
    for text, count in render_fixtures(state).values():
        if count:
            objects.extend(json.loads(text))
    directory = Path(directory or default_backup_dir())
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    path = directory / f"reload-force-{stamp}.json"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(json.dumps(objects, indent=2, ensure_ascii=False) + "\n")
        Path(tmp).replace(path)
    except OSError as exc:
        raise SyncError(
            Problem(f"cannot write the backup before --force: {exc}", file=str(path))
        ) from None
    return path
