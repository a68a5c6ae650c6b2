"""Make the database match the curated fixture files, and write it back.

The knowledge base's curated data lives in ``fixtures/`` (Django's JSON
serialization with natural keys, no database ids): shared rows in
``shared/<topic>.json``, each film's facts in ``films/<film-slug>/<topic>.json``,
as ``films.fixture_layout`` says. This module holds the plain, tested
functions behind ``manage.py reload_fixtures`` and ``export_fixtures``.

Reloading (``reload_fixtures()``):

1. Find the layout files of each fixture directory (``find_fixture_files``; a
   JSON file the layout has no place for stops here), read every file
   (unreadable file, malformed JSON, unknown model or field stop here) and
   load the current rows of every fixture-managed model into memory, so
   natural keys resolve without a query per reference.
2. Build one unsaved instance per fixture object, resolve its natural
   foreign keys (forward and self references included) against the other
   fixture objects, or against the database for models the files do not
   sync, check it sits in its own file (a film's row in its film's folder,
   ``_misplaced``), and validate it as ``full_clean`` would: fields, ``clean()``, check
   constraints, and unique constraints over the whole final state. Any error
   stops the reload before anything is written.
3. Compare each object's serialized form with the row in the database:
   created, updated, unchanged; rows of synced models that the files no longer
   hold are deleted. A row whose serialized form no longer matches the digest
   the last reload recorded in ``FixtureRecord`` was changed by a curator; the
   reload refuses to overwrite or delete it unless ``force`` is given.
4. Write it all with bulk queries in ONE transaction (holding the
   ``SiteState`` row lock, so reloads never overlap): deletes, dependants
   first; nullable unique values that updated rows give up are cleared (so
   renumbered billing orders do not collide); creates, in waves so that a row
   referred to by another new row exists first; updates; many-to-many rows;
   then deletes that waited for an update to move a protecting reference.
   Finally record the new digests, a baseline version of every written row
   (``films/sync_history.py``) and bump the version once. Killed or
   failing half-way, the database keeps its previous content. A plan that
   changes no row writes nothing and keeps the version (and the page cache).

Which rows are synced (``_collect``): with no paths, every model of a present
shared file, and every film model as soon as one film folder exists, whole:
the folders are the films. Models of absent shared files are left alone. With
explicit paths, only the models that appear in those files are synced, and a
film's models only for the films the files name, so reloading one film's file
leaves every other film alone.

Rows are written exactly as the files state them: the models' ``save()``
hooks (default slug, sort name, key) do not run, so a file must carry every
value it wants. ``updated_at`` is set to the reload time on written rows.

Signals: bulk writes send no ``post_save``. While the reload writes,
``filmkb.versioning.reload_running()`` is true, so a signal handler that bumps the
knowledge-base version on every write (``pre/post_delete`` do fire for
deleted rows) can skip its work: the reload bumps the version exactly once
through ``bump_version()``.

Export (``export_fixtures()``) writes the database back in the same layout,
each film's rows to its own folder: objects grouped by model in layout order,
sorted by natural key, excluded fields left out, many-to-many lists sorted,
``indent=2`` and a final newline, so reload-then-export leaves the files byte-
identical. Export does not touch ``FixtureRecord``: a curator's edit stays
"changed since the last reload" until the exported files are reloaded, at
which point the files and the row agree, nothing is overwritten, and the edit
becomes the recorded baseline.

Test hook: when the environment variable ``FILMKB_RELOAD_PAUSE_AFTER_WRITE``
holds a number of seconds, the reload pauses that long in the middle of its
writes (after deletes and creates, before updates), after printing a line
that starts with ``Paused``. The kill test uses it to SIGKILL a reload that
has written part of its data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, models, router, transaction
from django.db.backends.utils import format_number
from django.db.models import F, Q
from django.utils import timezone

from filmkb.versioning import (
    bump_version,
    current_state,
    lock_for_reload,
    reloading,
    stamp_reload,
)
from films import sync_history, verification
from films.fixture_layout import (
    EXCLUDED_FIELDS,
    FILM_FILE_OF,
    FILM_LAYOUT,
    FILMS_DIR,
    LOAD_ORDER,
    SHARED_DIR,
    SHARED_FILE_OF,
    SHARED_LAYOUT,
    SYNTHETIC_PREFIX,
    is_film_model,
    owner_of,
)
from films.models import FixtureRecord

#: True while a reload writes; signal handlers may skip per-row work then.

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


# --------------------------------------------------------------------------- errors


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


# --------------------------------------------------------------------------- results


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


# --------------------------------------------------------------------------- models


def managed_labels() -> list[str]:
    """Every fixture-managed model label, in load order."""
    return list(LOAD_ORDER)


def key_text(key: Iterable) -> str:
    """The natural key as stored in ``FixtureRecord.natural_key``."""
    return json.dumps(list(key), ensure_ascii=False)


def _sort_key(key: tuple):
    return tuple((0, v, "") if isinstance(v, int) else (1, 0, str(v)) for v in key)


@dataclass
class ModelSpec:
    label: str
    model: type[models.Model]
    fields: list  # serialized concrete fields, model order
    fks: list
    m2ms: list
    auto_now: list
    checks: list
    uniques: list  # (name, field names, condition or None)


_specs: dict[str, ModelSpec] = {}


def spec_for(label: str) -> ModelSpec:
    if label not in _specs:
        model = apps.get_model(label)
        meta = model._meta
        fields = [
            f
            for f in meta.local_fields
            if f.serialize and not f.primary_key and f.name not in EXCLUDED_FIELDS
        ]
        m2ms = [
            f
            for f in meta.local_many_to_many
            if f.serialize
            and f.remote_field.through._meta.auto_created
            and f.name not in EXCLUDED_FIELDS
        ]
        uniques = [(f"{f.name} is unique", (f.name,), None) for f in fields if f.unique]
        uniques += [
            (f"unique together {', '.join(names)}", tuple(names), None)
            for names in meta.unique_together
        ]
        checks = []
        for c in meta.constraints:
            if isinstance(c, models.UniqueConstraint) and c.fields and not c.expressions:
                uniques.append((c.name, tuple(c.fields), c.condition))
            elif isinstance(c, models.CheckConstraint):
                checks.append(c)
        _specs[label] = ModelSpec(
            label=label,
            model=model,
            fields=fields,
            fks=[f for f in fields if f.is_relation],
            m2ms=m2ms,
            auto_now=[
                f for f in meta.local_fields if getattr(f, "auto_now", False) and not f.primary_key
            ],
            checks=checks,
            uniques=uniques,
        )
    return _specs[label]


def _has_natural_key(model) -> bool:
    return hasattr(model, "natural_key")


def _json_value(f, obj):
    value = f.value_from_object(obj)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format_number(value, f.max_digits, f.decimal_places)
    return f.value_to_string(obj)


def serialize(obj, spec: ModelSpec, m2m_keys: dict[str, list]) -> dict:
    """The ``fields`` dict of an object's fixture form (FK caches must be filled)."""
    out = {}
    for f in spec.fields:
        if f.is_relation:
            if _has_natural_key(f.related_model):
                target = getattr(obj, f.name)
                out[f.name] = None if target is None else list(target.natural_key())
            else:
                out[f.name] = getattr(obj, f.attname)
        else:
            out[f.name] = _json_value(f, obj)
    for f in spec.m2ms:
        out[f.name] = sorted((list(k) for k in m2m_keys.get(f.name, ())), key=_sort_key)
    return out


def digest(fields: dict) -> str:
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------------------------- database state


@dataclass
class Row:
    obj: models.Model
    key: tuple
    fields: dict
    digest: str


@dataclass
class DatabaseState:
    by_pk: dict[str, dict] = field(default_factory=dict)  # label -> pk -> obj
    rows: dict[str, dict[tuple, Row]] = field(default_factory=dict)  # label -> key -> Row


def synthetic_lookup(model, depth: int = 0) -> str | None:
    """The lookup path to the slug or key that marks a row of ``model`` as synthetic."""
    names = {f.name for f in model._meta.get_fields()}
    for own in ("slug", "key"):
        if own in names:
            return own
    if depth > 2:
        return None
    owners = sorted(model._meta.concrete_fields, key=lambda f: f.name != "fact")  # fact first
    for f in owners:
        if f.is_relation and f.many_to_one and not f.null:
            inner = synthetic_lookup(f.related_model, depth + 1)
            if inner:
                return f"{f.name}__{inner}"
    return None


def curated_rows(model) -> models.QuerySet:
    """Every row of ``model`` except synthetic scale data (see SYNTHETIC_PREFIX)."""
    rows = model._base_manager.order_by()
    lookup = synthetic_lookup(model)
    if lookup is None:
        return rows
    return rows.exclude(**{f"{lookup}__startswith": SYNTHETIC_PREFIX})


def load_state(labels: list[str] | None = None) -> DatabaseState:
    """Every row of the managed models, with natural keys and serialized forms.

    FK caches are filled from the loaded rows, so natural keys and
    serialization cost no further queries: one query per model and one per
    many-to-many table.
    """
    labels = labels or managed_labels()
    state = DatabaseState()
    for label in labels:
        model = spec_for(label).model
        state.by_pk[label] = {o.pk: o for o in curated_rows(model)}
    for label in labels:
        spec = spec_for(label)
        for f in spec.fks:
            target_label = f.related_model._meta.label_lower
            targets = state.by_pk.get(target_label)
            if targets is None:
                continue
            for obj in state.by_pk[label].values():
                value = getattr(obj, f.attname)
                f.set_cached_value(obj, None if value is None else targets.get(value))
    for label in labels:
        spec = spec_for(label)
        m2m_keys: dict[object, dict[str, list]] = defaultdict(dict)
        for f in spec.m2ms:
            through = f.remote_field.through
            source = through._meta.get_field(f.m2m_field_name()).attname
            target = through._meta.get_field(f.m2m_reverse_field_name()).attname
            target_label = f.related_model._meta.label_lower
            targets = state.by_pk.get(target_label)
            if targets is None:
                targets = {o.pk: o for o in f.related_model._base_manager.order_by()}
            owned = curated_rows(spec.model).values("pk")
            for source_pk, target_pk in through._base_manager.filter(
                **{f"{source}__in": owned}
            ).values_list(source, target):
                m2m_keys[source_pk].setdefault(f.name, []).append(targets[target_pk].natural_key())
        rows = {}
        for obj in state.by_pk[label].values():
            fields = serialize(obj, spec, m2m_keys.get(obj.pk, {}))
            key = tuple(obj.natural_key())
            rows[key] = Row(obj, key, fields, digest(fields))
        state.rows[label] = rows
    return state


# --------------------------------------------------------------------------- reading files


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


# --------------------------------------------------------------------------- fixture directories

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


# --------------------------------------------------------------------------- planning


@dataclass
class Plan:
    result: SyncResult
    state: DatabaseState
    synced: list[str]
    desired: dict[str, list[Desired]]
    creates: dict[str, list[Desired]]
    updates: dict[str, list[Desired]]
    deletes: dict[str, list[Row]]
    conflicts: list[Conflict]
    records: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)
    scopes: dict[str, set[str] | None] = field(default_factory=dict)

    def in_scope(self, label: str, key: tuple) -> bool:
        return _in_scope(self.scopes.get(label), label, key)


def _in_scope(scope: set[str] | None, label: str, key: tuple) -> bool:
    """Whether a row is one the reload syncs: every row of the model (scope None), or
    only the rows of the films in ``scope`` (explicit files of some films)."""
    return scope is None or owner_of(label, key) in scope


class _Resolver:
    """Turns natural keys in fixture objects into instances, in memory."""

    def __init__(self, state: DatabaseState, synced: set[str], scopes: dict | None = None):
        self.state = state
        self.synced = synced
        self.scopes = scopes or {}
        self.index: dict[str, dict[tuple, models.Model]] = {}

    def ready(self, label: str) -> bool:
        return label not in self.synced or label in self.index

    def lookup(self, model, value) -> models.Model:
        """Return the instance for a natural key; raise LookupError with a message."""
        label = model._meta.label_lower
        if not _has_natural_key(model):
            try:
                return model._base_manager.get(pk=value)
            except (model.DoesNotExist, ValueError, TypeError, ValidationError):
                raise LookupError(f"no {label} with id {value!r}") from None
        if not isinstance(value, list | tuple) or not all(
            isinstance(part, str | int) and not isinstance(part, bool) for part in value
        ):
            raise LookupError(
                f"expected a natural key (a JSON list of strings and numbers) for {label}, "
                f"got {json.dumps(value, ensure_ascii=False)}"
            )
        key = tuple(value)
        if label in self.synced:
            found = self.index[label].get(key)
            if found is None and not _in_scope(self.scopes.get(label), label, key):
                row = self.state.rows[label].get(key)  # another film's row, not reloaded
                found = row.obj if row else None
        elif label in self.state.rows:
            row = self.state.rows[label].get(key)
            found = row.obj if row else None
        else:
            try:
                found = model._default_manager.get_by_natural_key(*key)
            except (ObjectDoesNotExist, TypeError, ValueError):
                found = None
        if found is None:
            raise LookupError(f"no {label} with natural key {key_text(key)}")
        return found


def _build(rec: Desired, spec: ModelSpec, resolver: _Resolver, problems: list) -> None:
    """Make the unsaved instance; collect (message, field) pairs for what is wrong."""
    model = spec.model
    fields_by_name = {f.name: f for f in spec.fields}
    m2m_by_name = {f.name: f for f in spec.m2ms}
    raw = rec.raw.get("fields", {})
    for name in raw:
        if name not in fields_by_name and name not in m2m_by_name:
            try:
                model._meta.get_field(name)
                why = "is not part of the fixtures (excluded or not serialized)"
            except FieldDoesNotExist:
                why = f"unknown field of {rec.label}"
            problems.append((why, name))
            rec.bad_fields.add(name)
    values = {}
    for name, f in fields_by_name.items():
        if name not in raw or f.is_relation:
            continue
        try:
            values[f.attname] = f.to_python(raw[name])
        except ValidationError as exc:
            problems.append((" ".join(exc.messages), name))
            rec.bad_fields.add(name)
    instance = model(**values)
    rec.instance = instance
    for f in spec.fks:
        if f.name not in raw:
            continue
        value = raw[f.name]
        if value is None:
            setattr(instance, f.name, None)
            continue
        target_label = f.related_model._meta.label_lower
        if resolver.ready(target_label) and target_label != spec.label:
            try:
                setattr(instance, f.name, resolver.lookup(f.related_model, value))
            except LookupError as exc:
                problems.append((f"points nowhere: {exc}", f.name))
                rec.bad_fields.add(f.name)
        else:
            rec.pending_fks.append(f)


def _resolve_later(rec: Desired, spec: ModelSpec, resolver: _Resolver, problems: list[Problem]):
    raw = rec.raw.get("fields", {})
    for f in rec.pending_fks:
        try:
            setattr(rec.instance, f.name, resolver.lookup(f.related_model, raw[f.name]))
        except LookupError as exc:
            problems.append(rec.problem(f"points nowhere: {exc}", f.name))
            rec.bad_fields.add(f.name)
    for f in spec.m2ms:
        value = raw.get(f.name, [])
        if not isinstance(value, list):
            problems.append(rec.problem("expected a list of natural keys", f.name))
            continue
        targets, seen = [], set()
        for item in value:
            try:
                target = resolver.lookup(f.related_model, item)
            except LookupError as exc:
                problems.append(rec.problem(f"points nowhere: {exc}", f.name))
                continue
            if id(target) in seen:
                problems.append(rec.problem(f"lists {key_text(item)} twice", f.name))
                continue
            seen.add(id(target))
            targets.append(target)
        rec.m2m[f.name] = targets


def _validate(rec: Desired, spec: ModelSpec, problems: list[Problem], using: str) -> None:
    """What ``full_clean`` checks, minus the per-row queries for FKs and uniques."""
    instance = rec.instance
    fk_names = {f.name for f in spec.fks}
    errors: dict[str, list[str]] = {}
    exclude = fk_names | set(EXCLUDED_FIELDS) | rec.bad_fields | {spec.model._meta.pk.name}
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        exc.update_error_dict(errors)
    for f in spec.fks:
        if f.name not in rec.bad_fields and not f.null and getattr(instance, f.attname) is None:
            errors.setdefault(f.name, []).append("This field cannot be null.")
    if not errors:
        try:
            instance.clean()
        except ValidationError as exc:
            exc.update_error_dict(errors)
        except (ObjectDoesNotExist, AttributeError, TypeError) as exc:
            errors.setdefault("__all__", []).append(f"clean() failed: {exc}")
    if not errors:
        for constraint in spec.checks:
            if not condition_holds(constraint.condition, instance, using):
                names = sorted(_constraint_fields(constraint.condition)) or ["__all__"]
                errors.setdefault(names[0], []).append(
                    f"{constraint.get_violation_error_message()} (check constraint "
                    f"{constraint.name}"
                    f"{', fields ' + ', '.join(names) if names != ['__all__'] else ''})"
                )
    if not errors:
        return
    for name, messages in ValidationError(errors).message_dict.items():
        field_name = "" if name == "__all__" else name
        problems.append(rec.problem(" ".join(messages), field_name))


_UNKNOWN = object()  # the in-memory evaluator cannot decide; ask the database
_COMPARISONS = {
    "exact": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}
_PLAIN = (bool, int, Decimal, float)


def condition_holds(condition, instance, using) -> bool:
    """Whether a constraint condition holds for an unsaved instance, as SQL would judge it.

    Check constraints pass when their condition is true or NULL. The simple
    lookups our constraints use are evaluated in memory, which saves a
    query per row and constraint; anything else is asked of the database,
    exactly as ``CheckConstraint.validate`` does.
    """
    meta = instance._meta
    values = {f.name: getattr(instance, f.attname) for f in meta.local_concrete_fields}
    values["pk"] = instance.pk
    result = _evaluate(Q(condition), values)
    if result is _UNKNOWN:
        against = instance._get_field_expression_map(meta=meta)
        return Q(condition).check(against, using=using)
    return result is not False


def _evaluate(q: Q, values: dict):
    """Three-valued logic: True, False or None (SQL NULL), or _UNKNOWN."""
    results = []
    for child in q.children:
        result = _evaluate(child, values) if isinstance(child, Q) else _lookup(child, values)
        if result is _UNKNOWN:
            return _UNKNOWN
        results.append(result)
    if q.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    if q.negated and result is not None:
        result = not result
    return result


def _lookup(child, values):
    path, rhs = child
    name, _, lookup = path.partition("__")
    lookup = lookup or "exact"
    if isinstance(rhs, F):
        rhs = values.get(rhs.name, _UNKNOWN)
    elif hasattr(rhs, "resolve_expression"):
        rhs = _UNKNOWN
    value = values.get(name, _UNKNOWN)
    if _UNKNOWN in (value, rhs) or "__" in lookup:
        return _UNKNOWN
    if lookup == "isnull" or (lookup == "exact" and rhs is None):
        return (value is None) == (lookup == "exact" or bool(rhs))
    if value is None or rhs is None:
        return None
    return _compare(lookup, value, rhs)


def _compare(lookup, value, rhs):
    both_text = isinstance(value, str) and isinstance(rhs, str)
    if lookup == "regex" and both_text:
        return re.search(rhs, value) is not None
    if lookup == "exact" and both_text:
        return value == rhs
    if lookup in _COMPARISONS and isinstance(value, _PLAIN) and isinstance(rhs, _PLAIN):
        return _COMPARISONS[lookup](value, rhs)
    return _UNKNOWN


def _constraint_fields(condition) -> set[str]:
    names = set()
    for child in getattr(condition, "children", []):
        if isinstance(child, Q):
            names |= _constraint_fields(child)
        elif isinstance(child, tuple):
            names.add(child[0].split("__")[0])
            if isinstance(child[1], F):
                names.add(child[1].name)
    return names


def _check_uniques(label: str, records: list[Desired], problems: list[Problem], using: str):
    spec = spec_for(label)
    model = spec.model
    for name, field_names, condition in spec.uniques:
        attnames = [model._meta.get_field(n).attname for n in field_names]
        seen: dict[tuple, Desired] = {}
        for rec in records:
            values = tuple(getattr(rec.instance, a) for a in attnames)
            if any(v is None for v in values):
                continue
            if condition is not None and not condition_holds(condition, rec.instance, using):
                continue
            first = seen.setdefault(values, rec)
            if first is not rec:
                problems.append(
                    rec.problem(
                        f"same value as {first.describe()} in {first.file}, but "
                        f"{', '.join(field_names)} must be unique ({name})",
                        field_names[0],
                    )
                )


def _read_all(paths: list[Path], progress: Progress) -> list[tuple[str, list]]:
    loaded = []
    for path in paths:
        data = read_fixture(path)
        progress(f"Read {path}: {len(data)} objects", 2)
        loaded.append((str(path), data))
    return loaded


def _collect(files, layout, managed) -> tuple[dict[str, list[Desired]], dict]:
    """Check each object's shape and model; group them by model; work out what is synced.

    Returns the objects by model and the scope of each synced model: None
    (every row of the model is synced) or the set of films whose rows are.
    With ``layout`` (whole fixture directories) every model of a present file
    is synced whole: a film's folder is all there is about the film, and a
    film with no folder is not in the knowledge base. Explicit files sync
    only the models they hold, and for a film's models only the films they
    name (or whose folder holds them), so reloading one film's file never
    touches another film.
    """
    problems: list[Problem] = []
    desired: dict[str, list[Desired]] = defaultdict(list)
    scopes: dict[str, set[str] | None] = {}
    for name, data in files:
        where = (layout or {}).get(name)
        if where is not None:
            scopes.update(dict.fromkeys(where.labels if where.film is None else FILM_FILE_OF))
        elif (named := layout_file(Path(name))) is not None and named.film is not None:
            for label in named.labels:
                _widen(scopes, label, named.film)
        for index, item in enumerate(data):
            problem = _check_shape(name, index, item, managed)
            if problem:
                problems.append(problem)
                continue
            label = apps.get_model(item["model"])._meta.label_lower
            owner = _raw_owner(label, item) if layout is None else None
            _widen(scopes, label, owner)
            desired[label].append(Desired(name, index, label, item))
    if problems:
        raise SyncError(problems)
    return desired, scopes


def _widen(scopes: dict[str, set[str] | None], label: str, film: str | None) -> None:
    """Add one film's rows of ``label`` to the synced scope (None: every row)."""
    if film is None or not is_film_model(label):
        scopes[label] = None
    elif scopes.get(label, set()) is not None:
        scopes.setdefault(label, set()).add(film)


def _raw_owner(label: str, item: dict) -> str | None:
    """The film slug a fixture object names, read from its fields (None if unclear)."""
    fields = item.get("fields", {})
    if label == "films.film":
        value = fields.get("slug")
        return value if isinstance(value, str) else None
    for name in ("film", "fact", "review", "nomination"):
        value = fields.get(name)
        if isinstance(value, list) and value and isinstance(value[0], str):
            return value[0]
    return None


def _index_model(label, recs, resolver, placeholders, problems, *, layout=None) -> list[Desired]:
    """Build one model's instances, work out their natural keys, match existing rows.

    With ``layout``, an object in a file the layout does not place it in (a
    credit in another film's folder, a person in a film's folder) is refused.
    """
    spec = spec_for(label)
    seen: dict[tuple, Desired] = {}
    resolver.index[label] = {}
    for rec in recs:
        found: list[tuple[str, str]] = []
        _build(rec, spec, resolver, found)
        try:
            rec.key = tuple(rec.instance.natural_key())
        except (ObjectDoesNotExist, AttributeError, TypeError) as exc:
            if not found:
                found.append((f"its natural key cannot be worked out from its fields ({exc})", ""))
        problems.extend(rec.problem(message, name) for message, name in found)
        where = (layout or {}).get(rec.file)
        misplaced = _misplaced(rec, where) if where is not None else None
        if misplaced:
            problems.append(rec.problem(misplaced))
            continue
        if rec.key is None:
            continue
        first = seen.setdefault(rec.key, rec)
        if first is not rec:
            problems.append(
                rec.problem(
                    f"duplicate natural key: object {first.index + 1} of {first.file} "
                    "has the same key"
                )
            )
            continue
        resolver.index[label][rec.key] = rec.instance
        rec.existing = resolver.state.rows[label].get(rec.key)
        if rec.existing is not None:
            rec.instance.pk = rec.existing.obj.pk
            rec.instance._state.adding = False
        else:  # a placeholder id until the row is written, so constraints can compare ids
            rec.instance.pk = next(placeholders)
    return [r for r in recs if r.key is not None and seen.get(r.key) is r]


def _validate_all(synced_order, desired, using, progress) -> None:
    problems: list[Problem] = []
    total = sum(len(desired[label]) for label in synced_order)
    done = 0
    for label in synced_order:
        for rec in desired[label]:
            _validate(rec, spec_for(label), problems, using)
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress(f"  validated {done}/{total} objects", 2)
        _check_uniques(label, desired[label], problems, using)
    if problems:
        raise SyncError(problems)


def plan_reload(
    paths: list[Path],
    *,
    layout: dict[str, FixtureFile] | None = None,
    force: bool = False,
    dry_run: bool = False,
    progress: Progress = _silent,
) -> Plan:
    """Read, resolve and validate the files and work out every change (no writes).

    ``layout`` maps each file name to its place in the fixture layout (the
    default, whole-directory mode): its models are synced even when it holds
    none of their objects, and each object must be in its own file.
    """
    using = router.db_for_write(FixtureRecord)
    managed = managed_labels()
    order = {label: i for i, label in enumerate(managed)}
    desired, scopes = _collect(_read_all(paths, progress), layout, set(managed))
    synced = set(scopes)
    synced_order = sorted(synced, key=order.__getitem__)
    total = sum(len(v) for v in desired.values())
    progress(f"Checking {total} objects of {len(synced_order)} models", 1)

    problems: list[Problem] = []
    resolver = _Resolver(load_state(), synced, scopes)
    placeholders = itertools.count(-1, -1)
    placement = layout or {str(p): f for p in paths if (f := layout_file(p)) is not None}
    for label in synced_order:
        desired[label] = _index_model(
            label, desired[label], resolver, placeholders, problems, layout=placement
        )
    if problems:
        raise SyncError(problems)
    for label in synced_order:
        for rec in desired[label]:
            _resolve_later(rec, spec_for(label), resolver, problems)
    if problems:
        raise SyncError(problems)
    _validate_all(synced_order, desired, using, progress)

    plan = Plan(
        result=SyncResult(files=[str(p) for p in paths], dry_run=dry_run),
        state=resolver.state,
        synced=synced_order,
        desired=desired,
        creates=defaultdict(list),
        updates=defaultdict(list),
        deletes=defaultdict(list),
        conflicts=[],
        scopes=scopes,
    )
    plan.records = {label: {} for label in synced_order}
    for pk, label, key, recorded in FixtureRecord.objects.filter(
        model_label__in=synced_order
    ).values_list("pk", "model_label", "natural_key", "digest"):
        plan.records[label][key] = (pk, recorded)
    for label in synced_order:
        recorded = {key: value[1] for key, value in plan.records[label].items()}
        _diff_model(plan, label, recorded)
    if plan.conflicts:
        if not force:
            raise ConflictError(plan.conflicts, plan.result)
        plan.result.forced = plan.conflicts
    return plan


def _diff_model(plan: Plan, label: str, recorded: dict[str, str]) -> None:
    """Sort one model's objects into creates, updates, deletes; spot curators' edits."""
    spec = spec_for(label)
    counts = plan.result.counts[label] = ModelCounts()
    for rec in plan.desired[label]:
        m2m_keys = {name: [t.natural_key() for t in ts] for name, ts in rec.m2m.items()}
        rec.fields = serialize(rec.instance, spec, m2m_keys)
        rec.digest = digest(rec.fields)
        if rec.existing is None:
            plan.creates[label].append(rec)
            counts.created += 1
            if key_text(rec.key) in recorded:
                plan.conflicts.append(Conflict(label, rec.key, "recreate"))
        elif rec.existing.digest != rec.digest:
            plan.updates[label].append(rec)
            counts.updated += 1
            if recorded.get(key_text(rec.key)) != rec.existing.digest:
                changed = tuple(
                    name
                    for name, value in rec.fields.items()
                    if rec.existing.fields.get(name) != value
                )
                plan.conflicts.append(Conflict(label, rec.key, "update", changed))
        else:
            counts.unchanged += 1
    wanted = {rec.key for rec in plan.desired[label]}
    for key, row in plan.state.rows[label].items():
        if key not in wanted and plan.in_scope(label, key):
            plan.deletes[label].append(row)
            counts.deleted += 1
            if recorded.get(key_text(key)) != row.digest:
                plan.conflicts.append(Conflict(label, key, "delete"))


# --------------------------------------------------------------------------- writing


def _pause_for_tests(progress: Progress) -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        progress(f"Paused after partial write for {seconds}s ({PAUSE_ENV})", 0)
        time.sleep(float(seconds))


def _point_fks(rec: Desired, spec: ModelSpec, deferred: list | None) -> None:
    """Copy the (now real) ids of FK targets into the instance's columns."""
    instance = rec.instance
    for f in spec.fks:
        if not f.is_cached(instance):
            continue
        target = f.get_cached_value(instance)
        if target is None:
            setattr(instance, f.attname, None)
        elif target.pk is None or target.pk < 0:
            if deferred is None or not f.null:
                raise SyncError(
                    rec.problem(
                        f"refers to {target._meta.label_lower} that is loaded later; "
                        "fix LOAD_ORDER in films/fixture_layout.py",
                        f.name,
                    )
                )
            setattr(instance, f.attname, None)
            deferred.append((rec, f))
        else:
            setattr(instance, f.attname, target.pk)


def apply_plan(plan: Plan, progress: Progress = _silent) -> SyncResult:
    """Write a plan. Call inside ``transaction.atomic()``.

    A plan that changes no row writes no row and leaves the knowledge-base
    version (and so the page cache) as it was. Only reload records that lag
    behind the files (a curator's edit, exported, becoming the baseline) are
    brought up to date, and then the reload time is stamped, so the admin no
    longer lists that edit as "changed since the last reload".
    """
    now = timezone.now()
    if not plan.result.changed:
        if _write_records(plan, now):
            stamp_reload(now)
        plan.result.version = current_state()[0] or None
        return plan.result
    with reloading():
        postponed = _delete(plan, progress)
        _release_uniques(plan)
        deferred = _create(plan, now, progress)
        _pause_for_tests(progress)
        _update(plan, deferred, now, progress)
        _write_m2m(plan)
        if postponed:
            retry = dataclasses.replace(plan, synced=[s for s in plan.synced if s in postponed])
            _delete(retry, progress, last_try=True)
        _write_records(plan, now)
        verification.forget_changed(plan)  # a rewritten fact is no longer verified
        sync_history.record_baseline(plan, now)  # loaded values as change history
        plan.result.version = bump_version(reloaded=True)
    return plan.result


def _release_uniques(plan: Plan) -> None:
    """Clear nullable unique values that updated rows give up, before anything takes them.

    Renumbering (a cast member inserted at billing position 3 shifts the rest
    down) or swapping values between rows would otherwise collide with a
    row's old value half-way through the writes, although the final state,
    already checked in memory, is valid.
    """
    for label in plan.synced:
        spec = spec_for(label)
        meta = spec.model._meta
        nullable_sets = []
        for _name, field_names, _condition in spec.uniques:
            fields = [meta.get_field(n) for n in field_names]
            nullable = [f for f in fields if f.null]
            if nullable:
                nullable_sets.append(([f.attname for f in fields], nullable[0]))
        if not nullable_sets:
            continue
        stubs: dict[str, list] = defaultdict(list)
        for rec in plan.updates.get(label, []):
            for attnames, released in nullable_sets:
                old = [getattr(rec.existing.obj, a) for a in attnames]
                new = [getattr(rec.instance, a) for a in attnames]
                if old != new and getattr(rec.existing.obj, released.attname) is not None:
                    stub = spec.model(pk=rec.instance.pk)
                    setattr(stub, released.attname, None)
                    stubs[released.name].append(stub)
        for name, objs in stubs.items():
            spec.model._base_manager.bulk_update(objs, [name], batch_size=500)


def _delete(plan: Plan, progress: Progress, *, last_try: bool = False) -> list[str]:
    """Delete the rows the files no longer hold, dependants first.

    A row still protected by a row that this reload updates to point
    elsewhere is retried after the updates (``last_try``); returns the models
    left for that retry.
    """
    postponed = []
    for label in reversed(plan.synced):
        rows = plan.deletes.get(label)
        if not rows:
            continue
        model = spec_for(label).model
        try:
            for wave in _referrers_first(rows, spec_for(label)):
                model._base_manager.filter(pk__in=[r.obj.pk for r in wave]).delete()
        except (models.ProtectedError, models.RestrictedError) as exc:
            if not last_try:
                postponed.append(label)
                continue
            blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
            blockers = sorted({f"{o._meta.label_lower} {key_of(o)}" for o in blocking})[:5]
            keys = ", ".join(key_text(r.key) for r in rows[:5]) + (" ..." if len(rows) > 5 else "")
            raise SyncError(
                Problem(
                    f"cannot delete {len(rows)} row(s) the files no longer hold, because "
                    f"other rows still refer to them: {'; '.join(blockers)}",
                    obj=f"{label} {keys}",
                )
            ) from None
        progress(f"  {label}: deleted {len(rows)}", 2)
    return postponed


def _referrers_first(rows: list[Row], spec: ModelSpec) -> Iterable[list[Row]]:
    """Split one model's doomed rows so a row another doomed row refers to goes last.

    Deleting a release that a superseded one (also going) names would first
    set the reference to NULL, which ``release_superseded_names_successor``
    forbids; deleting the referring row first never does.
    """
    own = [f for f in spec.fks if f.related_model is spec.model]
    if not own:
        yield rows
        return
    remaining = rows
    while remaining:
        targets = {getattr(r.obj, f.attname) for r in remaining for f in own} - {None}
        wave = [r for r in remaining if r.obj.pk not in targets] or remaining
        yield wave
        gone = {id(r) for r in wave}
        remaining = [r for r in remaining if id(r) not in gone]


def key_of(obj) -> str:
    try:
        return key_text(obj.natural_key())
    except (AttributeError, ObjectDoesNotExist):
        return str(obj)


def _waves(recs: list[Desired], spec: ModelSpec) -> Iterable[list[Desired]]:
    """Split one model's new rows so rows another new row refers to come first.

    Self references (a release superseded by a later one, an organization's
    parent) are then written with their final value, which check constraints
    like ``release_superseded_names_successor`` need. A cycle is broken by
    writing the remaining rows together and fixing their nullable references
    afterwards.
    """
    remaining = recs
    while remaining:
        pending = {id(rec.instance) for rec in remaining}
        wave, rest = [], []
        for rec in remaining:
            targets = (
                f.get_cached_value(rec.instance) for f in spec.fks if f.is_cached(rec.instance)
            )
            blocked = any(
                t is not None and t is not rec.instance and id(t) in pending for t in targets
            )
            (rest if blocked else wave).append(rec)
        if not wave:
            wave, rest = rest, []
        yield wave
        remaining = rest


def _create(plan: Plan, now, progress: Progress) -> list:
    deferred: list = []
    for label in plan.synced:
        recs = plan.creates.get(label)
        if not recs:
            continue
        spec = spec_for(label)
        for wave in _waves(recs, spec):
            for rec in wave:
                rec.instance.pk = None
            for rec in wave:
                _point_fks(rec, spec, deferred)
                for f in spec.auto_now:
                    setattr(rec.instance, f.attname, now)
            objs = [rec.instance for rec in wave]
            spec.model._base_manager.bulk_create(objs, batch_size=500)
            if any(o.pk is None for o in objs):  # backend cannot return ids from bulk inserts
                raise SyncError(Problem("the database did not return ids for new rows", obj=label))
        progress(f"  {label}: created {len(recs)}", 2)
    return deferred


def _update(plan: Plan, deferred: list, now, progress: Progress) -> None:
    by_model: dict[str, dict[int, tuple[Desired, set[str]]]] = defaultdict(dict)
    for rec, f in deferred:
        _, names = by_model[rec.label].setdefault(id(rec), (rec, set()))
        setattr(rec.instance, f.attname, f.get_cached_value(rec.instance).pk)
        names.add(f.name)
    for label in plan.synced:
        spec = spec_for(label)
        for rec in plan.updates.get(label, []):
            _point_fks(rec, spec, None)
            for f in spec.auto_now:
                setattr(rec.instance, f.attname, now)
            names = {f.name for f in spec.fields} | {f.name for f in spec.auto_now}
            by_model[label][id(rec)] = (rec, names)
    for label in plan.synced:
        pending = by_model.get(label)
        if not pending:
            continue
        groups: dict[frozenset, list] = defaultdict(list)
        for rec, names in pending.values():
            groups[frozenset(names)].append(rec.instance)
        for names, objs in groups.items():
            spec_for(label).model._base_manager.bulk_update(objs, sorted(names), batch_size=200)
        progress(f"  {label}: updated {len(plan.updates.get(label, []))}", 2)


def _write_m2m(plan: Plan) -> None:
    for label in plan.synced:
        spec = spec_for(label)
        for f in spec.m2ms:
            through = f.remote_field.through
            source = through._meta.get_field(f.m2m_field_name()).attname
            target = through._meta.get_field(f.m2m_reverse_field_name()).attname
            clear, add = [], []
            for rec in plan.creates.get(label, []) + plan.updates.get(label, []):
                if rec.existing is not None:
                    if rec.existing.fields[f.name] == rec.fields[f.name]:
                        continue
                    clear.append(rec.instance.pk)
                add.extend(
                    through(**{source: rec.instance.pk, target: t.pk}) for t in rec.m2m[f.name]
                )
            if clear:
                through._base_manager.filter(**{f"{source}__in": clear}).delete()
            if add:
                through._base_manager.bulk_create(add, batch_size=500)


def _write_records(plan: Plan, now) -> bool:
    """Make FixtureRecord hold the digest of every row the files hold, and no other.

    Returns whether any record had to change."""
    new, changed, stale = [], [], []
    for label in plan.synced:
        existing = plan.records.get(label, {})
        wanted = set()
        for rec in plan.desired[label]:
            text = key_text(rec.key)
            wanted.add(text)
            pk, recorded = existing.get(text, (None, None))
            if pk is None:
                new.append(
                    FixtureRecord(
                        model_label=label, natural_key=text, digest=rec.digest, loaded_at=now
                    )
                )
            elif recorded != rec.digest:
                changed.append(FixtureRecord(pk=pk, digest=rec.digest, loaded_at=now))
        stale.extend(
            pk
            for text, (pk, _) in existing.items()
            if text not in wanted and plan.in_scope(label, tuple(json.loads(text)))
        )
    if stale:
        FixtureRecord.objects.filter(pk__in=stale).delete()
    FixtureRecord.objects.bulk_create(new, batch_size=500)
    FixtureRecord.objects.bulk_update(changed, ["digest", "loaded_at"], batch_size=500)
    return bool(new or changed or stale)


# --------------------------------------------------------------------------- entry points


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
    command's backup of what ``--force`` overwrites, ``films/sync_backup.py``).
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
