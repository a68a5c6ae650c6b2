"""Applying a plan: deletes, creates and updates in dependency order, then records and one version
bump.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from filmkb.versioning import (
    bump_version,
    current_state,
    reloading,
    stamp_reload,
)
from films import verification
from films.models import FixtureRecord
from films.sync import history
from films.sync.base import PAUSE_ENV, Problem, Progress, SyncError, SyncResult, _silent
from films.sync.plan import Plan
from films.sync.read import Desired
from films.sync.state import ModelSpec, Row, key_text, spec_for


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
        history.record_baseline(plan, now)  # loaded values as change history
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
