"""Reading fixture files and finding them in the per-film layout."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import models

from films.fixture_layout import (
    FILM_FILE_OF,
    FILM_LAYOUT,
    FILMS_DIR,
    SHARED_DIR,
    SHARED_FILE_OF,
    SHARED_LAYOUT,
    is_film_model,
    owner_of,
)
from films.sync.base import Problem, SyncError, default_fixture_dirs
from films.sync.state import Row, key_text


@dataclass
class Desired:
    """One object of a fixture file on its way into the database."""

    file: str
    index: int
    label: str
    raw: dict
    instance: models.Model | None = None
    key: tuple | None = None
    m2m: dict[str, list] = field(default_factory=dict)  # name -> target instances
    pending_fks: list = field(default_factory=list)
    bad_fields: set = field(default_factory=set)
    existing: Row | None = None
    fields: dict | None = None
    digest: str = ""

    def describe(self) -> str:
        if self.key is not None:
            return f"{self.label} {key_text(self.key)}"
        return f"{self.label} (object {self.index + 1} in the file)"

    def problem(self, message, field_name="") -> Problem:
        return Problem(message, file=self.file, obj=self.describe(), field=field_name)


def read_fixture(path: Path) -> list[dict]:
    """Parse one fixture file; raise SyncError naming the file on any trouble."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SyncError(Problem("the file does not exist", file=name)) from None
    except PermissionError:
        raise SyncError(Problem("permission denied: the file cannot be read", file=name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SyncError(Problem(f"the file cannot be read: {exc}", file=name)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SyncError(
            Problem(
                f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=name
            )
        ) from None
    if not isinstance(data, list):
        raise SyncError(Problem("a fixture file holds a JSON list of objects", file=name))
    return data


def _check_shape(name: str, index: int, item, managed: set[str]) -> Problem | None:
    where = f"object {index + 1} in the file"
    if not isinstance(item, dict) or not isinstance(item.get("fields", {}), dict):
        return Problem('each object is {"model": ..., "fields": {...}}', file=name, obj=where)
    label = item.get("model")
    if not isinstance(label, str):
        return Problem("the object names no model", file=name, obj=where, field="model")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return Problem(f"unknown model {label!r}", file=name, obj=where, field="model")
    if model._meta.label_lower not in managed:
        return Problem(
            f"model {label!r} is not loaded from fixtures (see films/fixture_layout.py)",
            file=name,
            obj=where,
            field="model",
        )
    if "pk" in item or "id" in item.get("fields", {}):
        return Problem(
            "fixture objects carry natural keys, not database ids; remove 'pk'",
            file=name,
            obj=f"{label} ({where})",
            field="pk",
        )
    return None


_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")


@dataclass(frozen=True)
class FixtureFile:
    """One file of a fixture directory and the models it syncs.

    ``film`` is the slug of the film whose folder holds the file, or None for
    a file of ``shared/``. ``labels`` are the models the layout places in it.
    """

    path: Path
    film: str | None
    labels: tuple[str, ...]

    @property
    def layout_name(self) -> str:
        if self.film is None:
            return f"{SHARED_DIR}/{self.path.name}"
        return f"{FILMS_DIR}/{self.film}/{self.path.name}"


def layout_file(path: Path) -> FixtureFile | None:
    """What the layout says about a path: ``.../shared/<topic>.json`` or
    ``.../films/<slug>/<topic>.json``; None for any other path."""
    path = Path(path)
    if path.parent.name == SHARED_DIR and path.name in SHARED_LAYOUT:
        return FixtureFile(path, None, tuple(SHARED_LAYOUT[path.name]))
    if path.parent.parent.name == FILMS_DIR and path.name in FILM_LAYOUT:
        return FixtureFile(path, path.parent.name, tuple(FILM_LAYOUT[path.name]))
    return None


def _strays(folder: Path, known, why: str) -> list[Problem]:
    """A problem for each JSON file of ``folder`` whose name is not in ``known``."""
    return [
        Problem(why, file=str(stray))
        for stray in sorted(folder.glob("*.json"))
        if stray.name not in known
    ]


def _layout_files_of(folder: Path, film: str | None) -> list[FixtureFile]:
    layout = SHARED_LAYOUT if film is None else FILM_LAYOUT
    return [
        FixtureFile(folder / name, film, tuple(labels))
        for name, labels in layout.items()
        if (folder / name).is_file()
    ]


def find_fixture_files(fixture_dirs: Iterable[Path]) -> list[FixtureFile]:
    """The layout files of each directory: ``shared/`` first, then each film folder.

    A JSON file the layout has no place for (an old one-file-per-topic
    ``fixtures/people.json``, a misspelt topic, a film folder whose name is no
    slug) is refused by name rather than silently ignored.
    """
    found, problems = [], []
    for root in map(Path, fixture_dirs):
        if not root.is_dir():
            continue
        problems += _strays(
            root,
            (),
            f"not part of the fixture layout: facts of one film go in "
            f"{FILMS_DIR}/<film-slug>/<topic>.json, shared rows in {SHARED_DIR}/<topic>.json",
        )
        shared = root / SHARED_DIR
        found += _layout_files_of(shared, None)
        if shared.is_dir():
            problems += _strays(
                shared,
                SHARED_LAYOUT,
                f"unknown shared topic; the files of {SHARED_DIR}/ are {', '.join(SHARED_LAYOUT)}",
            )
        films = root / FILMS_DIR
        folders = sorted(p for p in films.iterdir() if p.is_dir()) if films.is_dir() else []
        for folder in folders:
            if not _SLUG_RE.match(folder.name):
                problems.append(
                    Problem(
                        "a film folder is named by the film's slug "
                        "(letters, digits, hyphens, underscores)",
                        file=str(folder),
                    )
                )
                continue
            found += _layout_files_of(folder, folder.name)
            problems += _strays(
                folder,
                FILM_LAYOUT,
                f"unknown film topic; the files of a film folder are {', '.join(FILM_LAYOUT)}",
            )
    if problems:
        raise SyncError(problems)
    return found


def default_paths(fixture_dir: Path | None = None) -> list[Path]:
    """The layout files present in a fixture directory (default: every configured one)."""
    dirs = [fixture_dir] if fixture_dir else default_fixture_dirs()
    return [f.path for f in find_fixture_files(dirs)]


def _misplaced(rec: Desired, where: FixtureFile) -> str | None:
    """Why an object does not belong in the layout file it was found in, or None."""
    label = rec.label
    if is_film_model(label) != (where.film is not None):
        if where.film is None:
            return (
                f"{label} rows belong to one film: move it to "
                f"{FILMS_DIR}/<film-slug>/{FILM_FILE_OF[label]} of its film"
            )
        return (
            f"{label} rows are shared by every film: move it to "
            f"{SHARED_DIR}/{SHARED_FILE_OF[label]}"
        )
    if label not in where.labels:
        home = (
            f"{SHARED_DIR}/{SHARED_FILE_OF[label]}"
            if where.film is None
            else f"{FILMS_DIR}/{where.film}/{FILM_FILE_OF[label]}"
        )
        return f"{label} rows belong in {home}, not here"
    owner = owner_of(label, rec.key) if rec.key is not None else None
    if owner is not None and owner != where.film and label == "films.film":
        return (
            f"the folder of film '{where.film}' holds the film '{owner}': a film's folder is "
            f"named by its slug, so rename the folder to {FILMS_DIR}/{owner}/ or the slug"
        )
    if owner is not None and owner != where.film:
        return (
            f"belongs to film '{owner}' (its natural key starts with it) but is in the folder "
            f"of film '{where.film}': move it to {FILMS_DIR}/{owner}/{FILM_FILE_OF[label]}"
        )
    return None
