"""Export: write the database back to the fixture layout, byte-identical to what a reload reads."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from films.fixture_layout import (
    FILM_FILE_OF,
    FILM_LAYOUT,
    FILMS_DIR,
    SHARED_DIR,
    SHARED_LAYOUT,
    owner_of,
)
from films.sync.base import Problem, SyncError, default_fixture_dir, default_fixture_dirs
from films.sync.read import find_fixture_files
from films.sync.state import DatabaseState, _sort_key, load_state


def render_fixtures(state: DatabaseState | None = None) -> dict[str, tuple[str, int]]:
    """Layout path (``shared/people.json``, ``films/<slug>/film.json``) -> (the text
    export would write, its number of objects).

    Every shared file is listed, and every film file of a film with rows. A
    film's rows go to the folder of the film their natural key names.
    """
    state = state or load_state()
    grouped: dict[str, list[dict]] = {f"{SHARED_DIR}/{name}": [] for name in SHARED_LAYOUT}
    films = sorted(
        {owner_of(label, key) for label in FILM_FILE_OF for key in state.rows.get(label, {})}
    )
    order = [(None, name, labels) for name, labels in SHARED_LAYOUT.items()]
    order += [(film, name, labels) for film in films for name, labels in FILM_LAYOUT.items()]
    for film, name, labels in order:
        path = f"{SHARED_DIR}/{name}" if film is None else f"{FILMS_DIR}/{film}/{name}"
        objects = grouped.setdefault(path, [])
        for label in labels:
            rows = state.rows.get(label, {})
            keys = (k for k in rows if film is None or owner_of(label, k) == film)
            objects.extend(
                {"model": label, "fields": rows[key].fields} for key in sorted(keys, key=_sort_key)
            )
    return {
        path: (json.dumps(objects, indent=2, ensure_ascii=False) + "\n", len(objects))
        for path, objects in grouped.items()
        if objects or path.startswith(SHARED_DIR)
    }


@dataclass
class ExportedFile:
    path: Path
    objects: int
    changed: bool


def export_fixtures(output_dir: Path | None = None, *, dry_run: bool = False) -> list[ExportedFile]:
    """Write the database to fixture files in the layout; return what changed.

    A layout file with no objects is written (as ``[]``) only if it already
    exists, so a film whose rows were all deleted leaves a folder the next
    reload reads as empty. Files are replaced atomically (write to a
    temporary file, then rename). With several fixture directories configured
    (``EXTRA_FIXTURE_DIRS``) an output directory must be named: the rows of
    all of them are written to one place.
    """
    if output_dir is None and len(default_fixture_dirs()) > 1:
        dirs = ", ".join(str(d) for d in default_fixture_dirs())
        raise SyncError(
            Problem(
                f"several fixture directories are configured ({dirs}); name the one "
                "directory to write every row to with --output"
            )
        )
    output_dir = Path(output_dir or default_fixture_dir())
    texts = render_fixtures()
    for existing in find_fixture_files([output_dir]) if output_dir.is_dir() else []:
        texts.setdefault(existing.layout_name, ("[]\n", 0))
    report = []
    for name, (text, count) in texts.items():
        path = output_dir / name
        if not count and not path.exists():
            continue
        try:
            old = path.read_text(encoding="utf-8") if path.exists() else None
        except OSError as exc:
            problem = Problem(f"cannot read the existing file: {exc}", file=str(path))
            raise SyncError(problem) from None
        changed = old != text
        if changed and not dry_run:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
                Path(tmp).chmod(0o644)
                Path(tmp).replace(path)
            except OSError as exc:
                raise SyncError(Problem(f"cannot write the file: {exc}", file=str(path))) from None
        report.append(ExportedFile(path, count, changed))
    return report
