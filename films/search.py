"""Site search across films, people, organizations, characters and sources.

On PostgreSQL each kind is ranked with full-text search (``websearch`` query
syntax, so quotes and ``-word`` work and junk never raises); elsewhere a
case-insensitive substring match stands in. ``search(text)`` never raises on
user input: an empty, over-long or punctuation-only query comes back as
``Results`` with a ``message`` explaining what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from films.models import Character, Film, Source
from people.models import Organization, Person

MAX_QUERY_LENGTH = 200
PER_KIND = 20


@dataclass
class Group:
    kind: str
    label: str
    items: list


@dataclass
class Results:
    query: str
    groups: list = field(default_factory=list)
    message: str = ""

    @property
    def total(self):
        return sum(len(g.items) for g in self.groups)


# kind -> (label, queryset factory, fields searched)
KINDS = {
    "films": ("Films", Film.objects.all, ["name", "stylized_title", "tagline"]),
    "people": ("People", Person.objects.all, ["name", "description"]),
    "organizations": (
        "Organizations",
        Organization.objects.all,
        ["name", "description"],
    ),
    "characters": (
        "Characters",
        lambda: Character.objects.select_related("film"),
        ["name", "description"],
    ),
    "sources": (
        "Sources",
        lambda: Source.objects.select_related("publication"),
        ["title", "byline"],
    ),
}
# Other rows whose words find an entity: a person's aliases, a film's descriptions
# ("science-fiction romantic drama", "solo screenwriting debut").
ALIASES = {
    "people": "aliases__name",
    "organizations": "aliases__name",
    "films": "descriptions__label",
}


def clean_query(text):
    text = (text or "").replace("\x00", " ")
    return " ".join(text.split())


def search(text):
    query = clean_query(text)
    if not query:
        return Results(query, message="Type a name or a title to search the knowledge base.")
    if len(query) > MAX_QUERY_LENGTH:
        return Results(
            query[:MAX_QUERY_LENGTH],
            message=f"That search is too long; use at most {MAX_QUERY_LENGTH} characters.",
        )
    if not re.search(r"\w", query):
        return Results(query, message="Search for words: names, titles or places.")
    use_fts = connection.vendor == "postgresql"
    groups = []
    for kind, (label, make_queryset, fields) in KINDS.items():
        queryset = make_queryset()
        if use_fts:
            items = _full_text(queryset, fields, query, ALIASES.get(kind))
        else:
            items = _substring(queryset, fields, query, ALIASES.get(kind))
        if items:
            groups.append(Group(kind, label, items))
    message = "" if groups else "Nothing matched. Try fewer or different words."
    return Results(query, groups, message)


def _alias_match(queryset, alias_field, word):
    """pk__in a subquery, so matching an alias never duplicates rows."""
    return Q(
        pk__in=queryset.model.objects.filter(**{f"{alias_field}__icontains": word}).values("pk")
    )


def _substring(queryset, fields, query, alias_field):
    """Every word must appear in some field (or alias): one query."""
    condition = Q()
    for word in query.split()[:10]:
        word_q = Q()
        for name in fields:
            word_q |= Q(**{f"{name}__icontains": word})
        if alias_field:
            word_q |= _alias_match(queryset, alias_field, word)
        condition &= word_q
    return list(queryset.filter(condition).order_by("pk")[:PER_KIND])


def _full_text(queryset, fields, query, alias_field):
    """Ranked full-text match, plus plain substring matches (prefixes such as
    "Johans", aliases) ranked after them: one query.

    The candidates are a UNION of arms that each have an index on PostgreSQL (a
    GIN full-text index on the same expression, GIN trigram indexes for the
    substrings: filmkb/migrations/0002_search_indexes.py), so no table is
    scanned whole; only the candidates are ranked."""
    model = queryset.model
    vector = SearchVector(*fields, config="simple")
    search_query = SearchQuery(query, search_type="websearch", config="simple")
    substring = Q()
    for name in fields:
        substring |= Q(**{f"{name}__icontains": query})
    candidates = (
        model.objects.annotate(document=vector)
        .filter(document=search_query)
        .order_by()
        .values("pk")
    ).union(model.objects.filter(substring).order_by().values("pk"))
    if alias_field:
        candidates = candidates.union(
            model.objects.filter(**{f"{alias_field}__icontains": query}).order_by().values("pk")
        )
    ranked = queryset.filter(pk__in=candidates).annotate(rank=SearchRank(vector, search_query))
    return list(ranked.order_by("-rank", "pk")[:PER_KIND])
