"""Facets and sorting for the nomination list."""

import django_filters
from django.db.models import CharField, Value
from django.db.models.functions import Concat

from awards.models import Category, Ceremony, Nomination
from filmkb.widgets import FastSelect


class NominationFilter(django_filters.FilterSet):
    result = django_filters.ChoiceFilter(
        empty_label="Any", choices=Nomination.Result.choices, label="Result"
    )
    ceremony = django_filters.ModelChoiceFilter(
        empty_label="Any",
        queryset=Ceremony.objects.all(),
        to_field_name="slug",
        widget=FastSelect(label_field="name"),
        label="Ceremony",
    )
    # Categories of different bodies share names ("Best Original Screenplay"): the
    # option names the body too.
    category = django_filters.ModelChoiceFilter(
        empty_label="Any",
        queryset=Category.objects.annotate(
            label=Concat("name", Value(" ("), "body__name", Value(")"), output_field=CharField())
        ).order_by("body__name", "name"),
        to_field_name="slug",
        widget=FastSelect(label_field="label"),
        label="Category",
    )
    sort = django_filters.OrderingFilter(
        empty_label="Default order",
        fields=(
            ("ceremony__name", "ceremony"),
            ("category__name", "category"),
            ("result", "result"),
        ),
        field_labels={
            "ceremony__name": "Ceremony",
            "category__name": "Category",
            "result": "Result",
        },
        label="Sort by",
    )

    class Meta:
        model = Nomination
        fields = []
