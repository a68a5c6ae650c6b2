"""Validating desired rows before any write: field validation, check constraints evaluated in
memory, uniqueness across the whole plan.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import F, Q

from films.fixture_layout import (
    EXCLUDED_FIELDS,
)
from films.sync.base import PROGRESS_EVERY, Problem, SyncError
from films.sync.read import Desired
from films.sync.state import ModelSpec, spec_for


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
