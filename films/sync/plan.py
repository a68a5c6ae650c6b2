"""Planning a reload: resolve every row of the files against the database and decide what to
create, update and delete.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models, router

from films.fixture_layout import (
    FILM_FILE_OF,
    is_film_model,
    owner_of,
)
from films.models import FixtureRecord
from films.sync.base import (
    Conflict,
    ConflictError,
    ModelCounts,
    Problem,
    Progress,
    SyncError,
    SyncResult,
    _silent,
)
from films.sync.read import (
    Desired,
    FixtureFile,
    _check_shape,
    _misplaced,
    layout_file,
    read_fixture,
)
from films.sync.state import (
    DatabaseState,
    ModelSpec,
    Row,
    _has_natural_key,
    digest,
    key_text,
    load_state,
    managed_labels,
    serialize,
    spec_for,
)
from films.sync.validate import _validate_all


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
