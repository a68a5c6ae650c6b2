"""Rows linked to one object, for its page, in queries compiled once per process.

A page about one object lists the rows that point at it (a territory's releases, a
music work's uses and nominations), each with what the page shows of it: the rows it
links to (joined in), small lists per row (a use's quotations, a nomination's
nominees) and the citations of every fact. ``fetch_linked(obj, lists)`` runs

* one query per list (``Linked``), and one per nested list and per list of the
  object itself (its many-to-many relations: ``attach_nested``);
* one ``UNION ALL`` for the citations of every fact shown, the object's own included
  when it is a fact (``films.citations.attach_citations``).

Each is built and compiled once per process (``filmkb.prepared``): for these small
indexed lookups building and compiling a queryset costs more than running it. The
lists are filled in as a prefetch would (``obj.<name>.all()``, ``row.<nested>.all()``)
and citations as ``citation_rows``, so templates and ``CitationIndex`` read them
without a query.

A list that can grow with the knowledge base (a ceremony's nominations, a genre's
films) has a ``limit``: the page shows that many rows and links to the filtered list
page holding them all (``Found.more`` names the lists cut short). Nested lists and
citations are read for the rows shown only.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import cached_property

from django.http import Http404

from awards.models import Nominee
from filmkb.prepared import ID, IDS, Prepared, compiled, first
from filmkb.relations import set_prefetched
from films.citations import attach_citations
from films.models import Quotation


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
    limit: int | None = None  # at most this many rows shown (Found.more says if cut)

    def queryset(self, value):
        related = self.related
        if _has_field(self.model, "disagreement"):  # pages link every disputed fact
            related = ("disagreement__film", *related)
        rows = self.model.objects.filter(**{self.link: value}).select_related(*related)
        if self.order_by:
            rows = rows.order_by(*self.order_by)
        return rows[: self.limit + 1] if self.limit else rows

    def point_at(self, obj, rows):
        """Each row's link is the object: cache it, as a prefetch would."""
        field = self.model._meta.get_field(self.link) if "__" not in self.link else None
        if field is not None and field.many_to_one:
            for row in rows:
                field.set_cached_value(row, obj)

    def facts(self, rows):
        """The facts whose citations the page shows for these rows and their nested
        lists (a use's quotations; a nominee's nomination)."""
        found = [getattr(row, self.cited_via) for row in rows] if self.cited_via else rows
        for nested in self.cited_nested:
            found = [*found, *(item for row in rows for item in getattr(row, nested).all())]
        return found

    @cached_property
    def cited_nested(self):
        """The nested lists whose rows are facts with citations (quotations)."""
        return [
            name
            for name in self.nested
            if _has_field(self.model._meta.get_field(name).related_model, "citations")
        ]


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

# One compiled nested-list query (with how its rows are read) per owner, list and link.
_nested = {}


class Found(dict):
    """``{name: rows}`` of the lists a page fetched; ``more``: the names of those cut
    short at their limit."""

    def __init__(self):
        super().__init__()
        self.more = set()


def fetch_linked(obj, lists, *, many=(), cite=False):
    """``Found`` (``{name: rows}``) for each ``Linked`` of ``lists`` (a dict), each row's
    nested lists filled in; ``many``: the object's own small lists (many-to-many, or
    rows pointing at it) filled in as a prefetch would (``own_list`` for one that can
    grow); ``cite``: the object is a fact, cited on its page. Every fact's citations
    are attached in one query."""
    found = Found()
    for name in many:
        attach_nested(obj.pk, type(obj), name, [obj], "")
    facts = [obj] if cite else []
    for name, linked in lists.items():
        rows, more = first(compiled(("linked", linked), linked.queryset).all(obj.pk), linked.limit)
        if more:
            found.more.add(name)
        found[name] = rows
        linked.point_at(obj, rows)
        for nested in linked.nested:
            attach_nested(rows, linked.model, nested, rows, "id__in")
        facts.extend(fact for fact in linked.facts(rows) if fact is not None)
    attach_citations(facts)
    return found


# Rows shown of a list that grows with the knowledge base (a ceremony's nominations, a
# genre's films); the page links to the filtered list page holding them all.
LONG_LIST = 100


def own_list(obj, name, limit=LONG_LIST):
    """Fill ``obj.<name>.all()`` (a list of the object's own, that can grow) with at most
    ``limit`` rows; True when there were more."""
    return attach_nested(obj.pk, type(obj), name, [obj], "", limit=limit)


def attach_nested(value, owner_model, name, owners, via, *, limit=None):
    """Fill ``owner.<name>.all()`` for every owner (rows of ``owner_model`` whose lookup
    ``via`` is ``value``; "" when the owner is the object itself, "id__in" when ``value``
    is the owners themselves) in one compiled query. With a ``limit`` (one owner): at
    most that many rows; returns True when there were more."""
    key = (owner_model, name, via, limit)
    entry = _nested.get(key)
    if entry is None:
        entry = _nested[key] = _nested_query(owner_model, name, via, limit)
    query, owner_id, item = entry
    if via == "id__in":
        value = sorted(owner.pk for owner in value)
    found, cut = first(query.all(value), limit)
    by_owner = {owner.pk: [] for owner in owners}
    for row in found:
        listed = by_owner.get(getattr(row, owner_id))
        if listed is not None:
            listed.append(item(row))
    for owner in owners:
        set_prefetched(owner, name, by_owner[owner.pk])
    return cut


def _nested_query(owner_model, name, via, limit):
    """(Prepared query by value, the row's owner id attribute, row -> listed item)."""
    kind = IDS if via == "id__in" else ID
    # through another relation (a list's entries of a film): each row once
    crosses = "__" in via and via != "id__in"
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
            rows = rows.distinct() if crosses else rows
            return rows[: limit + 1] if limit else rows

        return Prepared(build, kind), f"{source}_id", operator.attrgetter(target)
    # rows pointing at the owner (a review's quotes, a nomination's nominees)
    link = relation.field.name
    factory = NESTED_QUERYSETS.get(name)
    ordering = [f"{link}_id" if o == link else o for o in relation.related_model._meta.ordering]
    lookup = f"{link}__{via}" if via else link

    def build(value):
        rows = factory() if factory else relation.related_model._default_manager.order_by(*ordering)
        rows = rows.filter(**{lookup: value})
        return rows[: limit + 1] if limit else rows

    return Prepared(build, kind), f"{link}_id", lambda row: row


def one_or_404(query, *values):
    """The one row a Prepared query finds for ``values``, else Http404."""
    found = query.all(*values)
    if not found:
        raise Http404(f"No {query.model._meta.verbose_name} matches the given query.")
    return found[0]
