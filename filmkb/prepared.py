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

Only for model querysets whose single varying input is one value (an id) used in
filters; the placeholder must not occur among the query's other parameters.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models import prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators

PLACEHOLDER = -7_013_013_013


class Prepared:
    def __init__(self, build):
        self.build = build  # placeholder -> QuerySet
        self.model = build(PLACEHOLDER).model
        self._compiled = {}  # database alias -> what running the query needs

    def _prepare(self, model_db):
        compiled = self._compiled.get(model_db)
        if compiled is None:
            queryset = self.build(PLACEHOLDER).using(model_db)
            compiler = queryset.query.get_compiler(using=model_db)
            sql, params = compiler.as_sql()
            if PLACEHOLDER not in params:
                raise ValueError("Prepared: the query does not use its parameter")
            compiled = {"sql": sql, "params": tuple(params), "compiler": compiler}
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
                )
                if compiler.annotation_col_map:
                    raise ValueError("Prepared: annotations are not supported on model rows")
            self._compiled[model_db] = compiled
        return compiled

    def all(self, value):
        """The queryset's rows for ``value``: model instances, or tuples for a
        ``values_list()`` queryset (each column converted as the queryset would)."""
        model_db = router.db_for_read(self.model)
        compiled = self._prepare(model_db)
        params = [value if p == PLACEHOLDER else p for p in compiled["params"]]
        with connections[model_db].cursor() as cursor:
            cursor.execute(compiled["sql"], params)
            rows = cursor.fetchall()
        if compiled["model"] is None:
            return list(compiled["compiler"].results_iter(results=[rows], tuple_expected=True))
        model, columns, init_list = compiled["model"], compiled["slice"], compiled["init_list"]
        found = []
        for row in compiled["compiler"].results_iter(results=[rows]):
            obj = model.from_db(model_db, init_list, row[columns])
            for populator in compiled["populators"]:
                populator.populate(row, obj)
            found.append(obj)
        if compiled["prefetch"]:
            prefetch_related_objects(found, *compiled["prefetch"])
        return found
