"""What the sync knows of each model (fields, natural keys, uniques) and of the database's rows."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.backends.utils import format_number

from films.fixture_layout import (
    EXCLUDED_FIELDS,
    LOAD_ORDER,
    SYNTHETIC_PREFIX,
)


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
