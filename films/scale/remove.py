"""Removing the synthetic archive in dependency order and in batches, and counting it."""

from __future__ import annotations

from django.db import connection, transaction

from awards.models import (
    Category,
    Ceremony,
    Nomination,
    NominationCitation,
    Nominee,
)
from filmkb.versioning import bump_version
from films.fixture_layout import SYNTHETIC_PREFIX
from films.models import (
    AggregateScore,
    AggregateScoreCitation,
    BoxOfficeFigure,
    BoxOfficeFigureCitation,
    Character,
    Credit,
    CreditCitation,
    Film,
    Genre,
    ProductionEvent,
    ProductionEventCitation,
    Release,
    ReleaseCitation,
    Review,
    ReviewCitation,
    ReviewQuote,
    Source,
    TopTenEntry,
    TopTenEntryCitation,
    TopTenList,
)
from films.scale.common import quiet_progress
from people.models import Organization, Person

# Facts and their citation tables, children before parents.
_FILM_CHILDREN = (
    (CreditCitation, "fact__film"),
    (ReleaseCitation, "fact__film"),
    (BoxOfficeFigureCitation, "fact__film"),
    (AggregateScoreCitation, "fact__film"),
    (ReviewCitation, "fact__film"),
    (TopTenEntryCitation, "fact__film"),
    (NominationCitation, "fact__film"),
    (ProductionEventCitation, "fact__film"),
    (ReviewQuote, "review__film"),
    (Nominee, "nomination__film"),
    (Credit, "film"),
    (Character, "film"),
    (BoxOfficeFigure, "film"),
    (Release, "film"),
    (AggregateScore, "film"),
    (Review, "film"),
    (TopTenEntry, "film"),
    (Nomination, "film"),
    (ProductionEvent, "film"),
    (Film.genres.through, "film"),
)
_ENTITIES = (
    (Source, "key"),
    (TopTenList, "slug"),
    (Ceremony, "slug"),
    (Category, "slug"),
    (Genre, "slug"),
    (Person, "slug"),
    (Organization, "slug"),
)


def _delete(queryset):
    """DELETE the rows of a queryset in one statement, without loading them.

    Model.delete() would fetch every row to send signals and cascade; the
    removal order above already deletes children first.
    """
    model = queryset.model
    ids_sql, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({ids_sql})", params)  # noqa: S608
        return cursor.rowcount


def remove(*, batch_size=200, progress=quiet_progress):
    """Delete every synthetic row, films in batches; return rows deleted per model."""
    deleted = {}
    films = Film.objects.filter(slug__startswith=SYNTHETIC_PREFIX)
    total = films.count()
    done = 0
    while True:
        batch = list(films.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        with transaction.atomic():
            for model, path in _FILM_CHILDREN:
                label = model._meta.label
                deleted[label] = deleted.get(label, 0) + _delete(
                    model.objects.filter(**{f"{path}__in": batch})
                )
            deleted[Film._meta.label] = deleted.get(Film._meta.label, 0) + _delete(
                Film.objects.filter(pk__in=batch)
            )
        done += len(batch)
        progress("removing films", done, total)
    with transaction.atomic():
        for model, field in _ENTITIES:
            deleted[model._meta.label] = _delete(
                model.objects.filter(**{f"{field}__startswith": SYNTHETIC_PREFIX})
            )
    bump_version()
    return deleted


def synthetic_counts():
    """Rows of synthetic data per kind (for the command's report and the tests)."""
    films = Film.objects.filter(slug__startswith=SYNTHETIC_PREFIX)
    return {
        "films": films.count(),
        "people": Person.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count(),
        "organizations": Organization.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count(),
        "sources": Source.objects.filter(key__startswith=SYNTHETIC_PREFIX).count(),
        "credits": Credit.objects.filter(film__in=films).count(),
        "citations": sum(
            model.objects.filter(fact__film__in=films).count()
            for model, path in _FILM_CHILDREN
            if path == "fact__film"
        ),
        "releases": Release.objects.filter(film__in=films).count(),
        "box_office": BoxOfficeFigure.objects.filter(film__in=films).count(),
        "aggregate_scores": AggregateScore.objects.filter(film__in=films).count(),
        "reviews": Review.objects.filter(film__in=films).count(),
        "quotes": ReviewQuote.objects.filter(review__film__in=films).count(),
        "top_ten_entries": TopTenEntry.objects.filter(film__in=films).count(),
        "nominations": Nomination.objects.filter(film__in=films).count(),
        "nominees": Nominee.objects.filter(nomination__film__in=films).count(),
        "characters": Character.objects.filter(film__in=films).count(),
        "production_events": ProductionEvent.objects.filter(film__in=films).count(),
    }
