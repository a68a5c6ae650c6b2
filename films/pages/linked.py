"""Rows linked to one object, for its page, in queries compiled once per process.

A page about one object lists the rows that point at it (a territory's releases, a
music work's uses and nominations), each with what the page shows of it: the rows it
links to (joined in), small lists per row (a use's quotations, a nomination's
nominees) and the citations of every fact. ``fetch_linked(obj, lists)`` runs

* one query per list (``Linked``), and one per nested list and per list of the
  object itself (its many-to-many relations: ``attach_nested``);
* one ``UNION ALL`` for the citations of every fact shown, the object's own included
  when it is a fact (``films.citations``).

Each is built and compiled once per process (``filmkb.prepared``): for these small
indexed lookups building and compiling a queryset costs more than running it. The
lists are filled in as a prefetch would (``obj.<name>.all()``, ``row.<nested>.all()``)
and citations as ``citation_rows``, so templates and ``CitationIndex`` read them
without a query.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from django.db import router
from django.http import Http404

from awards.models import Nominee
from filmkb.prepared import Prepared
from filmkb.relations import set_prefetched
from films.citations import attach_rows, citation_branches
from films.models import Quotation, Source


@dataclass(frozen=True)
class Linked:
    """One list a page shows: the rows of ``model`` whose ``link`` (a lookup from a row
    to the page's object, "territory") is the object."""

    model: type
    link: str
    related: tuple = ()  # joined in (select_related)
    nested: tuple = ()  # small lists shown with each row: relations of ``model``
    order_by: tuple = ()  # replaces the model's ordering
    cited_via: str = ""  # rows that are not facts: the fact they belong to (a nominee's)
    distinct: bool = False  # the link crosses a to-many relation: each row once

    def queryset(self, value):
        related = self.related
        if _has_field(self.model, "disagreement"):  # pages link every disputed fact
            related = ("disagreement__film", *related)
        rows = self.model.objects.filter(**{self.link: value}).select_related(*related)
        if self.order_by:
            rows = rows.order_by(*self.order_by)
        return rows.distinct() if self.distinct else rows

    def point_at(self, obj, rows):
        """Each row's link is the object: cache it, as a prefetch would."""
        field = self.model._meta.get_field(self.link) if "__" not in self.link else None
        if field is not None and field.many_to_one:
            for row in rows:
                field.set_cached_value(row, obj)

    def facts(self, rows):
        """The facts whose citations the page shows for these rows."""
        if not self.cited_via:
            return rows
        return [getattr(row, self.cited_via) for row in rows]

    def citation_branches(self):
        """(fact model, lookup from a citation to the object) of the rows' facts and of
        the nested lists that are facts (quotations)."""
        if self.cited_via:
            via = self.model._meta.get_field(self.cited_via)
            branches = [(via.related_model, f"fact__{via.related_query_name()}__{self.link}")]
        else:
            branches = [(self.model, f"fact__{self.link}")]
        for name in self.nested:
            relation = self.model._meta.get_field(name)
            if relation.one_to_many and _has_field(relation.related_model, "citations"):
                branches.append(
                    (relation.related_model, f"fact__{relation.field.name}__{self.link}")
                )
        return branches


def _has_field(model, name):
    return any(f.name == name for f in model._meta.get_fields())


# Nested lists shown with something other than their model's plain rows.
NESTED_QUERYSETS = {
    # a nomination's nominees in their own order, without joining the nomination
    "nominees": lambda: Nominee.objects.select_related(
        "person", "organization", "music_work"
    ).order_by("nomination_id", "order"),
    "quotations": lambda: Quotation.objects.select_related(
        "film", "speaker_person", "speaker_organization"
    ).order_by("order", "id"),
}

# One compiled query per list, nested list and set of citation branches.
_prepared = {}


def fetch_linked(obj, lists, *, many=(), cite=False):
    """``{name: rows}`` for each ``Linked`` of ``lists`` (a dict), each row's nested lists
    filled in; ``many``: the object's own lists (many-to-many, or rows pointing at it)
    filled in as a prefetch would; ``cite``: the object is a fact, cited on its page.
    Every fact's citations are attached in one query."""
    owner = type(obj)
    for name in many:
        attach_nested(obj.pk, owner, name, [obj], "")
    found = {}
    facts = [obj] if cite else []
    branches = [(owner, "fact")] if cite else []
    for name, linked in lists.items():
        query = _prepared.get(linked)
        if query is None:
            query = _prepared[linked] = Prepared(linked.queryset)
        rows = found[name] = query.all(obj.pk)
        linked.point_at(obj, rows)
        for nested in linked.nested:
            attach_nested(obj.pk, linked.model, nested, rows, linked.link)
            facts.extend(
                item
                for row in rows
                for item in getattr(row, nested).all()
                if _has_field(type(item), "citations")
            )
        facts.extend(fact for fact in linked.facts(rows) if fact is not None)
        branches.extend(linked.citation_branches())
    attach_linked_citations(obj.pk, tuple(branches), facts)
    return found


def attach_linked_citations(value, branches, facts):
    """Attach the citations of ``facts`` in one query over ``branches`` ((fact model,
    lookup from a citation to ``value``)), compiled once per set of branches."""
    if not branches:
        return
    models = list(dict.fromkeys(model for model, _path in branches))
    key = ("citations", branches)
    query = _prepared.get(key)
    if query is None:
        numbered = [(models.index(model), model, path) for model, path in branches]
        query = _prepared[key] = Prepared(
            lambda placeholder: citation_branches(
                [(kind, model, {path: placeholder}) for kind, model, path in numbered]
            )
        )
    attach_rows(facts, models, query.all(value), router.db_for_read(Source))


def attach_nested(value, owner_model, name, owners, via):
    """Fill ``owner.<name>.all()`` for every owner (rows of ``owner_model`` whose lookup
    ``via`` is ``value``; "" when the owner is the object itself) in one compiled query."""
    key = (owner_model, name, via)
    entry = _prepared.get(key)
    if entry is None:
        entry = _prepared[key] = _nested_query(owner_model, name, via)
    query, owner_id, item = entry
    by_owner = {owner.pk: [] for owner in owners}
    for row in query.all(value):
        listed = by_owner.get(getattr(row, owner_id))
        if listed is not None:
            listed.append(item(row))
    for owner in owners:
        set_prefetched(owner, name, by_owner[owner.pk])


def _nested_query(owner_model, name, via):
    """(Prepared query by value, the row's owner id attribute, row -> listed item)."""
    relation = owner_model._meta.get_field(name)
    if relation.many_to_many:
        if relation.auto_created:  # the reverse side of a many-to-many field
            field = relation.field
            source, target = field.m2m_reverse_field_name(), field.m2m_field_name()
        else:
            field = relation
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through = field.remote_field.through
        lookup = f"{source}__{via}" if via else f"{source}_id"
        ordering = [
            f"-{target}__{o[1:]}" if o.startswith("-") else f"{target}__{o}"
            for o in relation.related_model._meta.ordering
        ]

        def build(value):
            rows = (
                through.objects.filter(**{lookup: value})
                .select_related(target)
                .order_by(*ordering, "pk")
            )
            # through another relation (a list's entries of a film): once per pair
            return rows.distinct() if "__" in lookup.removeprefix(f"{source}__") else rows

        return Prepared(build), f"{source}_id", operator.attrgetter(target)
    # rows pointing at the owner (a review's quotes, a nomination's nominees)
    link = relation.field.name
    factory = NESTED_QUERYSETS.get(name)
    ordering = [f"{link}_id" if o == link else o for o in relation.related_model._meta.ordering]
    lookup = f"{link}__{via}" if via else link

    def build(value):
        rows = factory() if factory else relation.related_model._default_manager.order_by(*ordering)
        return rows.filter(**{lookup: value})

    return Prepared(build), f"{link}_id", lambda row: row


def one_or_404(query, *values):
    """The one row a Prepared query finds for ``values``, else Http404."""
    found = query.all(*values)
    if not found:
        raise Http404(f"No {query.model._meta.verbose_name} matches the given query.")
    return found[0]
