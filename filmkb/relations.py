"""Prefetch only the relations that hold rows.

A page about one object with many kinds of relation (an organization may publish,
distribute, award, be credited, be quoted...) would run one query per relation,
most of them empty for any one object. ``prefetch_present(obj, lookups, page=...)`` asks in
one query which of the relations hold rows for ``obj`` (a UNION of one
``SELECT DISTINCT`` per relation), prefetches those, and fills the others with
empty results, so templates read every relation without a query.
``prefetch_compiled(obj, lookups, page=...)`` fetches an object's relations with
queries compiled once per process (``filmkb.prepared``).
"""

from __future__ import annotations

from django.db.models import IntegerField, Prefetch, Value

from filmkb.prepared import Prepared, compiled, first


def _name(lookup):
    return lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup


def probe_union(querysets):
    """A UNION of a ``SELECT DISTINCT <position>`` per queryset (not empty)."""
    probes = [
        queryset.order_by()
        .annotate(probe=Value(number, output_field=IntegerField()))
        .values_list("probe")
        .distinct()
        for number, queryset in enumerate(querysets)
    ]
    return probes[0].union(*probes[1:], all=True) if len(probes) > 1 else probes[0]


def set_prefetched(instance, name, rows):
    """Fill ``instance.<name>.all()`` with ``rows``, as prefetch_related would."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def prefetch_present(obj, lookups, *, page, limits=None):
    """Prefetch the ``lookups`` (reverse relations of ``obj``) that hold rows; the
    others are set empty. One query, plus one per relation with rows (and their nested
    lookups), each compiled once per process (``page`` and ``limits`` as for
    ``prefetch_compiled``, whose answer it returns)."""
    model = type(obj)
    probe = compiled(
        ("relations holding rows", page, model),
        lambda object_id: probe_union(
            [_relation_query(model, lookup)[1](object_id) for lookup in lookups]
        ),
    )
    found = {number for (number,) in probe.all(obj.pk)}
    for number, lookup in enumerate(lookups):
        if number not in found:
            set_prefetched(obj, _name(lookup), [])
    present = [lk for n, lk in enumerate(lookups) if n in found]
    return prefetch_compiled(obj, present, page=page, limits=limits)


# One compiled query per (page, relation): see filmkb.prepared.
_compiled = {}


def _relation_query(model, lookup, limit=None):
    """(relation name, queryset builder: object id -> the relation's rows, at most
    ``limit`` + 1 of them if given) for a lookup."""
    if isinstance(lookup, Prefetch):
        name, base, nested = lookup.prefetch_to, lookup.queryset, ()
    else:
        name, _, rest = lookup.partition("__")
        base, nested = None, (rest,) if rest else ()
    if "__" in name:
        raise ValueError(f"prefetch_compiled: {name!r} is not a relation of {model.__name__}")
    relation = model._meta.get_field(name)
    if not relation.auto_created or relation.concrete:
        raise ValueError(f"prefetch_compiled: {name!r} is not a reverse relation")
    rows = base if base is not None else relation.related_model._default_manager.all()
    if nested:
        rows = rows.prefetch_related(*nested)

    def build(object_id):
        found = rows.filter(**{relation.field.name: object_id})
        return found[: limit + 1] if limit else found

    return name, build


def prefetch_compiled(obj, lookups, *, page, limits=None):
    """Like ``prefetch_related_objects([obj], *lookups)`` for reverse relations of one
    object, with each relation's query compiled once per process (``page`` names the
    caller: the same relation may be fetched differently by another page).
    ``limits`` ({relation name: n}) keeps at most n rows of a relation that can grow;
    returns the names of the relations cut short."""
    limits = limits or {}
    cut = set()
    for lookup in lookups:
        key = (page, type(obj), _name(lookup))
        entry = _compiled.get(key)
        if entry is None:
            limit = limits.get(_name(lookup))
            name, build = _relation_query(type(obj), lookup, limit)
            entry = _compiled[key] = (name, Prepared(build), limit)
        name, query, limit = entry
        rows, more = first(query.all(obj.pk), limit)
        if more:
            cut.add(name)
        set_prefetched(obj, name, rows)
    return cut
