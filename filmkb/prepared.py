"""Querysets compiled once per process, run again with another parameter value.

A page's small indexed lookups ("this film's credits, with their people and
characters joined in") cost less to run than to build: Django assembles and
compiles the queryset (joins, select_related columns, ordering) on every request.
A ``Prepared`` query is built once per database alias with a placeholder value,
compiled once, and each call runs that SQL with the placeholder replaced, turning
rows into model instances (and the rows joined by ``select_related``) exactly as
the queryset would, then runs the queryset's ``prefetch_related`` lookups.

    credits = Prepared(lambda film_id: Credit.objects.filter(film_id=film_id)
                       .select_related("person"))
    credits.all(film.pk)    # -> [Credit, ...], person of each joined in

Only for querysets whose varying inputs are values used in filters. ``Prepared(build)``
takes one id; ``Prepared(build, TEXT)`` one text value (a slug), ``Prepared(build, TEXT,
TEXT)`` two, and so on: ``build`` is called with that many placeholders, and ``all()``
with that many values. A placeholder must not occur among the query's other parameters.
``IDS`` is a list of ids for ``__in`` lookups (``build`` gets a one-item list): the
compiled ``IN (%s)`` grows to the list's length, and an empty list finds no rows
without a query, so such a lookup must be one every row needs (a top-level filter).
A ``TEXT`` placeholder may also sit inside a parameter Django builds around it (the
``%...%`` of ``icontains``): the value replaces it there as given, so the caller
passes it already escaped the way that lookup escapes
(``connection.ops.prep_for_like_query``).
"""

from __future__ import annotations

import re

from django.db import connections, router
from django.db.models import prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators

PLACEHOLDER = -7_013_013_013
ID, TEXT, IDS = "id", "text", "ids"  # the kinds of value a Prepared query takes
_PARAMETER = re.compile(r"%%|%s")


def _placeholders(kinds):
    """A distinct placeholder per value: ids below any real one, text no slug can hold."""
    return tuple(
        f"\x00prepared-{number}\x00" if kind == TEXT else PLACEHOLDER - number
        for number, kind in enumerate(kinds)
    )


def _split_at_parameters(sql):
    """The SQL text before each ``%s`` parameter marker, and after the last."""
    pieces, start = [], 0
    for match in _PARAMETER.finditer(sql):
        if match.group() == "%s":
            pieces.append(sql[start : match.start()])
            start = match.end()
    pieces.append(sql[start:])
    return pieces


class Prepared:
    def __init__(self, build, *kinds):
        self.build = build  # placeholders -> QuerySet
        self.kinds = kinds or (ID,)
        self.placeholders = _placeholders(self.kinds)
        self.lists = [number for number, kind in enumerate(self.kinds) if kind == IDS]
        self.model = build(*self._arguments()).model
        self._compiled = {}  # database alias -> what running the query needs

    def _arguments(self):
        return [
            [placeholder] if kind == IDS else placeholder
            for placeholder, kind in zip(self.placeholders, self.kinds, strict=True)
        ]

    def _slot(self, param):
        """Which value a compiled parameter is (its position); a tuple of positions for a
        text built around text placeholders; None for a constant."""
        constant = isinstance(param, bool) or not isinstance(param, int | str)
        if constant:
            return None
        if param in self.placeholders:
            return self.placeholders.index(param)
        if isinstance(param, str):
            inside = tuple(
                number
                for number, (placeholder, kind) in enumerate(
                    zip(self.placeholders, self.kinds, strict=True)
                )
                if kind == TEXT and placeholder in param
            )
            return inside or None
        return None

    def _value(self, param, slot, values):
        if slot is None:
            return param
        if isinstance(slot, tuple):  # a text built around placeholders
            for number in slot:
                param = param.replace(self.placeholders[number], values[number])
            return param
        return values[slot]

    def _prepare(self, model_db):
        compiled = self._compiled.get(model_db)
        if compiled is None:
            queryset = self.build(*self._arguments()).using(model_db)
            compiler = queryset.query.get_compiler(using=model_db)
            sql, params = compiler.as_sql()
            slots = [self._slot(p) for p in params]
            used = {n for slot in slots if slot is not None for n in _positions(slot)}
            if used != set(range(len(self.placeholders))):
                raise ValueError("Prepared: the query does not use each of its parameters")
            compiled = {"sql": sql, "params": tuple(params), "slots": slots, "compiler": compiler}
            if self.lists:
                compiled["pieces"] = _split_at_parameters(sql)
            # what results_iter() works out on every call: the columns' converters
            fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
            compiled["converters"] = compiler.get_converters(fields)
            compiled["composite"] = compiler.has_composite_fields(fields)
            klass_info = compiler.klass_info
            if not issubclass(queryset._iterable_class, ModelIterable):  # values_list(): tuples
                compiled["model"] = None
            else:
                select_fields = klass_info["select_fields"]
                start, end = select_fields[0], select_fields[-1] + 1
                compiled.update(
                    model=klass_info["model"],
                    slice=slice(start, end),
                    init_list=[f[0].target.attname for f in compiler.select[start:end]],
                    populators=get_related_populators(klass_info, compiler.select, model_db),
                    prefetch=tuple(queryset._prefetch_related_lookups),
                    annotations=tuple(compiler.annotation_col_map.items()),
                )
            self._compiled[model_db] = compiled
        return compiled

    def all(self, *values):
        """The queryset's rows for ``values``: model instances, or tuples for a
        ``values_list()`` queryset (each column converted as the queryset would)."""
        if len(values) != len(self.placeholders):
            expected = len(self.placeholders)
            raise TypeError(f"Prepared: {expected} values expected, not {len(values)}")
        if any(not values[number] for number in self.lists):
            return []
        model_db = router.db_for_read(self.model)
        compiled = self._prepare(model_db)
        sql, params = self._bind(compiled, values)
        with connections[model_db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if compiled["model"] is None:
            return list(_converted(compiled, rows, tuple_expected=True))
        model, columns, init_list = compiled["model"], compiled["slice"], compiled["init_list"]
        found = []
        for row in _converted(compiled, rows):
            obj = model.from_db(model_db, init_list, row[columns])
            for populator in compiled["populators"]:
                populator.populate(row, obj)
            for name, position in compiled["annotations"]:
                setattr(obj, name, row[position])
            found.append(obj)
        if compiled["prefetch"]:
            prefetch_related_objects(found, *compiled["prefetch"])
        return found

    def _bind(self, compiled, values):
        """The SQL and parameters for ``values``: each list's marker repeated to its length."""
        if not self.lists:
            params = [
                self._value(p, slot, values)
                for p, slot in zip(compiled["params"], compiled["slots"], strict=True)
            ]
            return compiled["sql"], params
        pieces, params = [compiled["pieces"][0]], []
        for p, slot, after in zip(
            compiled["params"], compiled["slots"], compiled["pieces"][1:], strict=True
        ):
            if isinstance(slot, int) and slot in self.lists:
                items = list(values[slot])
                pieces.append(", ".join(["%s"] * len(items)))
                params.extend(items)
            else:
                pieces.append("%s")
                params.append(self._value(p, slot, values))
            pieces.append(after)
        return "".join(pieces), params


# Every page's Prepared queries, made the first time each is asked for (``compiled``).
# Bounded: the keys are a page's kinds of row and lists, a few hundred in all.
_REGISTRY_KEPT = 1024
_registry = {}


def compiled(key, build, *kinds):
    """The Prepared query known by ``key`` (a tuple naming its page and what it reads),
    made from ``build`` and ``kinds`` the first time it is asked for."""
    query = _registry.get(key)
    if query is None:
        if len(_registry) >= _REGISTRY_KEPT:
            _registry.clear()
        query = _registry[key] = Prepared(build, *kinds)
    return query


def first(rows, limit):
    """(the first ``limit`` of ``rows``, whether there were more): for a query that read
    ``limit`` + 1 rows to learn whether a list goes on. No limit: every row."""
    if limit and len(rows) > limit:
        return rows[:limit], True
    return rows, False


def _positions(slot):
    return slot if isinstance(slot, tuple) else (slot,)


def _converted(compiled, rows, tuple_expected=False):
    """The rows with each column converted as the queryset would (``results_iter``)."""
    compiler = compiled["compiler"]
    if compiled["composite"]:
        return compiler.results_iter(results=[rows], tuple_expected=tuple_expected)
    if compiled["converters"]:
        rows = compiler.apply_converters(rows, compiled["converters"])
    return map(tuple, rows) if tuple_expected else rows
