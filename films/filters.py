"""Facets and sorting for the film, source and review lists."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from filmkb.widgets import FastSelect
from films.models import Film, Genre, Language, Review, Source, Territory
from people.models import Organization


class YearFilter(django_filters.NumberFilter):
    """A whole year from 1 to 9999; anything else is a form error, never a crash."""

    MAX_YEAR = 9999
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", self.MAX_YEAR)
        super().__init__(*args, **kwargs)


class FilmFilter(django_filters.FilterSet):
    genre = django_filters.ModelChoiceFilter(
        empty_label="Any",
        field_name="genres",
        queryset=Genre.objects.all(),
        to_field_name="slug",
        label="Genre",
    )
    country = django_filters.ModelChoiceFilter(
        empty_label="Any",
        field_name="countries",
        queryset=Territory.objects.all(),
        to_field_name="slug",
        label="Country",
    )
    language = django_filters.ModelChoiceFilter(
        empty_label="Any",
        field_name="languages",
        queryset=Language.objects.all(),
        to_field_name="slug",
        label="Language",
    )
    year = YearFilter(field_name="year", label="Year")
    sort = django_filters.OrderingFilter(
        empty_label="Default order",
        fields=(("name", "name"), ("year", "year")),
        field_labels={"name": "Title", "year": "Year"},
        label="Sort by",
    )

    # No DISTINCT: each facet matches one genre, country or language, and a film has
    # each at most once, so the joins cannot repeat a film. DISTINCT would sort the
    # whole table on every page instead of reading it in index order.

    class Meta:
        model = Film
        fields = []


class SourceFilter(django_filters.FilterSet):
    publication = django_filters.ModelChoiceFilter(
        empty_label="Any",
        # EXISTS, not a join + DISTINCT over every source (200,000 at scale).
        queryset=Organization.objects.filter(
            Exists(Source.objects.filter(publication=OuterRef("pk")))
        ),
        widget=FastSelect(label_field="name"),
        to_field_name="slug",
        label="Publication",
    )
    year = YearFilter(method="filter_year", label="Year published")
    q = django_filters.CharFilter(method="filter_text", label="Title contains")
    sort = django_filters.OrderingFilter(
        empty_label="Default order",
        fields=(("title", "title"), ("published", "published")),
        field_labels={"title": "Title", "published": "Date published"},
        label="Sort by",
    )

    class Meta:
        model = Source
        fields = []

    def filter_year(self, queryset, name, value):
        # Every canonical partial date of the year ("2013", "2013-12-18", "2013~mid")
        # sorts from "2013" to before "2014": a range the published index serves.
        year = int(value)
        if year == YearFilter.MAX_YEAR:  # no "10000" to end the range with
            return queryset.filter(published__startswith=f"{year:04d}")
        return queryset.filter(published__gte=f"{year:04d}", published__lt=f"{year + 1:04d}")

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(key__icontains=value))


class ReviewFilter(django_filters.FilterSet):
    sentiment = django_filters.ChoiceFilter(
        empty_label="Any", choices=Review.Sentiment.choices, label="Sentiment"
    )
    publication = django_filters.ModelChoiceFilter(
        empty_label="Any",
        queryset=Organization.objects.filter(
            Exists(Review.objects.filter(publication=OuterRef("pk")))
        ),
        widget=FastSelect(label_field="name"),
        to_field_name="slug",
        label="Publication",
    )
    sort = django_filters.OrderingFilter(
        empty_label="Default order",
        fields=(("published", "published"), ("critic__sort_name", "critic")),
        field_labels={"published": "Date published", "critic__sort_name": "Critic"},
        label="Sort by",
    )

    class Meta:
        model = Review
        fields = []


class NameFilter(django_filters.FilterSet):
    """The index pages of the lookup entities (genres, places, themes, works, music, lists):
    a name search over a model's rows in name order."""

    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")


def name_filterset(model):
    """A NameFilter for one Entity model."""
    meta = type("Meta", (), {"model": model, "fields": ["name"]})
    return type(f"{model.__name__}NameFilter", (NameFilter,), {"Meta": meta})
