"""Site search across films, people, organizations, characters, sources, award
ceremonies and award categories.

Ranking, like a film site's: within each kind, a name equal to the query comes
first, then names starting with it, then names with a word starting with it,
then the rest (on PostgreSQL by full-text rank); the kinds are listed by their
best hit, so a band named exactly "Arcade Fire" comes before its members, whose
descriptions merely mention it. Each entity is listed once.

On PostgreSQL each kind is matched with full-text search (``websearch`` query
syntax, so quotes and ``-word`` work and junk never raises) and substrings
(trigram indexes); when nothing at all matches, names are compared by trigram
word similarity (``pg_trgm``), so a misspelling such as "Johanson" still finds
Scarlett Johansson. That fallback (only for queries that found nothing) reads the
names sharing trigrams with the query through the trigram indexes, in one query for
every kind.

On SQLite (best effort): every word of the query must start a word of some
field, case-insensitively for ASCII; there is no typo tolerance.

``search(text)`` never raises on user input: an empty, over-long or
punctuation-only query comes back as ``Results`` with a ``message`` explaining
what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Cast, Upper

from awards.models import Category, Ceremony
from filmkb.prepared import TEXT, compiled
from films.models import Character, Film, Source
from people.models import Organization, Person

MAX_QUERY_LENGTH = 200
PER_KIND = 20
# Trigram word similarity a name needs to be offered for a query that found nothing:
# pg_trgm's default word_similarity_threshold, which its indexed operator applies.
FUZZY_THRESHOLD = 0.6
EXACT, PREFIX, WORD_PREFIX, OTHER = range(4)


@dataclass
class Group:
    kind: str
    label: str
    items: list
    fuzzy: bool = False

    @property
    def best(self):
        return min((getattr(item, "match_rank", OTHER) for item in self.items), default=OTHER)


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
    "ceremonies": ("Award ceremonies", lambda: Ceremony.objects.select_related("body"), ["name"]),
    "categories": ("Award categories", lambda: Category.objects.select_related("body"), ["name"]),
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
        if use_fts:
            items = _full_text(kind, query)
        else:
            queryset = make_queryset().annotate(match_rank=_match_rank(fields[0], query))
            items = _substring(queryset, fields, query, ALIASES.get(kind))
        if items:
            groups.append(Group(kind, label, items))
    if not groups and use_fts:
        groups = _similar(query)
        if groups:
            message = f"Nothing matched “{query}” exactly; these names are close."
            return Results(query, groups, message)
    groups.sort(key=lambda group: group.best)  # stable: ties keep the kinds' order
    message = "" if groups else "Nothing matched. Try fewer or different words."
    return Results(query, groups, message)


def _word_start(word):
    """A case-insensitive regex for ``word`` at the start of a word (Python's re on
    SQLite, PostgreSQL's ARE: both read ``\\W``)."""
    return rf"(^|\W){re.escape(word)}"


def _match_rank(name, query):
    """EXACT, PREFIX, WORD_PREFIX or OTHER: how the entity's name matches the query."""
    return Case(
        When(**{f"{name}__iexact": query}, then=Value(EXACT)),
        When(**{f"{name}__istartswith": query}, then=Value(PREFIX)),
        When(**{f"{name}__iregex": _word_start(query)}, then=Value(WORD_PREFIX)),
        default=Value(OTHER),
        output_field=IntegerField(),
    )


def _similar(query):
    """Names close to a query that found nothing (PostgreSQL's pg_trgm), best first: one
    query for the closest names of every kind, then one per kind that has any."""
    kinds = list(KINDS.items())
    closest = [
        make_queryset()
        # pg_trgm's word-similarity operator, on the expression its GIN indexes hold,
        # so only names sharing trigrams with the query are read and compared
        .filter(TrigramWordSimilar(Upper(Cast(fields[0], TextField())), query))
        .annotate(
            search_kind=Value(number, output_field=IntegerField()),
            similarity=TrigramWordSimilarity(query, fields[0]),
        )
        .filter(similarity__gte=FUZZY_THRESHOLD)
        .order_by("-similarity", "pk")
        .values_list("search_kind", "pk", "similarity")[:PER_KIND]
        for number, (_kind, (_label, make_queryset, fields)) in enumerate(kinds)
    ]
    found = {}
    for number, pk, similarity in closest[0].union(*closest[1:], all=True):
        found.setdefault(number, {})[pk] = similarity
    groups = []
    for number, similarities in found.items():
        kind, (label, make_queryset, _fields) = kinds[number]
        rows = make_queryset().in_bulk(list(similarities))
        items = sorted(rows.values(), key=lambda row: (-similarities[row.pk], row.pk))
        for item in items:
            item.similarity = similarities[item.pk]
        groups.append(Group(kind, label, items, fuzzy=True))
    groups.sort(key=lambda group: -group.items[0].similarity)
    return groups


def _alias_match(queryset, alias_field, word):
    """pk__in a subquery, so matching an alias never duplicates rows."""
    return Q(
        pk__in=queryset.model.objects.filter(**{f"{alias_field}__icontains": word}).values("pk")
    )


def _substring(queryset, fields, query, alias_field):
    """Every word must start a word of some field (or alias): one query."""
    condition = Q()
    for word in query.split()[:10]:
        word_q = Q()
        for name in fields:
            word_q |= Q(**{f"{name}__iregex": _word_start(word)})
        if alias_field:
            word_q |= _alias_match(queryset, alias_field, word)
        condition &= word_q
    return list(queryset.filter(condition).order_by("match_rank", "pk")[:PER_KIND])


def _full_text(kind, query):
    """Ranked full-text match, plus plain substring matches (prefixes such as
    "Johans", aliases) ranked after them: one query, compiled once per kind
    (``filmkb.prepared``) with the query, its LIKE-escaped form and its word-start
    pattern as parameters.

    The candidates are a UNION of arms that each have an index on PostgreSQL (a
    GIN full-text index on the same expression, GIN trigram indexes for the
    substrings: filmkb/migrations/0002_search_indexes.py), so no table is
    scanned whole; only the candidates are ranked."""
    prepared = compiled(("search", kind), partial(_full_text_query, kind), TEXT, TEXT, TEXT)
    return prepared.all(query, connection.ops.prep_for_like_query(query), _word_start(query))


def _full_text_query(kind, query, like, word_start):
    """The full-text query of one kind; ``like``: the query escaped for LIKE,
    ``word_start``: the regex of the query at the start of a word."""
    _label, make_queryset, fields = KINDS[kind]
    alias_field = ALIASES.get(kind)
    queryset = make_queryset().annotate(
        match_rank=Case(
            When(**{f"{fields[0]}__iexact": query}, then=Value(EXACT)),
            When(**{f"{fields[0]}__istartswith": like}, then=Value(PREFIX)),
            When(**{f"{fields[0]}__iregex": word_start}, then=Value(WORD_PREFIX)),
            default=Value(OTHER),
            output_field=IntegerField(),
        )
    )
    model = queryset.model
    vector = SearchVector(*fields, config="simple")
    search_query = SearchQuery(query, search_type="websearch", config="simple")
    substring = Q()
    for name in fields:
        substring |= Q(**{f"{name}__icontains": like})
    candidates = (
        model.objects.annotate(document=vector)
        .filter(document=search_query)
        .order_by()
        .values("pk")
    ).union(model.objects.filter(substring).order_by().values("pk"))
    if alias_field:
        candidates = candidates.union(
            model.objects.filter(**{f"{alias_field}__icontains": like}).order_by().values("pk")
        )
    ranked = queryset.filter(pk__in=candidates).annotate(rank=SearchRank(vector, search_query))
    return ranked.order_by("match_rank", "-rank", "pk")[:PER_KIND]
