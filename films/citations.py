"""Number the citations of everything a page shows, in order of first use.

A page builds one ``CitationIndex`` in its view and registers each fact in
the order the template renders it. The index gives every source a number the
first time a fact citing it is registered, like a printed reference list:
the same source keeps its number wherever it is cited again. Templates then
read ``index.markers(fact)`` and ``index.references``; nothing here queries
the database, provided each fact's ``citations`` were prefetched with their
``source`` (see ``cited()``).

The index also knows each registered fact's ``Disagreement``, so that the
``cites`` tag can link it wherever the fact is shown, whatever the fact's
kind: from the fact's cache when the page selected it, otherwise loaded for
every registered fact at once (one query per page, only when needed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django.db import router
from django.db.models import IntegerField, Prefetch, Value

from filmkb.prepared import IDS, compiled
from films.models import Disagreement, Source
from people.models import Organization


def cited(relation, fact_model):
    """A Prefetch of ``<relation>__citations`` with each citation's source in the same query.

    ``relation`` is the path to the facts ("credits"), or "" when prefetching on
    the facts themselves, in which case pass ``fact_model``.
    """
    model = fact_model._meta.get_field("citations").related_model
    path = f"{relation}__citations" if relation else "citations"
    return Prefetch(path, queryset=model.objects.select_related("source__publication"))


def cited_facts(
    relation, model, *select_related, prefetch=(), order_by=(), cited_via="", citations=True
):
    """The one Prefetch every page uses: ``relation``'s rows with their citations.

    ``select_related`` and ``prefetch`` add what the page shows of each row (a
    fact's disagreement comes with it);
    ``order_by`` replaces the model's ordering. Rows that are not facts but
    belong to one (a nominee's nomination) name it in ``cited_via``, and the
    citations of that fact come with them. ``citations=False``: the page attaches
    the citations of all its facts at once (``attach_citations``), one query for all.
    """
    fact_model = model._meta.get_field(cited_via).related_model if cited_via else model
    if any(f.name == "disagreement" for f in model._meta.fields):
        # pages link every disputed fact to its disagreement's page
        select_related = ("disagreement__film", *select_related)
    if citations:
        prefetch = (cited(cited_via, fact_model), *prefetch)
    rows = model.objects.select_related(*select_related).prefetch_related(*prefetch)
    if order_by:
        rows = rows.order_by(*order_by)
    return Prefetch(relation, queryset=rows)


@dataclass
class Reference:
    number: int
    source: object
    notes: list[str] = field(default_factory=list)

    @property
    def anchor(self):
        return f"cite-{self.number}"


@dataclass(frozen=True)
class Marker:
    number: int
    locator: str = ""
    note: str = ""

    @property
    def anchor(self):
        return f"cite-{self.number}"


@dataclass(frozen=True, slots=True)
class CitationRow:
    """What a page reads of one citation, for facts whose citations a page fetched in
    bulk (``films.pages.fetch``) instead of prefetching the ``citations`` relation."""

    source_id: int
    source: object
    locator: str = ""
    note: str = ""


def citations_of(fact):
    """A fact's citations: the rows a page attached (``fact.citation_rows``), else the
    prefetched ``citations`` relation."""
    rows = fact.__dict__.get("citation_rows")
    return rows if rows is not None else fact.citations.all()


def fact_key(fact):
    return (fact._meta.label_lower, fact.pk)


class CitationIndex:
    """Citations of one page, numbered by source in order of first use."""

    def __init__(self):
        self._references: dict[int, Reference] = {}
        self._markers: dict[tuple, list[Marker]] = {}
        self._disagreements: dict[int, object] = {}
        self._unloaded: set[int] = set()

    def add(self, fact):
        """Register a fact (idempotent) and return its markers."""
        key = fact_key(fact)
        if key in self._markers:
            return self._markers[key]
        by_number = {}
        for citation in citations_of(fact):
            # The locator stays on the marker (it differs for every fact citing the
            # source); the reference lists what the source's citations note.
            reference = self.add_source(citation.source, citation.note, citation.source_id)
            marker = by_number.get(reference.number)
            if marker is None:
                by_number[reference.number] = Marker(
                    reference.number, citation.locator, citation.note
                )
            elif citation.locator:  # the same source cited twice: both places
                locator = "; ".join(filter(None, (marker.locator, citation.locator)))
                by_number[reference.number] = Marker(marker.number, locator, marker.note)
        markers = sorted(by_number.values(), key=lambda m: m.number)
        self._markers[key] = markers
        self._note_disagreement(fact)
        return markers

    def add_source(self, source, note="", source_id=None):
        """Number a source (if it has no number yet) and keep a citation's note; its Reference."""
        key = source.pk if source_id is None else source_id
        reference = self._references.get(key)
        if reference is None:
            reference = Reference(len(self._references) + 1, source)
            self._references[key] = reference
        if note and note not in reference.notes:
            reference.notes.append(note)
        return reference

    def _note_disagreement(self, fact):
        disagreement_id = getattr(fact, "disagreement_id", None)
        if disagreement_id is None or disagreement_id in self._disagreements:
            return
        field = fact._meta.get_field("disagreement")
        cached = field.get_cached_value(fact) if field.is_cached(fact) else None
        if cached is not None and Disagreement._meta.get_field("film").is_cached(cached):
            self._disagreements[disagreement_id] = cached
        else:
            self._unloaded.add(disagreement_id)

    def disagreement(self, fact):
        """The Disagreement a fact belongs to, or None (at most one query per page)."""
        disagreement_id = getattr(fact, "disagreement_id", None)
        if disagreement_id is None:
            return None
        if disagreement_id not in self._disagreements:
            self._unloaded.add(disagreement_id)
            loaded = Disagreement.objects.select_related("film").in_bulk(self._unloaded)
            self._disagreements.update(loaded)
            self._unloaded.clear()
        return self._disagreements.get(disagreement_id)

    def add_all(self, facts):
        for fact in facts:
            self.add(fact)
        return facts

    def markers(self, fact):
        """Markers of a registered fact; an unregistered fact has none."""
        return self._markers.get(fact_key(fact), [])

    def is_registered(self, fact):
        return fact_key(fact) in self._markers

    @property
    def references(self):
        return sorted(self._references.values(), key=lambda r: r.number)

    def __len__(self):
        return len(self._references)


# --------------------------------------------------------------------------- bulk citations
# A page that fetched its facts itself attaches their citations in one query: a UNION ALL
# over the citation tables of the facts' kinds, each citation with its source and
# publication joined in. Each fact gets ``citation_rows`` (CitationRow, read by
# ``citations_of``), in the citations' own order.

# What a reference shows of its source and publication (the rest stays deferred: a
# source's note and timestamps are for its own page). In the models' field order:
# Model.from_db reads partial values in that order.
SOURCE_FIELDS = [
    f.attname for f in Source._meta.concrete_fields if f.name not in {"note", "updated_at"}
]
PUBLICATION_FIELDS = [
    f.attname for f in Organization._meta.concrete_fields if f.name in {"id", "slug", "name"}
]
CITATION_COLUMNS = (
    "kind",
    "id",
    "fact_id",
    "locator",
    "note",
    "order",
    *(f"source__{name}" for name in SOURCE_FIELDS),
    *(f"source__publication__{name}" for name in PUBLICATION_FIELDS),
)
SOURCE_START = CITATION_COLUMNS.index(f"source__{SOURCE_FIELDS[0]}")
PUBLICATION_START = SOURCE_START + len(SOURCE_FIELDS)


def citation_union(models, lookup):
    """One values_list query over the citation tables of ``models`` (``kind``: the
    model's position); ``lookup(model)`` gives each table's filter."""
    branches = [
        model._meta.get_field("citations")
        .related_model.objects.filter(**lookup(model))
        .annotate(kind=Value(number, output_field=IntegerField()))
        .values_list(*CITATION_COLUMNS)
        .order_by()
        for number, model in enumerate(models)
    ]
    return branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]


def source_reader(db):
    """A function turning a union row into its Source (with its publication), one
    instance per source however often it is cited."""
    sources, publications = {}, {}

    def read(values):
        source = sources.get(values[SOURCE_START])
        if source is not None:
            return source
        source = Source.from_db(db, SOURCE_FIELDS, values[SOURCE_START:PUBLICATION_START])
        publication = None
        if values[PUBLICATION_START] is not None:
            publication = publications.get(values[PUBLICATION_START])
            if publication is None:
                publication = Organization.from_db(
                    db, PUBLICATION_FIELDS, values[PUBLICATION_START:]
                )
                publications[publication.pk] = publication
        Source._meta.get_field("publication").set_cached_value(source, publication)
        sources[source.pk] = source
        return source

    return read


def attach_rows(facts, models, found, db):
    """Give each of ``facts`` its ``citation_rows`` from union rows ``found`` (a citation
    found twice, through two branches, counts once; a fact listed twice gets them twice)."""
    by_key = {}
    for fact in facts:
        by_key.setdefault((type(fact), fact.pk), []).append(fact)
    cited = {key: {} for key in by_key}
    read = source_reader(db)
    for values in found:
        citations = cited.get((models[values[0]], values[2]))
        if citations is not None:  # else a fact the page did not fetch
            citations[values[1]] = (values[5], values[1], read(values), values[3], values[4])
    for key, citations in cited.items():
        rows = [
            CitationRow(source.pk, source, locator, note)
            # the citations' own order, then id
            for _order, _id, source, locator, note in sorted(citations.values(), key=_first_two)
        ]
        for fact in by_key[key]:
            fact.citation_rows = rows


def _first_two(citation):
    return citation[:2]


def attach_citations(facts):
    """Attach the citations of facts of any kinds, in one query."""
    facts = [fact for fact in facts if fact is not None]
    ids = {}
    for fact in facts:
        ids.setdefault(type(fact), set()).add(fact.pk)
    if not ids:
        return facts
    models = tuple(sorted(ids, key=lambda model: model._meta.label_lower))
    # one compiled union per set of fact kinds (filmkb.prepared)
    query = compiled(("citations", models), partial(_union_of, models), *[IDS] * len(models))
    found = query.all(*(sorted(ids[model]) for model in models))
    attach_rows(facts, models, found, router.db_for_read(Source))
    return facts


def _union_of(models, *id_lists):
    return citation_union(models, lambda model: {"fact_id__in": id_lists[models.index(model)]})
