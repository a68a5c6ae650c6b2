"""A film's rows for one of its pages, in a few flat queries.

Each page of a film asks only for the kinds of fact it shows (``films.pages.sections``
names them). ``fetch_film`` then runs

* one query for the film, and one per many-to-many the page shows (genres,
  countries, languages);
* one query per kind of fact, the rows it links to joined in (``KINDS``), and
  the small nested lists (a company's territories, an event's people) only for
  the pages that show them (``nested``);
* one query for the quotations shown with events, music, scores and reviews;
* one query for the citations of every fact and quotation fetched, with their
  sources and publications joined in: a ``UNION ALL`` over the citation tables,
  instead of one query per kind.

Rows are handed out as the page lists them: a fact's ``quotations`` (and its
``film``) are filled in as a prefetch would, and its citations as
``citation_rows`` (``films.citations.citations_of``), so ``CitationIndex`` and the
templates read them without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db import router
from django.db.models import Q
from django.shortcuts import get_object_or_404

from awards.models import Nomination, NominationTally
from filmkb.prepared import compiled
from filmkb.relations import set_prefetched
from films.citations import attach_rows, citation_union, source_reader
from films.models import (
    AggregateScore,
    BoxOfficeFigure,
    Credit,
    Dedication,
    ExternalLink,
    Film,
    FilmCompany,
    FilmDescription,
    FilmMusic,
    FilmTheme,
    FilmTitle,
    MusicCredit,
    ProductionEvent,
    Quotation,
    Recast,
    RelatedWork,
    Release,
    Review,
    Source,
    TopTenEntry,
)
from films.pages.linked import attach_nested


@dataclass(frozen=True)
class Kind:
    """How a page fetches one kind of a film's facts."""

    related: tuple = ()  # joined in (select_related)
    nested: tuple = ()  # small lists per row, fetched only where shown (attach_nested)
    quoted_by: str = ""  # Quotation's foreign key to this kind, if it carries quotations


KINDS = {
    FilmTitle: Kind(("territory",)),
    FilmDescription: Kind(),
    FilmCompany: Kind(("organization",), nested=("territories",)),
    FilmTheme: Kind(("theme",)),
    Dedication: Kind(("person",)),
    RelatedWork: Kind(("work",)),
    ExternalLink: Kind(),
    Credit: Kind(("person", "organization", "character__film")),
    Recast: Kind(
        (
            "character__film",
            "replaced__person",
            "replaced__organization",
            "replacement__person",
            "replacement__organization",
        )
    ),
    ProductionEvent: Kind(
        nested=("people", "organizations", "locations"), quoted_by="production_event"
    ),
    FilmMusic: Kind(("work",), quoted_by="film_music"),
    MusicCredit: Kind(("work", "person", "organization")),
    Release: Kind(
        ("territory", "location", "festival", "distributor", "superseded_by__film", "music_work")
    ),
    BoxOfficeFigure: Kind(("territory", "release")),
    AggregateScore: Kind(("aggregator",), quoted_by="aggregate_score"),
    Review: Kind(("critic", "publication"), nested=("quotes",), quoted_by="review"),
    TopTenEntry: Kind(("top_ten_list__publication",), nested=("top_ten_list__critics",)),
    Nomination: Kind(("ceremony__body", "category"), nested=("nominees",)),
    NominationTally: Kind(("ceremony__body",)),
}
FILM_MANY = ("genres", "countries", "languages")


def fetch_film(slug, kinds, *, nested=(), many=True, quotations=True):
    """The film (404 if no such slug) and ``{model: [rows]}`` for each of ``kinds``.

    ``nested``: the kinds whose rows' small nested lists (``Kind.nested``) the page
    shows; ``many``: the
    film's genres, countries and languages; ``quotations``: the quotations shown
    with the kinds that carry them. Citations always come with every row.
    """
    film = get_object_or_404(Film, slug=slug)
    if many:
        for name in FILM_MANY:
            attach_nested(film.pk, Film, name, [film], "")
    rows = {model: _rows(film, model, model in nested) for model in kinds}
    models = tuple(kinds)
    quoted = []
    if quotations and any(KINDS[model].quoted_by for model in kinds):
        quoted = _quotations(film, rows)
        models += (Quotation,)
    attach_film_citations(film.pk, models, [*rows.values(), quoted])
    return film, rows


def _rows(film, model, nested):
    found = compiled(("film page", model), partial(_kind_queryset, model)).all(film.pk)
    film_field = model._meta.get_field("film")
    for row in found:
        film_field.set_cached_value(row, film)
    if nested:
        for path in KINDS[model].nested:
            hop, _, name = path.rpartition("__")
            if hop:  # a list of a row the fact links to (an entry's top-ten list's critics)
                link = model._meta.get_field(hop)
                owners = list({id(o): o for o in (getattr(r, hop) for r in found) if o}.values())
                via = f"{link.related_query_name()}__film_id"
                attach_nested(film.pk, link.related_model, name, owners, via)
            else:
                attach_nested(film.pk, model, name, found, "film_id")
    return found


def _kind_queryset(model, film_id):
    kind = KINDS[model]
    related = kind.related
    if any(f.name == "disagreement" for f in model._meta.fields):
        related = ("disagreement__film", *related)  # pages link every disputed fact
    queryset = model.objects.filter(film_id=film_id).select_related(*related)
    return queryset.order_by(*_within_one_film(model._meta.ordering))


def _within_one_film(ordering):
    """A fact model's ordering for one film's rows: "film" would join the film table
    and sort by its name, the same for every row, so it becomes the plain column."""
    return ["film_id" if item == "film" else item for item in ordering]


def _quotations(film, rows):
    """One query for the quotations of every fetched row that carries them."""
    carriers = {KINDS[model].quoted_by: found for model, found in rows.items()}
    carriers.pop("", None)
    key = tuple(sorted(carriers))
    query = compiled(("film quotations", key), partial(_quotations_queryset, key))
    found = query.all(film.pk)
    film_field = Quotation._meta.get_field("film")
    for name, parents in carriers.items():
        by_parent = {parent.pk: [] for parent in parents}
        for quotation in found:
            parent_id = getattr(quotation, f"{name}_id")
            if parent_id in by_parent:
                by_parent[parent_id].append(quotation)
        for parent in parents:
            set_prefetched(parent, "quotations", by_parent[parent.pk])
    for quotation in found:
        film_field.set_cached_value(quotation, film)
    return found


def _quotations_queryset(carriers, film_id):
    belongs = Q()
    for name in carriers:
        belongs |= Q(**{f"{name}__isnull": False})
    return (
        Quotation.objects.filter(belongs, film_id=film_id)
        .select_related("speaker_person", "speaker_organization")
        .order_by("order", "id")
    )


def attach_film_citations(film_id, models, row_lists):
    """Attach every row's citations in one query (compiled once per set of kinds);
    ``models``: the kinds the page fetched."""
    if not models:
        return
    found, db = _citation_query(tuple(models), film_id)
    attach_rows([row for rows in row_lists for row in rows], models, found, db)


def cited_sources(film_id, models):
    """Every citation of the film's facts of ``models``, as (source, note), in one query:
    by kind in the order of ``models``, then fact by fact in the order they were recorded."""
    found, db = _citation_query(tuple(models), film_id)
    found.sort(key=lambda values: (values[0], values[2], values[5], values[1]))
    sources = source_reader(db)
    return [(sources(values), values[4]) for values in found]


def _citation_query(models, film_id):
    """(rows of CITATION_COLUMNS for every citation of the film's facts of ``models``, db):
    a UNION of a dozen 40-column selects, compiled once per set of kinds."""
    query = compiled(
        ("film citations", models),
        lambda placeholder: citation_union(models, lambda _model: {"fact__film_id": placeholder}),
    )
    return query.all(film_id), router.db_for_read(Source)
